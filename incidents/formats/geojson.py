"""GeoJSON (RFC 7946), in layers each usable alone:
record -> Feature (:func:`feature`) -> FeatureCollection (:func:`collection`) -> text
(:func:`dumps`) -> file (:func:`write`, or bytes: :func:`export_geojson`).

Two records feed the same layers: an extracted :class:`~incidents.model.Incident`
(:func:`incident_properties`, what ``python -m incidents extract`` writes, one feature per
incident and article) and a merged incident of the store (:func:`record`, a query frame's
row: EVENT_COLUMNS, the type's label and ``sources`` as a list of article names).
:func:`collection_bytes` builds the store's document column-wise for speed (no Python dict
per incident); :func:`layered` is the same document through the layers.

WGS84 longitude/latitude, no ``crs`` member (RFC 7946 §4), flat properties with ISO dates;
an incident without coordinates gets a null geometry.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from incidents.filters import Filters
from incidents.formats.records import iso_dates, no_gc_pauses, plain_records
from incidents.model import Incident
from incidents.store.base import EVENT_COLUMNS
from incidents.taxonomy import LABELS

# -- record: an extracted incident ---------------------------------------------------------
PROPERTY_NAMES = ("article", "event_type", "event_date", "date_precision", "place",
                  "place_name", "place_id", "admin1", "admin2", "geo_precision", "killed",
                  "injured", "displaced", "officers", "actors", "evidence", "rule")


def incident_properties(inc: Incident) -> dict[str, Any]:
    """The flat properties of one incident (admin1 = department, admin2 = commune)."""
    return {
        "id": inc.id, "article": inc.article, "event_type": inc.event_type,
        "event_date": inc.event_date.isoformat(), "date_precision": inc.date_precision,
        "place": inc.place, "place_name": inc.place_name, "place_id": inc.place_id,
        "admin1": inc.department, "admin2": inc.commune, "geo_precision": inc.geo_precision,
        "killed": inc.killed, "injured": inc.injured, "displaced": inc.displaced,
        "officers": inc.officers, "actors": list(inc.actors), "evidence": inc.evidence,
        "evidence_start": inc.evidence_start, "evidence_end": inc.evidence_end, "rule": inc.rule,
    }


# -- record: a merged incident of the store ------------------------------------------------
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


# -- feature and collection ----------------------------------------------------------------
def feature(properties: dict[str, Any], lat: float | None, lon: float | None) -> dict[str, Any]:
    """A Feature with a Point geometry, or a null geometry when the place has no point."""
    geometry = None
    if lat is not None and lon is not None:
        # GeoJSON's order flips here: coordinates are [longitude, latitude].
        geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection (no ``crs`` member: RFC 7946 coordinates are always WGS84)."""
    return {"type": "FeatureCollection", "features": list(features)}


def incidents_collection(incidents: Iterable[Incident]) -> dict[str, Any]:
    """The layers composed for a list of extracted incidents."""
    return collection(feature(incident_properties(i), i.lat, i.lon) for i in incidents)


def layered(df: pd.DataFrame) -> dict:
    """The FeatureCollection of a query frame, built record by record through the layers."""
    return collection(feature(p, p["lat"], p["lon"]) for p in record(df))


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


# -- text and file -------------------------------------------------------------------------
def dumps(doc: dict[str, Any]) -> str:
    """UTF-8 friendly JSON text (accents kept as they are)."""
    return json.dumps(doc, ensure_ascii=False, indent=1)


def write(doc: dict[str, Any], path: str | Path) -> None:
    """Write the JSON text to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(doc) + "\n", encoding="utf-8")


def export_geojson(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as a GeoJSON FeatureCollection (UTF-8 bytes)."""
    with no_gc_pauses():
        return collection_bytes(store.query(filters))
