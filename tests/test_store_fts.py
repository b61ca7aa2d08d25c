"""The free-text filter through the trigram index (migration 5) gives the same rows as the
plain LIKE scan it replaces, and the index follows every write (store/query.py)."""
from __future__ import annotations

import sqlite3

import pytest

from incidents.filters import MAX_TEXT_WORDS, Filters, clean_search, from_params
from incidents.store import open_store, schema
from tests.test_store_query import ARTICLES
from tests.test_store_support import event, line_extractor, make_article

TEXTS = (
    "solino", "SOLINO", "olin",  # a word, in capitals, inside a word
    "b.txt kenscoff", "kenscoff a.txt",  # every word must occur
    "displaced=900", "viv_ansanm", "viv%ansanm", "100%",  # LIKE wildcards are literal
    "ai", "a", "pont ai",  # words under 3 characters: no trigram, LIKE alone
    'bel"air', "zzzz", "é", "pont-sondé", "checked by mss",
)


def opened(path):
    return open_store(path, extractor=line_extractor, gazetteer=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = opened(tmp_path_factory.mktemp("fts") / "fts.db")
    s.ingest(ARTICLES)
    s.review(s.query(Filters(text="kenscoff")).id.item(), "verified", note="Checked by MSS")
    yield s
    s.close()


def test_the_store_has_the_trigram_index(store):
    assert store._fts  # this SQLite has FTS5: the indexed path is the one under test


@pytest.mark.parametrize("text", TEXTS)
def test_indexed_and_scanned_text_filters_give_the_same_rows(store, text, monkeypatch):
    indexed = store.query(Filters(text=text))
    count = store.count(Filters(text=text))
    monkeypatch.setattr(store, "_fts", False)
    scanned = store.query(Filters(text=text))
    assert list(indexed.id) == list(scanned.id)
    assert count == len(scanned) == store.count(Filters(text=text))


def test_some_texts_match_and_some_do_not(store):
    found = {t: len(store.query(Filters(text=t))) for t in TEXTS}
    assert found["olin"] == 1 and found["zzzz"] == 0 and found["a"] == 6
    assert len(store.query(Filters(text="checked by mss"))) == 1  # a reviewer's note


def test_the_index_follows_reviews_and_replaced_articles(store, tmp_path):
    s = opened(tmp_path / "w.db")
    s.ingest(ARTICLES)
    target = s.query(Filters(text="solino")).id.item()
    s.review(target, note="Quarantined")
    assert list(s.query(Filters(text="quarantined")).id) == [target]
    s.ingest([make_article("a.txt", event("displacement", "2024-06-28", "tabarre"))])
    assert s.query(Filters(text="solino")).empty
    assert len(s.query(Filters(text="tabarre"))) == 1
    # the index holds exactly what the table holds
    db = sqlite3.connect(tmp_path / "w.db")
    assert db.execute("INSERT INTO incidents_fts(incidents_fts, rank) "
                      "VALUES ('integrity-check', 1)").fetchall() == []
    s.close()


def test_without_fts5_the_migration_still_runs_and_the_scan_answers(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "has_fts", lambda conn: False)
    s = opened(tmp_path / "plain.db")
    assert not s._fts
    s.ingest(ARTICLES)
    assert len(s.query(Filters(text="olin"))) == 1
    version = s._db.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(schema.MIGRATIONS)
    s.close()


HOSTILE = {
    "999+ words": " ".join(f"w{i}" for i in range(1200)),
    "NUL": "sol\x00ino",
    "quotes": 'so"l"ino \'bel\' "" "',
    "FTS operators": "solino OR NEAR(a b) AND NOT * ^col: {x} -y + ( )",
    "control characters": "\x01\x1b[31m\u200bsolino\u202e",
    "a long word": "solino" * 5000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("fts", [True, False], ids=["indexed", "scanned"])
def test_hostile_search_text_never_raises(store, text, fts, monkeypatch):
    """Issue 10, item 10: free-text search is bounded and sanitised, so no text reaches
    SQLite as an error (OperationalError: too many terms, NUL in an FTS string)."""
    monkeypatch.setattr(store, "_fts", fts)
    found = store.query(Filters(text=text))
    assert store.count(Filters(text=text)) == len(found)


def test_nul_and_zero_width_characters_are_dropped_before_searching(store):
    """Issue 10, item 10: 'sol\\x00ino' (the URL /?text=sol%00ino) searches for 'solino'."""
    assert len(store.query(Filters(text="sol\x00ino"))) == 1
    assert len(store.query(Filters(text="sol\u200bino"))) == 1
    assert clean_search(" ".join(["a"] * 20 + [f"w{i}" for i in range(50)])).split() == [
        "a", *(f"w{i}" for i in range(MAX_TEXT_WORDS - 1))]
    assert from_params({"text": "sol%00ino".replace("%00", "\x00")}).text == "solino"


def test_the_cli_searches_hostile_text_without_a_traceback(store, tmp_path, capsys):
    """Issue 10, item 10: `export --text` with 1,200 words or FTS syntax exits 0."""
    from tests.test_store_cli import run

    for text in (HOSTILE["999+ words"], HOSTILE["FTS operators"], HOSTILE["quotes"]):
        assert run(["export", "--text", text, "--db", str(store.path),
                    "-o", str(tmp_path / "x.geojson")]) == 0
        assert "0 incidents" in capsys.readouterr().out
