"""The values the geocoder passes around: places, mentions in text, resolutions."""
from __future__ import annotations

import math
from dataclasses import dataclass

# ACLED geo_precision codes, as this project uses them.
EXACT = 1  # the named neighbourhood, site or town
NEAR = 2  # part of / near a town, or a commune or communal-section centroid
REGION = 3  # a department or region

KINDS = (
    "country",
    "department",
    "arrondissement",
    "commune",
    "communal_section",
    "town",
    "neighbourhood",
    "facility",
    "road",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row."""

    id: str
    name: str
    kind: str
    department: str  # admin1, from point-in-polygon on the CNIGS boundaries
    commune: str  # admin2 (CNIGS ADM2_FR spelling); "" for departments
    lat: float
    lon: float
    geo_precision: int  # the precision a mention of this place implies (EXACT/NEAR/REGION)
    aliases: tuple[str, ...] = ()
    section: str = ""  # communal section (adm3), when known
    source: str = ""
    source_id: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names a gazetteer entry (not yet disambiguated)."""

    text: str  # the words as written
    start: int  # character offsets into the searched text
    end: int
    key: str  # the normalised form used for lookup


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one mention: a place, or a reason why none."""

    mention: Mention
    place: Place | None
    geo_precision: int | None
    reason: str  # why this place was chosen, or why nothing was
    candidates: tuple[Place, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.place is not None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points, in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))
