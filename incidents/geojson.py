"""GeoJSON (RFC 7946) output, in layers each usable alone:
record -> properties (:func:`incident_properties`) -> Feature (:func:`feature`) ->
FeatureCollection (:func:`collection`) -> text (:func:`dumps`) -> file (:func:`write`).

WGS84 longitude/latitude, no ``crs`` member (RFC 7946 §4), flat properties with ISO dates.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from incidents.model import Incident

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
    """The three layers composed for a list of incidents."""
    return collection(feature(incident_properties(i), i.lat, i.lon) for i in incidents)


def dumps(doc: dict[str, Any]) -> str:
    """UTF-8 friendly JSON text (accents kept as they are)."""
    return json.dumps(doc, ensure_ascii=False, indent=1)


def write(doc: dict[str, Any], path: str | Path) -> None:
    """Write the JSON text to ``path`` (UTF-8)."""
    Path(path).write_text(dumps(doc) + "\n", encoding="utf-8")
