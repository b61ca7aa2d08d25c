"""The store's small interface, so the app and CLI never write SQL: the embedded SQLite store
and the PostgreSQL/PostGIS team store both offer it.

The query result is a :class:`pandas.DataFrame` with the columns :data:`EVENT_COLUMNS` (one
row per merged incident); :data:`SOURCE_COLUMNS` and :data:`UNPLACED_COLUMNS` describe the
other two frames.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import pandas as pd

from errors import CrisisMapError
from incidents.filters import Filters
from incidents.model import Article, Extraction

EVENT_COLUMNS: tuple[str, ...] = (
    "id", "event_type", "event_date", "date_precision", "place", "place_id", "place_name",
    "department", "commune", "lat", "lon", "geo_precision", "killed", "injured", "displaced",
    "officers", "actors", "review", "note", "n_sources", "evidence", "article", "article_date",
    "merge_reason", "conflicts",
)
# Extra query columns: sources = the incident's source article names (a tuple, source order).
QUERY_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "sources")
SOURCE_COLUMNS: tuple[str, ...] = (
    "incident_id", "article", "article_date", "evidence", "evidence_start", "evidence_end",
    "rule",
)
UNPLACED_COLUMNS: tuple[str, ...] = ("text", "count", "articles", "example", "reason")
# history(): one row per field a review changed (at: UTC timestamp; version: the incident's
# version that change produced)
HISTORY_COLUMNS: tuple[str, ...] = ("at", "reviewer", "field", "old", "new", "version")
# needs_look(): reviews to look at again (id: pass to dismiss_look; old: the incident's
# values when it was reviewed, one readable line; at: when the review lost its incident)
LOOK_COLUMNS: tuple[str, ...] = ("id", "incident_id", "article", "at", "review", "note",
                                 "reviewer", "old")

# What review() accepts besides the state.
EDIT_KEYS: tuple[str, ...] = (
    "event_type", "event_date", "date_precision", "place_id", "killed", "injured", "displaced",
    "officers", "note",
)

Extractor = Callable[[Article], Extraction]
Progress = Callable[[int, int, str], None]  # (done, total, article name)

STATUSES = ("new", "unchanged", "replaced", "failed")


class UnknownIncident(CrisisMapError, KeyError):
    """review() or sources() named an incident id the store does not hold."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ReviewConflict(CrisisMapError, ValueError):
    """review(expected_version=N) of an incident rewritten since version N was read: by
    another reviewer, or by an ingest that merged a new report into it. Nothing saved."""


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """What ingesting one article did."""

    name: str
    status: str  # one of STATUSES
    n_incidents: int = 0
    unplaced: tuple[str, ...] = ()  # place names the gazetteer could not resolve
    error: str = ""  # why a failed article failed
    # incidents left out, one message each ('a.txt:3: event_date: expected a date from …')
    refused: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestReport:
    """Per-article outcome of one ingest batch."""

    articles: tuple[ArticleReport, ...]

    def __iter__(self):
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def by_status(self, status: str) -> tuple[ArticleReport, ...]:
        return tuple(a for a in self.articles if a.status == status)

    @property
    def failed(self) -> tuple[ArticleReport, ...]:
        return self.by_status("failed")

    @property
    def n_incidents(self) -> int:
        return sum(a.n_incidents for a in self.articles)


class Store(Protocol):
    """What every backend offers. All writes are transactional per call."""

    def ingest(self, articles: Iterable[Article | Exception],
               progress: Progress | None = None) -> IngestReport: ...

    def ingest_extractions(self, extractions: Iterable[Extraction], verified: bool = False,
                           progress: Progress | None = None) -> IngestReport: ...

    def rebuild(self, progress: Progress | None = None) -> IngestReport: ...

    def query(self, filters: Filters | None = None) -> pd.DataFrame: ...

    def sources(self, ids: Sequence[str]) -> pd.DataFrame: ...

    def review(self, incident_id: str, state: str | None = None, *,
               expected_version: int | None = None, reviewer: str = "",
               **edits: Any) -> None: ...

    def version(self, incident_id: str) -> int: ...

    def history(self, incident_id: str) -> pd.DataFrame: ...

    def needs_look(self) -> pd.DataFrame: ...

    def dismiss_look(self, look_id: int) -> None: ...

    def unplaced(self) -> pd.DataFrame: ...

    def count(self, filters: Filters | None = None) -> int: ...

    def options(self) -> dict[str, Any]: ...

    def articles(self) -> pd.DataFrame: ...

    def close(self) -> None: ...


def as_date(value: date | str) -> date:
    """A date from a date or an ISO string; ValueError names what arrived."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
