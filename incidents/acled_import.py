"""Load an ACLED CSV export into the store as verified incidents, each with its source.

Columns are read by header name (ACLED reordered and renamed columns in 2023), dates as
``2024-08-28`` or ``28 August 2024``. A bad row becomes an :class:`ImportRowError` naming
``file:line`` and the field; the other rows still load, in one transaction. Rows we exported
ourselves carry ``tags`` (``haiti-map?...``) that restore our type, place id and figures.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from geo.errors import ImportRowError, where
from incidents.export.acled import TAGS_PREFIX, TIME_PRECISION
from incidents.export.csv import unneutralise
from incidents.model import Article, Extraction, Incident
from incidents.store.base import IngestReport
from incidents.taxonomy import EVENT_TYPE_KEYS
from incidents.window import check_day

REQUIRED = ("event_id_cnty", "event_date", "event_type")
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


@dataclass(frozen=True, slots=True)
class AcledImport:
    """What an import did: the store's per-row report, and the rows refused."""

    report: IngestReport
    errors: tuple[ImportRowError, ...]


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


def read_acled(path: str | Path) -> tuple[list[Extraction], list[ImportRowError]]:
    """Parse an ACLED CSV: the rows that read, and one error per row that does not."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRowError(f"{path}: cannot read an ACLED CSV: {exc}") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().casefold() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRowError(f"{where(path, 1)}: expected ACLED columns {', '.join(missing)} "
                             f"in the header, got {', '.join(header) or 'nothing'}")
    extractions, errors = [], []
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(ImportRowError(f"{where(path, start)}: expected {len(header)} cells, "
                                         f"got {len(cells)}"))
            continue
        row = {h: unneutralise(c) for h, c in zip(header, cells, strict=True)}
        try:
            extractions.append(row_extraction(row))
        except ValueError as exc:
            errors.append(ImportRowError(f"{where(path, start)}: {exc}"))
    return extractions, errors


def import_acled(store: Any, path: str | Path) -> AcledImport:
    """Load the readable rows of an ACLED CSV as verified incidents (one transaction)."""
    extractions, errors = read_acled(path)
    return AcledImport(store.ingest_extractions(extractions, verified=True), tuple(errors))
