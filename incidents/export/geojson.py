"""GeoJSON export in layers: record -> feature -> collection -> bytes, each usable alone.

RFC 7946: WGS84 longitude/latitude, no ``crs`` member; flat properties, ISO dates, and
``sources`` as a list of article names. An incident without coordinates gets a null geometry.
The per-record functions (:func:`record`, :func:`feature`, :func:`collection`) suit one
incident; :func:`export_geojson` builds the same structure column-wise for speed (100,000
incidents in well under 2 s).
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd

from incidents.export.records import iso_dates, plain_records
from incidents.filters import Filters
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


# Closes every record in pandas' JSON; cannot occur inside a string (its quote would be
# escaped), so splitting on it finds record boundaries exactly.
_END = ',"~end":0}'


def feature_texts(df: pd.DataFrame) -> list[str]:
    """The features of ``df`` as JSON texts, built column-wise (same result as
    feature(record(...)) per row, without a Python dict per incident)."""
    if df.empty:
        return []
    props = _with_extras(df)
    props["~end"] = 0
    text = props.to_json(orient="records", force_ascii=False, double_precision=10)
    records = text[1:-len(_END) - 1].split(_END + ",")
    ids = [f'"{i}"' if i.isalnum() else json.dumps(i, ensure_ascii=False) for i in props["id"]]
    lat, lon = props["lat"], props["lon"]
    # GeoJSON's order is lon, lat; float -> str is repr, the shortest exact form
    geometries = ('{"type":"Point","coordinates":[' + lon.astype(str) + "," + lat.astype(str)
                  + "]}").where(lat.notna() & lon.notna(), "null")
    # each record lost its closing brace to the split: it is the first of the two here
    return [f'{{"type":"Feature","id":{i},"geometry":{g},"properties":{p}}}}}'
            for i, g, p in zip(ids, geometries.tolist(), records, strict=True)]


def export_geojson(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as a GeoJSON FeatureCollection (UTF-8 bytes)."""
    texts = feature_texts(store.query(filters))
    return ('{"type":"FeatureCollection","features":[' + ",".join(texts) + "]}").encode()
