"""Ingesting, the same steps for both backends: extract a batch of articles outside any
transaction, then store it in one short transaction, re-merge the days it touched, and
materialise the merged incidents with their reviews applied.

An ingest extracts its articles first, then stores them WRITE_BATCH at a time, one
transaction each: a crash or kill leaves every article stored whole or not at all, and the
write lock is never held while extracting. Reports (one per extracted incident) are kept as
they came; merged incidents are materialised in the ``incidents`` table, re-computed near
the dates a batch touched (merge.py). Mixed into SQLiteStore and PostgresStore, which give
the hooks of backend.Backend and those declared here.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from incidents.model import Article, Extraction, Incident
from incidents.store import merge as merging
from incidents.store.backend import Backend, iso_day
from incidents.store.base import ArticleReport, Extractor, IngestReport, Progress
from incidents.store.review_edits import LostReview, ReviewRecord
from incidents.store.rows import (
    ACTOR_LINK_COLUMNS,
    ACTORS_AT,
    ARTICLE_COLUMNS,
    REPORT_COLUMNS,
    REPORT_FIELDS,
    SOURCE_LINK_COLUMNS,
    UNPLACED_COLUMNS,
    article_source,
    as_stored,
    incident_row,
    report_key,
    to_json,
)
from incidents.window import check_day, keep_in_window, shift

# Articles extracted, then written in one transaction, at a time; imported rows (ready-made
# extractions: the write is all the work) written in one transaction, at a time. A batch
# re-merges the days around the dates it touches, so smaller batches cost more in all.
WRITE_BATCH = 200
IMPORT_BATCH = 5000

Extracted = tuple[Extraction, tuple[str, ...]]  # an extraction, and why incidents were left out


def item_name(item: Article | Exception) -> str:
    return item.name if isinstance(item, Article) else (
        getattr(item, "name", "") or str(item).partition(":")[0])


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


class Touched:
    """What a batch changed: per block, the span of report dates and the incidents to redo;
    and the batch's own reports, kept as Source values so re-merging need not read them
    back (``seq`` assigned here: the batch's transaction is the only writer)."""

    def __init__(self, next_seq: int, insert: Callable[[Any, str, Sequence[str], list], None]
                 ) -> None:
        self.spans: dict[str, tuple[str, str]] = {}
        self.incidents: dict[str, set[str]] = {}
        self.first_seq = self.next_seq = next_seq
        self.fresh: dict[str, list[tuple[str, merging.Source]]] = {}  # article id -> reports
        self.rows: list[tuple] = []  # report rows not inserted yet
        self.carried: list = []  # (new report key, LostReview): reviews given to new reports
        self._insert = insert

    def add(self, block: str, day: str, incident_id: str | None = None) -> None:
        lo, hi = self.spans.get(block, (day, day))
        self.spans[block] = (min(lo, day), max(hi, day))
        if incident_id is not None:
            self.incidents.setdefault(block, set()).add(incident_id)

    def flush(self, db: Any) -> None:
        """Insert the reports gathered so far (one statement for many articles)."""
        if self.rows:
            self._insert(db, "reports", REPORT_COLUMNS, self.rows)
            self.rows = []

    def fresh_by_block(self) -> dict[str, list[merging.Source]]:
        out: dict[str, list[merging.Source]] = {}
        for reports in self.fresh.values():
            for block, src in reports:
                out.setdefault(block, []).append(src)
        return out


class Ingesting(Backend):
    """Mixed into both stores (see the module docstring)."""

    _lock: Any

    # -- hooks each backend provides -------------------------------------------------------
    def _stored_articles(self) -> list[Article]:
        """The stored articles that were read from text (not imported rows), in the order
        they were stored."""
        raise NotImplementedError

    def _first_seq(self, db: Any) -> int:
        """The seq the batch's first report gets."""
        raise NotImplementedError

    def _batch_done(self, db: Any, gen: int, touched: Touched) -> None:
        """Whatever the backend keeps up at the end of a batch's transaction."""

    def _new_rowids(self, db: Any, n: int) -> Iterable[int]:
        """Row numbers for ``n`` new incidents."""
        raise NotImplementedError

    def _incident_values(self, rowid: int, row: list, gen: int) -> tuple:
        """An incident_row as the backend inserts it into ``incidents``."""
        raise NotImplementedError

    incident_table_columns: tuple[str, ...]  # the columns _incident_values fills
    _lost_reviews: Any  # reviewing.Reviewing's
    _carry: Any
    _record_carried: Any

    # -- the Store interface ---------------------------------------------------------------
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
        return self._ingest(self._stored_articles(), self._extract, progress, force=True)

    # -- a batch ---------------------------------------------------------------------------
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
        d = self.dialect
        with self._read() as db:
            return {r[0] for r in self._execute(
                db, f"SELECT id FROM articles WHERE {d.any_of('id')}", (d.ids(list(ids)),))}

    def _write_batch(self, slots: list, verified: bool, force: bool,
                     imported: bool) -> list[ArticleReport]:
        """Store a batch's (extraction, refused) pairs in one transaction (reports in
        ``slots`` pass as they are)."""
        out: list[ArticleReport] = []
        with self._tx() as (db, gen):
            touched = Touched(self._first_seq(db), self._insert)
            for slot in slots:
                if isinstance(slot, ArticleReport):
                    out.append(slot)
                    continue
                extraction, refused = slot
                report = self._ingest_one(db, extraction, verified, force, touched, imported)
                out.append(dataclasses.replace(report, refused=refused) if refused else report)
            touched.flush(db)
            self._remerge(db, gen, touched)
            self._record_carried(db, touched.carried)
            self._batch_done(db, gen, touched)
        return out

    # -- one article -----------------------------------------------------------------------
    def _ingest_one(self, db: Any, extraction: Extraction, verified: bool, force: bool,
                    touched: Touched, imported: bool = False) -> ArticleReport:
        """Store one article of the batch: it replaces the versions it supersedes (their
        reviews carried to its reports, or listed), and its reports wait in ``touched``."""
        article = extraction.article
        if not force and self._execute(db, "SELECT 1 FROM articles WHERE id = ?",
                                       (article.id,)).fetchone():
            return ArticleReport(article.name, "unchanged")  # stored since the batch looked
        old = self._superseded(db, article, force)
        lost = self._drop_articles(db, old, touched) if old else []
        self._insert(db, "articles", ARTICLE_COLUMNS, [(
            article.id, article.name, self.dialect.day(article.date), article.text,
            time.time(), imported, article_source(article))])
        fresh = self._add_reports(article, extraction.incidents, verified, touched)
        self._carry(db, lost, article.name, [(src.key, src.incident) for _, src in fresh],
                    touched.carried)
        self._insert(db, "unplaced", UNPLACED_COLUMNS, [
            (article.id, u.text, u.sentence, u.start, u.reason) for u in extraction.unplaced])
        return ArticleReport(article.name, "replaced" if old else "new", len(fresh),
                             tuple(dict.fromkeys(u.text for u in extraction.unplaced)))

    def _superseded(self, db: Any, article: Article, force: bool) -> list[str]:
        """The stored articles this one replaces: others of its source (itself too when
        ``force``: a rebuild)."""
        old = [r[0] for r in self._execute(
            db, "SELECT id FROM articles WHERE source = ? AND id != ?",
            (article_source(article), article.id))]
        if not old and article.source:  # stored before sources were kept: by its name
            old = [r[0] for r in self._execute(
                db, "SELECT id FROM articles WHERE source = ? AND name = ? AND id != ?",
                (article.name, article.name, article.id))]
        return [*old, article.id] if force else old

    def _drop_articles(self, db: Any, old: list[str], touched: Touched) -> list[LostReview]:
        """Delete the articles ``old`` (their reports cascade): their incidents are to redo,
        and the reviews standing only on them are returned, to carry or list."""
        touched.flush(db)  # the deletes below cascade to reports
        lost = self._lost_reviews(db, old)
        d = self.dialect
        for incident_id, block, day in self._execute(
                db, "SELECT s.incident_id, r.block, r.event_date FROM reports r JOIN "
                    "incident_sources s ON s.report_seq = r.seq WHERE "
                    f"{d.any_of('r.article_id')}", (d.ids(old),)):
            touched.add(block, iso_day(day), incident_id)
        for old_id in old:
            touched.fresh.pop(old_id, None)
        self._execute(db, f"DELETE FROM articles WHERE {d.any_of('id')}", (d.ids(old),))
        return lost

    def _add_reports(self, article: Article, incidents: Iterable[Incident], verified: bool,
                     touched: Touched) -> list[tuple[str, merging.Source]]:
        """The article's reports as rows to insert and as merge Sources, in ``touched``."""
        fresh, seen = [], set()
        for inc in incidents:
            key = report_key(article, inc)
            n = 1
            while key in seen:  # the same words twice in one article: still two reports
                n += 1
                key = f"{report_key(article, inc)}#{n}"
            seen.add(key)
            block = merging.block_key(inc)
            touched.add(block, inc.event_date.isoformat())
            raw = [getattr(inc, f) for f in REPORT_FIELDS]
            values = [None if v != v else self.dialect.day(v) if isinstance(v, date) else v
                      for v in raw]  # NaN is NULL in both stores
            values[ACTORS_AT] = to_json(list(inc.actors))
            seq = touched.next_seq
            touched.next_seq += 1
            touched.rows.append((seq, key, article.id, block, inc.id, *values, verified))
            fresh.append((block, merging.Source(key, seq, as_stored(inc, raw), verified)))
        touched.fresh[article.id] = fresh
        return fresh

    # -- merging and materialising ---------------------------------------------------------
    def _remerge(self, db: Any, gen: int, touched: Touched) -> None:
        """Re-cluster the reports near the touched dates of each touched block.

        Merging only joins reports within MAX_TOLERANCE of each other, so the incidents of a
        block within twice that of a touched date (with all their sources) are enough; the
        rest of the block stays as it is."""
        contains = self._contains()
        fresh = touched.fresh_by_block()
        for block, span in sorted(touched.spans.items()):
            lo, hi = self._near(span)
            redo = touched.incidents.get(block, set())  # incidents that lost sources
            ids = redo | self._incidents_between(db, block, lo, hi)
            sources = self._sources_between(db, block, lo, hi, ids, touched.first_seq)
            merged = merging.merge_reports(sources + fresh.get(block, []), contains)
            changed = self._changed(db, merged, ids, redo)
            gone = sorted(ids - ({m.id for m in merged} - {m.id for m in changed}))
            d = self.dialect
            versions = dict(self._execute(
                db, f"DELETE FROM incidents WHERE {d.any_of('id')} RETURNING id, version",
                (d.ids(gone),)).fetchall())
            reviews = self._reviews(db, [s.key for m in changed for s in m.sources])
            self._write(db, gen, block, changed, reviews, versions=versions)
            self._rewrote(set(gone) | {m.id for m in changed})

    def _near(self, span: tuple[str, str]) -> tuple[Any, Any]:
        """A touched span of dates widened by twice the merge tolerance, as parameters."""
        margin = 2 * merging.MAX_TOLERANCE
        lo, hi = (date.fromisoformat(day) for day in span)
        return (self.dialect.day(shift(lo, -margin.days)),
                self.dialect.day(shift(hi, margin.days)))

    def _incidents_between(self, db: Any, block: str, lo: Any, hi: Any) -> set[str]:
        return {r[0] for r in self._execute(
            db, "SELECT DISTINCT s.incident_id FROM reports r JOIN incident_sources s ON "
                "s.report_seq = r.seq WHERE r.block = ? AND r.event_date BETWEEN ? AND ?",
            (block, lo, hi))}

    def _sources_between(self, db: Any, block: str, lo: Any, hi: Any, ids: set[str],
                         before: int) -> list[merging.Source]:
        """The stored reports of the block between the dates, and all the sources of the
        incidents ``ids``; none of the batch's own (seq from ``before`` on)."""
        return self._sources(
            db, "((block = ? AND event_date BETWEEN ? AND ?) OR seq IN (SELECT report_seq "
                f"FROM incident_sources WHERE {self.dialect.any_of('incident_id')})) "
                "AND seq < ?", (block, lo, hi, self.dialect.ids(sorted(ids)), before))

    def _changed(self, db: Any, merged: list[merging.Merged], ids: set[str],
                 redo: set[str]) -> list[merging.Merged]:
        """The merged incidents to rewrite: an incident whose sources (all still there,
        same order) are unchanged is unchanged, as reviews do not change during an ingest."""
        had: dict[str, list[int]] = {}
        for incident_id, seq in self._execute(
                db, "SELECT incident_id, report_seq FROM incident_sources WHERE "
                    f"{self.dialect.any_of('incident_id')} ORDER BY incident_id, position",
                (self.dialect.ids(sorted(ids)),)):
            had.setdefault(incident_id, []).append(seq)
        return [m for m in merged
                if m.id in redo or had.get(m.id) != [s.seq for s in m.sources]]

    def _write(self, db: Any, gen: int, block: str, merged: list[merging.Merged],
               reviews: dict[str, ReviewRecord], rowid: int | None = None,
               versions: dict[str, int] | None = None) -> None:
        """Insert merged incidents (``rowid``: the one incident's, kept by a review;
        ``versions``: the versions of those rewritten, which each go up by one)."""
        if not merged:
            return
        versions = versions or {}
        now = time.time()
        # rowids given here, so the actor rows need no look-up of their incident
        rowids = iter([rowid] if rowid is not None else self._new_rowids(db, len(merged)))
        incidents, links, actors = [], [], []
        for m in merged:
            rowid = next(rowids)
            row, names = incident_row(m, block, reviews, versions.get(m.id, 0) + 1, now)
            incidents.append(self._incident_values(rowid, row, gen))
            links += [(m.id, s.seq, i) for i, s in enumerate(m.sources)]
            actors += [(m.id, a, rowid) for a in names]
        self._insert(db, "incidents", self.incident_table_columns, incidents)
        self._insert(db, "incident_sources", SOURCE_LINK_COLUMNS, links)
        self._insert(db, "incident_actors", ACTOR_LINK_COLUMNS, actors)
