"""The SQLite store's reading side: queries, counts, sources, options.

Queries select rowids in SQL (query.py holds the one filter definition) and take the rows
from an in-memory copy of the incidents (cache.py), loaded from a columnar snapshot when it
is of the current generation (snapshot.py), else from SQLite. Before that copy is loaded, a
query that selects few incidents reads just those rows.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from incidents.filters import Filters
from incidents.store import snapshot
from incidents.store.base import SOURCE_COLUMNS, UNPLACED_COLUMNS
from incidents.store.cache import (
    FRAME_FORMAT,
    LOAD_COLUMNS,
    FrameCache,
    concat,
    plain,
    typed_frame,
)
from incidents.store.query import where_clause

# Before the in-memory copy is loaded, a query of at most this many incidents reads them
# straight from SQLite (~10 µs a row) instead of loading every incident.
DIRECT_ROWS = 20_000
LOAD_CHUNK = 100_000  # rows converted at a time by a full load
SELECT_ROWS = f"SELECT {', '.join(LOAD_COLUMNS)} FROM incidents"


class Reading:
    """Mixed into SQLiteStore, which sets these up."""

    path: Path
    _db: sqlite3.Connection
    _lock: threading.RLock
    _cache: FrameCache
    _stale_ids: set[str]  # incidents this connection rewrote since the load
    _fts: bool  # the database has the trigram index of the search text (incidents_fts)
    # the write counter the in-memory copy (with _stale_ids re-read) stands for; None: unknown
    _cache_counter: int | None

    def query(self, filters: Filters | None = None) -> pd.DataFrame:
        """The merged incidents that pass ``filters``: QUERY_COLUMNS (EVENT_COLUMNS and
        ``sources``), ordered by event date (ties in storage order).

        Before the in-memory copy is loaded, a filter that selects few incidents reads just
        those rows from SQLite (the app's first map, a CLI export of a month)."""
        with self._lock:
            where, params = self._where(filters)
            rowids = None
            if where:
                rowids = np.fromiter((r[0] for r in self._db.execute(
                    f"SELECT rowid FROM incidents{where}", params)), dtype=np.int64)
                if len(rowids) <= DIRECT_ROWS and not self._cache_current():
                    rows = self._load(" WHERE rowid IN (SELECT value FROM json_each(?)) "
                                      "ORDER BY event_date, rowid", (json.dumps(rowids.tolist()),))
                    return plain(rows.drop(columns="rowid"))
            self._refresh_cache()
            return self._cache.take(rowids)

    def _load(self, where: str = "", params: Sequence = ()) -> pd.DataFrame:
        rows = self._db.execute(SELECT_ROWS + where, params).fetchall()
        return typed_frame(rows, LOAD_COLUMNS)

    def _data_version(self) -> int:
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def _cache_current(self) -> bool:
        """The in-memory copy holds every incident as this connection last saw them (it
        may still have incidents of this connection's own writes to re-read)."""
        return self._cache.frame is not None and self._cache.version == self._data_version()

    def _refresh_cache(self) -> None:
        """Bring the in-memory copy up to date: all of it if another connection wrote."""
        if not self._cache_current():
            self._stale_ids.clear()
            self._full_load()
        elif self._stale_ids:
            ids = sorted(self._stale_ids)
            self._stale_ids.clear()
            self._cache.patch(set(ids), self._load(
                " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)))

    def _generation(self) -> tuple[int, str]:
        """The write counter and the snapshot key of the current generation (call inside a
        transaction, so both agree with the rows read in it)."""
        counter, store_id = (v for (v,) in self._db.execute(
            "SELECT value FROM meta WHERE key IN ('generation', 'store_id') ORDER BY key"))
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        return counter, "/".join(map(str, (counter, store_id, version, FRAME_FORMAT)))

    def _full_load(self) -> None:
        """Every incident, from the snapshot file when it is of the current generation,
        else from SQLite (then saved as the snapshot for the next process)."""
        version = self._data_version()
        self._db.execute("BEGIN")  # one read transaction: the generation and rows agree
        try:
            self._cache_counter, generation = self._generation()
            path = snapshot.path_for(self.path)
            frame = snapshot.read(path, generation)
            if frame is not None:
                self._cache.install(frame, version, ordered=True)
                return
            cursor = self._db.execute(SELECT_ROWS)
            # in chunks: a million rows as Python tuples at once would take gigabytes
            chunks = iter(lambda: cursor.fetchmany(LOAD_CHUNK), [])
            self._cache.install(concat([typed_frame(rows, LOAD_COLUMNS) for rows in chunks]
                                       or [typed_frame([], LOAD_COLUMNS)]), version)
        finally:
            self._db.execute("COMMIT")
        snapshot.write(self._cache.frame, generation, path)

    def _written(self, counter: int) -> None:
        """This connection committed the write that set the counter to ``counter``. If the
        loaded copy stood for the generation before it, it now stands for this one (once
        its rewritten incidents are re-read): save it as the snapshot, so the next process
        to open the store (an app restart after a review) need not load from SQLite."""
        if self._cache.frame is None or self._cache_counter != counter - 1:
            self._cache_counter = None  # another connection wrote in between, or no copy
            return
        self._cache_counter = counter
        try:
            self._db.execute("BEGIN")  # the re-read rows are those of this generation
            try:
                now, generation = self._generation()
                # another connection wrote since: the copy is older than this generation
                if now != counter or not self._cache_current():
                    self._cache_counter = None
                    return
                self._refresh_cache()
            finally:
                self._db.execute("COMMIT")
            snapshot.write(self._cache.frame, generation, snapshot.path_for(self.path))
        except Exception:  # a derived file: the write itself is committed, never fail it
            self._cache_counter = None

    def _where(self, filters: Filters | None) -> tuple[str, list]:
        """where_clause for this store: the default hiding of rejected incidents is left
        out while the store holds none (an indexed look-up), so the plain map takes every
        row of the in-memory copy without selecting rowids."""
        rejected = self._db.execute(
            "SELECT 1 FROM incidents WHERE review = 'rejected' LIMIT 1").fetchone() is not None
        return where_clause(filters, self._fts, rejected)

    def count(self, filters: Filters | None = None) -> int:
        """How many incidents pass ``filters`` (the rows query() would give)."""
        with self._lock:
            where, params = self._where(filters)
            return self._db.execute(f"SELECT count(*) FROM incidents{where}", params).fetchone()[0]

    def sources(self, ids: Sequence[str]) -> pd.DataFrame:
        """Every source report of the given incidents, in the order each incident lists them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT s.incident_id, r.article, r.article_date, r.evidence, r.evidence_start, "
                "r.evidence_end, r.rule FROM incident_sources s JOIN reports r ON "
                "r.seq = s.report_seq WHERE s.incident_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY s.incident_id, s.position", (json.dumps(list(ids)),)).fetchall()
        return sources_frame(rows)

    def unplaced(self) -> pd.DataFrame:
        """Unresolved place names, most frequent first: text, count, articles, example."""
        with self._lock:
            rows = self._db.execute(
                "SELECT u.text, a.name, u.sentence, u.reason FROM unplaced u JOIN articles a "
                "ON a.id = u.article_id ORDER BY a.name, u.start").fetchall()
        return unplaced_frame(rows)

    def options(self) -> dict[str, Any]:
        """Distinct values for filter widgets, and the date range of the store."""
        def distinct(sql: str) -> list:
            return [r[0] for r in self._db.execute(sql) if r[0] not in (None, "")]
        with self._lock:
            lo, hi = self._db.execute(
                "SELECT min(event_date), max(event_date) FROM incidents").fetchone()
            return {
                "departments": distinct("SELECT DISTINCT department FROM incidents ORDER BY 1"),
                "communes": distinct("SELECT DISTINCT commune FROM incidents ORDER BY 1"),
                "actors": distinct("SELECT DISTINCT actor FROM incident_actors ORDER BY 1"),
                "event_types": distinct("SELECT DISTINCT event_type FROM incidents ORDER BY 1"),
                "min_date": date.fromisoformat(lo) if lo else None,
                "max_date": date.fromisoformat(hi) if hi else None,
            }

    def articles(self) -> pd.DataFrame:
        """The stored articles: id, name, date, n_reports."""
        with self._lock:
            rows = self._db.execute(
                "SELECT a.id, a.name, a.date, count(r.seq) FROM articles a LEFT JOIN reports r "
                "ON r.article_id = a.id GROUP BY a.id ORDER BY a.name").fetchall()
        return pd.DataFrame(rows, columns=["id", "name", "date", "n_reports"])


# -- shared with the PostgreSQL store (pg_reading.py) -------------------------------------
def sources_frame(rows: list[tuple]) -> pd.DataFrame:
    """SOURCE_COLUMNS rows (article_date as YYYY-MM-DD) as the sources() frame."""
    out = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    out["article_date"] = pd.to_datetime(out["article_date"], format="%Y-%m-%d")
    return out


def unplaced_frame(rows: list[tuple]) -> pd.DataFrame:
    """(text, article name, sentence, reason) rows in article order, grouped by the text
    (case and spacing aside): UNPLACED_COLUMNS, most frequent first."""
    groups: dict[str, list] = {}
    for text, name, sentence, reason in rows:
        groups.setdefault(" ".join(text.casefold().split()), []).append(
            (text, name, sentence, reason))
    out = [(g[0][0], len(g), "; ".join(dict.fromkeys(x[1] for x in g)), g[0][2], g[0][3])
           for g in groups.values()]
    out.sort(key=lambda r: (-r[1], r[0].casefold()))
    return pd.DataFrame(out, columns=list(UNPLACED_COLUMNS))
