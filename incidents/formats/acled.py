"""ACLED's CSV, out and in: the 31 columns of ACLED's current export, in their order.

Out (record -> row -> table -> file: :func:`acled_frame`, :func:`export_acled`): our types
map to ACLED's (:data:`TYPE_MAP`); what ACLED has no column for (displacement, injuries,
contingent sizes, our own type and place id) goes in ``notes`` for people and in ``tags``
(``haiti-map?key=value&...``), from which the import below restores it exactly.

In (file -> records -> row -> Extraction: :func:`read_acled`, :func:`import_acled`): verified
incidents, each with its source. Columns are read by header name (ACLED renamed some in
2023), dates as ``2024-08-28`` or ``28 August 2024``. A bad row becomes an
:class:`AcledRowError` naming ``file:line``, the field and its kind (the summary counts each
kind); the other rows still load, in one transaction. Records are read from physical lines:
a quoted field may span lines (ACLED's multi-line notes), but one whose record does not come
out with the header's number of cells is a quote error at the line it opened on, and reading
resumes on the next line, so a stray quote never swallows the rows after it.

Coordinates must be a point in Haiti (within ``geo.admin.MAX_NEAREST_KM`` of its sections):
empty ones, (0, 0), and points outside are refused. A pair in Haiti only once latitude and
longitude are exchanged is refused too, naming the swap, rather than fixed: a silent fix
would hide a file that has to be corrected at its source. Rows we exported without a place
(empty coordinates, ``haiti-map`` tags) stay unplaced.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

import pandas as pd

from errors import ImportRowError, where
from geo.admin import admin_of
from incidents.actor_table import actor_category
from incidents.filters import Filters
from incidents.formats.csv import unneutralise, write_frame
from incidents.formats.records import iso_dates
from incidents.model import Article, Extraction, Incident
from incidents.store.base import IngestReport
from incidents.taxonomy import EVENT_TYPE_KEYS
from incidents.window import check_day

# -- the format, both ways -----------------------------------------------------------------
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
TAGS_PREFIX = "haiti-map?"
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}


class AcledType(NamedTuple):
    disorder_type: str
    event_type: str
    sub_event_type: str


TYPE_MAP: dict[str, AcledType] = {
    "armed_operation": AcledType("Political violence", "Battles", "Armed clash"),
    "clash_or_attack": AcledType("Political violence", "Battles", "Armed clash"),
    "injury_or_death": AcledType("Political violence", "Battles", "Armed clash"),
    "site_recaptured": AcledType("Political violence", "Battles", "Government regains territory"),
    "site_lost": AcledType("Political violence", "Battles", "Non-state actor overtakes territory"),
    "displacement": AcledType("Strategic developments", "Strategic developments", "Other"),
    "deployment": AcledType("Strategic developments", "Strategic developments", "Other"),
    "equipment_delivery": AcledType("Strategic developments", "Strategic developments", "Other"),
    "other": AcledType("Strategic developments", "Strategic developments", "Other"),
}

ACLED_FIGURE_NOTES = ("injured", "displaced", "officers")
# What ACLED has no column for, kept in ``tags`` so the import restores it exactly.
TAG_FIELDS = (("type", "event_type"), ("place", "place"), ("place_id", "place_id"),
              ("killed", "killed"), ("injured", "injured"), ("displaced", "displaced"),
              ("officers", "officers"), ("note", "note"))
# The few characters a query string must escape (urllib.parse.parse_qsl reads them back).
_ESCAPE = str.maketrans({"%": "%25", "&": "%26", "=": "%3D", "+": "%2B", "\n": "%0A",
                         "\r": "%0D"})


# -- out: record -> row -> table -> file ---------------------------------------------------
def tags(df: pd.DataFrame) -> list[str]:
    """``haiti-map?type=...&place=...`` per incident: every field, empty ones left out."""
    columns = [[None if v is None else str(v) for v in
                df[column].astype(object).where(df[column].notna(), None).tolist()]
               for _, column in TAG_FIELDS]
    keys = [key for key, _ in TAG_FIELDS]
    return [TAGS_PREFIX + "&".join(f"{k}={v.translate(_ESCAPE)}"
                                   for k, v in zip(keys, row, strict=True) if v)
            for row in zip(*columns, strict=True)]


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "")


def acled_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The incidents of a query frame as ACLED rows, column by column."""
    if df.empty:
        return pd.DataFrame(columns=list(ACLED_COLUMNS))
    rec = iso_dates(df)
    kinds = rec["event_type"].map(lambda t: TYPE_MAP.get(t, TYPE_MAP["other"]))
    actors = rec["actors"].fillna("").str.split("; ").map(lambda a: [x for x in a if x])
    first = actors.map(lambda a: a[0] if a else "")
    second = actors.map(lambda a: a[1] if len(a) > 1 else "")
    categories = {a: actor_category(a) for a in set(first) | set(second)}
    inter1, inter2 = first.map(categories), second.map(categories)
    notes = _text(rec["evidence"])
    for key in ACLED_FIGURE_NOTES:
        has = rec[key].notna()
        notes = notes.where(~has, notes + f" [{key}: " + rec[key].astype(str) + "]")
    has = rec["conflicts"].fillna("") != ""
    notes = notes.where(~has, notes + " [sources differ: " + _text(rec["conflicts"]) + "]")
    # ACLED's timestamp is the row's last update; here the first source's date (UTC)
    stamp = pd.to_datetime(rec["article_date"].fillna(rec["event_date"]))
    out = pd.DataFrame({
        "event_id_cnty": rec["id"], "event_date": rec["event_date"],
        "year": rec["event_date"].str[:4].astype(int),
        "time_precision": rec["date_precision"].map(TIME_PRECISION).fillna(3).astype(int),
        "disorder_type": kinds.map(lambda k: k.disorder_type),
        "event_type": kinds.map(lambda k: k.event_type),
        "sub_event_type": kinds.map(lambda k: k.sub_event_type),
        "actor1": first, "assoc_actor_1": "", "inter1": inter1,
        "actor2": second, "assoc_actor_2": actors.map(lambda a: "; ".join(a[2:])),
        "inter2": inter2,
        "interaction": (inter1 + "-" + inter2).str.strip("-"),
        "civilian_targeting": "", "iso": 332, "region": "Caribbean", "country": "Haiti",
        "admin1": _text(rec["department"]), "admin2": _text(rec["commune"]), "admin3": "",
        "location": rec["place_name"].fillna(rec["place"]).fillna(""),
        "latitude": rec["lat"], "longitude": rec["lon"], "geo_precision": rec["geo_precision"],
        "source": rec["sources"].map("; ".join), "source_scale": "", "notes": notes,
        "fatalities": rec["killed"].fillna(0).astype(int), "tags": tags(rec),
        "timestamp": stamp.astype("datetime64[s]").astype("int64"),
    }, index=rec.index)
    return out[list(ACLED_COLUMNS)]


def export_acled(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as an ACLED-format CSV (bytes)."""
    return write_frame(acled_frame(store.query(filters)))


# -- in: file -> records -> row -> Extraction ----------------------------------------------
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y")
PRECISIONS = {str(v): k for k, v in TIME_PRECISION.items()}
RULE = "acled_import"

# ACLED's types back to ours: sub-event type first, then event type.
SUB_EVENT_TYPES = {
    "government regains territory": "site_recaptured",
    "non-state actor overtakes territory": "site_lost",
}
EVENT_TYPES = {
    "battles": "clash_or_attack",
    "violence against civilians": "clash_or_attack",
    "explosions/remote violence": "clash_or_attack",
    "riots": "other",
    "protests": "other",
    "strategic developments": "other",
}
# Kinds of bad row, as the summary counts them: (singular, plural).
KINDS = {
    "quote": ("quote error", "quote errors"),
    "cells": ("row with a wrong number of cells", "rows with a wrong number of cells"),
    "no_coordinates": ("row without coordinates", "rows without coordinates"),
    "zero": ("row at (0, 0)", "rows at (0, 0)"),
    "swapped": ("row with latitude and longitude swapped",
                "rows with latitude and longitude swapped"),
    "outside": ("coordinates outside Haiti", "coordinates outside Haiti"),
    "value": ("bad value", "bad values"),
}


class AcledRowError(ImportRowError):
    """A refused ACLED row; ``kind`` is a :data:`KINDS` key."""

    def __init__(self, message: str, kind: str = "value") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class AcledImport:
    """What an import did: the store's per-row report, and the rows refused."""

    report: IngestReport
    errors: tuple[ImportRowError, ...]

    def summary(self) -> str:
        """'3 bad rows: 1 quote error, 2 coordinates outside Haiti' ('0 bad rows')."""
        return bad_rows(self.errors)


def bad_rows(errors: tuple[ImportRowError, ...] | list[ImportRowError]) -> str:
    counts = Counter(getattr(e, "kind", "value") for e in errors)
    n = len(errors)
    text = f"{n} bad row{'' if n == 1 else 's'}"
    if n:
        text += ": " + ", ".join(f"{c} {KINDS[k][c != 1]}" for k, c in counts.most_common())
    return text


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        return check_day(day, "event_date")
    raise ValueError(f"event_date: expected 2024-08-28 or 28 August 2024, got {text!r}")


def _number(row: dict, key: str, kind: type, lo: float, hi: float) -> Any:
    text = row.get(key, "").strip()
    if not text:
        return None
    try:
        value = kind(float(text)) if kind is int else kind(text)
    except ValueError:
        raise ValueError(f"{key}: expected a number, got {text!r}") from None
    if not lo <= value <= hi:
        raise ValueError(f"{key}: expected {lo} to {hi}, got {text!r}")
    return value


def _event_type(row: dict, ours: dict) -> str:
    if ours.get("type") in EVENT_TYPE_KEYS:
        return ours["type"]
    sub = SUB_EVENT_TYPES.get(row.get("sub_event_type", "").strip().casefold())
    kind = sub or EVENT_TYPES.get(row["event_type"].strip().casefold())
    if kind is None:
        raise ValueError(f"event_type: expected one of ACLED's types "
                         f"({', '.join(sorted(EVENT_TYPES))}), got {row['event_type']!r}")
    return kind


def row_extraction(row: dict[str, str]) -> Extraction:
    """One ACLED row as a one-incident Extraction of a one-row 'article'."""
    tags = row.get("tags", "").strip()
    ours = dict(parse_qsl(tags[len(TAGS_PREFIX):])) if tags.startswith(TAGS_PREFIX) else {}
    event_id = row["event_id_cnty"].strip()
    if not event_id:
        raise ValueError("event_id_cnty: expected an event id, got ''")
    day = parse_date(row["event_date"])
    precision = PRECISIONS.get(row.get("time_precision", "").strip() or "1")
    if precision is None:
        raise ValueError(f"time_precision: expected 1, 2 or 3, got {row['time_precision']!r}")
    lat = _number(row, "latitude", float, -90, 90)
    lon = _number(row, "longitude", float, -180, 180)
    _check_point(lat, lon, placed_by_us=bool(ours))
    geo = _number(row, "geo_precision", int, 1, 3)
    fatalities = _number(row, "fatalities", int, 0, 10**7)
    figures = {k: int(ours[k]) for k in ("killed", "injured", "displaced", "officers")
               if k in ours}
    if "killed" not in figures and not ours and fatalities:
        figures["killed"] = fatalities  # ACLED's 0 means none reported: no stated figure
    actors = tuple(a.strip() for key in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
                   for a in row.get(key, "").split(";") if a.strip())
    location = row.get("location", "").strip()
    notes = row.get("notes", "").strip()
    source = row.get("source", "").strip()
    name = f"ACLED {event_id}"
    text = notes + (f"\n\nSource: {source}" if source else "")
    digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    article = Article(name=name, date=day, text=text, id=digest)
    incident = Incident(
        id=event_id, article=name, article_date=day, event_type=_event_type(row, ours),
        event_date=day, date_precision=precision, place=ours.get("place", location),
        place_id=ours.get("place_id"), place_name=location if lat is not None else None,
        department=row.get("admin1", "").strip() or None,
        commune=row.get("admin2", "").strip() or None, lat=lat, lon=lon, geo_precision=geo,
        actors=actors, evidence=notes, evidence_start=0, evidence_end=len(notes), rule=RULE,
        **figures)
    return Extraction(article, (incident,))


def _check_point(lat: float | None, lon: float | None, placed_by_us: bool) -> None:
    """Refuse coordinates that are no point in Haiti (see the module docstring)."""
    if lat is None or lon is None:
        if placed_by_us and lat is None and lon is None:
            return  # our own export of an incident without a place
        raise AcledRowError("latitude, longitude: expected a point in Haiti, got "
                            f"({_show(lat)}, {_show(lon)})", "no_coordinates")
    if lat == 0 and lon == 0:
        raise AcledRowError("latitude, longitude: expected a point in Haiti, got (0, 0), a "
                            "missing point written as zeros", "zero")
    if admin_of(lat, lon)[0]:
        return
    if -90 <= lon <= 90 and admin_of(lon, lat)[0]:
        raise AcledRowError(f"latitude, longitude: ({lat}, {lon}) is outside Haiti but ({lon}, "
                            f"{lat}) is in it: the columns look swapped; fix the file",
                            "swapped")
    raise AcledRowError(f"latitude, longitude: expected a point in Haiti, got ({lat}, {lon})",
                        "outside")


def _show(value: float | None) -> str:
    return "empty" if value is None else str(value)


_LINE = re.compile(r".*?(?:\r\n|\n|\r|\Z)", re.DOTALL)


def _lines(text: str) -> list[str]:
    """Physical lines, ends kept (only CR, LF and CRLF end a line, as in csv)."""
    return [m for m in _LINE.findall(text) if m]


def records(lines: list[str], width: int) -> Iterator[tuple[int, list[str] | None]]:
    """(1-based first line, cells) for each record after the header; cells is None for a
    quote error, reported at the line its quote opened on, reading resuming the next line."""
    i = 1
    while i < len(lines):
        j, quotes = i, lines[i].count('"')
        while quotes % 2 and j + 1 < len(lines):  # a quoted field goes on to the next line
            j += 1
            quotes += lines[j].count('"')
        chunk = "".join(lines[i:j + 1])
        try:
            rows = list(csv.reader([chunk], strict=True))
        except csv.Error:
            rows = None
        if quotes % 2 or rows is None or (j > i and [len(r) for r in rows] != [width]):
            yield i + 1, None
            i += 1
            continue
        yield i + 1, rows[0] if rows else []
        i = j + 1


def read_acled(path: str | Path) -> tuple[list[Extraction], list[AcledRowError]]:
    """Parse an ACLED CSV: the rows that read, and one error per row that does not."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRowError(f"{path}: cannot read an ACLED CSV: {exc}") from exc
    lines = _lines(text)
    header = [h.strip().casefold() for h in next(csv.reader(lines[:1]), [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRowError(f"{where(path, 1)}: expected ACLED columns {', '.join(missing)} "
                             f"in the header, got {', '.join(header) or 'nothing'}")
    extractions, errors = [], []
    for start, cells in records(lines, len(header)):
        if cells is None:
            errors.append(AcledRowError(
                f"{where(path, start)}: quote error: a quoted field opens on this line and "
                "does not close in a well-formed row; the row is skipped", "quote"))
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(AcledRowError(f"{where(path, start)}: expected {len(header)} cells, "
                                        f"got {len(cells)}", "cells"))
            continue
        row = {h: unneutralise(c) for h, c in zip(header, cells, strict=True)}
        try:
            extractions.append(row_extraction(row))
        except ValueError as exc:  # an AcledRowError of _check_point carries its kind
            errors.append(AcledRowError(f"{where(path, start)}: {exc}",
                                        getattr(exc, "kind", "value")))
    return extractions, errors


def import_acled(store: Any, path: str | Path) -> AcledImport:
    """Load the readable rows of an ACLED CSV as verified incidents (one transaction)."""
    extractions, errors = read_acled(path)
    return AcledImport(store.ingest_extractions(extractions, verified=True), tuple(errors))
