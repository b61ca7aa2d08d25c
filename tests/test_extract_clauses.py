"""Flights caused by an event, figures bound to their trigger's clause, and "the capital" as
an event place (extractor end to end through the real gazetteer)."""
from __future__ import annotations

from datetime import date

import pytest

from geo.gazetteer import load_gazetteer
from incidents.article import parse_article
from incidents.extract import extract
from incidents.figures import clause_of

PUB = date(2025, 3, 5)  # a Wednesday


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def coded(text: str, gaz) -> set[tuple]:
    ex = extract(parse_article(text, "t.txt", PUB), gaz)
    return {(i.event_type, i.place, i.event_date.isoformat(), i.geo_precision,
             tuple(sorted(i.figures.items()))) for i in ex.incidents}


def flights(text: str, gaz) -> set[tuple]:
    return {(place, day, figs) for kind, place, day, _, figs in coded(text, gaz)
            if kind == "displacement"}


@pytest.mark.parametrize("text, expected", [
    # A flight caused by the event just told: its place and date too, its own figure.
    ("Gunmen attacked Gressier on Monday. They burned homes, forcing more than 2,450 "
     "residents to flee, aid workers said.", {("Gressier", "2025-03-03", (("displaced", 2450),))}),
    ("Gangs raided Cabaret on Sunday, causing 900 residents to flee.",
     {("Cabaret", "2025-03-02", (("displaced", 900),))}),
    ("Armed men attacked Lascahobas on Monday. The assault sent about 3,100 people fleeing "
     "into the hills.", {("Lascahobas", "2025-03-03", (("displaced", 3100),))}),
    ("Gangs stormed Mirebalais on Tuesday, prompting hundreds of villagers to flee.",
     {("Mirebalais", "2025-03-04", ())}),
    ("Gangs attacked Thomazeau on Monday; the violence forced some 1,000 residents to leave.",
     {("Thomazeau", "2025-03-03", (("displaced", 1000),))}),
    # Decoys: an aim or a threat is no flight; "sent" without a flight is none either.
    ("Gangs attacked Gressier on Monday, trying to force residents to flee.", set()),
    ("Gangs attacked Cabaret on Monday and sent 40 fighters toward the hills.", set()),
])
def test_a_caused_flight_is_a_displacement_of_the_event_it_follows(text, expected, gaz):
    assert flights(text, gaz) == expected


@pytest.mark.parametrize("text, expected", [
    # The count of the trigger's own clause, not the first count of the sentence.
    ("The first 300 Kenyan officers had finished their deployment when a further group of "
     "150 landed in the capital on Monday.",
     {("deployment", "the capital", "2025-03-03", 2, (("officers", 150),))}),
    ("Some 300 Kenyan officers waited at the base as a batch of 120 Salvadoran troops landed "
     "at Toussaint Louverture airport on Monday.", {(
         "deployment", "Toussaint Louverture airport", "2025-03-03", 1,
         (("officers", 120),))}),
    # A clause without a count of its own keeps the sentence's count.
    ("As many as 200 Kenyan police officers were deployed in Cabaret on Monday.",
     {("deployment", "Cabaret", "2025-03-03", 1, (("officers", 200),))}),
])
def test_a_figure_binds_to_its_triggers_clause(text, expected, gaz):
    assert {r for r in coded(text, gaz) if r[0] == "deployment"} == expected


@pytest.mark.parametrize("text, trigger, clause", [
    ("400 officers left when 200 landed.", "landed", "when 200 landed."),
    ("400 officers left; 200 landed.", "landed", " 200 landed."),
    ("200 landed, while 400 left.", "landed", "200 landed"),
    ("200 landed as 400 left.", "landed", "200 landed "),
    # "as" inside a count qualifier or "as well as", "such as" joins no clauses.
    ("As many as 200 landed as well as 10 dogs.", "landed",
     "As many as 200 landed as well as 10 dogs."),
    ("Units such as 200 landed.", "landed", "Units such as 200 landed."),
])
def test_clause_of_splits_at_subordinators(text, trigger, clause):
    start = text.index(trigger)
    lo, hi = clause_of(text, start, start + len(trigger))
    assert text[lo:hi] == clause


@pytest.mark.parametrize("text, expected", [
    # "The capital" alone is Port-au-Prince as a whole: the commune, precision 2.
    ("A second group of Kenyan police officers landed in the capital on Monday.",
     {("deployment", "the capital", "2025-03-03", 2, ())}),
    ("Gangs attacked police stations in Haiti's capital on Monday.",
     {("clash_or_attack", "Haiti's capital", "2025-03-03", 2, ())}),
    ("Gunmen opened fire on a bus in the Haitian capital on Monday.",
     {("clash_or_attack", "the Haitian capital", "2025-03-03", 2, ())}),
    # A name beside it is the place: one row, at the name's precision.
    ("Gangs attacked Haiti's capital, Port-au-Prince, on Monday.",
     {("clash_or_attack", "Port-au-Prince", "2025-03-03", 1, ())}),
    ("Gangs attacked Port-au-Prince, the capital, on Monday.",
     {("clash_or_attack", "Port-au-Prince", "2025-03-03", 1, ())}),
    # The most specific place still wins.
    ("Gangs attacked Solino, a district of the capital, on Monday.",
     {("clash_or_attack", "Solino", "2025-03-03", 1, ())}),
    # "The capital's X": the named place, or the capital's main airport.
    ("Gangs attacked the capital's Delmas 30 district on Monday.",
     {("clash_or_attack", "Delmas 30", "2025-03-03", 2, ())}),
    ("Gangs fired on a plane at the capital's main airport on Monday.",
     {("clash_or_attack", "the capital's main airport", "2025-03-03", 1, ())}),
    ("Gangs fired on a plane at Haiti's international airport on Monday.",
     {("clash_or_attack", "Haiti's international airport", "2025-03-03", 1, ())}),
    # Its own place, not the facility of the next sentence.
    ("A group of 200 Kenyan officers landed in the capital on Tuesday. They were met at "
     "Toussaint Louverture airport by police chiefs.",
     {("deployment", "the capital", "2025-03-04", 2, (("officers", 200),))}),
    # A bearing from the capital only says where another place lies.
    ("Gangs attacked villages 30 km north of the capital on Monday.", set()),
    ("Gangs attacked a convoy outside the capital on Monday.", set()),
    # Decoys: another country's capital, "capital" as an adjective.
    ("Kenyan officers left Nairobi, the capital, on Monday after gangs attacked a convoy.",
     set()),
    ("Gangs attacked a convoy in the Kenyan capital on Monday.", set()),
    ("Gangs attacked a convoy in the capital city of Kenya on Monday.", set()),
    ("Gunmen attacked the capital-based union's offices on Monday.", set()),
    # A share of the capital is a citywide statistic, no seized site (CODEBOOK §1).
    ("Gangs now control 85% of the capital, the UN said on Monday.", set()),
    ("Gangs now control 85 percent of Port-au-Prince.", set()),
])
def test_the_capital_is_port_au_prince(text, expected, gaz):
    assert coded(text, gaz) == expected
