"""The filters every view and export shares, declared as a table.

One :class:`Filters` value describes what is shown; the store's ``query`` applies it, the
app keeps it in the URL (:func:`to_params` / :func:`from_params`), exports put it in the
file name (:func:`slug`), and :func:`caption` says it in one line.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import NamedTuple

REVIEW_STATES = ("unreviewed", "verified", "rejected")
# What an empty review filter shows: rejected incidents are hidden (map, table, every
# export) until the review filter names them.
DEFAULT_REVIEW = ("unreviewed", "verified")
# The free-text filter is cut to this many characters and words (every word is one SQL
# condition; SQLite refuses an expression of ~1,000 terms).
MAX_TEXT_CHARS = 200
MAX_TEXT_WORDS = 12


@dataclass(frozen=True, slots=True)
class Filters:
    """What to show. Empty tuples and ``None`` mean "no restriction"."""

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    max_geo_precision: int | None = None  # keep incidents at least this precise (1 is best)
    review: tuple[str, ...] = ()
    text: str = ""


class FilterSpec(NamedTuple):
    key: str  # the Filters field, and the URL query parameter
    label: str
    help: str


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec("date_from", "From", "First event date shown (inclusive)."),
    FilterSpec("date_to", "To", "Last event date shown (inclusive)."),
    FilterSpec("event_types", "Event types", "Show only these kinds of incident."),
    FilterSpec("departments", "Departments", "Show only incidents in these departments."),
    FilterSpec("communes", "Communes", "Show only incidents in these communes."),
    FilterSpec("actors", "Actors", "Show only incidents naming one of these actors."),
    FilterSpec("max_geo_precision", "Minimum precision",
               "1 = neighbourhood or site, 2 = commune or near a town, 3 = department."),
    FilterSpec("review", "Review state",
               "unreviewed, verified or rejected. Empty: unreviewed and verified; rejected "
               "incidents are shown only when chosen here."),
    FilterSpec("text", "Search", f"Words in the place, actors or evidence sentences (at most "
                                 f"{MAX_TEXT_WORDS} words, {MAX_TEXT_CHARS} characters)."),
)


def review_states(filters: Filters | None) -> tuple[str, ...]:
    """The review states a set of filters shows (an empty review filter: DEFAULT_REVIEW)."""
    return (filters.review if filters is not None else ()) or DEFAULT_REVIEW


def clean_search(text: str) -> str:
    """The free-text filter as it is applied: control and format characters (NUL,
    zero-width) dropped, duplicate words dropped, at most MAX_TEXT_WORDS words of the first
    MAX_TEXT_CHARS characters. Any text is then safe to search for."""
    kept = "".join(c for c in text[:4 * MAX_TEXT_CHARS]
                   if c.isspace() or unicodedata.category(c)[0] != "C")
    words = dict.fromkeys(kept[:MAX_TEXT_CHARS].split())
    return " ".join(list(words)[:MAX_TEXT_WORDS])


def search_words(text: str) -> list[str]:
    """The words a free-text filter looks for (casefolded, see :func:`clean_search`)."""
    return list(dict.fromkeys(clean_search(text).casefold().split()))


_TUPLE_FIELDS = {f.name for f in fields(Filters) if f.type == "tuple[str, ...]"}


def to_params(filters: Filters) -> dict[str, str]:
    """The filters as URL query parameters (only the active ones), lists comma-joined."""
    params: dict[str, str] = {}
    for spec in FILTERS:
        value = getattr(filters, spec.key)
        if value in (None, (), ""):
            continue
        params[spec.key] = ",".join(value) if spec.key in _TUPLE_FIELDS else str(value)
    return params


def from_params(params: dict[str, str | list[str]]) -> Filters:
    """Read filters back from URL query parameters; unknown or malformed values are ignored."""
    values: dict[str, object] = {}
    for spec in FILTERS:
        raw = params.get(spec.key)
        if isinstance(raw, list):
            raw = ",".join(raw)
        if not raw:
            continue
        try:
            if spec.key in _TUPLE_FIELDS:
                values[spec.key] = tuple(v for v in raw.split(",") if v)
            elif spec.key in ("date_from", "date_to"):
                values[spec.key] = date.fromisoformat(raw)
            elif spec.key == "max_geo_precision":
                values[spec.key] = int(raw)
            else:
                values[spec.key] = clean_search(raw)
        except ValueError:
            continue  # a hand-edited URL should not break the page
    return replace(Filters(), **values)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def date_span(filters: Filters) -> str:
    """'1 Jul – 31 Aug 2024', 'from 1 Jul 2024', 'until …', or '' when open."""
    a, b = filters.date_from, filters.date_to
    if a and b:
        left = f"{a.day} {a:%b}" if a.year == b.year else _day(a)
        return f"{left} – {_day(b)}"
    if a:
        return f"from {_day(a)}"
    if b:
        return f"until {_day(b)}"
    return ""


def caption(filters: Filters, count: int) -> str:
    """One line that says what is shown:
    '42 incidents · displacement, site_recaptured · Ouest · 1 Jul – 31 Aug 2024'."""
    parts = [f"{count:,} incident{'s' if count != 1 else ''}"]
    parts += [", ".join(v) for v in (filters.event_types, filters.departments,
                                     filters.communes) if v]
    if filters.actors:
        parts.append("actors: " + ", ".join(filters.actors))
    if filters.max_geo_precision is not None:
        parts.append(f"precision ≤ {filters.max_geo_precision}")
    if filters.review:
        parts.append(", ".join(filters.review))
    if filters.text:
        parts.append(f"“{filters.text}”")
    if span := date_span(filters):
        parts.append(span)
    return " · ".join(parts)


def slug(filters: Filters) -> str:
    """A file-name-safe summary of the filters, for export names."""
    params = to_params(filters)
    if not params:
        return "all"
    text = "_".join(f"{k}-{v}" for k, v in params.items())
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in text)
    return safe[:120]
