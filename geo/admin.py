"""Which department, commune and communal section a point lies in.

Uses the simplified CNIGS 2018 sections layer committed under data/ (each section carries its
commune and department). Points that fall just outside every polygon (on the coast, or in a
gap left by simplification) get the nearest section, within ``MAX_NEAREST_KM``; points
farther away are not in Haiti and get empty names. The layer is read on first use with json
and shapely only (no geopandas), so importing this module costs nothing.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import shapely

SECTIONS_PATH = Path(__file__).resolve().parent.parent / "data" / "hti_sections.geojson"
MAX_NEAREST_KM = 25.0
_KM_PER_DEGREE = 111.0


@cache
def _layer(path: Path = SECTIONS_PATH) -> tuple[shapely.STRtree, list[tuple[str, str, str]]]:
    with open(path, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    names = [(f["properties"]["ADM1_FR"], f["properties"]["ADM2_FR"],
              f["properties"]["ADM3_FR"]) for f in features]
    return shapely.STRtree(geoms), names


def admin_of(lat: float, lon: float) -> tuple[str, str, str]:
    """(department, commune, section) of a point, CNIGS spellings; ("", "", "") outside Haiti."""
    tree, names = _layer()
    point = shapely.Point(lon, lat)  # shapely: x = lon, y = lat
    hits = tree.query(point, predicate="intersects")
    if len(hits):
        return names[int(min(hits))]
    index, distance = tree.query_nearest(point, return_distance=True)
    if len(index) and distance[0] * _KM_PER_DEGREE <= MAX_NEAREST_KM:
        return names[int(index[0])]
    return ("", "", "")
