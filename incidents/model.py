"""The record every module passes around: one incident as one article reports it."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

FIGURE_KEYS = ("killed", "injured", "displaced", "officers")
DATE_PRECISIONS = ("day", "week", "month")  # ACLED time_precision 1, 2, 3


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident of one type at one place, as read from one article.

    Figures are ``None`` when the text states no number (never 0 for "unknown").
    ``lat``/``lon`` are ``None`` for an incident whose place could not be resolved.
    """

    id: str  # stable: the same article text always yields the same ids
    article: str  # file name
    article_date: date
    event_type: str  # a key of incidents.taxonomy.EVENT_TYPES
    event_date: date
    date_precision: str  # day | week | month
    place: str  # the words of the text
    place_id: str | None
    place_name: str | None
    department: str | None  # admin1
    commune: str | None  # admin2
    lat: float | None
    lon: float | None
    geo_precision: int | None  # ACLED 1/2/3
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    officers: int | None = None
    actors: tuple[str, ...] = ()
    evidence: str = ""  # the sentence, an exact substring of the article text
    evidence_start: int = 0  # offsets of the evidence in the article text
    evidence_end: int = 0
    rule: str = ""  # which rule of incidents.rules fired

    @property
    def figures(self) -> dict[str, int]:
        """The stated figures only."""
        return {k: v for k in FIGURE_KEYS if (v := getattr(self, k)) is not None}


INCIDENT_FIELDS = tuple(f.name for f in fields(Incident))


@dataclass(frozen=True, slots=True)
class Article:
    """A readable article: its text (clean, as offsets refer to it) and its date."""

    name: str  # file name, or a caller-given name for pasted text
    date: date  # publication date: relative dates count from it
    text: str
    id: str  # content hash (sha256 hex of date + text): the store's article key
    # where it was read from (a file's absolute path), "" for pasted or uploaded text: with
    # the name, what the store tells articles apart by (store.rows.article_source)
    source: str = ""


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A place-like mention the gazetteer could not resolve, kept so a user can add it."""

    article: str
    text: str  # the words as written
    sentence: str
    start: int  # offset in the article text
    reason: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one article yields."""

    article: Article
    incidents: tuple[Incident, ...]
    unplaced: tuple[Unplaced, ...] = ()
