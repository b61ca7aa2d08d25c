"""The store's commands, run in-process through their configure() table rows."""
from __future__ import annotations

import argparse
import functools
import json

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
    assert "1 incident · displacement · 1 Jul – 31 Aug 2024" in capsys.readouterr().out


def test_unplaced_lists_names(db, capsys):
    assert run(["unplaced", "--db", str(db)]) == 0
    assert "   1  Fort Mercredi  (solino.txt)" in capsys.readouterr().out


def test_import_acled_reports_bad_rows_and_fails(db, tmp_path, capsys):
    from tests.test_acled import SAMPLE
    assert run(["import-acled", str(SAMPLE), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert f"skipped {SAMPLE}:4: event_date" in err
    assert "3 new, 0 replaced, 0 unchanged, 3 bad rows; 6 incidents in the store" in out


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
