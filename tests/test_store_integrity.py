"""Nothing stored is lost silently (issue 10, items 1, 2 and 5): imported rows survive a
rebuild, reviews survive an edited article, files are told apart by path."""
from __future__ import annotations

import csv

import pytest

from incidents.acled_import import import_acled
from incidents.filters import REVIEW_STATES, Filters
from incidents.store import open_store
from tests.test_store_support import event, line_extractor, make_article

EVERY = Filters(review=REVIEW_STATES)
ACLED_ROWS = [  # five rows at distinct places and dates: five incidents
    ("HTI1", "2024-08-01", "Solino", "18.5561", "-72.3240"),
    ("HTI2", "2024-08-05", "Bel Air", "18.5500", "-72.3390"),
    ("HTI3", "2024-08-09", "Kenscoff", "18.4500", "-72.2800"),
    ("HTI4", "2024-08-13", "Tabarre", "18.5800", "-72.2700"),
    ("HTI5", "2024-08-17", "Pont-Sonde", "19.1500", "-72.6100"),
]


@pytest.fixture
def store(location):  # on both backends
    s = open_store(location, extractor=line_extractor, gazetteer=False)
    yield s
    s.close()


def acled_file(tmp_path):
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["event_id_cnty", "event_date", "event_type", "admin1", "admin2",
                      "location", "latitude", "longitude", "geo_precision", "notes"])
        for event_id, day, place, lat, lon in ACLED_ROWS:
            out.writerow([event_id, day, "Battles", "Ouest", place, place, lat, lon, "1",
                          f"Clash at {place}."])
    return path


def test_rebuild_keeps_imported_acled_rows_and_their_reviews(store, tmp_path):
    """Issue 10, item 1: rebuild re-extracts articles only; imported rows keep their ids
    and reviews, and importing the file again finds them unchanged."""
    store.ingest([make_article("a.txt", event("displacement", "2024-08-20", "bel-air"))])
    result = import_acled(store, acled_file(tmp_path))
    assert not result.errors and [a.status for a in result.report] == ["new"] * 5
    imported = store.query(Filters(event_types=("clash_or_attack",)))
    assert set(imported.review) == {"verified"}
    store.review(imported.id[0], "verified", note="checked with the UN")
    store.review(imported.id[1], "rejected")
    before = store.query(EVERY)

    report = store.rebuild()
    assert [a.name for a in report] == ["a.txt"]  # the imported rows are not re-extracted
    after = store.query(EVERY)
    assert sorted(after.id) == sorted(before.id) and len(after) == 6
    kept = after.set_index("id")
    assert kept.loc[imported.id[0], "note"] == "checked with the UN"
    assert kept.loc[imported.id[1], "review"] == "rejected"
    again = import_acled(store, acled_file(tmp_path))
    assert [a.status for a in again.report] == ["unchanged"] * 5
    assert sorted(store.query(EVERY).id) == sorted(before.id)
