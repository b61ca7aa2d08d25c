"""ACLED CSV: our export's columns and types, the round trip through our importer, and
the importer on ACLED's own files (tests/data/acled_sample.csv: six rows in ACLED's current
column order, both date formats, a multi-line note, and three bad rows)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from errors import ImportRowError
from incidents.filters import Filters
from incidents.formats import BY_KEY
from incidents.formats.acled import ACLED_COLUMNS, TYPE_MAP, import_acled, read_acled
from incidents.store import open_store
from tests.test_export import ARTICLES
from tests.test_store_support import line_extractor

SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"
# What a round trip keeps: everything but the bookkeeping of sources and review.
KEPT = ("event_type", "event_date", "date_precision", "place", "place_id", "place_name",
        "department", "commune", "lat", "lon", "geo_precision", "killed", "injured",
        "displaced", "officers", "actors")


@pytest.fixture
def store(location):  # on both backends
    s = open_store(location, extractor=line_extractor, gazetteer=False)
    yield s
    s.close()


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_export_has_acleds_31_columns_in_order(store):
    store.ingest(ARTICLES)
    header = next(csv.reader(io.StringIO(BY_KEY["acled"].fn(store, None).decode("utf-8-sig"))))
    assert len(ACLED_COLUMNS) == 31
    assert tuple(header) == ACLED_COLUMNS
    assert header[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert header[-3:] == ["fatalities", "tags", "timestamp"]


@pytest.mark.parametrize(("ours", "event_type", "sub_event_type"), [
    ("site_recaptured", "Battles", "Government regains territory"),
    ("site_lost", "Battles", "Non-state actor overtakes territory"),
    ("armed_operation", "Battles", "Armed clash"),
    ("clash_or_attack", "Battles", "Armed clash"),
    ("deployment", "Strategic developments", "Other"),
    ("displacement", "Strategic developments", "Other"),
])
def test_our_types_map_to_acleds(ours, event_type, sub_event_type):
    assert TYPE_MAP[ours][1:] == (event_type, sub_event_type)


def test_exported_rows_carry_what_acled_lacks_in_notes_and_tags(store):
    store.ingest(ARTICLES)
    rows = {r["location"]: r for r in rows_of(BY_KEY["acled"].fn(store, None))}
    bel_air = rows["Bel Air"]
    assert (bel_air["event_type"], bel_air["time_precision"], bel_air["fatalities"]) == (
        "Strategic developments", "2", "0")
    assert "[displaced: 1200]" in bel_air["notes"]
    assert "type=displacement" in bel_air["tags"] and "displaced=1200" in bel_air["tags"]
    tabarre = rows["Tabarre"]
    assert (tabarre["actor1"], tabarre["inter1"]) == ("Kenya MSS", "External/Other forces")
    assert (tabarre["admin1"], tabarre["admin2"], tabarre["geo_precision"]) == (
        "Ouest", "Tabarre", "2")


def test_acled_export_reads_back_in_pyogrio_field_by_field(store, tmp_path):
    store.ingest(ARTICLES)
    path = tmp_path / "acled.csv"
    path.write_bytes(BY_KEY["acled"].fn(store, Filters()))
    got = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="longitude",
                                 Y_POSSIBLE_NAMES="latitude")
    df = store.query()
    assert list(got.columns[:31]) == list(ACLED_COLUMNS)
    assert list(got["event_id_cnty"]) == list(df["id"])
    assert list(got["event_date"]) == list(df["event_date"].dt.strftime("%Y-%m-%d"))
    assert list(got["admin2"].fillna("")) == list(df["commune"].fillna(""))
    assert list(got["fatalities"].astype(int)) == list(df["killed"].fillna(0))
    assert list(got["source"]) == ["; ".join(s) for s in df["sources"]]
    placed = got[got.geometry.notna() & ~got.geometry.is_empty]
    assert list(placed.geometry.x) == list(df["lon"].dropna())  # x is the longitude


def test_acled_round_trip_gives_the_same_incidents(store, tmp_path):
    store.ingest(ARTICLES)
    path = tmp_path / "export.csv"
    path.write_bytes(BY_KEY["acled"].fn(store, Filters()))
    other = open_store(tmp_path / "other.db", gazetteer=False)
    result = import_acled(other, path)
    assert result.errors == ()
    order = ["event_date", "event_type", "place"]
    before = store.query().sort_values(order, ignore_index=True)
    after = other.query().sort_values(order, ignore_index=True)
    assert len(after) == len(before) == 5
    assert before[list(KEPT)].equals(after[list(KEPT)])
    assert set(after["review"]) == {"verified"}
    assert list(after["article"]) == [f"ACLED {i}" for i in before["id"]]
    again = import_acled(other, path)  # importing the same file again changes nothing
    assert {a.status for a in again.report} == {"unchanged"}
    assert other.count() == len(before)
    other.close()


def test_acled_file_loads_good_rows_and_names_bad_ones_by_line(store):
    result = import_acled(store, SAMPLE)
    assert [str(e) for e in result.errors] == [
        f"{SAMPLE}:4: event_date: expected 2024-08-28 or 28 August 2024, got '31/09/2024'",
        f"{SAMPLE}:7: event_type: expected one of ACLED's types (battles, explosions/remote "
        "violence, protests, riots, strategic developments, violence against civilians), "
        "got 'Weather'",
        f"{SAMPLE}:8: latitude: expected -90 to 90, got '118.58'",
    ]
    df = store.query().set_index("article")
    assert sorted(df.index) == ["ACLED HTI9001", "ACLED HTI9002", "ACLED HTI9004"]
    solino, pont_sonde, depot = (df.loc[f"ACLED HTI900{i}"] for i in (1, 2, 4))
    assert (solino.event_type, solino.killed, solino.actors) == (
        "clash_or_attack", 2, "Police Forces of Haiti (2021-); Viv Ansanm")
    # "3 October 2024" with time_precision 2
    assert (str(pont_sonde.event_date.date()), pont_sonde.date_precision) == (
        "2024-10-03", "week")
    assert (pont_sonde.commune, pont_sonde.killed, pont_sonde.review) == (
        "Saint-Marc", 70, "verified")
    assert depot.event_type == "other" and depot.evidence.endswith("looted depot")
    assert pd.isna(depot.killed)  # ACLED's 0: none stated
    src = store.sources([solino.id])
    assert src["evidence"].item().startswith("On 28 August 2024, police and MSS")


def test_columns_are_read_by_name_not_position(store, tmp_path):
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))[:2]
    shuffled = ["notes", "latitude", "event_type", "event_id_cnty", "longitude", "admin2",
                "event_date", "location", "fatalities", "time_precision", "geo_precision",
                "admin1", "actor1", "extra_column_from_2030"]
    path = tmp_path / "shuffled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, shuffled, extrasaction="ignore", restval="x")
        writer.writeheader()
        writer.writerows(rows)
    got, errors = read_acled(path)
    want, _ = read_acled(SAMPLE)
    assert errors == []
    for a, b in zip(got, want[:2], strict=True):
        ia, ib = a.incidents[0], b.incidents[0]
        assert (ia.event_type, ia.event_date, ia.lat, ia.lon, ia.commune, ia.killed) == (
            ib.event_type, ib.event_date, ib.lat, ib.lon, ib.commune, ib.killed)


@pytest.mark.parametrize(("text", "message"), [
    ("event_id_cnty,year\nHTI1,2024\n", r"bad.csv:1: expected ACLED columns event_date, "
                                        r"event_type, latitude, longitude in the header, "
                                        r"got event_id_cnty, year"),
    ("", r"bad.csv:1: expected ACLED columns event_id_cnty"),
])
def test_a_file_that_is_not_acled_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ImportRowError, match=message):
        read_acled(path)


@pytest.mark.parametrize(("actors", "expected"), [
    ("", ("", "", "", "")),
    ("actors=HNP", ("HNP", "State forces", "", "")),
    ("actors=HNP,Viv_Ansanm,MSS", ("HNP", "State forces", "Viv Ansanm", "MSS")),
])
def test_actors_fill_actor1_actor2_and_associates(store, actors, expected):
    from tests.test_store_support import event, make_article

    store.ingest([make_article("x.txt", event("clash_or_attack", "2024-08-26", "solino",
                                              "day", *[a for a in [actors] if a]))])
    row = rows_of(BY_KEY["acled"].fn(store, None))[0]
    assert (row["actor1"], row["inter1"], row["actor2"], row["assoc_actor_2"]) == expected


def _rows(*coords: tuple[str, str], note: str = "n") -> list[str]:
    """One valid ACLED line per (latitude, longitude), built from the sample's first row."""
    header, first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    cells = next(csv.reader([first]))
    names = next(csv.reader([header]))
    out = []
    for i, (lat, lon) in enumerate(coords):
        row = dict(zip(names, cells, strict=True))
        row.update(event_id_cnty=f"HTI{i}", latitude=lat, longitude=lon, notes=note)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(row.values())
        out.append(buf.getvalue()[:-1])
    return [header, *out]


def test_a_stray_quote_spoils_one_row_not_the_rows_after_it(tmp_path):
    """Issue 10, item 9: one quote-broken line swallowed rows 10-100 and the summary said
    '1 bad rows'. The broken row is named by its own line; the rest load."""
    lines = _rows(*[("18.5561", "-72.3240")] * 12)
    lines[3] = lines[3].replace(",n,", ',"n broken by a stray quote,', 1)
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    extractions, errors = read_acled(path)
    assert [str(e) for e in errors] == [
        f"{path}:4: quote error: a quoted field opens on this line and does not close in a "
        "well-formed row; the row is skipped"]
    assert len(extractions) == 11


def test_a_multiline_note_is_still_one_row_and_line_numbers_stay_true(tmp_path):
    lines = _rows(("18.5561", "-72.3240"), ("18.5561", "-72.3240"), ("0", "0"),
                  note="two\nlines")
    path = tmp_path / "multi.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    extractions, errors = read_acled(path)
    assert len(extractions) == 2 and extractions[1].incidents[0].evidence == "two\nlines"
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:6"]  # rows start on 2, 4, 6


@pytest.mark.parametrize(("lat", "lon", "kind", "message"), [
    ("", "", "no_coordinates", r"latitude, longitude: expected a point in Haiti, got "
                               r"\(empty, empty\)"),
    ("18.5", "", "no_coordinates", r"got \(18.5, empty\)"),
    ("0", "0", "zero", r"got \(0, 0\), a missing point written as zeros"),
    ("-72.324", "18.5561", "swapped", r"\(-72.324, 18.5561\) is outside Haiti but \(18.5561, "
                                      r"-72.324\) is in it: the columns look swapped"),
    ("-18.5561", "-72.324", "outside", r"expected a point in Haiti, got \(-18.5561, -72.324\)"),
    ("18.47", "-69.9", "outside", r"got \(18.47, -69.9\)"),  # Santo Domingo
])
def test_coordinates_outside_haiti_are_refused_per_row(tmp_path, lat, lon, kind, message):
    """Issue 10, item 9: empty, (0,0), swapped and out-of-Haiti coordinates were accepted
    (and the map opened on the South Atlantic)."""
    path = tmp_path / "coords.csv"
    path.write_text("\n".join(_rows(("18.5561", "-72.3240"), (lat, lon))) + "\n")
    extractions, errors = read_acled(path)
    assert len(extractions) == 1
    (error,) = errors
    assert error.kind == kind
    assert str(error).startswith(f"{path}:3: ")
    with pytest.raises(ImportRowError, match=message):
        raise error


def test_the_summary_counts_each_kind_of_bad_row(tmp_path, store):
    """Issue 10, item 9: '3 bad rows: 1 quote error, 2 coordinates outside Haiti'."""
    lines = _rows(("18.5561", "-72.3240"), ("18.5561", "-72.3240"), ("-18.5", "-72.3"),
                  ("40.7", "-74.0"))
    lines[2] = lines[2].replace(",n,", ',"n,', 1)
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n")
    result = import_acled(store, path)
    assert result.summary() == "3 bad rows: 2 coordinates outside Haiti, 1 quote error"
    assert store.count() == 1
