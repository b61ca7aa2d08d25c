"""Places named by a description (geo.descriptors) through the committed gazetteer."""
from __future__ import annotations

from itertools import pairwise

import pytest

from geo.gazetteer import load_gazetteer

PAP, AIRPORT = "adm2-HT0111", "ref-toussaint-louverture-international-airport"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def resolved(gaz, text):
    return [(r.mention.text, r.place.id, r.geo_precision)
            for r in gaz.resolve_all(text) if r.resolved]


@pytest.mark.parametrize("text, expected", [
    ("Officers landed in the capital on Monday.", [("the capital", PAP, 2)]),
    ("Gangs roam Haiti's capital.", [("Haiti's capital", PAP, 2)]),
    ("Shots rang out across the Haitian capital overnight.", [("the Haitian capital", PAP, 2)]),
    ("Police patrolled the capital's streets.", [("the capital", PAP, 2)]),
    ("Troops reached the capital city.", [("the capital city", PAP, 2)]),
    ("Flights left the capital's main airport.", [("the capital's main airport", AIRPORT, 1)]),
    # The international/main airport qualified by the capital is Toussaint Louverture.
    ("Troops landed at the international airport in Port-au-Prince on Friday.",
     [("the international airport in Port-au-Prince", AIRPORT, 1)]),
    ("Flights resumed at the main international airport of the capital.",
     [("the main international airport of the capital", AIRPORT, 1)]),
    ("Gangs attacked Mirebalais. The airport in Port-au-Prince was shut.",
     [("Mirebalais", "adm2-HT0621", 1), ("The airport in Port-au-Prince", AIRPORT, 1)]),
    # A bare "the airport" is the capital's in a text about the capital (like "downtown").
    ("Gangs attacked Cité Soleil. Troops landed at the airport on Friday.",
     [("Cité Soleil", "adm2-HT0117", 2), ("the airport", AIRPORT, 1)]),
    ("Shots near Delmas. The main airport closed on Monday.",
     [("Delmas", "adm2-HT0112", 1), ("The main airport", AIRPORT, 1)]),
    # Decoys: another town's airport, a text about another town, airport statistics and
    # offices.
    ("They landed at the international airport in Cap-Haïtien.",
     [("Cap-Haïtien", "adm2-HT0311", 1)]),
    ("Gangs attacked Cap-Haïtien. Flights at the airport were cancelled.",
     [("Cap-Haïtien", "adm2-HT0311", 1)]),
    ("Airport closures in Port-au-Prince cut flights.", [("Port-au-Prince", PAP, 1)]),
    ("The airport authority in Port-au-Prince said flights resumed.",
     [("Port-au-Prince", PAP, 1)]),
    # A name beside the description is the mention; the description adds nothing.
    ("Gangs roam Haiti's capital, Port-au-Prince.", [("Port-au-Prince", PAP, 1)]),
    ("Gangs roam Port-au-Prince, the capital.", [("Port-au-Prince", PAP, 1)]),
    # Decoys: an adjective, another country's capital.
    ("Capital punishment was debated; the capital gains tax rose.", []),
    ("They met in the capital city of Kenya.", []),
    ("They flew from Nairobi, the capital.", []),
    ("They flew from the Kenyan capital.", []),
])
def test_descriptions_resolve_to_their_place(gaz, text, expected):
    assert resolved(gaz, text) == expected


def test_a_bare_airport_in_a_text_about_another_town_is_unresolved_with_a_reason(gaz):
    text = "Gangs attacked Cap-Haïtien. Flights at the airport were cancelled."
    airport = [r for r in gaz.resolve_all(text) if r.mention.text == "the airport"]
    assert len(airport) == 1 and not airport[0].resolved
    assert "not Port-au-Prince" in airport[0].reason


def test_mentions_stay_non_overlapping_and_in_order(gaz):
    text = "Haiti's capital and the capital's main airport; Cabaret, north of the capital."
    found = gaz.find(text)
    assert [m.text for m in found] == ["Haiti's capital", "the capital's main airport",
                                       "Cabaret", "the capital"]
    assert all(a.end <= b.start for a, b in pairwise(found))
