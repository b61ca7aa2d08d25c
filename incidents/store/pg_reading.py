"""The PostgreSQL store's reading side: queries, counts, sources, options.

As in the SQLite store (reading.py), a query selects row ids in SQL (the one filter
definition of query.py, answered through the store's indexes) and takes the rows from an
in-memory copy of the incidents (cache.py); a query of few incidents before that copy is
loaded reads just those rows. Every read runs in one REPEATABLE READ snapshot, so the ids
and the copy agree. The copy catches up with any writer, on this machine or another, by
reading only the incidents written since its generation and the ids deleted since
(``incidents.gen``, ``incident_deletions``); it reloads whole only when it is older than the
pruned deletion log. A whole load is saved as a columnar snapshot in this machine's cache
folder (snapshot.py; ``$HAITI_MAP_CACHE``, default ``~/.cache/haiti-map``), so the next
process (an app start, a CLI export) starts from it and catches up, instead of reading every
row from the server.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import psycopg
from psycopg_pool import ConnectionPool

from errors import StoreError
from incidents.filters import Filters
from incidents.store import snapshot
from incidents.store.cache import (
    FRAME_FORMAT,
    LOAD_COLUMNS,
    FrameCache,
    concat,
    plain,
    typed_frame,
)
from incidents.store.query import where_clause
from incidents.store.reading import DIRECT_ROWS, LOAD_CHUNK, sources_frame, unplaced_frame

# Columns the frame builder wants as text: dates as YYYY-MM-DD, the sources list as JSON.
AS_TEXT = ("event_date", "article_date", "sources")
SELECT_ROWS = "SELECT " + ", ".join(f"{c}::text" if c in AS_TEXT else c
                                    for c in LOAD_COLUMNS) + " FROM incidents"
# Orders that do not depend on the server's locale: byte order, as SQLite sorts.
C = 'COLLATE "C"'
CACHE_ENV = "HAITI_MAP_CACHE"


def cache_dir() -> Path:
    """Where this machine keeps snapshots of team stores: $HAITI_MAP_CACHE or
    ~/.cache/haiti-map."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "haiti-map")


def pg_where(conn: psycopg.Connection, filters: Filters | None) -> tuple[str, list]:
    """query.where_clause in psycopg's placeholder style (the trigram index of
    ``incidents.search`` answers its LIKE conditions). As in the SQLite store, the default
    hiding of rejected incidents is left out while the store holds none, so the plain map
    takes every row of the in-memory copy without selecting ids."""
    rejected = conn.execute(
        "SELECT 1 FROM incidents WHERE review = 'rejected' LIMIT 1").fetchone() is not None
    where, params = where_clause(filters, rejected=rejected)
    return where.replace("?", "%s"), params


class PgReading:
    """Mixed into PostgresStore, which sets these up."""

    path: str
    _pool: ConnectionPool
    _lock: threading.RLock
    _cache: FrameCache  # its version is the generation it holds

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A connection of the pool; a database error becomes a StoreError naming the
        store (a server gone away is a message, not a traceback)."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.Error as exc:  # the pool's errors too
            raise StoreError(f"{self.path}: cannot read the incident store: {exc}") from exc

    @contextmanager
    def _snapshot(self) -> Iterator[psycopg.Connection]:
        """A read-only transaction: every statement in it sees the same committed data."""
        with self._connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @staticmethod
    def _meta(conn: psycopg.Connection, key: str) -> int:
        return conn.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()[0]

    def query(self, filters: Filters | None = None) -> pd.DataFrame:
        """The merged incidents that pass ``filters``: QUERY_COLUMNS, ordered by event date
        (ties in storage order), as SQLiteStore.query."""
        with self._snapshot() as conn:
            where, params = pg_where(conn, filters)
            gen = self._meta(conn, "generation")
            rowids = None
            if where:
                rowids = np.fromiter((r[0] for r in conn.execute(
                    f"SELECT rowid FROM incidents{where}", params)), dtype=np.int64)
            with self._lock:
                held = self._cache.version if self._cache.frame is not None else None
            # a few rows before the copy is loaded; or the copy is newer than this snapshot
            # (another thread caught it up meanwhile): the rows of this snapshot, read
            if (held != gen and rowids is not None and len(rowids) <= DIRECT_ROWS) or \
                    (held is not None and held > gen):
                where = "" if rowids is None else " WHERE rowid = ANY(%s)"
                rows = conn.execute(f"{SELECT_ROWS}{where} ORDER BY event_date, rowid",
                                    [] if rowids is None else [rowids.tolist()])
                return plain(typed_frame(rows.fetchall(), LOAD_COLUMNS).drop(columns="rowid"))
            with self._lock:
                self._catch_up(conn, gen)
                return self._cache.take(rowids)

    def _catch_up(self, conn: psycopg.Connection, gen: int) -> None:
        """Bring the in-memory copy to generation ``gen`` (inside the read snapshot)."""
        cache = self._cache
        if cache.frame is not None and cache.version == gen:
            return
        oldest = self._meta(conn, "deletions_from")  # a copy older cannot catch up
        from_file = cache.frame is None and self._from_snapshot(conn, oldest, gen)
        if cache.frame is None or cache.version < oldest:
            self._full_load(conn, gen)
            return
        if cache.version == gen:
            return
        since = cache.version
        rows = typed_frame(conn.execute(f"{SELECT_ROWS} WHERE gen > %s",
                                        (since,)).fetchall(), LOAD_COLUMNS)
        ids = {r[0] for r in conn.execute("SELECT id FROM incident_deletions WHERE gen > %s",
                                          (since,))}
        cache.patch(ids | set(rows["id"]), rows)
        cache.version = gen
        if from_file:  # the next process starts from this generation, not the file's
            self._save_snapshot(conn, gen)

    def _full_load(self, conn: psycopg.Connection, gen: int) -> None:
        """Every incident from the server, then saved as this machine's snapshot."""
        with conn.cursor(name="load_incidents") as cursor:  # server side: in chunks
            cursor.execute(SELECT_ROWS)
            chunks = iter(lambda: cursor.fetchmany(LOAD_CHUNK), [])
            self._cache.install(concat([typed_frame(rows, LOAD_COLUMNS) for rows in chunks]
                                       or [typed_frame([], LOAD_COLUMNS)]), gen)
        self._save_snapshot(conn, gen)

    def _save_snapshot(self, conn: psycopg.Connection, gen: int) -> None:
        path, key = self._snapshot_path(conn)
        try:
            cache_dir().mkdir(parents=True, exist_ok=True)
        except OSError:  # a derived file: no cache folder, no snapshot
            return
        snapshot.write(self._cache.frame, f"{key}/{gen}", path)

    def _snapshot_path(self, conn: psycopg.Connection) -> tuple[Path, str]:
        """This database's snapshot file and the key its generations are written under:
        the server's system id, the database's oid (copies of one template differ) and the
        store's random id, with the schema and frame layout they hold."""
        ident = conn.execute(
            "SELECT (SELECT system_identifier FROM pg_control_system()), d.oid, m.value, "
            "(SELECT version FROM schema_version) FROM pg_database d, meta m WHERE "
            "d.datname = current_database() AND m.key = 'store_id'").fetchone()
        key = "/".join(map(str, ("pg", *ident, FRAME_FORMAT)))
        name = hashlib.sha256(key.encode()).hexdigest()[:20]
        return cache_dir() / f"pg-{name}.frame.arrow", key

    def _from_snapshot(self, conn: psycopg.Connection, oldest: int, gen: int) -> bool:
        """Install this machine's snapshot of the store if it can catch up to ``gen``."""
        path, key = self._snapshot_path(conn)
        found = snapshot.stamp(path) or ""
        held, _, number = found.rpartition("/")
        if held != key or not number.isdigit() or not oldest <= int(number) <= gen:
            return False
        frame = snapshot.read(path, found)
        if frame is not None:
            self._cache.install(frame, int(number), ordered=True)
        return frame is not None

    def count(self, filters: Filters | None = None) -> int:
        """How many incidents pass ``filters`` (the rows query() would give)."""
        with self._snapshot() as conn:
            where, params = pg_where(conn, filters)
            return conn.execute(f"SELECT count(*) FROM incidents{where}", params).fetchone()[0]

    def sources(self, ids: Sequence[str]) -> pd.DataFrame:
        """Every source report of the given incidents, in the order each incident lists them."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT s.incident_id, r.article, r.article_date::text, r.evidence, "
                "r.evidence_start, r.evidence_end, r.rule FROM incident_sources s JOIN reports "
                f"r ON r.seq = s.report_seq WHERE s.incident_id = ANY(%s) "
                f"ORDER BY s.incident_id {C}, s.position", (list(ids),)).fetchall()
        return sources_frame(rows)

    def unplaced(self) -> pd.DataFrame:
        """Unresolved place names, most frequent first: text, count, articles, example."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT u.text, a.name, u.sentence, u.reason FROM unplaced u JOIN articles a "
                f"ON a.id = u.article_id ORDER BY a.name {C}, u.start").fetchall()
        return unplaced_frame(rows)

    def options(self) -> dict[str, Any]:
        """Distinct values for filter widgets, and the date range of the store."""
        with self._snapshot() as conn:
            def distinct(column: str, table: str = "incidents") -> list:
                return [r[0] for r in conn.execute(
                    f"SELECT DISTINCT {column} {C} FROM {table} ORDER BY 1")
                    if r[0] not in (None, "")]
            lo, hi = conn.execute(
                "SELECT min(event_date), max(event_date) FROM incidents").fetchone()
            return {
                "departments": distinct("department"),
                "communes": distinct("commune"),
                "actors": distinct("actor", "incident_actors"),
                "event_types": distinct("event_type"),
                "min_date": lo,
                "max_date": hi,
            }

    def articles(self) -> pd.DataFrame:
        """The stored articles: id, name, date, n_reports."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT a.id, a.name, a.date::text, count(r.seq) FROM articles a LEFT JOIN "
                f"reports r ON r.article_id = a.id GROUP BY a.id ORDER BY a.name {C}").fetchall()
        return pd.DataFrame(rows, columns=["id", "name", "date", "n_reports"])
