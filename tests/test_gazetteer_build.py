"""The committed gazetteer is exactly what the build script makes from ../shared/data."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "haiti_places_reference.csv").exists(),
                    reason="the raw open data (../shared/data) is not beside the checkout")
def test_build_reproduces_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  ROOT / "scripts" / "build_gazetteer.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--shared", str(SHARED), "--out", str(tmp_path), "--no-layers"]) == 0
    for name in ("gazetteer.csv", "foreign_places.txt"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def _tables():
    """scripts/gazetteer_build/tables.py (scripts/ is no package)."""
    import sys
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("gazetteer_build.tables")


def test_the_curated_table_is_read_from_its_csv_in_file_order():
    tables = _tables()
    assert tables.CURATED[0] == ("Bel-Air", "Belair|Bel Air|Bèlè", "neighbourhood",
                                 "ref:Bel-Air", "")
    assert [r[0] for r in tables.CURATED if r[0].startswith("Route Nationale")] == [
        "Route Nationale 1", "Route Nationale 2", "Route Nationale 3"]


@pytest.mark.parametrize(("text", "message"), [
    ("", r"curated\.csv:1: expected columns name,aliases,kind,place,why, got nothing"),
    ("name,aliases,kind\n", r"curated\.csv:1: expected columns .*, got name,aliases,kind"),
    ("name,aliases,kind,place,why\nX,,town,gn:1\n", r"curated\.csv:2: expected 5 fields, got 4"),
    ("name,aliases,kind,place,why\n,,town,gn:1,\n", r"curated\.csv:2: name: expected a place"),
    ("name,aliases,kind,place,why\nX,,hamlet,gn:1,\n", r"curated\.csv:2: kind: .*'hamlet'"),
    ("name,aliases,kind,place,why\nX,,town,gn:1,\nY,,town,geonames:2,\n",
     r"curated\.csv:3: place: expected one of ref:\.\.\., .*got 'geonames:2'"),
    ("name,aliases,kind,place,why\nX,,town,adm2:,\n", r"curated\.csv:2: place: .*'adm2:'"),
    ("name,aliases,kind,place,why\nX,,neighbourhood,adm2:Delmas,\n",
     r"curated\.csv:2: why: an unsourced point needs a reason"),
])
def test_a_bad_curated_row_names_file_line_and_field(tmp_path, text, message):
    from errors import GazetteerError

    path = tmp_path / "curated.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        _tables().read_curated(path)
