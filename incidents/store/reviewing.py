"""Reviewing, the same steps for both backends: review (with the version check and the
history of changes), version, history; reviews carried to the new incident when an
article's text changes, or listed by needs_look().

The rules are the pure functions of review.py; the SQL is written once, in the ``?`` style of
backend.Dialect. Mixed into SQLiteStore and PostgresStore, which provide the transactions,
the reading of reports (``_sources``) and the writing of incidents (``_write``).
"""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import pandas as pd

from incidents.model import FIGURE_KEYS, Incident
from incidents.store import merge as merging
from incidents.store.backend import Backend
from incidents.store.base import (
    HISTORY_COLUMNS,
    LOOK_COLUMNS,
    ReviewConflict,
    UnknownIncident,
)
from incidents.store.review_edits import (
    LostReview,
    ReviewRecord,
    changes,
    check_state,
    conflict_message,
    effective,
    look_line,
    match_lost,
    shown,
    updated_edits,
)

SHOWN_COLUMNS = ("review", "event_type", "event_date", "date_precision", "place", "place_id",
                 "place_name", *FIGURE_KEYS, "note")  # what review.shown() reads
ADD_HISTORY = ("INSERT INTO incident_history (incident_id, version, at, reviewer, field, old, "
               "new) VALUES (?, ?, ?, ?, ?, ?, ?)")


class Reviewing(Backend):
    """Mixed into both stores (see the module docstring)."""

    _write: Any  # ingesting.Ingesting's

    def review(self, incident_id: str, state: str | None = None, *,
               expected_version: int | None = None, reviewer: str = "",
               **edits: Any) -> None:
        """Set the review state and/or edit fields of one incident (see store.review); only
        the fields given change. ``expected_version``: the version the reviewer's form was
        opened at; if the incident was rewritten since, ReviewConflict says by whom and
        nothing is saved. Each changed field is recorded in history() with ``reviewer``."""
        check_state(state)
        lookup = self._lookup_place if "place_id" in edits else None
        updated_edits({}, edits, lookup)  # refuse bad edits before taking the write lock
        with self._tx() as (db, gen):
            block, rowid, version = self._row_to_review(db, incident_id, expected_version)
            before = self._shown(db, incident_id)
            sources = self._sources(db, "seq IN (SELECT report_seq FROM incident_sources "
                                        "WHERE incident_id = ?)", (incident_id,))
            keys = [s.key for s in sources]
            current = effective(self._reviews(db, keys).values(),
                                verified=any(s.verified for s in sources))
            new = ReviewRecord(state or current.state,
                               updated_edits(current.edits, edits, lookup), time.time(),
                               reviewer)
            self._execute_many(db, self.dialect.upsert_review,
                               [(k, new.state, new.dumps(), new.at, reviewer) for k in keys])
            # a review changes no grouping: rewrite this incident only, same sources
            self._execute(db, "DELETE FROM incidents WHERE id = ?", (incident_id,))
            self._write(db, gen, block, [merging.merge_group(sources, self._contains())],
                        {k: new for k in keys}, rowid=rowid,  # same rowid: same place in order
                        versions={incident_id: version})
            self._execute_many(db, ADD_HISTORY, [
                (incident_id, version + 1, new.at, reviewer, *change)
                for change in changes(before, self._shown(db, incident_id))])
            self._rewrote({incident_id})

    def _row_to_review(self, db: Any, incident_id: str,
                       expected_version: int | None) -> tuple[str, int, int]:
        """The incident's (block, rowid, version), locked for the review; UnknownIncident,
        or ReviewConflict when it was rewritten since ``expected_version``."""
        row = self._execute(db, "SELECT block, rowid, version FROM incidents WHERE id = ?"
                                + self.dialect.lock_row, (incident_id,)).fetchone()
        if row is None:
            raise UnknownIncident(f"{self.path}: no incident {incident_id!r}")
        version = row[2]
        if expected_version is not None and expected_version != version:
            later = self._execute(db, "SELECT field, reviewer, at FROM incident_history WHERE "
                                      "incident_id = ? AND version > ? ORDER BY seq",
                                  (incident_id, expected_version)).fetchall()
            raise ReviewConflict(conflict_message(incident_id, expected_version, version,
                                                  later))
        return row

    def _shown(self, db: Any, incident_id: str) -> dict[str, str]:
        cur = self._execute(db, f"SELECT {', '.join(SHOWN_COLUMNS)} FROM incidents WHERE "
                                "id = ?", (incident_id,))
        return shown(dict(zip(SHOWN_COLUMNS, cur.fetchone(), strict=True)))

    def version(self, incident_id: str) -> int:
        """The incident's current version: pass it back as review(expected_version=…)."""
        with self._read() as db:
            row = self._execute(db, "SELECT version FROM incidents WHERE id = ?",
                                (incident_id,)).fetchone()
        if row is None:
            raise UnknownIncident(f"{self.path}: no incident {incident_id!r}")
        return row[0]

    def history(self, incident_id: str) -> pd.DataFrame:
        """What reviews changed on this incident, oldest first: HISTORY_COLUMNS."""
        with self._read() as db:
            rows = self._execute(db, f"SELECT {', '.join(HISTORY_COLUMNS)} FROM "
                                     "incident_history WHERE incident_id = ? ORDER BY seq",
                                 (incident_id,)).fetchall()
        out = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
        out["at"] = pd.to_datetime(out["at"].astype(float), unit="s", utc=True)
        return out

    # -- reviews whose article changed -----------------------------------------------------
    def _lost_reviews(self, db: Any, old_ids: Sequence[str]) -> list[LostReview]:
        """The reviewed incidents that stand only on reports of the articles ``old_ids``
        (about to be replaced): one LostReview each, read before the reports go."""
        d = self.dialect
        ids = d.ids(list(old_ids))
        sources = self._sources(db, f"{d.any_of('article_id')} AND key IN "
                                    "(SELECT report_key FROM reviews)", (ids,))
        if not sources:
            return []
        owner = dict(self._execute(
            db, "SELECT r.key, s.incident_id FROM reports r JOIN incident_sources s ON "
                f"s.report_seq = r.seq WHERE {d.any_of('r.seq')}",
            (d.ids([s.seq for s in sources]),)))
        # an incident with another article's report keeps its review through that report
        elsewhere = {r[0] for r in self._execute(
            db, "SELECT DISTINCT s.incident_id FROM incident_sources s JOIN reports r ON "
                f"r.seq = s.report_seq WHERE {d.any_of('s.incident_id')} AND NOT "
                f"{d.any_of('r.article_id')}", (d.ids(sorted(set(owner.values()))), ids))}
        reviews = self._reviews(db, [s.key for s in sources])
        out: dict[str, LostReview] = {}
        for src in sorted(sources, key=lambda s: s.seq):
            incident_id = owner.get(src.key)
            if incident_id is None or incident_id in elsewhere or incident_id in out:
                continue
            out[incident_id] = LostReview(incident_id, reviews[src.key], src.incident,
                                          self._shown(db, incident_id))
        return list(out.values())

    def _carry(self, db: Any, lost: list[LostReview], article: str,
               fresh: list[tuple[str, Incident]], carried: list[tuple[str, LostReview]]) -> None:
        """Give each lost review to the matching new report of the same article (the
        incident it joins shows it), else list it in review_looks. ``carried`` collects
        (new key, lost review) for the history, written once the incidents are."""
        if not lost:
            return
        taken = set(self._reviews(db, [key for key, _ in fresh]))
        for review in lost:
            key = match_lost(review, [(k, inc) for k, inc in fresh if k not in taken])
            rec = review.record
            if key is not None:
                taken.add(key)
                self._execute(db, self.dialect.upsert_review,
                              (key, rec.state, rec.dumps(), rec.at, rec.reviewer))
                carried.append((key, review))
            else:
                self._execute(db, "INSERT INTO review_looks (incident_id, article, at, state, "
                                  "edits, reviewer, old) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              (review.incident_id, article, time.time(), rec.state,
                               rec.dumps(), rec.reviewer,
                               json.dumps(review.shown, ensure_ascii=False)))

    def _record_carried(self, db: Any, carried: list[tuple[str, LostReview]]) -> None:
        """History rows saying which incident a carried review came from."""
        now = time.time()
        for key, review in carried:
            row = self._execute(db, "SELECT i.id, i.version FROM reports r JOIN "
                                    "incident_sources s ON s.report_seq = r.seq JOIN incidents "
                                    "i ON i.id = s.incident_id WHERE r.key = ?",
                                (key,)).fetchone()
            if row is not None:
                self._execute(db, ADD_HISTORY, (
                    row[0], row[1], now, review.record.reviewer, "review carried",
                    f"from {review.incident_id} (its article's text changed)",
                    review.record.state))

    def needs_look(self) -> pd.DataFrame:
        """Reviews that lost their incident when its article's text changed and matched no
        new incident, oldest first: LOOK_COLUMNS (the incident's old values in ``old``)."""
        with self._read() as db:
            rows = self._execute(db, "SELECT id, incident_id, article, at, state, edits, "
                                     "reviewer, old FROM review_looks WHERE NOT done "
                                     "ORDER BY id").fetchall()
        loads = self.dialect.json
        out = pd.DataFrame(
            [(i, inc, art, at, state, loads(edits).get("note", ""), who, look_line(loads(old)))
             for i, inc, art, at, state, edits, who, old in rows], columns=list(LOOK_COLUMNS))
        out["at"] = pd.to_datetime(out["at"].astype(float), unit="s", utc=True)
        return out

    def dismiss_look(self, look_id: int) -> None:
        """A reviewer has looked at this lost review: it leaves needs_look()."""
        with self._tx() as (db, _):
            if self._execute(db, "UPDATE review_looks SET done = true WHERE id = ?",
                             (int(look_id),)).rowcount == 0:
                raise UnknownIncident(f"{self.path}: no review to look at with id {look_id}")
