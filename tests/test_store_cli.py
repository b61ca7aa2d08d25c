"""The store's commands, run in-process through their configure() table rows."""
from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path

import pytest

from incidents.filters import REVIEW_STATES, Filters
from incidents.store import cli, open_store
from tests.test_store_support import event, line_extractor

TEXT = {
    "solino.txt": " date 2024-08-28\n" + "\n".join([
        event("clash_or_attack", "2024-08-26", "solino", "day", "actors=Viv_Ansanm"),
        event("displacement", "2024-07-20", "bel-air", "week", "displaced=1200"),
        "UNPLACED Fort Mercredi"]),
    "kenscoff.txt": " date 2024-09-02\n" + event("site_recaptured", "2024-09-01", "kenscoff"),
}


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    for name in cli.COMMANDS:
        cli.configure(name, sub.add_parser(name))
    args = parser.parse_args(argv)
    return args.run(args)


@pytest.fixture
def db(tmp_path, monkeypatch, location):
    monkeypatch.setattr(cli, "open_store", functools.partial(
        open_store, extractor=line_extractor, gazetteer=False))
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXT.items():
        (folder / name).write_text(text)
    assert run(["ingest", str(folder), "--db", location]) == 0
    return location


def test_ingest_reports_each_article(db, tmp_path, capsys):
    capsys.readouterr()
    (tmp_path / "articles" / "empty.txt").write_text("")
    assert run(["ingest", str(tmp_path / "articles"), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert "unchanged kenscoff.txt: 0 incidents" in out
    assert "0 new, 0 replaced, 2 unchanged, 1 failed; 3 incidents" in out
    assert "empty.txt: empty file" in err


def test_export_writes_exactly_the_filtered_set(db, tmp_path, capsys):
    out = tmp_path / "d.geojson"
    assert run(["export", "--from", "2024-07-01", "--to", "2024-08-31", "--type",
                "displacement", "--format", "geojson", "-o", str(out), "--db", str(db)]) == 0
    features = json.loads(out.read_text())["features"]
    assert [f["properties"]["place"] for f in features] == ["Bel Air"]
    assert "1 incident · Displacement · 1 Jul – 31 Aug 2024" in capsys.readouterr().out


def test_unplaced_lists_names(db, capsys):
    assert run(["unplaced", "--db", str(db)]) == 0
    assert "   1  Fort Mercredi  (solino.txt)" in capsys.readouterr().out


def test_import_acled_reports_bad_rows_and_fails(db, tmp_path, capsys):
    from tests.test_acled import SAMPLE
    assert run(["import-acled", str(SAMPLE), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert f"skipped {SAMPLE}:4: event_date" in err
    assert ("3 new, 0 replaced, 0 unchanged, 3 bad rows: 3 bad values; 6 incidents in the "
            "store") in out


def test_store_errors_are_one_line_with_exit_status_2(tmp_path, capsys):
    (tmp_path / "dir.db").mkdir()
    assert run(["unplaced", "--db", str(tmp_path / "dir.db")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_rebuild_re_extracts_every_article_and_keeps_reviews(db, capsys):
    with functools.partial(open_store, extractor=line_extractor, gazetteer=False)(db) as store:
        first = store.query().iloc[0]["id"]
        store.review(first, "rejected", note="duplicate")
    capsys.readouterr()
    assert run(["rebuild", "--db", str(db)]) == 0
    assert "re-extracted 2 articles" in capsys.readouterr().out
    with functools.partial(open_store, extractor=line_extractor, gazetteer=False)(db) as store:
        kept = store.query(Filters(review=REVIEW_STATES))
        assert len(kept) == 3
        assert kept.set_index("id").loc[first, "review"] == "rejected"


@pytest.mark.parametrize(("name", "fmt", "starts"), [
    ("a.csv", None, b"\xef\xbb\xbfid,"), ("a.CSV", None, b"\xef\xbb\xbfid,"),
    ("a.geojson", None, b"{"),
    ("a.json", None, b"{"), ("a.gpkg", None, b"SQLite format 3"),
    ("a.csv", "acled", b"\xef\xbb\xbfevent_id_cnty"), ("a.csv", "geojson", b"{"),
])
def test_export_format_follows_the_output_extension(db, tmp_path, name, fmt, starts):
    """Issue 10, item 13: `export -o a.csv` without --format wrote GeoJSON into the .csv."""
    out = tmp_path / name
    argv = ["export", "-o", str(out), "--db", str(db)] + (["--format", fmt] if fmt else [])
    assert run(argv) == 0
    assert out.read_bytes().startswith(starts)


def test_export_refuses_an_extension_it_cannot_read(db, tmp_path, capsys):
    """Issue 10, item 13: an unknown extension without --format is an error, not GeoJSON."""
    assert run(["export", "-o", str(tmp_path / "a.txt"), "--db", str(db)]) == 2
    assert "cannot tell the export format from the extension .txt" in capsys.readouterr().err
    assert not (tmp_path / "a.txt").exists()


@pytest.mark.parametrize(("argv", "n"), [
    (["--type", "Clash or attack"], 1), (["--type", "CLASH_OR_ATTACK"], 1),
    (["--type", "displacement,site recaptured"], 2), (["--review", "UNREVIEWED"], 3),
    (["--department", "ouest"], 3), (["--commune", "kenscoff"], 1),
    (["--actor", "viv ansanm"], 1),
])
def test_filter_values_accept_keys_and_labels_whatever_the_case(db, tmp_path, capsys, argv, n):
    """Issue 10, item 13: `--type "Clash or attack"`, `--department ouest` gave 0 incidents."""
    out = tmp_path / "a.geojson"
    assert run(["export", "-o", str(out), "--db", str(db), *argv]) == 0
    assert len(json.loads(out.read_text())["features"]) == n


@pytest.mark.parametrize(("argv", "message"), [
    (["--type", "displacment"], "Event types: unknown value 'displacment'; expected one of: "
                                "armed_operation (Security operation), clash_or_attack"),
    (["--review", "verfied"], "Review state: unknown value 'verfied'; expected one of: "
                              "unreviewed, verified, rejected"),
    (["--department", "Nord-Est"], "Departments: unknown value 'Nord-Est'; expected one of: "
                                   "Ouest"),
])
def test_an_unknown_filter_value_is_an_error_listing_the_valid_ones(db, tmp_path, capsys,
                                                                    argv, message):
    """Issue 10, item 13: `--type displacment`, `--review verfied` gave 0 incidents, exit 0."""
    out = tmp_path / "a.geojson"
    assert run(["export", "-o", str(out), "--db", str(db), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_cli_ingest_leaves_a_current_snapshot_for_open_apps(db, tmp_path):
    """Issue 10, item 12: after a CLI write an open app reloaded every incident from SQLite
    while its sessions waited; the CLI now leaves the snapshot of the new generation, which
    the app's store loads instead."""
    from incidents.store import is_postgres, snapshot

    if is_postgres(db):
        pytest.skip("a team store's snapshot is in the machine's cache folder (pg_reading)")
    path = snapshot.path_for(Path(db))
    before = path.stat().st_mtime_ns if path.exists() else 0
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "tabarre.txt").write_text(" date 2024-09-03\n" + event(
        "clash_or_attack", "2024-09-02", "tabarre"))
    assert run(["ingest", str(folder), "--db", str(db)]) == 0
    assert path.exists() and path.stat().st_mtime_ns > before


def test_batch_extraction_steps_back_behind_the_app_once_not_cumulatively():
    """Issue 10, item 12: a CLI ingest competed with the app's sessions as an equal. Ingest
    and rebuild now lower their priority to --nice (default 10), never below it again."""
    import subprocess
    import sys

    code = ("import os; from incidents.store.cli import _step_back; base = os.nice(0); "
            "to = min(base + 3, 19); _step_back(to); _step_back(to); _step_back(to - 2); "
            "print(os.nice(0) == to, to > base)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.split()[0] == "True"
    if out.stdout.split()[1] != "True":
        pytest.skip("the tests already run at the lowest priority")
