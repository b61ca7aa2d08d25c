"""Sentences that finish the story of the one before: a force introduced in one sentence
lands in the next ("They landed in X"), patrols under fire, reinforcements sent."""
from __future__ import annotations

from datetime import date

import pytest

from geo.gazetteer import load_gazetteer
from incidents.extract.article import parse_article
from incidents.extract.pipeline import extract
from tests.known_gaps import check


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


# Published Wednesday 2025-03-05: "Monday" is 03-03, "Tuesday" 03-04.
@pytest.mark.parametrize("text, expected", [
    # The subject of the landing takes the force, and its count, from the sentence before.
    ("A contingent of 150 Jamaican soldiers left Kingston on Monday. "
     "They landed in Port-au-Prince on Tuesday.",
     {("deployment", "Port-au-Prince", "2025-03-04", (("officers", 150),))}),
    ("A contingent of 150 Jamaican soldiers left Kingston on Monday. "
     "The troops landed in Port-au-Prince on Tuesday.",
     {("deployment", "Port-au-Prince", "2025-03-04", (("officers", 150),))}),
    ("Some 90 Guatemalan officers flew out of Guatemala City on Monday. "
     "On Tuesday the officers arrived in Port-au-Prince.",
     {("deployment", "Port-au-Prince", "2025-03-04", (("officers", 90),))}),
    # Decoys: the count was already coded by an arrival before; another paragraph tells
    # another story; people who are no force.
    ("About 200 Kenyan officers arrived in Port-au-Prince on Monday. "
     "They were deployed to Cabaret on Tuesday.",
     {("deployment", "Port-au-Prince", "2025-03-03", (("officers", 200),)),
      ("deployment", "Cabaret", "2025-03-04", ())}),
    ("A contingent of 150 Jamaican soldiers left Kingston on Monday.\n\n"
     "They landed in Port-au-Prince on Tuesday.", set()),
    ("Some 150 tourists left Kingston on Monday. They landed in Port-au-Prince on Tuesday.",
     set()),
    # Patrols and convoys under fire.
    ("A police patrol came under heavy gunfire near Cabaret on Monday.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ())}),
    ("Gunmen fired on a police convoy in Mirebalais on Monday.",
     {("clash_or_attack", "Mirebalais", "2025-03-03", ())}),
    ("A patrol was ambushed in Mirebalais on Monday.",
     {("clash_or_attack", "Mirebalais", "2025-03-03", ())}),
    # Reinforcements sent, not promised.
    ("The government sent reinforcements to Mirebalais on Monday.",
     {("deployment", "Mirebalais", "2025-03-03", ())}),
    ("The government will send reinforcements to Mirebalais.", set()),
    ("The government pledged on Monday to send reinforcements to Mirebalais.", set()),
])
def test_follow_up_sentences(text, expected, gaz):
    article = parse_article(text, "t.txt", date(2025, 3, 5))
    got = {(i.event_type, i.place, i.event_date.isoformat(), tuple(sorted(i.figures.items())))
           for i in extract(article, gaz).incidents}
    check(text, got, expected)


# Published Wednesday 2025-03-05.
@pytest.mark.parametrize("text, expected", [
    # Returns are no displacement; a pluperfect flight in a relative clause is background.
    ("Gunmen attacked Cabaret on Monday. Residents who had fled to Arcahaie began returning "
     "home on Tuesday.", {("clash_or_attack", "Cabaret", "2025-03-03", ())}),
    ("Displaced families returned home to Cabaret on Tuesday.", set()),
    ("Families that had fled Mirebalais came back to their homes on Tuesday.", set()),
    # Decoys: a flight told as the event stays, even beside a later return or a refuge.
    ("Gunmen attacked Cabaret on Monday. Residents fled to Arcahaie.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("displacement", "Cabaret", "2025-03-03", ())}),
    ("Residents fled Cabaret on Monday and have not returned.",
     {("displacement", "Cabaret", "2025-03-03", ())}),
    ("Hundreds of people who fled Cabaret on Monday are sheltering in Arcahaie.",
     {("displacement", "Cabaret", "2025-03-03", ())}),
])
def test_returns_and_background_flight_are_no_displacement(text, expected, gaz):
    article = parse_article(text, "t.txt", date(2025, 3, 5))
    got = {(i.event_type, i.place, i.event_date.isoformat(), tuple(sorted(i.figures.items())))
           for i in extract(article, gaz).incidents}
    check(text, got, expected)


# Published Wednesday 2025-03-05.
@pytest.mark.parametrize("text, expected", [
    # A placeless count of "other" victims continues the event told just before, on top of
    # its count, even from the next paragraph.
    ("Gangs attacked Cabaret on Monday, killing three people. Seven other people were wounded.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("injured", 7), ("killed", 3)))}),
    ("Gangs attacked Cabaret on Monday, killing three people.\n\n"
     "Seven other people were wounded, the mayor said.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("injured", 7), ("killed", 3)))}),
    ("Gangs attacked Cabaret on Monday, killing three people. Seven other people were killed.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("killed", 10),))}),
    # Decoys: a restated toll is no addition (the lowest stands); "more than" is a qualifier;
    # other victims at a place of their own are counted there.
    ("Gangs attacked Cabaret on Monday, killing three people. Seven people were killed.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("killed", 3),))}),
    ("Gangs attacked Cabaret on Monday, killing three people. More than seven people were "
     "killed.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("killed", 3),))}),
    ("Gangs attacked Cabaret on Monday, killing three people. Two more people were killed "
     "in Mirebalais.",
     {("clash_or_attack", "Cabaret", "2025-03-03", ()),
      ("injury_or_death", "Cabaret", "2025-03-03", (("killed", 3),)),
      ("clash_or_attack", "Mirebalais", "2025-03-03", ()),
      ("injury_or_death", "Mirebalais", "2025-03-03", (("killed", 2),))}),
])
def test_other_victims_add_to_the_event_before(text, expected, gaz):
    article = parse_article(text, "t.txt", date(2025, 3, 5))
    got = {(i.event_type, i.place, i.event_date.isoformat(), tuple(sorted(i.figures.items())))
           for i in extract(article, gaz).incidents}
    check(text, got, expected)


# Published Wednesday 2025-03-05: "Tuesday" is 03-04, "Monday" 03-03.
@pytest.mark.parametrize("text, expected", [
    # CODEBOOK §3: a recapture is coded alone; the operation that achieved it is not coded
    # again (its casualties are).
    ("Police retook the Mirebalais police station on Tuesday. The police operation, which "
     "began on Monday, left three gang members dead.",
     {("site_recaptured", "Mirebalais police station", ()),
      ("injury_or_death", "Mirebalais police station", (("killed", 3),))}),
    # Decoys: a distinct action placed elsewhere, and an operation of another story.
    ("Police retook the Mirebalais police station on Tuesday. During the operation, officers "
     "also cleared roadblocks in Cabaret.",
     {("site_recaptured", "Mirebalais police station", ()),
      ("armed_operation", "Cabaret", ())}),
    ("Police retook the Mirebalais police station on Tuesday.\n\nPolice launched an operation "
     "in Cabaret on Monday.",
     {("site_recaptured", "Mirebalais police station", ()),
      ("armed_operation", "Cabaret", ())}),
])
def test_a_recapture_is_coded_alone(text, expected, gaz):
    article = parse_article(text, "t.txt", date(2025, 3, 5))
    got = {(i.event_type, i.place, tuple(sorted(i.figures.items())))
           for i in extract(article, gaz).incidents}
    check(text, got, expected)
