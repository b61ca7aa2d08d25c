"""Setting a place in review (mapapp.placing): by name with the geo matcher, by a point at
the precision its decimals imply."""
from __future__ import annotations

import pytest

from geo.gazetteer import load_gazetteer
from mapapp.placing import decimals_of, find_places, implied_precision, place_at


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(("text", "place_id"), [
    ("Delmas 32", "adm2-HT0112~delmas-32"),
    ("Tabarre 27", "adm2-HT0118~tabarre-27"),
    ("petion ville", "adm2-HT0114"),  # no accent, no hyphen
])
def test_finder_answers_as_geo_lookup_does(gaz, text, place_id):
    assert find_places(gaz, text)[0].place.id == place_id == gaz.lookup(text).place.id


def test_finder_offers_only_near_spellings_for_words_that_name_no_place(gaz):
    choices = find_places(gaz, "Xyzzy qwerty")
    assert all(c.reason.startswith("not found") for c in choices)
    assert find_places(gaz, "  ") == []


@pytest.mark.parametrize(("text", "decimals", "precision"), [
    ("18.55694", 5, 1), ("18.557", 3, 1), ("18.55", 2, 2), ("18.5", 1, 3), ("18", 0, 3)])
def test_decimals_imply_a_precision(text, decimals, precision):
    assert decimals_of(text) == decimals and implied_precision(decimals) == precision


def test_a_precise_point_on_a_site_is_that_site(gaz):
    choice = place_at(gaz, 18.55694, -72.35038, 5)
    assert choice.place.id == "ref-port-international-de-port-au-prince"


def test_a_rough_point_is_only_the_area_it_lies_in(gaz):
    assert place_at(gaz, 18.54, -72.30, 2).place.kind == "communal_section"
    assert place_at(gaz, 18.5, -72.3, 1).place.kind == "department"


def test_a_point_outside_haiti_stands_for_no_place(gaz):
    assert place_at(gaz, 19.9, -70.0, 4) is None  # Dominican Republic
