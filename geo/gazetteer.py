"""Load and validate data/gazetteer.csv; the Gazetteer facade the rest of the app calls.

    gaz = load_gazetteer()
    gaz.find(text)          -> [Mention]       place mentions with offsets (geo.matcher)
    gaz.resolve_all(text)   -> [Resolution]    one place per mention, with context (geo.resolve)
    gaz.lookup("Bel Air")   -> Resolution      one name; unresolved ones carry nearest candidates
    gaz.get(place_id)       -> Place
    gaz.contains(outer, inner) -> bool

A broken file fails with GazetteerError naming the file and line (``data/gazetteer.csv:17``).
Only csv, the standard library and the matcher are imported here, so loading stays fast.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from geo.descriptors import BY_KEY as DESCRIBED
from geo.descriptors import find_descriptors
from geo.errors import GazetteerError, where
from geo.place import EXACT, KINDS, REGION, Mention, Place, Resolution

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


class Gazetteer:
    """The place list with its text matcher and resolver."""

    def __init__(self, rows: Iterable[tuple[Place, int, str]], path: Path | str = "<memory>"):
        from geo.matcher import Matcher

        rows = list(rows)
        self.path = Path(path)
        self.places: tuple[Place, ...] = tuple(p for p, _, _ in rows)
        self._by_id = {p.id: p for p in self.places}
        self.population = {p.id: pop for p, pop, _ in rows}
        self._communes = {p.commune: p for p in self.places if p.kind == "commune"}
        self.matcher = Matcher(rows)

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place:
        """The place with this id, including derived ids ("<commune id>~delmas-30")."""
        if place_id in self._by_id:
            return self._by_id[place_id]
        if "~" in place_id:
            from geo.matcher import derive

            base, _, suffix = place_id.partition("~")
            if base in self._by_id and (place := derive(self._by_id[base], suffix)):
                return place
        raise KeyError(place_id)

    def commune_of(self, place: Place) -> Place | None:
        """The commune row a place lies in (None for departments and the country)."""
        return self._communes.get(place.commune)

    def commune_named(self, commune: str) -> Place | None:
        """The commune row of a CNIGS commune name ("Pétion-Ville")."""
        return self._communes.get(commune)

    def find(self, text: str) -> list[Mention]:
        """All place mentions in ``text``, non-overlapping, longest first, in text order."""
        names = self.matcher.find(text)
        described = find_descriptors(text, names)
        if not described:
            return names
        # A descriptor holds the country it names ("Haiti" of "Haiti's capital").
        names = [n for n in names if not any(d.start < n.end and n.start < d.end
                                              for d in described)]
        return sorted([*names, *described], key=lambda n: n.start)

    def candidates(self, mention: Mention) -> tuple[Place, ...]:
        """The places a mention may name (derived places for numbered neighbourhoods; the
        place of a descriptor such as "the capital")."""
        if mention.key in DESCRIBED:
            return (self.get(DESCRIBED[mention.key].place_id),)
        return self.matcher.candidates(mention, self)

    def resolve_all(self, text: str, mentions: list[Mention] | None = None) -> list[Resolution]:
        """Resolve each mention of ``text`` (found if not given), using the others as context."""
        from geo.resolve import resolve_all

        return resolve_all(self, text, self.find(text) if mentions is None else mentions)

    def lookup(self, name: str) -> Resolution:
        """Resolve one name as typed by a person; unresolved results name nearest candidates."""
        from geo.resolve import lookup

        return lookup(self, name)

    def contains(self, outer: Place, inner: Place) -> bool:
        """Whether ``inner`` lies inside ``outer``: the same place, a place in its country,
        department, arrondissement, commune or section, or a place derived from it."""
        if inner.id == outer.id or inner.id.startswith(outer.id + "~"):
            return True
        if outer.kind == "country":
            return True
        if outer.kind == "department":
            return inner.department == outer.department and inner.kind != "country"
        if outer.kind == "arrondissement":
            commune = self.commune_of(inner)
            return commune is not None and commune.source_id.startswith(outer.source_id)
        if outer.kind == "commune":
            return (inner.kind not in ("country", "department", "arrondissement")
                    and inner.commune == outer.commune and inner.department == outer.department)
        if outer.kind == "communal_section":
            return (inner.kind not in ("country", "department", "arrondissement", "commune")
                    and inner.section == outer.section and inner.commune == outer.commune)
        return False


    def holders(self, places: Sequence[Place]) -> set[str]:
        """Ids of the places that contain another of ``places`` (a different id), as
        :meth:`contains` says, in time linear in their number: each kind of container is
        matched by the key it contains by (department, commune, section, derived id)
        instead of against every other place; arrondissements (rare) one by one."""
        by_id = {p.id: p for p in places}
        # "a~b~c" lies in "a~b" and in "a": every proper ~-prefix of an id holds it
        derived = {"~".join(parts[:k]) for parts in (i.split("~") for i in by_id)
                   for k in range(1, len(parts))}
        keys: dict[tuple, set[str]] = {}
        for p in by_id.values():
            if p.kind != "country":
                keys.setdefault(("department", p.department), set()).add(p.id)
            if p.kind not in ("country", "department", "arrondissement"):
                keys.setdefault(("commune", p.commune, p.department), set()).add(p.id)
            if p.kind not in ("country", "department", "arrondissement", "commune"):
                keys.setdefault(("communal_section", p.section, p.commune), set()).add(p.id)
        out = set()
        for p in by_id.values():
            key = {"department": ("department", p.department),
                   "commune": ("commune", p.commune, p.department),
                   "communal_section": ("communal_section", p.section, p.commune)}.get(p.kind)
            if p.id in derived or (p.kind == "country" and len(by_id) > 1) or (
                    key is not None and keys.get(key, set()) - {p.id}) or (
                    p.kind == "arrondissement" and any(
                        o.id != p.id and self.contains(p, o) for o in by_id.values())):
                out.add(p.id)
        return out


@cache
def _load(path: Path) -> Gazetteer:
    return Gazetteer(read_rows(path), path)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default data/gazetteer.csv), validated; cached per path."""
    return _load(Path(path) if path is not None else DEFAULT_PATH)
