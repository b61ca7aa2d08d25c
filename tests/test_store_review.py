"""Review state and edits: validated, and kept through re-ingest, new sources and rebuilds
(on both backends: the ``location`` fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.place import Place
from incidents.filters import REVIEW_STATES, Filters
from incidents.store import (
    HISTORY_COLUMNS,
    LOOK_COLUMNS,
    ReviewConflict,
    UnknownIncident,
    open_store,
)
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
    clash = the(store, "clash_or_attack")  # a changed sentence is a new report, and the
    assert (clash.review, clash.killed) == ("rejected", 4)  # review is carried to it


def test_a_review_opened_before_another_was_saved_is_refused_not_merged_silently(store):
    """Issue 10, item 3: B opened the form at version 1; A saved a note (version 2); B's
    save of only "killed" is refused with who changed what; nothing of A's is lost, and B,
    saving again at the new version, changes only killed."""
    target = the(store, "clash_or_attack").id
    opened = store.version(target)
    store.review(target, note="Checked with the UN", expected_version=opened, reviewer="Ana")
    with pytest.raises(ReviewConflict, match=rf"^{target}: changed by someone else since you "
                                             r"opened it \(version 1, now 2: note by Ana at "
                                             r"\d\d:\d\d UTC\); nothing was saved"):
        store.review(target, killed=5, expected_version=opened, reviewer="Ben")
    assert (the(store, "clash_or_attack").killed, store.version(target)) == (3, 2)
    store.review(target, killed=5, expected_version=store.version(target), reviewer="Ben")
    row = the(store, "clash_or_attack")
    assert (row.killed, row.note, store.version(target)) == (5, "Checked with the UN", 3)


def test_history_lists_who_changed_which_field_from_what_to_what(store):
    """Issue 10, item 3: store.history(incident_id)."""
    target = the(store, "clash_or_attack").id
    store.review(target, "verified", note="seen", reviewer="Ana")
    store.review(target, killed=4, place_id="g-kenscoff", reviewer="Ben")
    store.review(target, "verified", reviewer="Ben")  # no change: nothing recorded
    history = store.history(target)
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert history[["reviewer", "field", "old", "new", "version"]].values.tolist() == [
        ["Ana", "review", "unreviewed", "verified", 2],
        ["Ana", "note", "", "seen", 2],
        ["Ben", "place", "Solino (p-solino)", "Kenscoff (g-kenscoff)", 3],
        ["Ben", "killed", "3", "4", 3],
    ]
    assert str(history["at"].dt.tz) == "UTC"
    assert store.history("nope").empty


def test_an_ingest_that_changes_an_incident_also_bumps_its_version(store):
    """Issue 10, item 3: a new report merged in while the form was open is a change too."""
    target = the(store, "clash_or_attack").id
    other = the(store, "displacement").id
    opened = store.version(target)
    store.ingest([B])  # b.txt reports the same clash: it joins the incident
    assert store.version(target) == opened + 1 and store.version(other) == 1
    with pytest.raises(ReviewConflict, match=r"\(version 1, now 2: re-merged by an ingest\)"):
        store.review(target, "verified", expected_version=opened)
    with pytest.raises(UnknownIncident, match="no incident 'nope'"):
        store.version("nope")


def test_a_review_is_carried_to_the_incident_its_edited_sentence_becomes(store):
    """Issue 10, item 2: one word of the reviewed sentence changes; the new incident (same
    type and place, date within tolerance) gets the review, edits and all, and its history
    says where the review came from."""
    old = the(store, "clash_or_attack")
    store.review(old.id, "verified", note="Checked with the UN", injured=2, reviewer="Ana")
    edited = make_article("a.txt", A.text.replace("killed=3", "killed=3 rule=edited"))
    assert [r.status for r in store.ingest([edited])] == ["replaced"]
    new = the(store, "clash_or_attack")
    assert new.id != old.id
    assert (new.review, new.note, new.injured, new.killed) == (
        "verified", "Checked with the UN", 2, 3)
    history = store.history(new.id)
    assert history[["reviewer", "field", "old", "new"]].values.tolist() == [
        ["Ana", "review carried", f"from {old.id} (its article's text changed)", "verified"]]
    assert store.needs_look().empty


@pytest.mark.parametrize(("change", "why"), [
    (("solino", "tabarre"), "another place"),
    (("2024-08-26 day", "2024-08-20 day"), "a date beyond the day tolerance"),
    (("clash_or_attack", "displacement"), "another type"),
])
def test_a_review_that_matches_no_new_incident_needs_another_look(store, change, why):
    """Issue 10, item 2: when the edited sentence no longer matches (``why``), the review is
    listed with the incident's old values, never dropped, until a reviewer dismisses it."""
    old = the(store, "clash_or_attack")
    store.review(old.id, "rejected", note="rumour", reviewer="Ana")
    clash_line = A.text.splitlines()[0]
    edited = make_article("a.txt", A.text.replace(clash_line, clash_line.replace(*change)))
    store.ingest([edited])
    looks = store.needs_look()
    assert list(looks.columns) == list(LOOK_COLUMNS)
    assert looks[["incident_id", "article", "review", "note", "reviewer"]].values.tolist() == [
        [old.id, "a.txt", "rejected", "rumour", "Ana"]]
    assert looks.old[0] == "clash_or_attack · 2024-08-26 · Solino (p-solino) · killed 3"
    assert "rejected" not in set(store.query(Filters(review=REVIEW_STATES)).review)
    store.dismiss_look(int(looks.id[0]))
    assert store.needs_look().empty
    with pytest.raises(UnknownIncident, match="no review to look at with id 999"):
        store.dismiss_look(999)


def test_a_review_held_by_another_articles_report_is_not_lost(store):
    """Issue 10, item 2: an incident also reported by b.txt keeps its review through b's
    report when a.txt's sentence changes: nothing to look at again."""
    store.ingest([B])
    target = the(store, "clash_or_attack")
    store.review(target.id, "verified")
    store.ingest([make_article("a.txt", A.text.replace("solino", "tabarre"))])
    assert store.needs_look().empty
    kept = store.query(Filters(event_types=("clash_or_attack",), review=("verified",)))
    assert kept.sources.tolist() == [("b.txt",)]
