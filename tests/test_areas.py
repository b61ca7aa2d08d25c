"""Counts per area (mapapp.areas): communes, sections in Port-au-Prince's communes, honest
about incidents known only to a department or a commune."""
from __future__ import annotations

import pytest

from mapapp.areas import MEASURES, assign, choropleth, colour, colour_breaks, load_areas
from tests.conftest import incident_frame


@pytest.fixture(scope="module")
def areas():
    return load_areas()


def _frame():
    return incident_frame([
        # an exact place in Delmas: its communal section
        {"commune": "Delmas", "lat": 18.5448, "lon": -72.3004, "geo_precision": 1,
         "place_id": "nbh-x", "killed": 2},
        # known only to the commune of Delmas: no section
        {"commune": "Delmas", "lat": 18.5448, "lon": -72.3004, "geo_precision": 2},
        # a commune outside Port-au-Prince: the commune itself
        {"commune": "Cabaret", "lat": 18.73, "lon": -72.42, "geo_precision": 2,
         "displaced": 6000},
        # known only to its department: counted nowhere
        {"commune": "", "department": "Artibonite", "lat": 19.3, "lon": -72.5,
         "geo_precision": 3},
    ])


def test_each_incident_goes_to_the_area_it_is_known_to(areas):
    keys = list(assign(_frame(), areas))
    assert keys[0].startswith("HT0112-")  # a section of Delmas
    assert str(keys[1]) == "<NA>"  # Delmas, but no section
    assert keys[2] == "HT0142"  # Cabaret
    assert str(keys[3]) == "<NA>"


@pytest.mark.parametrize("measure", list(MEASURES))
def test_choropleth_colours_areas_and_says_what_it_left_out(areas, measure):
    collection, legend = choropleth(_frame(), measure, "1 Jul – 31 Aug 2024", areas)
    filled = [f for f in collection["features"] if f["properties"]["fill"]]
    assert len(filled) == {"incidents": 2, "killed": 1, "displaced": 1}[measure]
    assert MEASURES[measure].label in legend and "1 Jul – 31 Aug 2024" in legend
    assert "1 incident known only to their department" in legend
    tips = " ".join(f["properties"]["tip"] for f in collection["features"])
    assert "known only to the commune of Delmas" in tips
    assert "1 incident · 2 people killed" in tips or measure != "incidents"


def test_colour_classes_grow_with_the_value():
    breaks = colour_breaks([1, 2, 3, 5, 8, 13, 40])
    shades = [colour(v, breaks) for v in (1, 5, 40)]
    assert colour(0, breaks) is None and len(set(shades)) == 3
