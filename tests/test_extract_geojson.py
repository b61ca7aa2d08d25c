"""The layered GeoJSON writer: properties -> Feature -> FeatureCollection -> text -> file."""
from __future__ import annotations

import json
from datetime import date

import pytest

from incidents.formats.geojson import (
    PROPERTY_NAMES,
    collection,
    dumps,
    feature,
    incident_properties,
    incidents_collection,
    write,
)
from incidents.model import Incident

INC = Incident(
    id="abc", article="a.txt", article_date=date(2024, 10, 19), event_type="clash_or_attack",
    event_date=date(2024, 10, 17), date_precision="day", place="Solino", place_id="nb-1",
    place_name="Solino", department="Ouest", commune="Port-au-Prince", lat=18.55, lon=-72.32,
    geo_precision=1, killed=1, actors=("Viv Ansanm",), evidence="Gangs attacked Solino.",
    evidence_start=0, evidence_end=22, rule="clash.attack_verb")


def test_properties_are_flat_and_named_as_promised():
    props = incident_properties(INC)
    assert set(PROPERTY_NAMES) <= set(props)
    assert (props["admin1"], props["admin2"], props["event_date"]) == (
        "Ouest", "Port-au-Prince", "2024-10-17")
    assert props["actors"] == ["Viv Ansanm"] and props["injured"] is None
    assert all(not isinstance(v, dict) for v in props.values())


def test_point_is_lon_lat():
    geometry = feature({}, lat=18.55, lon=-72.32)["geometry"]
    assert geometry == {"type": "Point", "coordinates": [-72.32, 18.55]}


def test_no_point_gives_null_geometry():
    assert feature({"a": 1}, None, None) == {"type": "Feature", "geometry": None,
                                             "properties": {"a": 1}}


def test_collection_has_no_crs_and_round_trips(tmp_path):
    doc = incidents_collection([INC, INC])
    assert doc.keys() == {"type", "features"} and len(doc["features"]) == 2
    assert json.loads(dumps(doc)) == doc
    assert json.loads(dumps(collection([]))) == {"type": "FeatureCollection", "features": []}
    path = tmp_path / "out.geojson"
    write(doc, path)
    assert json.loads(path.read_text(encoding="utf-8")) == doc


def test_opens_with_geopandas(tmp_path):
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "out.geojson"
    write(incidents_collection([INC]), path)
    frame = gpd.read_file(path)
    assert list(frame["place"]) == ["Solino"]
    assert (frame.geometry.x[0], frame.geometry.y[0]) == (-72.32, 18.55)
