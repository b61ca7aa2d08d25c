"""End to end with the real extractor and gazetteer: the bundled sample articles through
``python -m incidents ingest / export / unplaced`` (in-process)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidents.__main__ import main
from incidents.store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "incidents.db"
    assert main(["ingest", str(ARTICLES), "--db", str(path)]) == 0
    return path


def test_sample_articles_ingest_and_reingest_unchanged(db, capsys):
    capsys.readouterr()
    assert main(["ingest", str(ARTICLES), "--db", str(db)]) == 0
    n = len(list(ARTICLES.glob("*.txt")))
    assert f"0 new, 0 replaced, {n} unchanged, 0 failed" in capsys.readouterr().out
    with open_store(db) as store:
        df = store.query()
        assert len(df) > 0 and df["lat"].notna().any()
        sources = store.sources(list(df["id"]))
        texts = {a.name: a for a in store.articles().itertuples()}
        assert set(sources["article"]) <= set(texts)


def test_exported_geojson_holds_what_the_store_holds(db, tmp_path):
    out = tmp_path / "all.geojson"
    assert main(["export", "--format", "geojson", "-o", str(out), "--db", str(db)]) == 0
    features = json.loads(out.read_text())["features"]
    with open_store(db) as store:
        assert [f["properties"]["id"] for f in features] == list(store.query()["id"])


def test_unplaced_command_lists_what_the_store_holds(db, capsys):
    capsys.readouterr()
    assert main(["unplaced", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    with open_store(db) as store:
        names = list(store.unplaced()["text"])
    if names:
        assert len(out.splitlines()) == 2 * len(names)
        assert all(f"  {name}  (" in out for name in names)
    else:
        assert out == "no unresolved place names\n"
