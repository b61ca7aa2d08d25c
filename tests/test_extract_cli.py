"""``python -m incidents extract``: files and folders in, GeoJSON out, failures listed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from incidents.__main__ import main

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_extracts_a_folder(tmp_path, capsys):
    out = tmp_path / "out.geojson"
    assert main(["extract", str(ARTICLES), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    names = {f["properties"]["article"] for f in doc["features"]}
    assert "a06_liancourt_operation.txt" in names and "a03_decoys_only.txt" not in names
    assert "crs" not in doc
    assert "unreadable" not in capsys.readouterr().err


def test_unreadable_articles_are_listed_and_the_status_says_so(tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(ARTICLES / "a07_arcahaie_flight.txt", folder)
    (folder / "b_undated.txt").write_text("Gangs attacked Cabaret.", encoding="utf-8")
    (folder / "c_binary.txt").write_bytes(b"\x00\xff\x00")
    out = tmp_path / "out.geojson"
    assert main(["extract", str(folder), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "b_undated.txt: no date" in err and "c_binary.txt: binary" in err
    assert "2 unreadable" in err
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["article"] for f in features} == {"a07_arcahaie_flight.txt"}


def test_caller_date_for_plain_text(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Gangs attacked Cabaret on Monday.", encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["extract", str(plain), "-o", str(out), "--date", "2025-03-05"]) == 0
    (props,) = [f["properties"] for f in json.loads(out.read_text())["features"]]
    assert (props["event_date"], props["admin2"]) == ("2025-03-03", "Cabaret")


def test_progress_bar_on_long_batches_only(tmp_path, capsys, monkeypatch):
    from incidents.extract import cli as cli_extract
    out = tmp_path / "out.geojson"
    assert main(["extract", str(ARTICLES), "-o", str(out)]) == 0
    assert "article/s" not in capsys.readouterr().err  # done within the delay: no bar
    monkeypatch.setattr(cli_extract, "PROGRESS_DELAY", 0)
    assert main(["extract", str(ARTICLES), "-o", str(out)]) == 0
    assert "article/s" in capsys.readouterr().err


def test_missing_input_and_unwritable_output(tmp_path, capsys):
    out = tmp_path / "out.geojson"
    assert main(["extract", str(tmp_path / "nope.txt"), "-o", str(out)]) == 1
    assert "nope.txt: cannot read" in capsys.readouterr().err
    bad_out = tmp_path / "no" / "such" / "dir" / "out.geojson"
    assert main(["extract", str(ARTICLES / "a07_arcahaie_flight.txt"), "-o", str(bad_out)]) == 2
    assert "cannot write" in capsys.readouterr().err
