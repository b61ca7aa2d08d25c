"""Figures: number words, qualifiers, the pattern of each key, and what is no figure."""
from __future__ import annotations

import pytest

from incidents.figures import find_figures, parse_number


@pytest.mark.parametrize("words, value", [
    ("three", 3), ("Twenty-eight", 28), ("twenty eight", 28), ("forty", 40), ("ten", 10),
    ("4,463", 4463), ("6,000", 6000), ("1.3 million", 1_300_000), ("two dozen", 24),
    ("a dozen", 12), ("two hundred and fifty", 250), ("3 thousand", 3000), ("seventy", 70),
    ("banana", None),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("text, figures", [
    ("At least seven people were killed.", {"killed": 7}),
    ("Twenty-six bandits were killed on Sunday.", {"killed": 26}),
    ("About ten vendors were injured.", {"injured": 10}),
    ("Some 40 people died and roughly 15 were wounded.", {"killed": 40, "injured": 15}),
    ("Two police officers were killed and three others wounded.",
     {"killed": 2, "injured": 3, "officers": 2}),
    ("gunmen opened fire, killing at least one driver", {"killed": 1}),
    ("the raid left at least 14 alleged bandits dead", {"killed": 14}),
    ("the blast left three officers injured", {"injured": 3, "officers": 3}),
    ("a provisional toll of 12 dead", {"killed": 12}),
    ("Among the dead were nine farmers.", {"killed": 9}),
    ("A police officer was killed in the ambush.", {"killed": 1}),
    ("Officer Jean Baptiste died on Sunday.", {"killed": 1}),
    ("a nurse was wounded", {"injured": 1}),
    ("nearly 5,000 residents were displaced", {"displaced": 5000}),
    ("the violence displaced more than 3,000 people", {"displaced": 3000}),
    ("1,500 people fled their homes", {"displaced": 1500}),
    ("a contingent of 150 soldiers", {"officers": 150}),
    ("two dozen soldiers and police officers", {"officers": 24}),
    # The size of a deploying force stated as "numbering N", "N-strong", "a total of N".
    ("A third contingent of Salvadoran troops, numbering 60, arrived.", {"officers": 60}),
    ("A 120-strong unit of Jamaican police touched down.", {"officers": 120}),
    ("a forty-strong detachment", {"officers": 40}),
    ("The soldiers, a total of 90, landed at dawn.", {"officers": 90}),
    # Decoys: others numbering N, a total of victims.
    ("Gangs numbering in the hundreds attacked.", {}),
    ("Families, numbering 200, fled their homes.", {"displaced": 200}),
    ("A total of 12 people were killed.", {"killed": 12}),
    # Coordinated counts of victims add up; a count of another key does not.
    ("Two officers and a civilian were wounded in the attack.", {"injured": 3, "officers": 2}),
    ("Four gang members and two residents were killed.", {"killed": 6}),
    ("Five bandits and a police officer were killed and two residents wounded.",
     {"killed": 6, "injured": 2}),
    ("Gunmen killed a pastor and two parishioners.", {"killed": 3}),
    ("The gang killed four people and wounded six others.", {"killed": 4, "injured": 6}),
    ("killing one farmer and wounding a teacher", {"killed": 1, "injured": 1}),
    ("gunmen fired on the plane, injuring a flight attendant", {"injured": 1}),
    ("Police killed gang leader Jean Pierre in Canaan.", {"killed": 1}),
    ("officers shot dead a notorious gang boss", {"killed": 1}),
    ("A police officer was killed and two residents wounded.", {"killed": 1, "injured": 2}),
    ("forcing more than 2,500 people from their homes", {"displaced": 2500}),
    # Another quantity between a number and a verb of flight stops it.
    ("killing 10 people and forcing hundreds to flee", {"killed": 10}),
])
def test_find_figures(text, figures):
    assert find_figures(text) == figures


@pytest.mark.parametrize("text", [
    "A 41-year-old man spoke.",  # age
    "The raid began at about 3:30 am.",  # time
    "85% of them left.",  # share
    "a 90-day curfew",
    "Nobody was injured.",
    "Some 300 families fled.",  # households are not converted to people
    "one of the few roads",
    # Negated or zero casualties are no figures.
    "No one was injured in the shooting.",
    "No one was killed or wounded, the mayor said.",
    "Not a single officer was hurt.",
    "Zero people were killed.",
    "There were no deaths and no one was hurt.",
    "None of the 12 passengers were injured.",
    "No one among the 150 inmates was hurt.",
    "Neither of the two guards was wounded.",
    "The 20 passengers were not hurt.",
])
def test_no_figures(text):
    assert find_figures(text) == {}


def test_masked_numbers_are_skipped():
    text = "Gangs opened fire in Tabarre 27, killing two."
    start = text.index("Tabarre 27")
    assert find_figures(text, [(start, start + 10)]) == {"killed": 2}
    text = "Violence had by August 1 displaced 900 residents"
    start = text.index("August 1")
    assert find_figures(text, [(start, start + 8)]) == {"displaced": 900}


def test_keys_can_be_limited():
    assert find_figures("150 soldiers and 3 killed", keys=("killed",)) == {"killed": 3}


@pytest.mark.parametrize("text, figures", [
    # A negated count beside a real one leaves the real one.
    ("Gunmen killed a vendor; no one else was hurt.", {"killed": 1}),
    ("No one was killed, but four people were wounded.", {"injured": 4}),
    ("Two people were wounded and nobody was killed.", {"injured": 2}),
    ("Three people were killed, but none of the 12 passengers was hurt.", {"killed": 3}),
    # "no fewer than", "not less than" are qualifiers, not negations.
    ("Not less than 20 people were injured.", {"injured": 20}),
    ("No more than three people were hurt.", {"injured": 3}),
])
def test_negated_counts_beside_real_ones(text, figures):
    assert find_figures(text) == figures
