"""Figures: number words, qualifiers, the pattern of each key, and what is no figure."""
from __future__ import annotations

import pytest

from incidents.extract import clauses, lexicon, nlp
from incidents.extract.figures import parse_number


@pytest.mark.parametrize("words, value", [
    ("three", 3), ("Twenty-eight", 28), ("twenty eight", 28), ("forty", 40), ("ten", 10),
    ("4,463", 4463), ("6,000", 6000), ("1.3 million", 1_300_000), ("two dozen", 24),
    ("a dozen", 12), ("two hundred and fifty", 250), ("3 thousand", 3000), ("seventy", 70),
    ("banana", None),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


def figures_of(sentence: str) -> dict[str, int]:
    """The figures the parse of one sentence states (no places merged)."""
    (doc,) = nlp.parse([(sentence, [])])
    return clauses.read(doc, lexicon.load("en"), [], []).figures


@pytest.mark.parametrize("sentence, figures", [
    ("Gangs killed 12 people.", {"killed": 12}),
    ("Twelve people were killed.", {"killed": 12}),
    ("At least 30 people died.", {"killed": 30}),
    ("The attack left four people dead.", {"killed": 4}),
    ("Two officers and a civilian were wounded.", {"injured": 3}),
    ("A police officer was killed.", {"killed": 1}),
    ("Gunmen opened fire, killing 5 people and wounding 7 others.",
     {"killed": 5, "injured": 7}),
    ("Nearly 6,000 residents were displaced.", {"displaced": 6000}),
    ("A contingent of 150 soldiers landed.", {"officers": 150}),
    ("About 200 Kenyan officers arrived.", {"officers": 200}),
    # a complement gives the verb its key: "shot dead" kills
    ("At least 12 people were shot dead.", {"killed": 12}),
    ("Gunmen shot dead three officers.", {"killed": 3}),
    ("Gunmen shot three officers dead.", {"killed": 3}),
])
def test_figures_are_numbers_on_the_victims_of_a_clause(sentence, figures):
    assert figures_of(sentence) == figures


@pytest.mark.parametrize("sentence", [
    "No one was hurt.",
    "Several gang members were killed.",
    "A 12-year-old boy fled.",
    "Gangs control 85% of the capital.",
    "The station was built in 2012.",
])
def test_no_figures(sentence):
    assert not {k: v for k, v in figures_of(sentence).items() if k != "displaced"}
