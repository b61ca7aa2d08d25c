"""The app unchanged on a team's PostgreSQL store (HAITI_MAP_DB=postgresql://...): it opens,
draws and filters the map, and a review saved in it is in the store (test_app.py runs the
same checks, and many more, on SQLite)."""
from __future__ import annotations

import pytest

from incidents.filters import Filters
from incidents.store import open_store
from tests.conftest import SEED_INCIDENTS, seed_extractions
from tests.test_app import drawn, query, run_app


@pytest.fixture
def seeded_pg(pg_server, monkeypatch):
    url = pg_server.database()
    with open_store(url, gazetteer=False) as store:
        store.ingest_extractions(seed_extractions())
    monkeypatch.setenv("HAITI_MAP_DB", url)
    monkeypatch.setenv("HAITI_MAP_SAMPLES", "")
    return url


def test_app_starts_on_a_team_store_and_filters_it(seeded_pg):
    at = run_app()
    assert not at.exception
    n = len(SEED_INCIDENTS)
    assert at.caption[0].value == f"{n} incidents"
    assert drawn(at) == n
    at = run_app({"event_types": "displacement"})
    assert at.caption[0].value.startswith("1 incident · Displacement")
    assert drawn(at) == 1


def test_a_review_saved_in_the_app_is_in_the_team_store(seeded_pg):
    at = run_app({"view": "review", "event_types": "displacement"})
    assert not at.exception
    at.radio[0].set_value("verified")
    at.button(key="review_save").click().run()
    assert not at.exception
    assert query(seeded_pg, Filters(event_types=("displacement",)))["review"].tolist() == [
        "verified"]
