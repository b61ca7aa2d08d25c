"""The SQLite store's reviewing side: review (with the version check and the history of
changes), version, history. Mixed into SQLiteStore, which provides the transactions
(``_tx``), the reading of reports (``_sources``, ``_reviews``) and the writing of incidents
(``_write``); the rules are the pure functions of review.py.
"""
from __future__ import annotations

import sqlite3
import time
from typing import Any

import pandas as pd

from incidents.model import FIGURE_KEYS
from incidents.store import merge as merging
from incidents.store.base import HISTORY_COLUMNS, ReviewConflict, UnknownIncident
from incidents.store.review import (
    ReviewRecord,
    changes,
    check_state,
    conflict_message,
    effective,
    shown,
    updated_edits,
)

SHOWN_COLUMNS = ("review", "event_type", "event_date", "date_precision", "place", "place_id",
                 "place_name", *FIGURE_KEYS, "note")  # what review.shown() reads


class Reviewing:
    """Mixed into SQLiteStore (see the module docstring)."""

    _tx: Any
    _sources: Any
    _reviews: Any
    _write: Any
    _contains: Any
    _lock: Any
    _db: sqlite3.Connection
    _stale_ids: set[str]
    path: Any
    gazetteer: Any

    def review(self, incident_id: str, state: str | None = None, *,
               expected_version: int | None = None, reviewer: str = "",
               **edits: Any) -> None:
        """Set the review state and/or edit fields of one incident (see store.review); only
        the fields given change. ``expected_version``: the version the reviewer's form was
        opened at; if the incident was rewritten since, ReviewConflict says by whom and
        nothing is saved. Each changed field is recorded in history() with ``reviewer``."""
        check_state(state)
        with self._tx() as db:
            row = db.execute("SELECT block, rowid, version FROM incidents WHERE id = ?",
                             (incident_id,)).fetchone()
            if row is None:
                raise UnknownIncident(f"{self.path}: no incident {incident_id!r}")
            block, rowid, version = row
            if expected_version is not None and expected_version != version:
                later = db.execute("SELECT field, reviewer, at FROM incident_history WHERE "
                                   "incident_id = ? AND version > ? ORDER BY seq",
                                   (incident_id, expected_version)).fetchall()
                raise ReviewConflict(conflict_message(incident_id, expected_version, version,
                                                      later))
            before = self._shown(db, incident_id)
            sources = self._sources(db, "seq IN (SELECT report_seq FROM incident_sources "
                                        "WHERE incident_id = ?)", (incident_id,))
            keys = [s.key for s in sources]
            current = effective(self._reviews(db, keys).values(),
                                verified=any(s.verified for s in sources))
            lookup = self._lookup_place if "place_id" in edits else None
            new = ReviewRecord(state or current.state,
                               updated_edits(current.edits, edits, lookup), time.time(),
                               reviewer)
            db.executemany("INSERT OR REPLACE INTO reviews (report_key, state, edits, at, "
                           "reviewer) VALUES (?,?,?,?,?)",
                           [(k, new.state, new.dumps(), new.at, reviewer) for k in keys])
            # a review changes no grouping: rewrite this incident only, same sources
            db.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
            self._write(db, block, [merging.merge_group(sources, self._contains())],
                        {k: new for k in keys}, rowid=rowid,  # same rowid: same place in order
                        versions={incident_id: version})
            db.executemany(
                "INSERT INTO incident_history (incident_id, version, at, reviewer, field, old, "
                "new) VALUES (?,?,?,?,?,?,?)",
                [(incident_id, version + 1, new.at, reviewer, *change)
                 for change in changes(before, self._shown(db, incident_id))])
            self._stale_ids.add(incident_id)

    def _shown(self, db: sqlite3.Connection, incident_id: str) -> dict[str, str]:
        cur = db.execute(f"SELECT {', '.join(SHOWN_COLUMNS)} FROM incidents WHERE id = ?",
                         (incident_id,))
        return shown(dict(zip(SHOWN_COLUMNS, cur.fetchone(), strict=True)))

    def version(self, incident_id: str) -> int:
        """The incident's current version: pass it back as review(expected_version=…)."""
        with self._lock:
            row = self._db.execute("SELECT version FROM incidents WHERE id = ?",
                                   (incident_id,)).fetchone()
        if row is None:
            raise UnknownIncident(f"{self.path}: no incident {incident_id!r}")
        return row[0]

    def history(self, incident_id: str) -> pd.DataFrame:
        """What reviews changed on this incident, oldest first: HISTORY_COLUMNS."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(HISTORY_COLUMNS)} FROM incident_history WHERE "
                "incident_id = ? ORDER BY seq", (incident_id,)).fetchall()
        out = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
        out["at"] = pd.to_datetime(out["at"].astype(float), unit="s", utc=True)
        return out

    def _lookup_place(self, place_id: str):
        gaz = self.gazetteer()
        if gaz is None:
            raise ValueError("place_id: no gazetteer available to look the place up")
        return gaz.get(place_id)
