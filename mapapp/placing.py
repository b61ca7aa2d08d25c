"""How a reviewer sets an incident's place: by name, with the matcher ``python -m geo lookup``
uses (numbered neighbourhoods such as "Delmas 32", accents, aliases), or by a point (a click on
the map, or typed lat/lon) turned into the gazetteer place it falls on, at the precision the
point implies.

The store keeps a reviewed place as a gazetteer place (a snapshot of it survives a rebuild),
so a point becomes the nearest named place close enough to stand for it, else the communal
section or commune it lies in: never an invented spot. Pure functions (the gazetteer in,
places out); the Review page draws them.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from geo.place import Place

POINT_KINDS = ("neighbourhood", "facility", "town", "road")  # places that are a spot
NEAR_KM = {3: 0.3, 2: 1.5}  # decimals typed -> how far the nearest spot may be


class Choice(NamedTuple):
    place: Place
    geo_precision: int
    reason: str


def find_places(gazetteer, text: str, limit: int = 8) -> list[Choice]:
    """What the reviewer's words name: the matcher's answer first, then its candidates."""
    text = text.strip()
    if not text:
        return []
    res = gazetteer.lookup(text)
    out = []
    if res.place is not None:
        out.append(Choice(res.place, res.geo_precision or res.place.geo_precision, res.reason))
    why = "another reading" if out else f"not found ({res.reason}); a near spelling"
    for c in res.candidates:
        if all(c.id != o.place.id for o in out):
            out.append(Choice(c, c.geo_precision, why))
    return out[:limit]


def decimals_of(text: str) -> int:
    """Decimal places typed in a coordinate ("18.5448" -> 4); a click counts as many."""
    _, _, frac = text.strip().partition(".")
    return len(frac.rstrip())


def implied_precision(decimals: int) -> int:
    """ACLED geo_precision a coordinate's decimals support: 3+ (about 100 m or better) can
    name a spot, 2 (about 1 km) a commune or section, fewer only a region."""
    return 1 if decimals >= 3 else 2 if decimals == 2 else 3


class _Index(NamedTuple):
    places: list[Place]
    lat: np.ndarray
    lon: np.ndarray


_INDEX: dict[int, _Index] = {}


def _spots(gazetteer) -> _Index:
    key = id(gazetteer)
    if key not in _INDEX:
        places = [p for p in gazetteer.places if p.kind in POINT_KINDS]
        _INDEX[key] = _Index(places, np.array([p.lat for p in places]),
                             np.array([p.lon for p in places]))
    return _INDEX[key]


def _km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Approximate distances in km (equirectangular: fine within a few km)."""
    dy = (lats - lat) * 111.2
    dx = (lons - lon) * 111.2 * np.cos(np.radians(lat))
    return np.hypot(dx, dy)


def place_at(gazetteer, lat: float, lon: float, decimals: int = 6) -> Choice | None:
    """The gazetteer place a point stands for: the nearest spot within reach when the point
    is precise enough, else the communal section, commune or department it lies in; None
    outside Haiti."""
    from geo.admin import admin_of

    precision = implied_precision(decimals)
    if precision == 1:
        index = _spots(gazetteer)
        if len(index.places):
            dist = _km(lat, lon, index.lat, index.lon)
            i = int(np.argmin(dist))
            if dist[i] <= NEAR_KM[3 if decimals >= 3 else 2]:
                return Choice(index.places[i], index.places[i].geo_precision,
                              f"the nearest place, {dist[i]:.2f} km from the point")
    department, commune, section = admin_of(lat, lon)
    if not department:
        return None
    kinds = (("communal_section", section, commune), ("commune", commune, commune),
             ("department", department, ""))
    for kind, name, in_commune in kinds[0 if precision <= 2 else 2:]:
        for p in gazetteer.places:
            if p.kind == kind and p.name == name and (not in_commune or p.commune == in_commune
                                                      or kind == "department"):
                return Choice(p, max(p.geo_precision, 2 if kind != "department" else 3),
                              f"the {kind.replace('_', ' ')} the point lies in")
    return None
