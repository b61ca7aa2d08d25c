"""The one filter definition: Filters -> an SQL WHERE clause over the incidents table.

Every query, count and export goes through :func:`where_clause`, so what is counted, shown
and exported is the same set. Dates: an incident stands for a span, event_date plus 0 days
(day precision), 6 (week) or 30 (month), as the codebook dates a window by its start; a
date range keeps every incident whose span overlaps it. Text: every word must occur
(case-insensitive) in the place, actors, note, source articles or evidence sentences.
Where the store has its trigram index (``fts``), the words of 3+ characters first pick
candidate rows through it; the LIKE conditions still decide, so the rows are the same.
The PostgreSQL store runs the same clause in psycopg's placeholder style
(pg_reading.pg_where), its LIKE conditions answered by a pg_trgm index.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from incidents.filters import Filters, review_states, search_words
from incidents.window import shift

# How far past event_date an incident's date may reach, by precision (for range overlap).
DATE_SPAN = {"day": 0, "week": 6, "month": 30}
MAX_SPAN_DAYS = max(DATE_SPAN.values())  # spans of unknown precisions are this long


def placeholders(values: Sequence) -> str:
    return ",".join("?" * len(values))


def _words(text: str) -> list[str]:
    return [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            for w in search_words(text)]


# One SQL condition per active filter: (Filters field, fn(value) -> (sql, params)).
CLAUSES: tuple[tuple[str, Callable[[Any], tuple[str, list]]], ...] = (
    # the span is at most MAX_SPAN_DAYS long, so date_start bounds the index range too
    ("date_from", lambda v: ("date_end >= ? AND date_start >= ?",
                             [v.isoformat(), shift(v, -MAX_SPAN_DAYS).isoformat()])),
    ("date_to", lambda v: ("date_start <= ?", [v.isoformat()])),
    ("event_types", lambda v: (f"event_type IN ({placeholders(v)})", list(v))),
    ("departments", lambda v: (f"department IN ({placeholders(v)})", list(v))),
    ("communes", lambda v: (f"commune IN ({placeholders(v)})", list(v))),
    ("actors", lambda v: ("rowid IN (SELECT incident_rowid FROM incident_actors WHERE actor "
                          f"IN ({placeholders(v)}))", list(v))),
    ("max_geo_precision", lambda v: ("geo_precision <= ?", [int(v)])),
    ("review", lambda v: (f"review IN ({placeholders(v)})", list(v))),
    ("text", lambda v: (" AND ".join(["search LIKE ? ESCAPE '\\'"] * len(_words(v))) or "1 = 1",
                        [f"%{w}%" for w in _words(v)])),
)


def fts_clause(text: str) -> tuple[str, list]:
    """Rows whose search text holds every word of 3+ characters, through the trigram index
    (which finds no shorter substring); "1" when there is none."""
    words = [w for w in search_words(text) if len(w) >= 3]
    if not words:
        return "1", []
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    return "rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)", [match]


def where_clause(filters: Filters | None, fts: bool = False,
                 rejected: bool = True) -> tuple[str, list]:
    """The WHERE clause (with its parameters) for a set of filters (``fts``: the store has
    the trigram index of incidents_fts). An empty review filter shows DEFAULT_REVIEW: the
    clause hides rejected incidents unless ``rejected`` says the store holds none."""
    parts, params = [], []
    filters = filters or Filters()
    if rejected and not filters.review:
        filters = replace(filters, review=review_states(filters))
    if fts and filters.text:
        sql, values = fts_clause(filters.text)
        parts.append(sql)
        params += values
    for name, clause in CLAUSES:
        value = getattr(filters, name)
        if value in (None, (), ""):
            continue
        sql, values = clause(value)
        parts.append(sql)
        params += values
    return (" WHERE " + " AND ".join(parts)) if parts else "", params
