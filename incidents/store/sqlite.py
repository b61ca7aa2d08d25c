"""The embedded default store: one SQLite file in WAL mode.

Ingesting (ingesting.py) and reviewing (reviewing.py) are the steps both stores share; here
is what is SQLite's own: the connection (read-only where the file cannot be written), its
transactions, its dialect (``?`` placeholders, lists as JSON for ``json_each``, dates as
YYYY-MM-DD text), and reading reports back. A write bumps the store's write counter, which
the in-memory copy of the incidents follows (reading.py, queries, counts, sources).
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from errors import StoreError
from incidents.model import Article, Incident
from incidents.store import merge as merging
from incidents.store.backend import Dialect
from incidents.store.base import Extractor
from incidents.store.cache import FrameCache
from incidents.store.ingesting import Ingesting
from incidents.store.query import placeholders
from incidents.store.reading import Reading
from incidents.store.reviewing import Reviewing
from incidents.store.rows import (
    ACTORS_AT,
    DATES_AT,
    INCIDENT_COLUMNS,
    INCIDENT_DATES_AT,
    REPORT_FIELDS,
)
from incidents.store.schema import check_version, migrate

SQLITE = Dialect(
    placeholder="?",
    member="{column} IN (SELECT value FROM json_each(?))",
    ids=lambda values: json.dumps(list(values)),
    day=date.isoformat,
    json=json.loads,
    upsert_review="INSERT OR REPLACE INTO reviews (report_key, state, edits, at, reviewer) "
                  "VALUES (?,?,?,?,?)",
)


def writable(path: Path) -> bool:
    """Whether this process can write the store: the file (if it exists) and its folder
    (SQLite keeps its write-ahead log beside the file)."""
    if not path.exists():
        return True  # created (with its folder) on first use; an error there says why
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection. Reading a WAL database needs its shared-memory file; where
    that cannot be created (a read-only folder), the file is opened as immutable."""
    uri = path.resolve().as_uri()
    for mode in ("?mode=ro", "?mode=ro&immutable=1"):
        db = sqlite3.connect(uri + mode, uri=True, isolation_level=None, timeout=timeout,
                             check_same_thread=False)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if mode.endswith("immutable=1"):
                raise
    raise AssertionError("unreachable")


class SQLiteStore(Ingesting, Reviewing, Reading):
    """See incidents.store.base.Store."""

    dialect = SQLITE

    def __init__(self, path: str | Path, extractor: Extractor | None = None,
                 gazetteer: Any = None, timeout: float = 30.0,
                 read_only: bool | None = None) -> None:
        self.path = Path(path)
        # a store file (or its folder) this process cannot write is opened read-only
        self.read_only = not writable(self.path) if read_only is None else read_only
        self.timeout = timeout  # seconds a write waits for another program's write lock
        self._extractor = extractor
        self._gaz = gazetteer
        self._gaz_loaded = gazetteer is not None
        self._lock = threading.RLock()
        self._cache = FrameCache()
        self._stale_ids: set[str] = set()  # incidents this connection rewrote since the load
        self._cache_counter: int | None = None
        try:
            if self.read_only:
                self._db = connect_read_only(self.path, timeout)
                check_version(self._db, self.path)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout,
                                           check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # 64 MB of page cache (default 2 MB): a big store's index pages stay in memory
            self._db.execute("PRAGMA cache_size=-65536")
            if not self.read_only:
                migrate(self._db, self.path)
            self._fts = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                         "AND name = 'incidents_fts'").fetchone() is not None
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the incident store: {exc}") from exc

    # -- plumbing --------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[tuple[sqlite3.Connection, int]]:
        """One write transaction (BEGIN IMMEDIATE: the file's write lock) and the write
        counter it set."""
        with self._lock:
            if self.read_only:
                raise StoreError(f"{self.path}: the store is read-only (this program cannot "
                                 f"write the file or its folder): reads and exports work, "
                                 f"nothing can be saved")
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StoreError(
                        f"{self.path}: the store is busy: another program (an ingest or "
                        f"import) held the write lock for {self.timeout:g} s; nothing was "
                        f"saved, try again in a moment") from exc
                raise StoreError(f"{self.path}: cannot write: {exc}") from exc
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot write: {exc}") from exc
            try:
                [(counter,)] = self._db.execute("UPDATE meta SET value = value + 1 WHERE key = "
                                                "'generation' RETURNING value").fetchall()
                yield self._db, counter
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                raise StoreError(f"{self.path}: write failed, nothing changed: {exc}") from exc
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot commit: {exc}") from exc
            self._written(counter)

    # -- the steps of ingesting and reviewing that are SQLite's own -----------------------
    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    def _rewrote(self, ids: set[str]) -> None:
        self._stale_ids |= ids

    def _stored_articles(self) -> list[Article]:
        with self._lock:
            # a source equal to the name: stored before sources were kept, or uploaded
            return [Article(name, date.fromisoformat(day), text, id_,
                            source=source if source != name else "")
                    for id_, name, day, text, source in self._db.execute(
                        "SELECT id, name, date, text, source FROM articles WHERE imported = 0 "
                        "ORDER BY rowid")]

    def _first_seq(self, db: sqlite3.Connection) -> int:
        return 1 + max(db.execute(
            "SELECT coalesce(max(seq), 0) FROM reports UNION ALL "
            "SELECT seq FROM sqlite_sequence WHERE name = 'reports'").fetchall())[0]

    def _insert(self, db: sqlite3.Connection, table: str, columns: Sequence[str],
                rows: list) -> None:
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                       f"VALUES ({placeholders(columns)})", rows)

    def _new_rowids(self, db: sqlite3.Connection, n: int) -> Iterable[int]:
        first = 1 + db.execute("SELECT coalesce(max(rowid), 0) FROM incidents").fetchone()[0]
        return range(first, first + n)

    incident_table_columns = ("rowid", *INCIDENT_COLUMNS)

    def _incident_values(self, rowid: int, row: list, gen: int) -> tuple:
        for at in INCIDENT_DATES_AT:  # SQLite keeps dates as YYYY-MM-DD text
            row[at] = row[at].isoformat()
        return (rowid, *row)

    def _sources(self, db: sqlite3.Connection, where: str, params: Sequence) -> list:
        """Stored reports as merge Sources. Dates and actor lists repeat a lot: each text is
        parsed once per call."""
        days: dict[str, date] = {}
        actor_lists: dict[str, tuple[str, ...]] = {}
        out = []
        for key, seq, verified, *v in self._execute(
                db, f"SELECT key, seq, verified, extract_id, {', '.join(REPORT_FIELDS)} "
                    f"FROM reports WHERE {where}", params):
            for at in DATES_AT:
                text = v[at]
                v[at] = days.get(text) or days.setdefault(text, date.fromisoformat(text))
            text = v[ACTORS_AT + 1]
            if text not in actor_lists:
                actor_lists[text] = tuple(json.loads(text))
            v[ACTORS_AT + 1] = actor_lists[text]
            out.append(merging.Source(key, seq, Incident(*v), bool(verified)))
        return out
