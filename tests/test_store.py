"""The store's contract, on both backends (the ``location`` fixture: a SQLite file, a fresh
PostgreSQL database): idempotent ingest, replacement, failures, unplaced names, the query's
columns and types. Then what is SQLite's own: the file, its mode and schema version."""
from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from errors import ArticleError, StoreError
from incidents.filters import Filters
from incidents.store import EVENT_COLUMNS, default_store_path, open_store
from incidents.store.schema import MIGRATIONS
from tests.test_store_support import event, line_extractor, make_article

A1 = make_article("a1.txt", "\n".join([
    event("clash_or_attack", "2024-08-26", "solino", "day", "actors=Viv_Ansanm"),
    event("injury_or_death", "2024-08-26", "solino", "day", "killed=3"),
    event("displacement", "2024-08-20", "bel-air", "week", "displaced=1200"),
    "UNPLACED Fort Mercredi",
]))
A2 = make_article("a2.txt", "\n".join([
    event("site_recaptured", "2024-07-11", "kenscoff", "day", "actors=HNP,MSS"),
    "UNPLACED fort mercredi",
    "UNPLACED Nan Bannann",
]), day="2024-07-12")


@pytest.fixture
def store(location):
    s = open_store(location, extractor=line_extractor, gazetteer=False)
    yield s
    s.close()


def test_open_creates_file_in_wal_mode_with_current_schema(tmp_path):
    path = tmp_path / "new" / "incidents.db"
    open_store(path, extractor=line_extractor).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize(("env", "expected"), [
    (None, "data/incidents.db"),
    ("/tmp/elsewhere.db", "/tmp/elsewhere.db"),
    ("postgresql://team@db.example/incidents", "postgresql://team@db.example/incidents"),
])
def test_default_store_path_reads_the_environment(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("HAITI_MAP_DB", raising=False)
    else:
        monkeypatch.setenv("HAITI_MAP_DB", env)
    assert str(default_store_path()) == expected


def test_store_written_by_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match=r"future.db: schema version \d+ is newer"):
        open_store(path)


def test_unopenable_path_is_a_store_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match=r"dir\.db: cannot open the incident store"):
        open_store(tmp_path / "dir.db")


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(StoreError, match=r"notes\.db: cannot open the incident store: file is "
                                         r"not a database"):
        open_store(path)
    assert path.read_bytes().startswith(b"these are my notes")


def test_query_returns_the_event_columns_typed(store):
    store.ingest([A1, A2])
    df = store.query()
    assert tuple(df.columns) == (*EVENT_COLUMNS, "sources")
    assert len(df) == store.count() == 4
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert {str(df[k].dtype) for k in ("killed", "injured", "displaced", "officers")} == {"Int64"}
    row = df[df.event_type == "injury_or_death"].iloc[0]
    assert (row.killed, row.place_name, row.commune, row.review) == (
        3, "Solino", "Port-au-Prince", "unreviewed")
    assert pd.isna(row.injured)
    assert df.loc[df.event_type == "site_recaptured", "actors"].item() == "HNP; MSS"


def test_reingesting_the_same_articles_changes_nothing(store):
    first = store.ingest([A1, A2])
    before = store.query()
    again = store.ingest([A2, A1])
    assert [a.status for a in first] == ["new", "new"]
    assert [a.status for a in again] == ["unchanged", "unchanged"]
    pd.testing.assert_frame_equal(store.query(), before)
    assert len(store.articles()) == 2


def test_edited_article_replaces_its_old_incidents(store):
    store.ingest([A1])
    edited = make_article("a1.txt", event("clash_or_attack", "2024-08-27", "tabarre"))
    report = store.ingest([edited])
    assert [(a.status, a.n_incidents) for a in report] == [("replaced", 1)]
    df = store.query()
    assert df[["event_type", "place_name"]].values.tolist() == [["clash_or_attack", "Tabarre"]]
    assert list(store.articles()["id"]) == [edited.id]
    assert store.unplaced().empty  # the old version's unplaced names went with it


def test_bad_articles_are_reported_and_the_others_stored(store):
    crashing = make_article("boom.txt", "EVENT BOOM")
    unreadable = ArticleError("data/bad.txt: expected a first line ' date YYYY-MM-DD'")
    report = store.ingest([A1, unreadable, crashing, A2])
    assert [a.status for a in report] == ["new", "failed", "failed", "new"]
    assert "expected a first line" in report.articles[1].error
    assert report.articles[2].error == "RuntimeError: extractor crashed on purpose"
    assert report.articles[2].name == "boom.txt"
    assert store.count() == 4


def test_unplaced_names_are_listed_with_counts(store):
    report = store.ingest([A1, A2])
    assert report.articles[0].unplaced == ("Fort Mercredi",)
    df = store.unplaced()
    assert df.values.tolist() == [
        ["Fort Mercredi", 2, "a1.txt; a2.txt", "UNPLACED Fort Mercredi", "not in the gazetteer"],
        ["Nan Bannann", 1, "a2.txt", "UNPLACED Nan Bannann", "not in the gazetteer"],
    ]


def test_sources_list_evidence_with_offsets(store):
    store.ingest([A2])
    inc = store.query().iloc[0]
    src = store.sources([inc.id])
    assert src[["article", "rule"]].values.tolist() == [["a2.txt", "test_rule"]]
    start, end = src.loc[0, "evidence_start"], src.loc[0, "evidence_end"]
    assert A2.text[start:end] == src.loc[0, "evidence"] == inc.evidence


def test_options_describe_the_stored_values(store):
    store.ingest([A1, A2])
    opts = store.options()
    assert opts["departments"] == ["Ouest"]
    assert opts["communes"] == ["Kenscoff", "Port-au-Prince"]
    assert opts["actors"] == ["HNP", "MSS", "Viv Ansanm"]
    assert opts["event_types"] == ["clash_or_attack", "displacement", "injury_or_death",
                                   "site_recaptured"]
    assert (str(opts["min_date"]), str(opts["max_date"])) == ("2024-07-11", "2024-08-26")


def test_query_sees_writes_made_through_another_connection(store, location):
    store.ingest([A1])
    assert len(store.query()) == 3  # loads the in-memory copy
    other = open_store(location, extractor=line_extractor, gazetteer=False)
    other.ingest([A2])
    other.review(other.query().id[0], "verified")
    other.close()
    df = store.query()
    assert len(df) == 4
    assert list(df["review"]).count("verified") == 1


@pytest.mark.parametrize("filters", [None, Filters(event_types=("displacement",))])
def test_changing_a_query_result_does_not_change_the_store(store, filters):
    store.ingest([A1])
    df = store.query(filters)
    df.loc[0, "place"] = "changed"
    df["killed"] = 99
    again = store.query(filters)
    assert "changed" not in set(again["place"]) and 99 not in set(again["killed"].dropna())


def test_progress_is_called_per_article(store):
    calls = []
    store.ingest([A1, A2], progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(1, 2, "a1.txt"), (2, 2, "a2.txt")]
