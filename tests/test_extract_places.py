"""Places that only look like event places, sites near triggers, and the most specific place."""
from __future__ import annotations

import pytest

from geo.gazetteer import load_gazetteer
from incidents.places import (
    acted_on,
    candidates,
    find_site,
    most_specific,
    skip_reason,
    unknown_places,
)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize("text, name, reason", [
    ("The wounded were taken to a hospital in Hinche.", "Hinche", "treatment"),
    ("Two officers were treated at a clinic in Saint-Marc.", "Saint-Marc", "treatment"),
    ("The officer was rushed to a hospital in Hinche.", "Hinche", "treatment"),
    ("Hundreds fled to Mirebalais after the attack.", "Mirebalais", "refuge_to"),
    ("4,000 people were displaced on Monday, most of them toward Hinche.", "Hinche",
     "refuge_to"),
    ("Families are sheltering in a school in Léogâne.", "Léogâne", "refuge_in"),
    # Where security forces retreat to is a destination, not an event place.
    ("Officers retreated to Hinche overnight.", "Hinche", "retreat_to"),
    ("The police withdrew to their base in Saint-Marc.", "Saint-Marc", "retreat_to"),
    ("Agents fell back to Cabaret.", "Cabaret", "retreat_to"),
    ("The soldiers pulled back toward Arcahaie.", "Arcahaie", "retreat_to"),
    ("Officers were evacuated to Port-au-Prince by helicopter.", "Port-au-Prince", "retreat_to"),
    # Decoys: an advance to a place, a retreat word in an earlier clause.
    ("Troops advanced to Cabaret on Monday.", "Cabaret", ""),
    ("After officers retreated, gangs attacked Solino.", "Solino", ""),
    ("Gunmen from Martissant attacked a bus.", "Martissant", "origin"),
    ("The attackers came from the hills near Arcahaie.", "Arcahaie", "origin_area"),
    ("The gunmen, based in Canaan, shot at the bus.", "Canaan", "origin_area"),
    # Where the displaced stay ends at a clause: the attacked town after "after" is an event place.
    ("Families sought refuge in schools after gangs attacked Cabaret.", "Cabaret", ""),
    ("The mayor of Cabaret confirmed the attack.", "Cabaret", "title"),
    ("The Sud Government Commissioner opened an inquiry.", "Sud", "title_after"),
    ("Arcahaie's mayor condemned the killings.", "Arcahaie", "title_after"),
    ("Liancourt, 80 km north of Port-au-Prince, was hit.", "Port-au-Prince", "distance"),
    ("The Grand Ravine gang attacked Martissant.", "Grand Ravine", "gang_name"),
    # Event places: origins of the displaced, places of fighting, arrivals.
    ("Residents fled from Solino on Sunday.", "Solino", ""),
    ("Forty officers landed in Port-au-Prince.", "Port-au-Prince", ""),
    ("Forty soldiers arrived in Port-au-Prince on Saturday.", "Port-au-Prince", ""),
    ("Gangs attacked Cabaret.", "Cabaret", ""),
])
def test_skip_reasons(text, name, reason):
    start = text.index(name)
    assert skip_reason(text, 0, start, start + len(name)) == reason


def eligible(text: str, gaz) -> list[str]:
    cands = candidates(text, 0, len(text), gaz.resolve_all(text))
    return [c.text for c in most_specific(cands, gaz)]


@pytest.mark.parametrize("text, places", [
    # An appositive describing the place before it names a reference, not an event place.
    ("Fort National, a district near Bel-Air, was attacked.", ["Fort National"]),
    ("Thomazeau, a commune east of Croix-des-Bouquets, was raided.", ["Thomazeau"]),
    # A list names several event places, in text order.
    ("Gangs attacked Solino, Nazon and Bel-Air.", ["Solino", "Nazon", "Bel-Air"]),
    # The most specific: the neighbourhood, not its city or department.
    ("Gangs attacked Bel-Air in Port-au-Prince.", ["Bel-Air"]),
    ("Gangs attacked Pont-Sondé in the Artibonite.", ["Pont-Sondé"]),
    # A place named twice is one place.
    ("Gangs attacked Solino; Solino residents fled.", ["Solino"]),
    # A road is less precise than the town it passes.
    ("Gunmen ambushed a bus on National Road 1 near Cabaret.", ["Cabaret"]),
    # A facility noun after a place belongs to the place's words.
    ("Gangs burned the Cabaret police station.", ["Cabaret police station"]),
])
def test_event_places(text, places, gaz):
    assert eligible(text, gaz) == places


def test_dateline_and_country_are_no_event_places(gaz):
    text = "PORT-AU-PRINCE, Haiti (AP) — Gangs attacked police across Haiti."
    cands = candidates(text, 0, len(text), gaz.resolve_all(text), dateline_end=29)
    assert {c.text: c.skip for c in cands}.get("PORT-AU-PRINCE") == "dateline"
    assert most_specific(cands, gaz) == []


@pytest.mark.parametrize("text, trigger, kind, definite, generic", [
    ("Police recaptured a public hospital.", "recaptured", "hospital", False, True),
    ("Police recaptured the police station.", "recaptured", "police_station", True, False),
    ("Gangs broke into a prison in central Haiti.", "broke into", "prison", False, False),
    ("Gangs stormed the town's prison.", "stormed", "prison", True, False),
])
def test_find_site(text, trigger, kind, definite, generic):
    start = text.index(trigger)
    site = find_site(text, start, start + len(trigger))
    assert (site.kind, site.definite, site.generic) == (kind, definite, generic)


@pytest.mark.parametrize("text, trigger, kind", [
    ("Gunmen attacked the civil prison of Jacmel.", "attacked", "prison"),
    ("Gunmen attacked Jacmel's main prison.", "attacked", "prison"),
    ("A second jail, in Jacmel, was also attacked.", "attacked", "prison"),
    ("The police station was attacked at dawn.", "attacked", "police_station"),
    # Decoys: the attack acts on a town, or on no facility.
    ("Gunmen attacked the town of Jacmel, seizing the police station.", "attacked", ""),
    ("Gunmen attacked the town's market.", "attacked", ""),
    ("Gunmen attacked residents near the prison.", "attacked", ""),
])
def test_the_facility_an_attack_acts_on(text, trigger, kind):
    start = text.index(trigger)
    end = start + len(trigger)
    assert acted_on(text, start, end, find_site(text, start, end)) == kind


def test_no_site_near_a_trigger():
    text = "Officers recovered guns and radios."
    assert find_site(text, 9, 18) is None


@pytest.mark.parametrize("text, names", [
    ("A guard died in Bois Zanglo, Port-au-Prince.", ["Bois Zanglo"]),
    ("Gangs attacked the locality of Bois Zanglo on Monday.", ["Bois Zanglo"]),
    ("Gangs attacked Cabaret in March.", []),  # a month
    ("Gangs struck in Haiti's capital.", []),  # the country
    ("Gangs attacked Solino in Port-au-Prince.", []),  # known to the gazetteer
])
def test_unknown_places(text, names, gaz):
    found = unknown_places(text, 0, len(text), gaz.resolve_all(text))
    assert [n for _, n in found] == names
