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

from incidents.export.records import iso_dates, plain_records
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


# Closes every record in pandas' JSON; cannot occur inside a string (its quote would be
# escaped), so splitting on it finds record boundaries exactly.
_END = ',"~end":0}'


def feature_texts(df: pd.DataFrame) -> list[str]:
    """The features of ``df`` as JSON texts, built column-wise: the same features as
    ``feature(p, p["lat"], p["lon"]) for p in record(df)``."""
    if df.empty:
        return []
    props = _with_extras(df)
    props["~end"] = 0
    text = props.to_json(orient="records", force_ascii=False, double_precision=10)
    records = text[1:-len(_END) - 1].split(_END + ",")
    lat, lon = props["lat"], props["lon"]
    # GeoJSON's order is lon, lat; float -> str is repr, the shortest exact form
    geometries = ('{"type":"Point","coordinates":[' + lon.astype(str) + "," + lat.astype(str)
                  + "]}").where(lat.notna() & lon.notna(), "null")
    # each record lost its closing brace to the split: it is the first of the two here
    return [f'{{"type":"Feature","geometry":{g},"properties":{p}}}}}'
            for g, p in zip(geometries.tolist(), records, strict=True)]


def layered(df: pd.DataFrame) -> dict:
    """The FeatureCollection built record by record through the shared layers."""
    return collection(feature(p, p["lat"], p["lon"]) for p in record(df))


def export_geojson(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as a GeoJSON FeatureCollection (UTF-8 bytes)."""
    texts = feature_texts(store.query(filters))
    return ('{"type":"FeatureCollection","features":[' + ",".join(texts) + "]}").encode()
