"""python -m geo: the maintainers' lookup command."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from geo.__main__ import main


def run(argv, stdin="", monkeypatch=None):
    out = io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        monkeypatch.setattr(sys, "stdout", out)
    status = main(argv)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_lookup_prints_one_json_object_per_name(monkeypatch):
    status, rows = run(["lookup", "Bel Air", "Delmas 30"], monkeypatch=monkeypatch)
    assert status == 0
    assert [r["query"] for r in rows] == ["Bel Air", "Delmas 30"]
    assert rows[0]["id"] == "ref-bel-air"
    assert set(rows[0]) >= {"query", "id", "name", "kind", "lat", "lon", "department",
                            "commune", "geo_precision"}
    assert (rows[1]["commune"], rows[1]["geo_precision"]) == ("Delmas", 2)


def test_lookup_reads_names_from_stdin(monkeypatch):
    status, rows = run(["lookup", "-"], "Gressier\n\nPont-Sonde\nXyzzyqwv\n", monkeypatch)
    assert status == 1  # one name did not resolve
    assert [r["query"] for r in rows] == ["Gressier", "Pont-Sonde", "Xyzzyqwv"]
    assert rows[1]["commune"] == "Saint-Marc"
    assert rows[2]["error"].startswith("no place named 'Xyzzyqwv'")
    assert "candidates" in rows[2]


def test_find_prints_offsets(monkeypatch):
    text = "Gangs attacked Solino and Nazon."
    status, rows = run(["find"], text, monkeypatch)
    assert status == 0
    assert [(r["query"], text[r["start"]:r["end"]]) for r in rows] == [
        ("Solino", "Solino"), ("Nazon", "Nazon")]


def test_broken_gazetteer_exits_2_with_file_and_line(tmp_path, capsys):
    bad = tmp_path / "g.csv"
    bad.write_text("id,name,kind,department,commune,lat,lon,geo_precision\n"
                   "x,X,town,Ouest,Delmas,99,-72.3,1\n", encoding="utf-8")
    assert main(["--gazetteer", str(bad), "lookup", "X"]) == 2
    assert "g.csv:2: lat 99.0 is outside Haiti" in capsys.readouterr().err


@pytest.mark.slow
def test_module_runs_as_a_program():
    done = subprocess.run([sys.executable, "-m", "geo", "lookup", "Solino"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["commune"] == "Port-au-Prince"
