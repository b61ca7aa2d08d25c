"""Loading and validating gazetteers: the committed one, a tiny fixture, broken copies."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from errors import GazetteerError
from geo.gazetteer import load_gazetteer
from geo.loader import COLUMNS, DEFAULT_PATH, read_rows
from geo.place import KINDS

TINY = Path(__file__).parent / "data" / "gazetteer" / "tiny.csv"
DATA = DEFAULT_PATH.parent


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_committed_gazetteer_loads_with_unique_ids_and_known_kinds(gaz):
    assert len(gaz) > 10_000
    assert len({p.id for p in gaz.places}) == len(gaz)
    assert {p.kind for p in gaz.places} <= set(KINDS)


def test_committed_gazetteer_has_every_department_commune_and_section(gaz):
    counts = Counter(p.kind for p in gaz.places)
    assert counts["department"] == 10
    assert counts["commune"] == 140
    assert counts["communal_section"] == 570


def test_every_commune_of_the_boundaries_is_a_row_with_the_same_spelling(gaz):
    layer = json.loads((DATA / "hti_communes.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["ADM2_FR"] for f in layer["features"]}
    assert names == {p.commune for p in gaz.places if p.kind == "commune"}


def test_unsourced_points_say_so_and_are_not_exact(gaz):
    unsourced = [p for p in gaz.places if p.source.startswith("UNSOURCED")]
    assert unsourced, "the Port-au-Prince neighbourhoods without a source point"
    assert all(p.geo_precision >= 2 for p in unsourced)


def test_load_is_cached_per_path():
    assert load_gazetteer() is load_gazetteer(DEFAULT_PATH)
    assert load_gazetteer(TINY) is not load_gazetteer()


def test_tiny_fixture_loads():
    gaz = load_gazetteer(TINY)
    assert [p.id for p in gaz.places][:2] == ["adm1-HT01", "adm2-HT0111"]
    assert gaz.get("ref-bel-air").aliases == ("Belair", "Bèlè")
    with pytest.raises(KeyError):
        gaz.get("nope")


def test_tiny_fixture_match_column_and_curated_preference():
    gaz = load_gazetteer(TINY)
    res = gaz.resolve_all("Police entered Bel Air, then Delmas 4.")
    assert [(r.mention.text, r.place.id) for r in res] == [
        ("Bel Air", "ref-bel-air"), ("Delmas 4", "adm2-HT0112~delmas-4")]
    assert [c.id for c in res[0].candidates] == ["ref-bel-air", "gn-1"]
    assert gaz.lookup("Police").place.id == "gn-2"  # match=lookup: found only when asked


def _write_broken(tmp_path: Path, line: int, field: str | None, value: str) -> Path:
    """A copy of tiny.csv with one field of one line (1-based, header = 1) changed."""
    with open(TINY, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if field is None:
        rows[line - 1] = value.split(",")
    else:
        rows[line - 1][rows[0].index(field)] = value
    out = tmp_path / "gazetteer.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return out


BROKEN_ROWS = [
    # (line, field, new value, message pattern)
    (3, "lat", "abc", r"gazetteer\.csv:3: lat must be a number, got 'abc'"),
    (3, "lat", "nan", r"gazetteer\.csv:3: lat must be finite"),
    (4, "lat", "25.5", r"gazetteer\.csv:4: lat 25\.5 is outside Haiti"),
    (4, "lon", "-60.1", r"gazetteer\.csv:4: lon -60\.1 is outside Haiti"),
    (4, "lat", "-72.3", r"gazetteer\.csv:4: lat -72\.3 is outside Haiti.*swapped"),
    (5, "id", "adm2-HT0111", r"gazetteer\.csv:5: duplicate id 'adm2-HT0111' \(first at line 3\)"),
    (5, "kind", "village", r"gazetteer\.csv:5: unknown kind 'village'"),
    (5, "name", "", r"gazetteer\.csv:5: empty name"),
    (5, "commune", "", r"gazetteer\.csv:5: empty commune"),
    (2, "department", "", r"gazetteer\.csv:2: empty department"),
    (6, "geo_precision", "4", r"gazetteer\.csv:6: geo_precision must be 1, 2 or 3, got '4'"),
    (6, "geo_precision", "x", r"gazetteer\.csv:6: geo_precision must be 1, 2 or 3"),
    (6, "match", "sometimes", r"gazetteer\.csv:6: match must be one of text, cue, lookup"),
    (4, "department", "Oest", r"gazetteer\.csv:4: unknown department 'Oest'; expected one "
                              r"of Nord, Ouest, Sud"),
    (7, "population", "-3", r"gazetteer\.csv:7: population must be a whole number"),
    (7, None, "gn-9,X,town,Sud,Aquin,,18.3,-73.4,1,,0,text,src,9,extra",
     r"gazetteer\.csv:7: more fields than the header's 14"),
]


@pytest.mark.parametrize(("line", "field", "value", "message"), BROKEN_ROWS)
def test_broken_row_names_file_and_line(tmp_path, line, field, value, message):
    path = _write_broken(tmp_path, line, field, value)
    with pytest.raises(GazetteerError, match=message):
        read_rows(path)


@pytest.mark.parametrize("column", ["lat", "kind", "id"])
def test_missing_column_names_line_1(tmp_path, column):
    text = TINY.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    keep = [i for i, c in enumerate(header) if c != column]
    lines = [",".join(r[i] for i in keep) for r in csv.reader(text)]
    path = tmp_path / "g.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=rf"g\.csv:1: missing column\(s\) {column}"):
        read_rows(path)


def test_empty_and_missing_files_fail_clearly(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"empty\.csv: the gazetteer has no rows"):
        read_rows(empty)
    with pytest.raises(GazetteerError, match=r"absent\.csv: cannot read the gazetteer"):
        read_rows(tmp_path / "absent.csv")


def test_undecodable_file_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(TINY.read_bytes().replace("Pòtoprens".encode(), "Pòtoprens".encode("latin-1")))
    with pytest.raises(GazetteerError, match=r"latin1\.csv:3: unreadable CSV: not UTF-8"):
        read_rows(path)


def test_gazetteer_error_is_a_value_error(tmp_path):
    path = _write_broken(tmp_path, 3, "lat", "abc")
    with pytest.raises(ValueError, match="lat"):
        load_gazetteer(path)
