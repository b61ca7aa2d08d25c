"""What both backends store, as rows: the column orders of reports and incidents, the stable
key of a report, and a merged incident materialised with its reviews applied.

Pure functions of values; the backends (sqlite.py, postgres.py) bind them in their own
types (SQLite keeps dates as text, PostgreSQL as dates).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json

from incidents.model import FIGURE_KEYS, Article, Incident
from incidents.store import merge as merging
from incidents.store.query import DATE_SPAN, MAX_SPAN_DAYS
from incidents.store.review_edits import ReviewRecord, apply_edits, effective
from incidents.window import shift

INCIDENT_COLUMNS = (
    "id", "block", "event_type", "event_date", "date_start", "date_end", "date_precision",
    "place", "place_id", "place_name", "department", "commune", "lat", "lon", "geo_precision",
    *FIGURE_KEYS, "actors", "review", "note", "n_sources", "evidence", "article",
    "article_date", "merge_reason", "conflicts", "search", "updated_at", "sources", "version")
INCIDENT_DATES_AT = tuple(INCIDENT_COLUMNS.index(c) for c in (
    "event_date", "date_start", "date_end", "article_date"))
REPORT_FIELDS = ("article", "article_date", "event_type", "event_date", "date_precision",
                 "place", "place_id", "place_name", "department", "commune", "lat", "lon",
                 "geo_precision", *FIGURE_KEYS, "actors", "evidence", "evidence_start",
                 "evidence_end", "rule")
REPORT_COLUMNS = ("seq", "key", "article_id", "block", "extract_id", *REPORT_FIELDS, "verified")
ACTORS_AT = REPORT_FIELDS.index("actors")
# extract_id then REPORT_FIELDS is Incident's own field order: rows build it positionally
assert ("id", *REPORT_FIELDS) == tuple(f.name for f in dataclasses.fields(Incident))
DATES_AT = (1 + REPORT_FIELDS.index("article_date"), 1 + REPORT_FIELDS.index("event_date"))
ARTICLE_COLUMNS = ("id", "name", "date", "text", "ingested_at", "imported", "source")
UNPLACED_COLUMNS = ("article_id", "text", "sentence", "start", "reason")
SOURCE_LINK_COLUMNS = ("incident_id", "report_seq", "position")
ACTOR_LINK_COLUMNS = ("incident_id", "actor", "incident_rowid")

# json.dumps with options builds an encoder per call: one, reused (ingest encodes millions)
to_json = json.JSONEncoder(ensure_ascii=False).encode


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
    """The incident as reading its report back would give it (both stores keep NaN as
    NULL); ``values``: its REPORT_FIELDS."""
    nan = {f: None for f, v in zip(REPORT_FIELDS, values, strict=True) if v != v}
    return dataclasses.replace(inc, **nan) if nan else inc
