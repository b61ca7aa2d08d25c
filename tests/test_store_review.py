"""Review state and edits: validated, and kept through re-ingest, new sources and rebuilds
(on both backends: the ``location`` fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.place import Place
from incidents.filters import REVIEW_STATES, Filters
from incidents.store import UnknownIncident, open_store
from tests.test_store_support import event, line_extractor, make_article

A = make_article("a.txt", "\n".join([
    event("clash_or_attack", "2024-08-26", "solino", "day", "killed=3"),
    event("displacement", "2024-08-26", "bel-air", "day", "displaced=500"),
]))
B = make_article("b.txt", event("clash_or_attack", "2024-08-26", "solino", "day"), "2024-08-30")
KENSCOFF = Place("g-kenscoff", "Kenscoff", "commune", "Ouest", "Kenscoff", 18.45, -72.28, 2)


class FakeGazetteer:
    def get(self, place_id: str) -> Place:
        if place_id != KENSCOFF.id:
            raise KeyError(place_id)
        return KENSCOFF

    def contains(self, outer: Place, inner: Place) -> bool:
        return outer == inner


@pytest.fixture
def store(location):
    s = open_store(location, extractor=line_extractor, gazetteer=FakeGazetteer())
    s.ingest([A])
    yield s
    s.close()


def the(store, event_type: str):
    return store.query(Filters(event_types=(event_type,), review=REVIEW_STATES)).iloc[0]


def test_edits_show_in_the_query(store):
    inc = the(store, "clash_or_attack")
    store.review(inc.id, "verified", killed=4, event_date="2024-08-25", note="Checked with UN",
                 place_id="g-kenscoff")
    row = the(store, "clash_or_attack")
    assert (row.review, row.killed, str(row.event_date.date()), row.note) == (
        "verified", 4, "2024-08-25", "Checked with UN")
    assert (row.place_name, row.commune, row.lat, row.geo_precision) == (
        "Kenscoff", "Kenscoff", 18.45, 2)
    assert store.query(Filters(text="checked")).id.tolist() == [inc.id]


def test_later_edits_keep_earlier_ones_and_none_removes_an_edit(store):
    inc = the(store, "clash_or_attack")
    store.review(inc.id, note="first")
    store.review(inc.id, "rejected", killed=9)
    row = the(store, "clash_or_attack")
    assert (row.review, row.note, row.killed) == ("rejected", "first", 9)
    store.review(inc.id, killed=None)
    assert the(store, "clash_or_attack").killed == 3  # back to the extracted figure


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"state": "approved"}, "review state: expected one of unreviewed, verified, rejected, "
                            "got 'approved'"),
    ({"event_type": "riot"}, "event_type: expected one of armed_operation"),
    ({"event_date": "26/08/2024"}, r"event_date: expected a date YYYY-MM-DD, got '26/08/2024'"),
    ({"date_precision": "year"}, "date_precision: expected one of day, week, month"),
    ({"killed": -1}, "killed: expected a whole number >= 0, got -1"),
    ({"displaced": "many"}, "displaced: expected a whole number >= 0, got 'many'"),
    ({"place_id": "g-atlantis"}, "place_id: 'g-atlantis' is not in the gazetteer"),
    ({"colour": "red"}, "cannot edit colour: editable fields are event_type"),
])
def test_bad_edits_are_refused_and_change_nothing(store, kwargs, message):
    inc = the(store, "clash_or_attack")
    before = store.query()
    with pytest.raises(ValueError, match=message):
        store.review(inc.id, **kwargs)
    assert store.query().equals(before)


def test_unknown_incident_is_named(store):
    with pytest.raises(UnknownIncident, match="no incident 'nope'"):
        store.review("nope", "verified")


def test_reviews_survive_reingest_and_a_new_source_joining(store):
    inc = the(store, "clash_or_attack")
    store.review(inc.id, "rejected", note="duplicate of a rumour")
    store.ingest([A])  # unchanged
    store.ingest([B])  # a second report of the same event joins the incident
    row = the(store, "clash_or_attack")
    assert (row.id, row.n_sources, row.review, row.note) == (
        inc.id, 2, "rejected", "duplicate of a rumour")
    assert the(store, "displacement").review == "unreviewed"


def test_reviews_survive_a_gazetteer_rebuild(location):
    """After a gazetteer rebuild the extractor resolves places to new ids; rebuild()
    re-extracts every article and the reviewer's work stays on the same incidents."""
    ids = {"old": "p-", "new": "gaz2-"}
    version = {"ids": ids["old"]}

    def extractor(article):
        ex = line_extractor(article)
        from dataclasses import replace
        return replace(ex, incidents=tuple(
            replace(i, place_id=i.place_id.replace("p-", version["ids"])) for i in ex.incidents))

    store = open_store(location, extractor=extractor, gazetteer=False)
    store.ingest([A, B])
    inc = the(store, "clash_or_attack")
    store.review(inc.id, "verified", killed=7)
    version["ids"] = ids["new"]
    report = store.rebuild()
    assert [a.status for a in report] == ["replaced", "replaced"]
    row = the(store, "clash_or_attack")
    assert (row.place_id, row.review, row.killed, row.n_sources) == (
        "gaz2-solino", "verified", 7, 2)
    assert row.event_date.date() == date(2024, 8, 26)
    store.close()


def test_editing_one_sentence_keeps_the_reviews_of_the_others(store):
    kept = the(store, "displacement")
    store.review(kept.id, "verified", displaced=650)
    store.review(the(store, "clash_or_attack").id, "rejected")
    edited = make_article("a.txt", "Correction appended.\n" + A.text.replace(
        "2024-08-26 day solino killed=3", "2024-08-25 day solino killed=4"))
    assert [r.status for r in store.ingest([edited])] == ["replaced"]
    row = the(store, "displacement")
    assert (row.id, row.review, row.displaced) == (kept.id, "verified", 650)
    clash = the(store, "clash_or_attack")  # a changed sentence is a new report
    assert (clash.review, clash.killed) == ("unreviewed", 4)
