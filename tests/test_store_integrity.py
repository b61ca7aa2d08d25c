"""Nothing stored is lost silently (issue 10, items 1, 2 and 5): imported rows survive a
rebuild, reviews survive an edited article, files are told apart by path."""
from __future__ import annotations

import csv

import pytest

from incidents.filters import REVIEW_STATES, Filters
from incidents.formats.acled import import_acled
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


def write(folder, name: str, *lines: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(" date 2024-08-28\n" + "\n".join(lines), encoding="utf-8")


def test_files_of_one_name_in_two_folders_are_two_articles(store, tmp_path):
    """Issue 10, item 5: files are told apart by path and content, not bare name: same-name
    files in two folders are both kept; reading them again changes nothing; editing one
    replaces only it, and the other's review stays."""
    from incidents.extract.article import iter_articles

    x, y = tmp_path / "x", tmp_path / "y"
    write(x, "report.txt", event("clash_or_attack", "2024-08-26", "solino"))
    write(y, "report.txt", event("clash_or_attack", "2024-08-26", "solino"),
          event("displacement", "2024-08-20", "tabarre"))
    assert [a.status for a in store.ingest(iter_articles([x, y]))] == ["new", "new"]
    assert len(store.articles()) == 2
    assert len(store.query()) == 3
    tabarre = store.query(Filters(event_types=("displacement",))).id.item()
    store.review(tabarre, "verified", note="seen")
    assert [a.status for a in store.ingest(iter_articles([y, x]))] == ["unchanged"] * 2
    write(x, "report.txt", event("clash_or_attack", "2024-08-26", "bel-air"))
    report = store.ingest(iter_articles([x, y]))
    assert [a.status for a in report] == ["replaced", "unchanged"]
    assert len(store.articles()) == 2
    assert store.query(Filters(event_types=("displacement",))).note.item() == "seen"
    assert sorted(store.query().place) == ["Bel Air", "Solino", "Tabarre"]


def test_a_file_stored_before_paths_were_kept_is_replaced_by_its_edit(store, tmp_path):
    """Issue 10, item 5: articles stored under their bare name (before migration 7, or
    uploads) are still replaced when the edited file is read again."""
    from incidents.extract.article import iter_articles

    store.ingest([make_article("old.txt", event("clash_or_attack", "2024-08-26", "solino"))])
    write(tmp_path, "old.txt", event("clash_or_attack", "2024-08-26", "kenscoff"))
    assert [a.status for a in store.ingest(iter_articles([tmp_path / "old.txt"]))] == [
        "replaced"]
    assert store.query().place.tolist() == ["Kenscoff"]
