"""The columnar snapshot of the incidents and the cold query path (store/snapshot.py)."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from incidents.filters import Filters
from incidents.store import open_store, reading, snapshot
from tests.test_store_support import event, line_extractor, make_article

A1 = make_article("a1.txt", "\n".join([
    event("displacement", "2024-08-28", "solino", "day", "displaced=300"),
    event("armed_operation", "2024-08-27", "bel-air", "day", "actors=HNP"),
    event("site_lost", "2024-07-01", "pont-sonde", "week")]))
A2 = make_article("a2.txt", event("clash_or_attack", "2024-08-29", "tabarre"), "2024-08-29")
FILTERS = (None, Filters(event_types=("displacement",)), Filters(text="solino"),
           Filters(actors=("HNP",)), Filters(departments=("Artibonite",)))


def opened(path):
    return open_store(path, extractor=line_extractor, gazetteer=False)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "incidents.db"
    with opened(p) as s:
        s.ingest([A1])
    return p


def test_full_load_writes_a_snapshot_a_new_process_reads(path):
    with opened(path) as s:
        expected = s.query()
    assert snapshot.path_for(path).exists()
    with opened(path) as s:
        pd.testing.assert_frame_equal(s.query(), expected)


# What another connection does between two openings; the new opening must see it.
WRITES = (
    ("ingest", lambda s: s.ingest([A2])),
    ("review", lambda s: s.review(s.query().id.iloc[0], "rejected", note="wrong place")),
    ("edit that removes an article", lambda s: s.ingest([make_article("a1.txt", "")])),
)


@pytest.mark.parametrize("write", [w for _, w in WRITES], ids=[k for k, _ in WRITES])
def test_a_stale_snapshot_is_never_read(path, write):
    with opened(path) as s:
        s.query()  # loads and snapshots
    with opened(path) as s:
        write(s)
        expected = s.query()
    with opened(path) as s:
        pd.testing.assert_frame_equal(s.query(), expected)


def test_a_new_store_at_the_same_path_ignores_the_old_snapshot(path):
    with opened(path) as s:
        s.query()
    for p in path.parent.glob("incidents.db*"):
        if not p.name.endswith(".arrow"):
            p.unlink()
    with opened(path) as s:
        s.ingest([A2])
        assert list(s.query().article) == ["a2.txt"]


@pytest.mark.parametrize("damage", [b"", b"not arrow at all"], ids=["empty", "garbage"])
def test_a_damaged_snapshot_is_rebuilt(path, damage):
    with opened(path) as s:
        expected = s.query()
    snapshot.path_for(path).write_bytes(damage)
    with opened(path) as s:
        pd.testing.assert_frame_equal(s.query(), expected)


@pytest.mark.parametrize("filters", FILTERS)
def test_a_cold_query_reads_the_same_rows_as_the_loaded_copy(path, filters):
    with opened(path) as s:
        s.ingest([A2])
        cold = s.query(filters)  # few rows, nothing loaded: straight from SQLite
        s.query()
        warm = s.query(filters)
    pd.testing.assert_frame_equal(cold, warm)
    assert len(cold) > 0


# A review of a loaded store patches its copy (in place when rowid and date stay); the
# result must be what a fresh load of the database gives.
REVIEWS = (
    ("state", {"state": "verified"}),
    ("note and figure", {"state": "rejected", "note": "double count", "killed": 4}),
    ("figure corrected", {"displaced": 250}),
    ("new event type", {"event_type": "other"}),
    ("date moved", {"event_date": "2024-06-30"}),
    ("precision", {"date_precision": "month"}),
)


@pytest.mark.parametrize("edits", [e for _, e in REVIEWS], ids=[k for k, _ in REVIEWS])
@pytest.mark.parametrize("from_snapshot", [False, True], ids=["from-sqlite", "from-snapshot"])
def test_a_review_patches_the_loaded_copy_like_a_fresh_load(path, edits, from_snapshot):
    if from_snapshot:
        with opened(path) as s:
            s.query()
    with opened(path) as s:
        s.ingest([A2])
        before = s.query()
        target = before.id[before.event_type == "displacement"].iloc[0]
        s.review(target, **edits)
        patched = s.query()
    with opened(path) as s:
        fresh = s.query()
    pd.testing.assert_frame_equal(patched, fresh)
    assert not patched.equals(before)


def test_a_snapshot_of_another_frame_layout_is_not_read(path, monkeypatch):
    with opened(path) as s:
        expected = s.query()
    snap = snapshot.path_for(path)
    key = pa.ipc.open_file(pa.memory_map(str(snap))).schema.metadata[snapshot.GENERATION_KEY]
    planted = snapshot.read(snap, key.decode()).assign(place="planted")
    snapshot.write(planted, key.decode(), snap)
    with opened(path) as s:
        assert set(s.query().place) == {"planted"}  # trusted while its key matches
    monkeypatch.setattr(reading, "FRAME_FORMAT", "2:another layout")
    with opened(path) as s:
        pd.testing.assert_frame_equal(s.query(), expected)


def loads_from_sqlite(monkeypatch) -> list:
    """Records each full load that reads SQLite (the snapshot was missing or stale)."""
    calls: list = []
    real = reading.typed_frame
    monkeypatch.setattr(reading, "typed_frame", lambda *a: calls.append(1) or real(*a))
    return calls


# The store's own writes to a loaded copy leave a snapshot of the new generation.
OWN_WRITES = (
    ("ingest", lambda s: s.ingest([A2])),
    ("review", lambda s: s.review(s.query().id.iloc[0], "verified", note="wrong place")),
    ("review moving the date", lambda s: s.review(s.query().id.iloc[0], event_date="2024-01-02")),
    ("ingest then review", lambda s: (s.ingest([A2]), s.review(s.query().id.iloc[-1], "verified"))),
)


@pytest.mark.parametrize("write", [w for _, w in OWN_WRITES], ids=[k for k, _ in OWN_WRITES])
def test_own_writes_leave_a_current_snapshot_the_next_opening_reads(path, write, monkeypatch):
    with opened(path) as s:
        s.query()  # loaded
        write(s)
    sqlite_loads = loads_from_sqlite(monkeypatch)
    with opened(path) as s:
        from_snapshot = s.query()
    assert sqlite_loads == []
    snapshot.path_for(path).unlink()
    with opened(path) as s:
        fresh = s.query()
    assert sqlite_loads != []
    pd.testing.assert_frame_equal(from_snapshot, fresh)


def test_a_copy_older_than_another_connections_write_is_never_saved(path, monkeypatch):
    with opened(path) as s, opened(path) as other:
        target = s.query().id.iloc[0]  # loaded before the other connection's ingest
        other.ingest([A2])
        s.review(target, "verified")  # the copy misses a2: it must not become the snapshot
    sqlite_loads = loads_from_sqlite(monkeypatch)
    with opened(path) as s:
        got = s.query()
    assert sqlite_loads != []
    assert "a2.txt" in set(got.article) and "verified" in set(got.review)


def test_an_unwritable_snapshot_never_fails_the_write(path, monkeypatch):
    with opened(path) as s:
        s.query()
        monkeypatch.setattr(snapshot, "write", lambda *a: 1 / 0)
        s.review(s.query().id.iloc[0], "verified")
        assert "verified" in set(s.query().review)
