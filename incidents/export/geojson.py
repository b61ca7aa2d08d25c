"""GeoJSON export in layers: record -> feature -> collection -> bytes, each usable alone.

RFC 7946: WGS84 longitude/latitude, no ``crs`` member; flat properties, ISO dates, and
``sources`` as a list of article names. An incident without coordinates gets a null geometry.
"""
from __future__ import annotations

import json
from typing import Any

from incidents.export.records import incidents_and_sources, plain_records, source_lists
from incidents.filters import Filters
from incidents.store.base import EVENT_COLUMNS
from incidents.taxonomy import LABELS

PROPERTIES = tuple(c for c in EVENT_COLUMNS)


def records(df, sources) -> list[dict]:
    """Flat properties per incident: EVENT_COLUMNS, the type's label, the source list."""
    out = plain_records(df, PROPERTIES)
    for props, names in zip(out, source_lists(df, sources), strict=True):
        props["label"] = LABELS.get(props["event_type"], props["event_type"])
        props["sources"] = names
    return out


def feature(properties: dict, lat: float | None, lon: float | None) -> dict:
    """One Feature; GeoJSON orders coordinates lon, lat (the flip happens here)."""
    geometry = None if lat is None or lon is None else {
        "type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": properties.get("id"), "geometry": geometry,
            "properties": properties}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def dumps(fc: dict) -> bytes:
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_geojson(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as a GeoJSON FeatureCollection (UTF-8 bytes)."""
    df, sources = incidents_and_sources(store, filters)
    return dumps(collection([feature(p, p["lat"], p["lon"]) for p in records(df, sources)]))
