"""Read and validate a gazetteer CSV (data/gazetteer.csv) into an Index.

The only module of geo/ that reads the gazetteer file. Every row is checked (columns, kinds,
numbers, Haiti's bounding box, match tiers, unique ids, known departments) and the first
problem raises GazetteerError naming the file and line (``data/gazetteer.csv:17: lat ...``).
Only csv and the standard library are imported here, so loading stays fast.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from errors import GazetteerError, where
from geo.index import Index, index_of
from geo.place import EXACT, KINDS, REGION, Place

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.csv"
COLUMNS = ("id", "name", "kind", "department", "commune", "section", "lat", "lon",
           "geo_precision", "aliases", "population", "match", "source", "source_id")
REQUIRED = ("id", "name", "kind", "department", "commune", "lat", "lon", "geo_precision")
NONEMPTY = ("id", "name", "kind", "lat", "lon", "geo_precision")
NO_COMMUNE = ("country", "department", "arrondissement")  # kinds above the commune
# How find() may read a row's names: "text" always (capitalised); "cue" only beside a
# locative cue ("in Descahos", "the village of X", "the X area"); "lookup" never (lookup() only).
MATCH_VALUES = ("text", "cue", "lookup")
# Haiti with a margin for its islands (Navassa is not Haitian-administered).
BBOX = {"lat": (17.9, 20.2), "lon": (-74.6, -71.5)}


def _number(raw: str, field: str, at: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise GazetteerError(f"{at}: {field} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise GazetteerError(f"{at}: {field} must be finite, got {raw!r}")
    return value


def parse_row(rec: dict[str, str], at: str) -> tuple[Place, int, str]:
    """One CSV record -> (Place, population, match), or GazetteerError at ``at``."""
    for field in NONEMPTY:
        if not (rec.get(field) or "").strip():
            raise GazetteerError(f"{at}: empty {field}")
    kind = rec["kind"].strip()
    if kind not in KINDS:
        raise GazetteerError(f"{at}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    for field, needed in (("department", kind != "country"), ("commune", kind not in NO_COMMUNE)):
        if needed and not rec[field].strip():
            raise GazetteerError(f"{at}: empty {field} (a {kind} lies in one)")
    lat, lon = _number(rec["lat"], "lat", at), _number(rec["lon"], "lon", at)
    for field, value in (("lat", lat), ("lon", lon)):
        lo, hi = BBOX[field]
        if not lo <= value <= hi:
            hint = "; lat and lon swapped?" if field == "lat" and value < 0 else ""
            raise GazetteerError(
                f"{at}: {field} {value} is outside Haiti (expected {lo} to {hi}){hint}")
    try:
        precision = int(rec["geo_precision"])
    except ValueError:
        precision = 0
    if not EXACT <= precision <= REGION:
        raise GazetteerError(f"{at}: geo_precision must be 1, 2 or 3, got "
                             f"{rec['geo_precision']!r}")
    match = (rec.get("match") or "text").strip()
    if match not in MATCH_VALUES:
        raise GazetteerError(f"{at}: match must be one of {', '.join(MATCH_VALUES)}, "
                             f"got {match!r}")
    raw_pop = (rec.get("population") or "0").strip()
    if not raw_pop.isdigit():
        raise GazetteerError(f"{at}: population must be a whole number, got {raw_pop!r}")
    aliases = tuple(a.strip() for a in (rec.get("aliases") or "").split("|") if a.strip())
    place = Place(id=rec["id"].strip(), name=rec["name"].strip(), kind=kind,
                  department=rec["department"].strip(), commune=rec["commune"].strip(),
                  lat=lat, lon=lon, geo_precision=precision, aliases=aliases,
                  section=(rec.get("section") or "").strip(),
                  source=(rec.get("source") or "").strip(),
                  source_id=(rec.get("source_id") or "").strip())
    return place, int(raw_pop), match


def shown(path: Path) -> Path:
    """The path as messages show it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def read_rows(path: Path) -> list[tuple[Place, int, str]]:
    """Read and validate every row; the first problem raises GazetteerError (file:line)."""
    path = shown(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise GazetteerError(f"{where(path)}: cannot read the gazetteer: {e.strerror}") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise GazetteerError(f"{where(path, line)}: unreadable CSV: not UTF-8 "
                             f"(byte {raw[e.start]:#x})") from e
    return _records(path, csv.DictReader(io.StringIO(text, newline="")))


def _records(path: Path, reader: csv.DictReader) -> list[tuple[Place, int, str]]:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteerError(f"{where(path, 1)}: missing column(s) {', '.join(missing)}; "
                             f"expected {', '.join(COLUMNS)}")
    rows, first_line = [], {}
    try:
        for rec in reader:
            at = where(path, reader.line_num)
            if None in rec:
                raise GazetteerError(f"{at}: more fields than the header's {len(header)}")
            place, pop, match = parse_row(rec, at)
            if place.id in first_line:
                raise GazetteerError(f"{at}: duplicate id {place.id!r} "
                                     f"(first at line {first_line[place.id]})")
            first_line[place.id] = reader.line_num
            rows.append((place, pop, match))
    except csv.Error as e:
        raise GazetteerError(f"{where(path, reader.line_num)}: unreadable CSV: {e}") from e
    if not rows:
        raise GazetteerError(f"{where(path)}: the gazetteer has no rows")
    departments = {p.department for p, _, _ in rows if p.kind == "department"}
    for place, _, _ in rows:  # a misspelt department would silently split the filters
        if departments and place.department and place.department not in departments:
            raise GazetteerError(
                f"{where(path, first_line[place.id])}: unknown department "
                f"{place.department!r}; expected one of {', '.join(sorted(departments))}")
    return rows


def load_index(path: Path) -> Index:
    """The validated index of the gazetteer at ``path``."""
    return index_of(read_rows(path), path)
