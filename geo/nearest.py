"""The nearest of a set of places to a point: a grid index, so resolving a text stays linear.

The resolver asks, for every candidate of every ambiguous mention, which unambiguous place of
the same text (an *anchor*) is nearest. Comparing each with all anchors is quadratic: a text
naming thousands of places took minutes. :class:`PlaceIndex` keeps each place once (by id, in
first-seen order) in cells of ``CELL`` degrees and searches rings of cells outward from the
point, stopping once no closer cell is left, so a query costs the places near the point, not
all of them. A small set is scanned whole (cheaper than walking cells). Ties go to the place
seen first, as ``min`` over the list would.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable

from geo.place import Place, distance_km

CELL = 0.05  # degrees: about 5.5 km in Haiti
SCAN_BELOW = 128  # fewer places than this are scanned in full
_KM_PER_DEGREE = 111.19  # along a meridian (6371 km Earth, as distance_km)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL), math.floor(lon / CELL)


class PlaceIndex:
    """Places indexed for nearest-place queries (each place once, first-seen order kept)."""

    def __init__(self, places: Iterable[Place],
                 keep: Callable[[Place], bool] = lambda p: True) -> None:
        unique: dict[str, Place] = {}
        for p in places:
            if keep(p):
                unique.setdefault(p.id, p)
        self.places = list(unique.values())
        self._grid: dict[tuple[int, int], list[tuple[int, Place]]] = {}
        if len(self.places) >= SCAN_BELOW:
            for order, p in enumerate(self.places):
                self._grid.setdefault(_cell(p.lat, p.lon), []).append((order, p))

    def __len__(self) -> int:
        return len(self.places)

    def nearest(self, lat: float, lon: float, within_km: float = math.inf,
                exclude: Collection[str] = ()) -> tuple[float, Place] | None:
        """(km, place) of the nearest place not in ``exclude`` (ids), if one lies within
        ``within_km``; None otherwise."""
        if not self._grid or math.isinf(within_km):
            return self._scan(lat, lon, within_km, exclude)
        # A lower bound on the km per degree of longitude anywhere within a degree of lat.
        per_cell = CELL * _KM_PER_DEGREE * math.cos(math.radians(min(89.0, abs(lat) + 1.0)))
        ci, cj = _cell(lat, lon)
        best: tuple[float, int, Place] | None = None
        last_ring = int(within_km / per_cell) + 1
        for r in range(last_ring + 1):
            # Every place in ring r (cells r steps away) is at least (r - 1) cells away.
            if best is not None and (r - 1) * per_cell > best[0]:
                break
            for i, j in _ring(ci, cj, r):
                for order, p in self._grid.get((i, j), ()):
                    if p.id in exclude:
                        continue
                    d = distance_km(lat, lon, p.lat, p.lon)
                    if d <= within_km and (best is None or (d, order) < best[:2]):
                        best = (d, order, p)
        return None if best is None else (best[0], best[2])

    def _scan(self, lat: float, lon: float, within_km: float,
              exclude: Collection[str]) -> tuple[float, Place] | None:
        best: tuple[float, Place] | None = None
        for p in self.places:
            if p.id in exclude:
                continue
            d = distance_km(lat, lon, p.lat, p.lon)
            if d <= within_km and (best is None or d < best[0]):
                best = (d, p)
        return best


def _ring(ci: int, cj: int, r: int) -> Iterable[tuple[int, int]]:
    """The cells exactly ``r`` steps (Chebyshev) from (ci, cj)."""
    if r == 0:
        yield ci, cj
        return
    for j in range(cj - r, cj + r + 1):
        yield ci - r, j
        yield ci + r, j
    for i in range(ci - r + 1, ci + r):
        yield i, cj - r
        yield i, cj + r
