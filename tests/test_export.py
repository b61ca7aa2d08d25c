"""Every export holds exactly the filtered set and reads back, field by field, in
geopandas/pyogrio; CSV cells cannot run as formulas."""
from __future__ import annotations

import csv
import io
import json
import math
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.filters import Filters
from incidents.formats import BY_KEY, EXPORTS, export_name
from incidents.formats.csv import neutralise
from incidents.formats.records import plain_records
from incidents.store import EVENT_COLUMNS, SOURCE_COLUMNS, open_store
from tests.test_store_support import event, line_extractor, make_article

ARTICLES = [
    make_article("a.txt", "\n".join([
        event("clash_or_attack", "2024-08-26", "solino", "day", "actors=Viv_Ansanm,HNP"),
        event("injury_or_death", "2024-08-26", "solino", "day", "killed=3", "injured=2"),
        event("displacement", "2024-07-20", "bel-air", "week", "displaced=1200"),
        # hostile cells: formulas as a place name and as an actor
        event("site_lost", "2024-07-03", "=HYPERLINK(\"http://evil\")", "day",
              "actors=@SUM(A1),+cmd|calc"),
    ])),
    make_article("b.txt", "\n".join([
        event("clash_or_attack", "2024-08-25", "solino", "day", "actors=MSS"),
        event("deployment", "2024-06-25", "tabarre", "day", "officers=400", "actors=Kenya_MSS"),
    ]), "2024-08-27"),
]
FILTERS = [
    Filters(),
    Filters(date_from=date(2024, 7, 1), date_to=date(2024, 8, 31),
            event_types=("displacement",)),
    Filters(communes=("Port-au-Prince",)),
    Filters(event_types=("site_lost",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("x") / "x.db", extractor=line_extractor,
                   gazetteer=False)
    s.ingest(ARTICLES)
    s.review(s.query(Filters(event_types=("deployment",))).id.item(), "verified",
             note="-confirmed by MSS")
    yield s
    s.close()


def plain(value):
    """One cell as a comparable string: None for missing/empty, ISO for dates."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value == "" or (
            isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def assert_same_rows(got: pd.DataFrame, want: pd.DataFrame, columns=EVENT_COLUMNS):
    expected = plain_records(want, columns)
    assert len(got) == len(expected)
    rows = plain_records(got, columns) if len(got) else []
    for want, have in zip(expected, rows, strict=True):
        assert {k: plain(v) for k, v in have.items()} == {k: plain(v) for k, v in want.items()}


def read_back(data: bytes, key: str, tmp_path, layer: str | None = None) -> pd.DataFrame:
    path = tmp_path / f"out.{BY_KEY[key].extension}"
    path.write_bytes(data)
    return pyogrio.read_dataframe(path, layer=layer)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.__repr__()[:60])
@pytest.mark.parametrize("key", [e.key for e in EXPORTS if e.key != "acled"])
def test_export_reads_back_field_by_field(store, tmp_path, key, filters):
    data = BY_KEY[key].fn(store, filters)
    got = read_back(data, key, tmp_path, "incidents" if key == "gpkg" else None)
    if key == "csv":  # CSV cells come back as text, neutralised ones with their quote
        got = got.map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'") else v)
    assert_same_rows(got, store.query(filters))
    if key in ("geojson", "gpkg"):
        placed = got[got.geometry.notna() & ~got.geometry.is_empty]
        assert list(placed.geometry.x) == list(placed["lon"])  # x is the longitude
        assert list(placed.geometry.y) == list(placed["lat"])


def test_geojson_is_rfc7946_with_flat_properties_and_source_lists(store):
    fc = json.loads(BY_KEY["geojson"].fn(store, Filters()))
    assert "crs" not in fc and fc["type"] == "FeatureCollection"
    by_place = {f["properties"]["place"]: f for f in fc["features"]}
    solino = by_place["Solino"]
    assert solino["geometry"] == {"type": "Point", "coordinates": [-72.324, 18.5561]}
    hostile = by_place['=HYPERLINK("http://evil")']
    assert hostile["geometry"] is None  # not placed: no false point
    for f in fc["features"]:
        props = f["properties"]
        assert all(not isinstance(v, dict) for v in props.values())
        assert date.fromisoformat(props["event_date"]) and date.fromisoformat(
            props["article_date"])
    merged = [f["properties"] for f in fc["features"] if f["properties"]["n_sources"] == 2]
    assert [p["sources"] for p in merged] == [["b.txt", "a.txt"]]
    back = gpd.read_file(io.BytesIO(BY_KEY["geojson"].fn(store, Filters())))
    assert sorted(map(list, back["sources"])) == sorted(
        p["properties"]["sources"] for p in fc["features"])


def test_gpkg_has_an_incident_layer_and_a_source_table(store, tmp_path):
    filters = FILTERS[2]
    data = BY_KEY["gpkg"].fn(store, filters)
    path = tmp_path / "x.gpkg"
    path.write_bytes(data)
    assert [tuple(x) for x in pyogrio.list_layers(path)] == [("incidents", "Point"),
                                                            ("sources", None)]
    assert pyogrio.read_info(path, layer="incidents")["crs"] == "EPSG:4326"
    sources = pyogrio.read_dataframe(path, layer="sources")
    expected = store.sources(list(store.query(filters)["id"]))
    assert_same_rows(sources, expected, SOURCE_COLUMNS)


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), ("+cmd|calc", "'+cmd|calc"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("Solino", "Solino"), ("a=b", "a=b"), (-72.33, -72.33), (3, 3),
])
def test_csv_cells_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


@pytest.mark.parametrize("key", ["csv", "acled"])
def test_no_csv_cell_starts_a_formula(store, key):
    text = BY_KEY[key].fn(store, Filters()).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    numeric = {"-72.324", "-72.339", "-72.27"}
    assert numeric & set(cells) == numeric  # coordinates stay numbers
    for cell in cells:
        assert cell in numeric or not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(("key", "filters", "name"), [
    ("geojson", Filters(), "incidents_all.geojson"),
    ("acled", Filters(event_types=("displacement",)),
     "incidents_Displacement_acled.csv"),
])
def test_export_file_names_say_what_was_exported(key, filters, name):
    assert export_name(key, filters) == name


@pytest.mark.parametrize("key", [e.key for e in EXPORTS])
def test_an_empty_selection_exports_a_valid_empty_file(store, tmp_path, key):
    data = BY_KEY[key].fn(store, Filters(event_types=("equipment_delivery",)))
    got = read_back(data, key, tmp_path, "incidents" if key == "gpkg" else None)
    assert len(got) == 0
    if key == "gpkg":
        assert len(read_back(data, key, tmp_path, "sources")) == 0


def test_exports_are_deterministic(store):
    for spec in EXPORTS:
        assert spec.fn(store, Filters()) == spec.fn(store, Filters()), spec.key


def test_fast_geojson_equals_the_layered_record_feature_collection(store):
    from incidents.formats.geojson import layered

    assert json.loads(BY_KEY["geojson"].fn(store, None)) == layered(store.query())


@given(texts=st.lists(st.text(max_size=30) | st.sampled_from(
    ['"', "\\", ',"~end":0},', "\u2028", "\n", "é", '\\",'])))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fast_geojson_survives_any_text(store, texts):
    from incidents.formats.geojson import collection_bytes, layered

    df = store.query()
    for i, text in enumerate(texts[:len(df)]):
        df.loc[i, "evidence"] = text
        df.loc[i, "place"] = text[::-1]
    assert json.loads(collection_bytes(df)) == layered(df)
