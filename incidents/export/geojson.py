"""GeoJSON export of merged incidents, on the layered writer of incidents.geojson.

RFC 7946: WGS84 longitude/latitude, no ``crs`` member; flat properties, ISO dates, and
``sources`` as a list of article names. An incident without coordinates gets a null geometry.
:func:`record` is the record layer for merged incidents (a query frame -> properties), to
compose with ``incidents.geojson.feature`` and ``collection``; :func:`export_geojson` builds
the same document column-wise for speed (no Python dict per incident).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from incidents.export.records import iso_dates, no_gc_pauses, plain_records
from incidents.filters import Filters
from incidents.geojson import collection, feature
from incidents.store.base import EVENT_COLUMNS
from incidents.taxonomy import LABELS

PROPERTIES = (*EVENT_COLUMNS, "label", "sources")


def _with_extras(df: pd.DataFrame) -> pd.DataFrame:
    out = iso_dates(df)
    out["label"] = out["event_type"].map(LABELS).fillna(out["event_type"])
    return out[list(PROPERTIES)]


def record(df: pd.DataFrame) -> list[dict]:
    """Flat properties per incident: EVENT_COLUMNS, the type's label, the source list."""
    out = plain_records(_with_extras(df), PROPERTIES)
    for props in out:
        props["sources"] = list(props["sources"])
    return out


# Markers in pandas' JSON output, turned into GeoJSON's nesting by byte replacement. A
# marker cannot occur inside a JSON string (its quotes would be escaped there), so the
# replacement touches structure only. Each record comes out as
#   {"type":"Feature","~p":0,<properties>,"~g":0,"geometry":{...}}
_OPEN = (b'"~p":0,', b'"properties":{')
_CLOSE = (b',"~g":0,', b"},")


def collection_bytes(df: pd.DataFrame) -> bytes:
    """The FeatureCollection of ``df`` as UTF-8 JSON, built column-wise: the same document
    as :func:`layered` without a Python dict per property set."""
    props = _with_extras(df)
    lat, lon = props["lat"].tolist(), props["lon"].tolist()
    props.insert(0, "type", "Feature")
    props.insert(1, "~p", 0)
    props["~g"] = 0
    # GeoJSON's order is lon, lat (NaN != NaN marks a missing coordinate)
    props["geometry"] = [{"type": "Point", "coordinates": [x, y]} if x == x and y == y
                         else None for x, y in zip(lon, lat, strict=True)]
    text = props.to_json(orient="records", force_ascii=False, double_precision=10).encode()
    text = text.replace(*_OPEN).replace(*_CLOSE)
    return b'{"type":"FeatureCollection","features":' + text + b"}"


def layered(df: pd.DataFrame) -> dict:
    """The FeatureCollection built record by record through the shared layers."""
    return collection(feature(p, p["lat"], p["lon"]) for p in record(df))


def export_geojson(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as a GeoJSON FeatureCollection (UTF-8 bytes)."""
    with no_gc_pauses():
        return collection_bytes(store.query(filters))
