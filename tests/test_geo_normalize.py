"""Name keys: the same place written with other case, accents, hyphens or abbreviations."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.gazetteer import load_gazetteer
from geo.normalize import key, keys, slug, tokens

SAME_KEY = [
    ("Pétion-Ville", "PETION VILLE", "petion‑ville", "Pétion Ville"),
    ("Saint-Marc", "St. Marc", "St-Marc", "ST MARC"),
    ("Sainte-Suzanne", "Ste Suzanne", "Ste. Suzanne"),
    ("L'Estère", "L’Estère", "Lʼ Estère", "l estere"),
    ("Grand'Anse", "Grand’Anse", "GRAND ANSE"),
    ("Gonaïves", "Gonaives", "GONAÏVES"),
]


@pytest.mark.parametrize("spellings", SAME_KEY)
def test_spellings_share_one_key(spellings):
    assert len({key(s) for s in spellings}) == 1


def test_joined_form_is_also_a_key():
    assert keys("Bel-Air") == ("bel air", "belair")
    assert keys("Solino") == ("solino",)
    assert keys("  ") == ()


def test_tokens_keep_offsets_into_the_original_text():
    text = "À Pétion‑Ville, St. Michel"
    assert [(t, text[s:e]) for t, s, e in tokens(text)] == [
        ("a", "À"), ("petion", "Pétion"), ("ville", "Ville"), ("saint", "St"),
        ("michel", "Michel")]


def test_slug():
    assert slug("Carrefour-Feuilles") == "carrefour-feuilles"
    assert slug("Université d'État d'Haïti") == "universite-d-etat-d-haiti"


def _variants(draw, name):
    """The name re-written the way reporters do: case, accents, separators."""
    out = []
    for ch in name:
        if ch in "-' ’":
            out.append(draw(st.sampled_from(["-", " ", "‑", "'"]) if ch in "-‑" else
                            st.sampled_from([ch, " "])))
        elif ch.isalpha():
            if draw(st.booleans()):
                ch = "".join(c for c in unicodedata.normalize("NFKD", ch)
                             if not unicodedata.combining(c))
            out.append(ch.upper() if draw(st.booleans()) else ch)
        else:
            out.append(ch)
    return "".join(out)


# ("Cornillon / Grand Bois" is two names; prose writes one or the other. Lookup-only rows
# such as "Brooklyn (Cité Soleil)" are not read in text at all.)
CURATED = [p for p in load_gazetteer().places
           if p.kind in ("commune", "neighbourhood", "facility") and p.department == "Ouest"
           and "/" not in p.name and key(p.name) in load_gazetteer().matcher.text_index]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_rewritten_names_are_found_with_exact_offsets(data):
    place = data.draw(st.sampled_from(CURATED))
    written = _variants(data.draw, place.name)
    written = written[0].upper() + written[1:]  # names in text start with a capital
    gaz = load_gazetteer()
    text = f"On Monday, in {written}, police said."
    found = gaz.find(text)
    assert [text[m.start:m.end] for m in found] == [written], (place.name, written)
    assert place in gaz.candidates(found[0])


@pytest.mark.parametrize("name", [
    "Pe\u0301tion-Ville", "Pétion\u00ad-Ville", "Pé\u200btion-Ville", "\ufeffPétion-Vil\u2060le",
    "P\u200c\u200détion-Ville"])
def test_invisible_characters_and_nfd_accents_fold_away(name):
    """Issue 10, item 14: invisible characters split a name into pieces, NFD accents too."""
    assert key(name) == "petion ville"
    assert [t for t, _, _ in tokens(name)] == ["petion", "ville"]
    assert all(name[s:e].strip("\u00ad\u200b\u200c\u200d\u2060\ufeff")[:1].isalpha()
               for _, s, e in tokens(name))  # offsets still point into the name
