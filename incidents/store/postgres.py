"""The team store: PostgreSQL with PostGIS, for several analysts ingesting and reviewing at
once from different machines (``HAITI_MAP_DB=postgresql://user@host/db``).

It keeps the SQLite store's tables (pg_schema.py) and rules: the same report keys, the pure
merge (merge.py) and review (review.py) logic, the same filter definition (query.py).
Concurrency: articles are extracted outside any transaction (SQLiteStore's ingest loop,
shared); each batch of them, and each review, is then one transaction that starts by bumping
the store's generation, whose row lock makes writers take turns (two ingests of one article:
the second finds it stored; no incident is written twice) while readers never wait (MVCC).
Reviews (the version check, history, reviews carried when an article changes) are in
pg_reviewing.py, reading (queries, counts, sources) in pg_reading.py.
"""
from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from geo.errors import StoreError
from incidents.model import Article, Extraction, Incident
from incidents.store import merge as merging
from incidents.store.base import ArticleReport, Extractor, IngestReport, Progress
from incidents.store.cache import FrameCache
from incidents.store.pg_reading import PgReading
from incidents.store.pg_reviewing import PgReviewing
from incidents.store.pg_schema import open_schema
from incidents.store.review import ReviewRecord
from incidents.store.sqlite import (
    INCIDENT_COLUMNS,
    REPORT_FIELDS,
    SQLiteStore,
    Touched,
    article_source,
    as_stored,
    incident_row,
    report_key,
    to_json,
)
from incidents.window import shift

REPORT_COLUMNS = ("seq", "key", "article_id", "block", "extract_id", *REPORT_FIELDS, "verified")
ACTORS_AT = REPORT_FIELDS.index("actors")
POOL_SIZE = 4  # connections per process: the app's sessions share them
# Deleted incident ids are kept this many generations for readers' copies to catch up with;
# an older copy reloads whole.
KEEP_DELETIONS = 1000


def safe_location(url: str) -> str:
    """The URL without its password, for messages and the CLI's output."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PgTouched(Touched):
    """Touched (see sqlite.py) whose reports go in by COPY."""

    def flush(self, db: psycopg.Connection) -> None:
        if self.rows:
            with db.cursor().copy(f"COPY reports ({', '.join(REPORT_COLUMNS)}) "
                                  "FROM STDIN") as copy:
                for r in self.rows:
                    copy.write_row(r)
            self.rows = []


class PostgresStore(PgReviewing, PgReading):
    """See incidents.store.base.Store."""

    def __init__(self, url: str, extractor: Extractor | None = None,
                 gazetteer: Any = None, timeout: float = 30.0,
                 read_only: bool | None = None) -> None:
        self.url = url
        self.timeout = timeout  # seconds a write waits for another writer's turn
        self.path = safe_location(url)  # what messages and the CLI show
        self._extractor = extractor
        self._gaz = gazetteer
        self._gaz_loaded = gazetteer is not None
        self._lock = threading.RLock()  # guards the in-memory copy
        self._cache = FrameCache()
        try:  # one plain connection first: a wrong URL fails now, with the server's reason
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect to the incident store: "
                             f"{exc}") from exc
        try:
            with conn:
                self.read_only = open_schema(conn, self.path, read_only)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot open the incident store: {exc}") from exc
        # connections are checked when taken: a server restart costs no user an error
        self._pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, open=True,
                                    kwargs={"autocommit": True}, name="haiti-map",
                                    check=ConnectionPool.check_connection)

    # -- plumbing --------------------------------------------------------------------------
    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[tuple[psycopg.Connection, int]]:
        """One write transaction and its generation; the generation row stays locked until
        commit, so writers take turns and generations commit in order."""
        if self.read_only:
            raise StoreError(f"{self.path}: the store is read-only (this database role may not "
                             f"write to it): reads and exports work, nothing can be saved")
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute(f"SET LOCAL lock_timeout = {max(1, int(self.timeout * 1000))}")
                gen = conn.execute("UPDATE meta SET value = value + 1 WHERE key = "
                                   "'generation' RETURNING value").fetchone()[0]
                yield conn, gen
        except psycopg.errors.LockNotAvailable as exc:
            raise StoreError(
                f"{self.path}: the store is busy: another program (an ingest or import) held "
                f"the write lock for {self.timeout:g} s; nothing was saved, try again in a "
                f"moment") from exc
        except psycopg.Error as exc:  # the pool's errors too (no connection to be had)
            raise StoreError(f"{self.path}: write failed, nothing changed: {exc}") from exc

    _extract = SQLiteStore._extract
    gazetteer = SQLiteStore.gazetteer
    _contains = SQLiteStore._contains
    _lookup_place = SQLiteStore._lookup_place

    # -- ingest: SQLiteStore's loop (extract outside any transaction, then write a batch of
    # WRITE_BATCH articles per transaction) over this store's _known and _write_batch --------
    ingest = SQLiteStore.ingest
    ingest_extractions = SQLiteStore.ingest_extractions
    _ingest = SQLiteStore._ingest

    def rebuild(self, progress: Progress | None = None) -> IngestReport:
        """Re-extract every stored article (after a gazetteer or rule change); reviews stay.
        Imported rows (ingest_extractions: ACLED) are records, not text to re-read: kept."""
        with self._connection() as conn:
            stored = [Article(name, day, text, id_, source if source != name else "")
                      for id_, name, day, text, source in conn.execute(
                          "SELECT id, name, date, text, source FROM articles WHERE NOT "
                          "imported ORDER BY ingested_at, id")]
        return self._ingest(stored, self._extract, progress, force=True)

    def _known(self, ids: list[str]) -> set[str]:
        with self._connection() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM articles WHERE id = ANY(%s)",
                                               (ids,))}

    def _write_batch(self, slots: list, verified: bool, force: bool,
                     imported: bool) -> list[ArticleReport]:
        """Store a batch's (extraction, refused) pairs in one transaction (reports in
        ``slots`` pass as they are)."""
        out: list[ArticleReport] = []
        with self._tx() as (db, gen):
            [(last_seq,)] = db.execute("SELECT value FROM meta WHERE key = 'report_seq'")
            touched = PgTouched(last_seq + 1)
            for slot in slots:
                if isinstance(slot, ArticleReport):
                    out.append(slot)
                    continue
                extraction, refused = slot
                report = self._store_one(db, extraction, verified, force, touched, imported)
                out.append(dataclasses.replace(report, refused=refused) if refused else report)
            touched.flush(db)
            db.execute("UPDATE meta SET value = %s WHERE key = 'report_seq'",
                       (touched.next_seq - 1,))
            self._remerge(db, gen, touched)
            self._record_carried(db, touched.carried)
            if gen % 100 == 0:
                db.execute("DELETE FROM incident_deletions WHERE gen <= %s",
                           (gen - KEEP_DELETIONS,))
                db.execute("UPDATE meta SET value = %s WHERE key = 'deletions_from'",
                           (max(0, gen - KEEP_DELETIONS),))
        return out

    def _store_one(self, db: psycopg.Connection, extraction: Extraction, verified: bool,
                   force: bool, touched: PgTouched, imported: bool) -> ArticleReport:
        article = extraction.article
        known = db.execute("SELECT 1 FROM articles WHERE id = %s", (article.id,)).fetchone()
        if known and not force:  # another writer stored it since we looked
            return ArticleReport(article.name, "unchanged")
        old = [r[0] for r in db.execute("SELECT id FROM articles WHERE source = %s AND "
                                        "id != %s", (article_source(article), article.id))]
        if not old and article.source:  # stored under its bare name (an upload): by its name
            old = [r[0] for r in db.execute(
                "SELECT id FROM articles WHERE source = %s AND name = %s AND id != %s",
                (article.name, article.name, article.id))]
        if force:
            old.append(article.id)
        lost = []
        if old:
            touched.flush(db)  # the deletes below cascade to reports
            lost = self._lost_reviews(db, old)
            for incident_id, block, day in db.execute(
                    "SELECT s.incident_id, r.block, r.event_date FROM reports r "
                    "JOIN incident_sources s ON s.report_seq = r.seq "
                    "WHERE r.article_id = ANY(%s)", (old,)):
                touched.add(block, day.isoformat(), incident_id)
            for old_id in old:
                touched.fresh.pop(old_id, None)
            db.execute("DELETE FROM articles WHERE id = ANY(%s)", (old,))
        db.execute("INSERT INTO articles (id, name, date, text, ingested_at, imported, source) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   (article.id, article.name, article.date, article.text, time.time(),
                    imported, article_source(article)))
        rows, seen, fresh = [], set(), []
        for inc in extraction.incidents:
            key = report_key(article, inc)
            n = 1
            while key in seen:  # the same words twice in one article: still two reports
                n += 1
                key = f"{report_key(article, inc)}#{n}"
            seen.add(key)
            block = merging.block_key(inc)
            touched.add(block, inc.event_date.isoformat())
            values = [getattr(inc, f) for f in REPORT_FIELDS]
            values = [None if v != v else v for v in values]  # NaN is NULL, as in SQLite
            values[ACTORS_AT] = to_json(list(inc.actors))
            seq = touched.next_seq
            touched.next_seq += 1
            rows.append((seq, key, article.id, block, inc.id, *values, verified))
            fresh.append((block, merging.Source(
                key, seq, as_stored(inc, [getattr(inc, f) for f in REPORT_FIELDS]), verified)))
        touched.rows += rows
        touched.fresh[article.id] = fresh
        self._carry(db, lost, article.name, [(src.key, src.incident) for _, src in fresh],
                    touched.carried)
        if extraction.unplaced:
            with db.cursor().copy("COPY unplaced (article_id, text, sentence, start, reason) "
                                  "FROM STDIN") as copy:
                for u in extraction.unplaced:
                    copy.write_row((article.id, u.text, u.sentence, u.start, u.reason))
        return ArticleReport(article.name, "replaced" if old else "new", len(rows),
                             tuple(dict.fromkeys(u.text for u in extraction.unplaced)))

    # -- merging and materialising ---------------------------------------------------------
    def _sources(self, db: psycopg.Connection, where: str, params: Sequence) -> list:
        """Stored reports as merge Sources."""
        out = []
        for key, seq, verified, *v in db.execute(
                f"SELECT key, seq, verified, extract_id, {', '.join(REPORT_FIELDS)} "
                f"FROM reports WHERE {where}", params):
            v[ACTORS_AT + 1] = tuple(v[ACTORS_AT + 1])
            out.append(merging.Source(key, seq, Incident(*v), verified))
        return out

    def _reviews(self, db: psycopg.Connection, keys: Sequence[str]) -> dict[str, ReviewRecord]:
        rows = db.execute("SELECT report_key, state, edits, at, reviewer FROM reviews "
                          "WHERE report_key = ANY(%s)", (list(keys),))
        return {k: ReviewRecord(s, e, at, who) for k, s, e, at, who in rows}

    def _remerge(self, db: psycopg.Connection, gen: int, touched: PgTouched) -> None:
        """Re-cluster the reports near the touched dates of each touched block (see
        SQLiteStore._remerge: the same steps, in PostgreSQL's words)."""
        contains = self._contains()
        margin = 2 * merging.MAX_TOLERANCE
        fresh = touched.fresh_by_block()
        for block, (lo, hi) in sorted(touched.spans.items()):
            lo_day = shift(date.fromisoformat(lo), -margin.days)
            hi_day = shift(date.fromisoformat(hi), margin.days)
            ids = touched.incidents.get(block, set()) | {r[0] for r in db.execute(
                "SELECT DISTINCT s.incident_id FROM reports r JOIN incident_sources s ON "
                "s.report_seq = r.seq WHERE r.block = %s AND r.event_date BETWEEN %s AND %s",
                (block, lo_day, hi_day))}
            id_list = sorted(ids)
            sources = self._sources(
                db, "((block = %s AND event_date BETWEEN %s AND %s) OR seq IN (SELECT "
                    "report_seq FROM incident_sources WHERE incident_id = ANY(%s))) AND seq < %s",
                (block, lo_day, hi_day, id_list, touched.first_seq))
            sources += fresh.get(block, [])
            merged = merging.merge_reports(sources, contains)
            had: dict[str, list[int]] = {}
            for incident_id, seq in db.execute(
                    "SELECT incident_id, report_seq FROM incident_sources WHERE incident_id = "
                    "ANY(%s) ORDER BY incident_id, position", (id_list,)):
                had.setdefault(incident_id, []).append(seq)
            lost_sources = touched.incidents.get(block, set())
            changed = [m for m in merged if m.id in lost_sources
                       or had.get(m.id) != [s.seq for s in m.sources]]
            unchanged = {m.id for m in merged} - {m.id for m in changed}
            gone = sorted(ids - unchanged)
            versions = dict(db.execute("DELETE FROM incidents WHERE id = ANY(%s) "
                                       "RETURNING id, version", (gone,)).fetchall())
            reviews = self._reviews(db, [s.key for m in changed for s in m.sources])
            self._write(db, gen, block, changed, reviews, versions=versions)

    def _write(self, db: psycopg.Connection, gen: int, block: str,
               merged: list[merging.Merged], reviews: dict[str, ReviewRecord],
               rowid: int | None = None, versions: dict[str, int] | None = None) -> None:
        """Insert merged incidents (``rowid``: the one incident's, kept by a review;
        ``versions``: the versions of those rewritten, which each go up by one)."""
        versions = versions or {}
        if not merged:
            return
        now = time.time()
        if rowid is None:
            rowids = iter([r[0] for r in db.execute(
                "SELECT nextval('incident_rowid') FROM generate_series(1, %s)",
                (len(merged),))])
        else:
            rowids = iter([rowid])
        incidents, links, actors = [], [], []
        for m in merged:
            rowid = next(rowids)
            row, names = incident_row(m, block, reviews, versions.get(m.id, 0) + 1, now)
            incidents.append((rowid, *row, gen))
            links += [(m.id, s.seq, i) for i, s in enumerate(m.sources)]
            actors += [(m.id, a, rowid) for a in names]
        cursor = db.cursor()
        for table, columns, rows in (
                ("incidents", ("rowid", *INCIDENT_COLUMNS, "gen"), incidents),
                ("incident_sources", ("incident_id", "report_seq", "position"), links),
                ("incident_actors", ("incident_id", "actor", "incident_rowid"), actors)):
            if rows:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)

    def revision(self) -> int:
        """The store's write generation: changes with every committed write (a cache key)."""
        with self._connection() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
