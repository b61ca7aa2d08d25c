"""The named actors' table (incidents/actors.toml): read once, checked entry by entry, and the
one home the extractor's actor finding, the ACLED categories and geo's actor phrases agree
with."""
from __future__ import annotations

import pytest

from incidents import actor_table
from incidents.actor_table import ACTORS, ActorTableError, actor_category, load, parse
from incidents.extract.actors import find_actors

GOOD = {"label": "HNP", "pattern": [r"\bHNP\b", r"\bPNH\b"], "help": "Haitian National Police",
        "needles": ["hnp", "pnh"], "acled": "State forces"}


def test_the_table_is_read_from_its_file_with_patterns_joined():
    assert ACTORS[0].label == "HNP" and ACTORS[0].pattern.startswith(r"\bHNP\b|\bPNH\b|")
    assert parse({"actor": [GOOD]}, "t.toml")[0].pattern == r"\bHNP\b|\bPNH\b"
    assert len({a.label for a in ACTORS}) == len(ACTORS)


@pytest.mark.parametrize(("change", "message"), [
    ({"help": None}, r"t\.toml: actor 1 \(HNP\): missing field 'help'"),
    ({"colour": "red"}, r"t\.toml: actor 1 \(HNP\): unknown field 'colour'"),
    ({"label": ""}, r"t\.toml: actor 1 \(\): label: expected a non-empty string, got ''"),
    ({"pattern": r"\bHNP\b"}, r"actor 1 \(HNP\): pattern: expected a list of non-empty strings"),
    ({"pattern": ["(HNP"]}, r"actor 1 \(HNP\): pattern: not a regular expression"),
    ({"needles": ["HNP"]}, r"actor 1 \(HNP\): needles: expected lowercase text .*got 'HNP'"),
    ({"needles": []}, r"actor 1 \(HNP\): needles: expected a list of non-empty strings"),
    ({"acled": "Police"}, r"actor 1 \(HNP\): acled: expected one of State forces, .*'Police'"),
])
def test_a_bad_entry_names_file_entry_and_field(change, message):
    raw = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(ActorTableError, match=message):
        parse({"actor": [raw]}, "t.toml")


def test_a_duplicate_label_and_an_empty_table_are_refused():
    with pytest.raises(ActorTableError, match=r"t\.toml: actor 2: duplicate label 'HNP'"):
        parse({"actor": [GOOD, GOOD]}, "t.toml")
    with pytest.raises(ActorTableError, match=r"t\.toml: expected \[\[actor\]\] entries"):
        parse({}, "t.toml")


def test_an_unreadable_or_malformed_file_names_the_file(tmp_path):
    with pytest.raises(ActorTableError, match=r"missing\.toml: cannot read the actor table"):
        load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]\n", encoding="utf-8")
    with pytest.raises(ActorTableError, match=r"bad\.toml: "):
        load(bad)


def test_the_error_is_of_the_project_family():
    from errors import CrisisMapError

    assert issubclass(actor_table.ActorTableError, CrisisMapError)


@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.label)
def test_every_named_actor_has_its_acled_category(actor):
    assert actor_category(actor.label) == actor.acled


@pytest.mark.parametrize(("name", "expected"), [
    ("Kenya MSS", "External/Other forces"),  # by the MSS pattern, as imported from ACLED
    ("hnp", "State forces"),  # case-blind
    ("Police Forces of Haiti (2021-)", "State forces"),  # by a word
    ("Village de Dieu gang", "Political militia"),
    ("displaced residents", "Civilians"),
    ("Canaan", ""),  # decoy: a place, not the Canaan gang
])
def test_any_actor_name_gets_an_acled_category(name, expected):
    assert actor_category(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The Haitian National Police and Kenyan police entered Solino.",
     ("HNP", "MSS Kenya contingent")),
    ("Members of the Viv Ansanm coalition attacked.", ("Viv Ansanm",)),
    ("The Grand Ravine gang fired on residents.", ("Grand Ravine gang",)),
    ("The national police chief spoke.", ("HNP",)),
    ("Haiti's National Police said officers were hurt.", ("HNP",)),  # capitalised
    ("A police station was built in 1990.", ()),  # decoy: no named actor
])
def test_find_actors_reads_the_table(text, expected):
    assert find_actors(text) == expected


def test_geo_actor_phrases_are_named_actors_of_the_table():
    # geo sits above incidents and keeps its own list of actor names that look like places
    # (the matcher consumes them); each must be an actor the table finds, as written or in
    # lower case (the table reads "national police", not "Haiti's National Police": a known
    # gap, kept while the extraction scores are pinned).
    from geo.decoys import ACTOR_NAMES, ACTOR_PHRASES

    assert len(ACTOR_PHRASES) == len(ACTOR_NAMES)
    found = {n: find_actors(n) or find_actors(n.lower()) for n in ACTOR_NAMES}
    assert [n for n, labels in found.items() if len(labels) != 1] == []
    assert found["National Police"] == ("HNP",) and found["Viv Ansam"] == ("Viv Ansanm",)


def test_geo_actor_suffixes_are_armed_group_words_of_the_lexicon():
    # geo reads "the Grand Ravine gang" as an actor by these words; the parse reads armed
    # groups by the lexicon's [words] armed list: the two must name the same groups.
    from geo.decoys import ACTOR_SUFFIXES
    from incidents.extract.lexicon import load

    armed = load("en").words["armed"]
    assert {w.removesuffix("s") for w in ACTOR_SUFFIXES} <= armed
    assert "armed" in armed  # "armed men": the adjective is read from the list too
