"""The embedded default store: one SQLite file in WAL mode.

An ingest extracts its articles first, outside any transaction, then stores them
WRITE_BATCH at a time, one short transaction each: a crash or kill leaves every article
stored whole or not at all, and the write lock is never held while extracting. Reports
(one per extracted incident) are kept as they came; merged incidents are materialised in
the ``incidents`` table with reviews applied, re-computed near the dates a batch touched
(merge.py) or, for a review, just the one incident.
Reading (queries, counts, sources) is in reading.py.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from errors import CrisisMapError, StoreError
from incidents.model import FIGURE_KEYS, Article, Extraction, Incident
from incidents.store import merge as merging
from incidents.store.base import (
    ArticleReport,
    Extractor,
    IngestReport,
    Progress,
)
from incidents.store.cache import FrameCache
from incidents.store.query import DATE_SPAN, MAX_SPAN_DAYS, placeholders
from incidents.store.reading import Reading
from incidents.store.review import (
    ReviewRecord,
    apply_edits,
    effective,
)
from incidents.store.reviewing import Reviewing
from incidents.store.schema import check_version, migrate
from incidents.window import check_day, keep_in_window, shift

INCIDENT_COLUMNS = (
    "id", "block", "event_type", "event_date", "date_start", "date_end", "date_precision",
    "place", "place_id", "place_name", "department", "commune", "lat", "lon", "geo_precision",
    *FIGURE_KEYS, "actors", "review", "note", "n_sources", "evidence", "article",
    "article_date", "merge_reason", "conflicts", "search", "updated_at", "sources", "version")
REPORT_FIELDS = ("article", "article_date", "event_type", "event_date", "date_precision",
                 "place", "place_id", "place_name", "department", "commune", "lat", "lon",
                 "geo_precision", *FIGURE_KEYS, "actors", "evidence", "evidence_start",
                 "evidence_end", "rule")
ACTORS_AT = REPORT_FIELDS.index("actors")
# extract_id then REPORT_FIELDS is Incident's own field order: rows build it positionally
assert ("id", *REPORT_FIELDS) == tuple(f.name for f in dataclasses.fields(Incident))
DATES_AT = (1 + REPORT_FIELDS.index("article_date"), 1 + REPORT_FIELDS.index("event_date"))


# Articles extracted, then written in one transaction, at a time; imported rows (ready-made
# extractions: the write is all the work) written in one transaction, at a time. A batch
# re-merges the days around the dates it touches, so smaller batches cost more in all.
WRITE_BATCH = 200
IMPORT_BATCH = 5000


def item_name(item: Article | Exception) -> str:
    return item.name if isinstance(item, Article) else (
        getattr(item, "name", "") or str(item).partition(":")[0])


Extracted = tuple[Extraction, tuple[str, ...]]  # an extraction, and why incidents were left out


def extract_one(article: Article, extract: Extractor) -> ArticleReport | Extracted:
    """The article's extraction without incidents dated outside the window (and why each
    was left out), or the report of an article that failed: one never sinks the batch."""
    try:
        check_day(article.date, f"{article.name}: date")
    except ValueError as exc:
        return ArticleReport(article.name, "failed", error=str(exc))
    try:
        return keep_in_window(extract(article))
    except Exception as exc:  # any extractor error is this article's failure
        return ArticleReport(article.name, "failed", error=f"{type(exc).__name__}: {exc}")


def article_source(article: Article) -> str:
    """What tells stored articles apart: the file's path, or the name of pasted, uploaded
    or imported text. An article whose source is stored with other content replaces it."""
    return article.source or article.name


def report_key(article: Article, inc: Incident) -> str:
    """A report's stable key: its article's source, and its type, place words and sentence.

    It leaves out offsets, the place id and the extractor's own id, so re-ingesting, editing
    another part of the article, or a gazetteer rebuild that re-resolves the place keeps the
    key (and the reviews hung on it)."""
    raw = f"{article_source(article)}|{inc.event_type}|{inc.place.casefold()}|{inc.evidence}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


# json.dumps with options builds an encoder per call: one, reused (ingest encodes millions)
to_json = json.JSONEncoder(ensure_ascii=False).encode
INCIDENT_DATES_AT = tuple(INCIDENT_COLUMNS.index(c) for c in (
    "event_date", "date_start", "date_end", "article_date"))


def incident_row(m: merging.Merged, block: str, reviews: dict[str, ReviewRecord],
                 version: int, now: float) -> tuple[list, tuple[str, ...]]:
    """A merged incident as its INCIDENT_COLUMNS values (dates as dates), the reviews of its
    sources applied, and its actors: what both backends materialise."""
    review = effective((reviews.get(s.key) for s in m.sources),
                       verified=any(s.verified for s in m.sources))
    v = apply_edits(m.values, review.edits)
    first = m.sources[0].incident
    note = review.edits.get("note", "")
    start = v["event_date"]
    end = shift(start, DATE_SPAN.get(v["date_precision"], MAX_SPAN_DAYS))
    search = " ".join(str(x) for x in (
        v["place"], v["place_name"], v["commune"], v["department"], note, *v["actors"],
        *(s.incident.evidence for s in m.sources),
        *(s.incident.article for s in m.sources)) if x).casefold()
    return [m.id, block, v["event_type"], start, start, end, v["date_precision"], v["place"],
            v["place_id"], v["place_name"], v["department"], v["commune"], v["lat"], v["lon"],
            v["geo_precision"], *(v[k] for k in FIGURE_KEYS), "; ".join(v["actors"]),
            review.state, note, len(m.sources), first.evidence, first.article,
            first.article_date, m.merge_reason, m.conflicts, search, now,
            to_json([s.incident.article for s in m.sources]), version], v["actors"]


def as_stored(inc: Incident, values: list) -> Incident:
    """The incident as reading its report back would give it (SQLite keeps NaN as NULL);
    ``values``: its REPORT_FIELDS."""
    nan = {f: None for f, v in zip(REPORT_FIELDS, values, strict=True) if v != v}
    return dataclasses.replace(inc, **nan) if nan else inc


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


class Touched:
    """What a batch changed: per block, the span of report dates and the incidents to redo;
    and the batch's own reports, kept as Source values so re-merging need not read them
    back (``seq`` assigned here: the batch's transaction is the only writer)."""

    def __init__(self, next_seq: int) -> None:
        self.spans: dict[str, tuple[str, str]] = {}
        self.incidents: dict[str, set[str]] = {}
        self.first_seq = self.next_seq = next_seq
        self.fresh: dict[str, list[tuple[str, merging.Source]]] = {}  # article id -> reports
        self.rows: list[tuple] = []  # report rows not inserted yet
        self.carried: list = []  # (new report key, LostReview): reviews given to new reports

    def add(self, block: str, day: str, incident_id: str | None = None) -> None:
        lo, hi = self.spans.get(block, (day, day))
        self.spans[block] = (min(lo, day), max(hi, day))
        if incident_id is not None:
            self.incidents.setdefault(block, set()).add(incident_id)

    def flush(self, db: sqlite3.Connection) -> None:
        """Insert the reports gathered so far (one statement for many articles)."""
        if self.rows:
            db.executemany(f"INSERT INTO reports (seq, key, article_id, block, extract_id, "
                           f"{', '.join(REPORT_FIELDS)}, verified) "
                           f"VALUES ({placeholders(self.rows[0])})", self.rows)
            self.rows = []

    def fresh_by_block(self) -> dict[str, list[merging.Source]]:
        out: dict[str, list[merging.Source]] = {}
        for reports in self.fresh.values():
            for block, src in reports:
                out.setdefault(block, []).append(src)
        return out


class SQLiteStore(Reviewing, Reading):
    """See incidents.store.base.Store."""

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

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
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
                yield self._db
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

    def _extract(self, article: Article) -> Extraction:
        if self._extractor is None:
            from incidents.extract.pipeline import extract  # the real one, only when needed
            self._extractor = extract
        return self._extractor(article)

    def gazetteer(self) -> Any:
        """The gazetteer given to open_store, else the default one if it loads, else None
        (``gazetteer=False`` means none: merging then uses its fallback rules)."""
        if not self._gaz_loaded:
            self._gaz_loaded = True
            try:
                from geo.gazetteer import load_gazetteer
                self._gaz = load_gazetteer()
            except (ImportError, CrisisMapError, OSError):
                self._gaz = None
        return self._gaz or None

    def _contains(self) -> merging.Contains | None:
        gaz = self.gazetteer()
        if not hasattr(gaz, "contains"):
            return None

        known: dict[tuple[str, str], bool | None] = {}  # merging asks the same pairs often

        def contains(outer: str, inner: str) -> bool | None:
            if (outer, inner) not in known:
                try:
                    known[outer, inner] = bool(gaz.contains(gaz.get(outer), gaz.get(inner)))
                except (KeyError, LookupError, ValueError):
                    known[outer, inner] = None
            return known[outer, inner]
        return contains

    # -- ingest ----------------------------------------------------------------------------
    def ingest(self, articles: Iterable[Article | Exception],
               progress: Progress | None = None) -> IngestReport:
        """Extract and store a batch of articles (extraction outside the write lock, then
        one short transaction per WRITE_BATCH articles).

        ``articles`` may hold the errors iter_articles yields for unreadable files: they are
        reported as failed. Known content is skipped; an article whose source (its file's
        path, or its name: see article_source) is known with other content replaces the old
        version and its incidents; reviews of changed sentences are carried or listed
        (reviewing.py).
        """
        return self._ingest(articles, self._extract, progress)

    def ingest_extractions(self, extractions: Iterable[Extraction], verified: bool = False,
                           progress: Progress | None = None) -> IngestReport:
        """Store ready-made extractions (imports, benchmarks) exactly like ingest does."""
        pending: dict[str, Extraction] = {}

        def articles() -> Iterator[Article]:
            for extraction in extractions:
                pending[extraction.article.id] = extraction
                yield extraction.article
        return self._ingest(articles(), lambda a: pending.pop(a.id), progress, verified,
                            imported=True)

    def rebuild(self, progress: Progress | None = None) -> IngestReport:
        """Re-extract every stored article (after a gazetteer or rule change); reviews stay.
        Imported rows (ingest_extractions: ACLED) are records, not text to re-read: kept."""
        with self._lock:
            # a source equal to the name: stored before sources were kept, or uploaded
            stored = [Article(name, date.fromisoformat(day), text, id_,
                              source=source if source != name else "")
                      for id_, name, day, text, source in self._db.execute(
                          "SELECT id, name, date, text, source FROM articles WHERE imported = 0 "
                          "ORDER BY rowid")]
        return self._ingest(stored, self._extract, progress, force=True)

    def _ingest(self, items: Iterable[Article | Exception], extract: Extractor,
                progress: Progress | None, verified: bool = False,
                force: bool = False, imported: bool = False) -> IngestReport:
        """Extract, then write, WRITE_BATCH articles (IMPORT_BATCH imported rows) at a time,
        in date order when there are several batches: the write lock is held only
        for the short transaction that stores a batch's extractions, never while extracting,
        so a review saved meanwhile waits milliseconds, not minutes."""
        items = list(items)
        size = IMPORT_BATCH if imported else WRITE_BATCH
        order = list(range(len(items)))
        if len(items) > size:  # several transactions: in date order, so that each re-merges
            # only the days of its own articles, not every day of the batch's blocks
            order.sort(key=lambda i: getattr(items[i], "date", date.min))
        reports: list[ArticleReport | None] = [None] * len(items)
        for start in range(0, len(items), size):
            chunk = [items[i] for i in order[start:start + size]]
            with self._lock:
                known = set() if force else self._known(
                    [a.id for a in chunk if isinstance(a, Article)])
            slots: list[ArticleReport | Extracted] = []
            for item in chunk:
                if isinstance(item, Exception):
                    # ArticleError messages start with the file: "path: reason"
                    slots.append(ArticleReport(item_name(item), "failed", error=str(item)))
                elif item.id in known:
                    slots.append(ArticleReport(item.name, "unchanged"))
                else:
                    known.add(item.id)  # the same text twice in a batch: stored once
                    slots.append(extract_one(item, extract))
                if progress is not None:
                    progress(start + len(slots), len(items), item_name(item))
            if any(isinstance(s, tuple) for s in slots):
                slots = self._write_batch(slots, verified, force, imported)
            for i, report in zip(order[start:start + size], slots, strict=True):
                reports[i] = report
        return IngestReport(tuple(r for r in reports if r is not None))

    def _known(self, ids: Sequence[str]) -> set[str]:
        return {r[0] for r in self._db.execute(
            "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),))}

    def _write_batch(self, slots: list, verified: bool, force: bool,
                     imported: bool) -> list[ArticleReport]:
        """Store a batch's (extraction, refused) pairs in one transaction (reports in
        ``slots`` pass as they are)."""
        out: list[ArticleReport] = []
        with self._tx() as db:
            touched = Touched(1 + max(db.execute(
                "SELECT coalesce(max(seq), 0) FROM reports UNION ALL "
                "SELECT seq FROM sqlite_sequence WHERE name = 'reports'").fetchall())[0])
            for slot in slots:
                if isinstance(slot, ArticleReport):
                    out.append(slot)
                    continue
                extraction, refused = slot
                report = self._ingest_one(db, extraction, verified, force, touched, imported)
                out.append(dataclasses.replace(report, refused=refused) if refused else report)
            touched.flush(db)
            self._remerge(db, touched)
            self._record_carried(db, touched.carried)
        return out

    def _ingest_one(self, db: sqlite3.Connection, extraction: Extraction, verified: bool,
                    force: bool, touched: Touched, imported: bool = False) -> ArticleReport:
        article = extraction.article
        known = db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if known and not force:  # stored by another program since the batch looked
            return ArticleReport(article.name, "unchanged")
        old = [r[0] for r in db.execute("SELECT id FROM articles WHERE source = ? AND id != ?",
                                        (article_source(article), article.id))]
        if not old and article.source:  # stored before sources were kept: by its name
            old = [r[0] for r in db.execute(
                "SELECT id FROM articles WHERE source = ? AND name = ? AND id != ?",
                (article.name, article.name, article.id))]
        if force:
            old.append(article.id)
        lost = []
        if old:
            touched.flush(db)  # the deletes below cascade to reports
            lost = self._lost_reviews(db, old)
        for old_id in old:
            touched.fresh.pop(old_id, None)
            for incident_id, block, day in db.execute(
                    "SELECT s.incident_id, r.block, r.event_date FROM reports r JOIN "
                    "incident_sources s ON s.report_seq = r.seq WHERE r.article_id = ?",
                    (old_id,)):
                touched.add(block, day, incident_id)
            db.execute("DELETE FROM articles WHERE id = ?", (old_id,))
        db.execute("INSERT INTO articles (id, name, date, text, ingested_at, imported, source) "
                   "VALUES (?,?,?,?,?,?,?)", (article.id, article.name, article.date.isoformat(),
                                              article.text, time.time(), int(imported),
                                              article_source(article)))
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
            raw = [getattr(inc, f) for f in REPORT_FIELDS]
            values = [v.isoformat() if isinstance(v, date) else v for v in raw]
            values[ACTORS_AT] = to_json(list(inc.actors))
            seq = touched.next_seq
            touched.next_seq += 1
            rows.append((seq, key, article.id, block, inc.id, *values, int(verified)))
            fresh.append((block, merging.Source(key, seq, as_stored(inc, raw), verified)))
        touched.rows += rows
        touched.fresh[article.id] = fresh
        self._carry(db, lost, article.name, [(src.key, src.incident) for _, src in fresh],
                    touched.carried)
        db.executemany("INSERT INTO unplaced (article_id, text, sentence, start, reason) "
                       "VALUES (?,?,?,?,?)",
                       [(article.id, u.text, u.sentence, u.start, u.reason)
                        for u in extraction.unplaced])
        status = "replaced" if old else "new"
        return ArticleReport(article.name, status, len(rows),
                             tuple(dict.fromkeys(u.text for u in extraction.unplaced)))

    # -- merging and materialising ---------------------------------------------------------
    def _sources(self, db: sqlite3.Connection, where: str, params: Sequence) -> list:
        """Stored reports as merge Sources. Dates and actor lists repeat a lot: each text is
        parsed once per call."""
        days: dict[str, date] = {}
        actor_lists: dict[str, tuple[str, ...]] = {}
        out = []
        for key, seq, verified, *v in db.execute(
                f"SELECT key, seq, verified, extract_id, {', '.join(REPORT_FIELDS)} "
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

    def _reviews(self, db: sqlite3.Connection, keys: Sequence[str]) -> dict[str, ReviewRecord]:
        rows = db.execute("SELECT report_key, state, edits, at, reviewer FROM reviews WHERE "
                          "report_key IN (SELECT value FROM json_each(?))",
                          (json.dumps(list(keys)),))
        return {k: ReviewRecord(s, json.loads(e), at, who) for k, s, e, at, who in rows}

    def _remerge(self, db: sqlite3.Connection, touched: Touched) -> None:
        """Re-cluster the reports near the touched dates of each touched block.

        Merging only joins reports within MAX_TOLERANCE of each other, so the incidents of a
        block within twice that of a touched date (with all their sources) are enough; the
        rest of the block stays as it is."""
        contains = self._contains()
        margin = 2 * merging.MAX_TOLERANCE
        fresh = touched.fresh_by_block()
        for block, (lo, hi) in sorted(touched.spans.items()):
            lo = shift(date.fromisoformat(lo), -margin.days).isoformat()
            hi = shift(date.fromisoformat(hi), margin.days).isoformat()
            ids = touched.incidents.get(block, set()) | {r[0] for r in db.execute(
                "SELECT DISTINCT s.incident_id FROM reports r JOIN incident_sources s ON "
                "s.report_seq = r.seq WHERE r.block = ? AND r.event_date BETWEEN ? AND ?",
                (block, lo, hi))}
            id_list = json.dumps(sorted(ids))
            sources = self._sources(
                db, "((block = ? AND event_date BETWEEN ? AND ?) OR seq IN (SELECT report_seq "
                    "FROM incident_sources WHERE incident_id IN (SELECT value FROM json_each(?))"
                    ")) AND seq < ?", (block, lo, hi, id_list, touched.first_seq))
            sources += fresh.get(block, [])
            merged = merging.merge(sources, contains)
            # an incident whose sources (all still there, same order) are unchanged is
            # unchanged: reviews do not change during an ingest
            had: dict[str, list[int]] = {}
            for incident_id, seq in db.execute(
                    "SELECT incident_id, report_seq FROM incident_sources WHERE incident_id IN "
                    "(SELECT value FROM json_each(?)) ORDER BY incident_id, position", (id_list,)):
                had.setdefault(incident_id, []).append(seq)
            lost_sources = touched.incidents.get(block, set())
            changed = [m for m in merged if m.id in lost_sources
                       or had.get(m.id) != [s.seq for s in m.sources]]
            unchanged = {m.id for m in merged} - {m.id for m in changed}
            gone = sorted(ids - unchanged)
            versions = dict(db.execute("SELECT id, version FROM incidents WHERE id IN "
                                       "(SELECT value FROM json_each(?))", (json.dumps(gone),)))
            db.execute("DELETE FROM incidents WHERE id IN (SELECT value FROM json_each(?))",
                       (json.dumps(gone),))
            reviews = self._reviews(db, [s.key for m in changed for s in m.sources])
            self._write(db, block, changed, reviews, versions=versions)
            self._stale_ids |= set(gone) | {m.id for m in changed}

    def _write(self, db: sqlite3.Connection, block: str, merged: list[merging.Merged],
               reviews: dict[str, ReviewRecord], rowid: int | None = None,
               versions: dict[str, int] | None = None) -> None:
        """Insert merged incidents (``rowid``: the one incident's, kept by a review;
        ``versions``: the versions of those rewritten, which each go up by one)."""
        versions = versions or {}
        now = time.time()
        incidents, links, actors = [], [], []
        # rowids given here, so the actor rows need no look-up of their incident
        rowids = iter([rowid] if rowid is not None else range(1 + db.execute(
            "SELECT coalesce(max(rowid), 0) FROM incidents").fetchone()[0], 1 << 62))
        for m in merged:
            rowid = next(rowids)
            row, names = incident_row(m, block, reviews, versions.get(m.id, 0) + 1, now)
            for at in INCIDENT_DATES_AT:  # SQLite keeps dates as YYYY-MM-DD text
                row[at] = row[at].isoformat()
            incidents.append((rowid, *row))
            links += [(m.id, s.seq, i) for i, s in enumerate(m.sources)]
            actors += [(m.id, a, rowid) for a in names]
        if incidents:
            db.executemany(f"INSERT INTO incidents (rowid, {', '.join(INCIDENT_COLUMNS)}) "
                           f"VALUES (?, {placeholders(INCIDENT_COLUMNS)})", incidents)
        db.executemany("INSERT INTO incident_sources VALUES (?,?,?)", links)
        db.executemany("INSERT INTO incident_actors (incident_id, actor, incident_rowid) "
                       "VALUES (?,?,?)", actors)
