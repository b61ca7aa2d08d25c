"""One-word localities: the crisis-zone rule, locative cues, and the person guard.

A one-word GeoNames locality ("Montrouis", "Drouillard") is read in running text when it
lies in a crisis-zone commune and is no common word, given name or foreign place; elsewhere
only beside a locative cue ("in Descahos", "the Descahos area"). Sentences are written for
these tests in the style of wire reports; none comes from the development corpus.
"""
from __future__ import annotations

import csv
import importlib
import sys
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, load_gazetteer
from geo.index import index_of
from geo.loader import DEFAULT_PATH
from geo.normalize import key
from geo.place import NEAR, Place

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def resolved(gaz, text):
    return [(r.mention.text, r.place.commune) for r in gaz.resolve_all(text) if r.resolved]


IN_TEXT = [
    # (sentence, words of the place, commune)
    ("Gangs set fire to houses in Drouillard on Tuesday.", "Drouillard", "Cité Soleil"),
    ("Police said Cazeau was calm after the raid.", "Cazeau", "Tabarre"),
    ("Residents of Lilavois fled toward the airport.", "Lilavois", "Croix-Des-Bouquets"),
    ("Residents of Lillavois fled toward the airport.", "Lillavois", "Croix-Des-Bouquets"),
    ("Gunmen moved through Santo overnight.", "Santo", "Croix-Des-Bouquets"),
    ("Gunmen moved through Santo 17 overnight.", "Santo 17", "Croix-Des-Bouquets"),
    ("Gunmen attacked Montrouis, on the coast road.", "Montrouis", "Saint-Marc"),
    ("Trucks waited at Malpasse for the border to reopen.", "Malpasse", "Ganthier"),
    ("Families fled Bocozel and Lanzac.", "Bocozel", "Saint-Marc"),
    ("Families fled Bocozel and Lanzac.", "Lanzac", "Saint-Marc"),
    ("Officers patrolled Fermathe.", "Fermathe", "Kenscoff"),
    ("A dam guard was shot at Péligre.", "Péligre", "Boucan Carré"),  # GeoNames point
    ("Inmates escaped from the National Penitentiary.", "National Penitentiary",
     "Port-au-Prince"),
    ("Les détenus ont fui le Pénitencier national.", "Pénitencier national", "Port-au-Prince"),
    ("Smoke rose over Fort Dimanche.", "Fort Dimanche", "Port-au-Prince"),
    ("Gangs from Bélékou fired on the patrol.", "Bélékou", "Cité Soleil"),
    ("Gangs blocked the Varreux terminal.", "Varreux terminal", "Cité Soleil"),
    ("Gangs blocked Terminal Varreux.", "Terminal Varreux", "Cité Soleil"),
    ("Shots were fired in Juvénat.", "Juvénat", "Pétion-Ville"),
    ("Shots were fired in Musseau.", "Musseau", "Pétion-Ville"),
    ("Refugees crossed at Fonds-Parisien.", "Fonds-Parisien", "Ganthier"),
    ("Traffic on Route 1 stopped north of the capital.", "Route 1", "Croix-Des-Bouquets"),
    ("Traffic on National Highway 2 resumed.", "National Highway 2", "Léogâne"),
    ("Trucks left by Route National 3.", "Route National 3", "Mirebalais"),
    ("Gangs blocked RN#1 at Cabaret.", "RN#1", "Croix-Des-Bouquets"),
    ("Les bandits contrôlent la Route nationale #2.", "Route nationale #2", "Léogâne"),
    ("Traffic on National Road No. 1 was cut.", "National Road No. 1", "Croix-Des-Bouquets"),
    ("Gunfire near Delmas #33.", "Delmas #33", "Delmas"),
    ("Flights left the PAP airport.", "PAP airport", "Tabarre"),
    ("Gunfire was heard in Pacot and Bois Verna.", "Pacot", "Port-au-Prince"),
    ("Gangs burned a police post in Savane Pistache.", "Savane Pistache", "Port-au-Prince"),
    ("Residents of Debussy fled to Pétion-Ville.", "Debussy", "Port-au-Prince"),
    ("Homes burned in Croix des Mission.", "Croix des Mission", "Tabarre"),
    ("La violencia desplazó a vecinos de Bajo Delmas.", "Bajo Delmas", "Port-au-Prince"),
    ("Gunfire was heard in Pacot and Bois Verna.", "Bois Verna", "Port-au-Prince"),
    ("Residents of Jalousie fled downhill.", "Jalousie", "Pétion-Ville"),
    ("Vendors left Place Boyer.", "Place Boyer", "Pétion-Ville"),
    ("Gangs moved from Diquini to Waney.", "Diquini", "Carrefour"),
    ("Gangs moved from Diquini to Waney.", "Waney", "Carrefour"),
    ("Gunmen seized Pierre Payen on the coast road.", "Pierre Payen", "Saint-Marc"),
    ("Families fled Bois Neuf and Ti Haïti.", "Bois Neuf", "Cité Soleil"),
    ("Families fled Bois Neuf and Ti Haïti.", "Ti Haïti", "Cité Soleil"),
    ("Shelters in Corail-Cesselesse filled up.", "Corail-Cesselesse", "Croix-Des-Bouquets"),
    *((f"Bandi yo atake {n} yè swa.", n, c) for n, c in (  # Kreyòl forms
        ("Dezam", "Verrettes"), ("Pon Sonde", "Saint-Marc"), ("Lestè", "L'Estère"),
        ("Lachapèl", "La Chapelle"), ("Bèladè", "Belladère"), ("Kanaan", "Croix-Des-Bouquets"),
        ("Gran Gwav", "Grand-Goâve"))),
    ("Rue Nazon was blocked.", "Nazon", "Port-au-Prince"),  # a street, not a person
    ("Gangs Attack Bocozel. Gunmen burned homes in Bocozel.", "Bocozel", "Saint-Marc"),
    ("Gangs burned homes in Bocozel, said a local official.", "Bocozel", "Saint-Marc"),
    ("Police reached Morne Titanyen.", "Titanyen", "Cabaret"),
    ("A clinic near the Kikwo Baptist Church closed.", "Kikwo", "Kenscoff"),
    ("Vendors fled the Bocozel Market.", "Bocozel", "Saint-Marc"),
    ("Gangs took Cazeau Road.", "Cazeau", "Tabarre"),
]


@pytest.mark.parametrize(("text", "words", "commune"), IN_TEXT)
def test_place_is_read_and_resolved_in_running_text(gaz, text, words, commune):
    assert (words, commune) in resolved(gaz, text)


CUED = [
    # (sentence, place words): one-word localities outside the zones, beside a cue
    ("Farmers were killed in Descahos on Sunday.", "Descahos"),
    ("Gunmen burned the Descahos area.", "Descahos"),
    ("Gunmen burned the village of Descahos.", "Descahos"),
    ("Des bandits ont attaqué la localité de Descahos.", "Descahos"),
    ("Des bandits ont attaqué à Descahos.", "Descahos"),
    ("Bandi yo antre nan Descahos.", "Descahos"),
]


@pytest.mark.parametrize(("text", "words"), CUED)
def test_locality_outside_the_zones_is_read_beside_a_locative_cue(gaz, text, words):
    assert [r.mention.text for r in gaz.resolve_all(text) if r.resolved] == [words]


@pytest.mark.parametrize("text", [
    "Gunmen attacked Descahos.",  # no cue
    "Descahos residents said they were afraid.",  # no cue
])
def test_locality_outside_the_zones_is_not_read_without_a_cue(gaz, text):
    assert gaz.find(text) == []


DECOYS = [
    "The marine said the mission was ready.",  # "Marin" is a hamlet; "marine" is a word
    "A Marin fisherman said the sea was calm.",  # French word: lookup only
    "Source: Haitian National Police.",
    "Bon, the spokesman said, we will see.",
    "Michel said the road was open.",  # given name
    '"We will walk into the land of Canaan," the pastor said.',
    "Former president René Préval and Michel Martelly were named.",
    "Analyst Jean Cazeau said Cazeau was not a target.",  # a person, all through the text
    "Mr. Drouillard told reporters the talks had failed.",  # a title before the name
    "The Haitian Times office in Brooklyn held a vigil, as did Boston.",  # New York's
    "Jimmy Chérizier, known as Barbecue, spoke.",
    "The police commander, Commissioner Dumornay, resigned.",
    "Police spokesman Bocozel denied the report.",  # a role before the name
    "Le maire, Bocozel Laguerre, a lancé un appel.",  # a capitalised word after it
    "The rn#1 tag and pap were lower case.",  # acronyms are read as written
    "Bocozel said the road was open.",  # a speech verb after it
    "Laurent Saint-Cyr and Sadrac Saint-Fleur met; Saint-Fleur said little.",  # surnames
    "Trucks crossed Morne à Cabrit.",  # "à" inside a name is no cue ("Cabrit" is in Nord-Est)
]


@pytest.mark.parametrize("text", DECOYS)
def test_decoys_are_not_read_as_places(gaz, text):
    assert resolved(gaz, text) == []


def test_canaan_the_settlement_is_still_read(gaz):
    assert resolved(gaz, "Gangs attacked Canaan, north of the capital.") == [
        ("Canaan", "Croix-Des-Bouquets"), ("the capital", "Port-au-Prince")]


def test_namesakes_in_the_zones_need_context(gaz):
    res = gaz.resolve_all("Gangs attacked Torcelle.")
    assert len(res) == 1 and not res[0].resolved and "ambiguous" in res[0].reason
    near = gaz.resolve_all("Gangs attacked Torcelle, east of Tabarre.")
    assert [(r.mention.text, r.place.commune) for r in near] == [
        ("Torcelle", "Tabarre"), ("Tabarre", "Tabarre")]


@pytest.mark.parametrize(("text", "resolved_names"), [
    ("Police in Saint-Marc said Montrouis was calm.", ["Saint-Marc", "Montrouis"]),
    ("Montrouis was calm.", ["Montrouis"]),  # nothing else named: nothing against it
    ("Police in Jacmel said Montrouis was calm.", ["Jacmel"]),  # 80 km from the only town
    ("In Jacmel and in the Artibonite department, Montrouis was calm.",
     ["Jacmel", "Artibonite department", "Montrouis"]),  # its department is named
])
def test_a_one_word_hamlet_far_from_the_other_places_is_left_unresolved(gaz, text,
                                                                        resolved_names):
    res = gaz.resolve_all(text)
    assert [r.mention.text for r in res if r.resolved] == resolved_names
    assert all("km from" in r.reason for r in res if not r.resolved)


def test_downtown_in_a_text_about_another_town_is_not_port_au_prince(gaz):
    res = gaz.resolve_all("In Kenscoff, gangs reached the centre-ville after Carrefour.")
    assert [r.resolved for r in res] == [True, False, True]
    res = gaz.resolve_all("Gangs from Delmas reached downtown.")
    assert res[1].place.commune == "Port-au-Prince"


def test_lookup_only_labels_are_found_by_lookup(gaz):
    res = gaz.lookup("Brooklyn")
    assert (res.place.commune, res.geo_precision) == ("Cité Soleil", NEAR)
    assert gaz.lookup("Descahos").place.commune == "Ennery"


def test_a_facility_named_after_a_commune_is_not_a_namesake_hamlets(gaz):
    res = gaz.resolve_all("Inmates escaped from the Mirebalais prison.")
    assert [r.place.id for r in res] == ["adm2-HT0621~prison"]


# -- the rules on a hand-made gazetteer ---------------------------------------------------

def _place(id_, name, commune, kind="town"):
    return Place(id=id_, name=name, kind=kind, department="Ouest", commune=commune,
                 lat=18.5, lon=-72.3, geo_precision=1, source="test row")


ROWS = [
    (_place("c", "Tabarre", "Tabarre", "commune"), 100, "text"),
    (_place("z", "Zoulien", "Tabarre"), 0, "text"),  # a zone locality
    (_place("q", "Quenel", "Hinche"), 0, "cue"),  # a locality outside the zones
    (_place("w", "Marin", "Tabarre"), 0, "lookup"),  # a word
]


@pytest.mark.parametrize(("text", "found"), [
    ("Gangs hit Zoulien.", ["Zoulien"]),
    ("Gangs hit Quenel.", []),
    ("Gangs hit Quenel village and the Quenel area.", ["Quenel", "Quenel"]),
    ("Gangs hit the village of Quenel.", ["Quenel"]),
    ("Gangs hit the area around Quenel.", ["Quenel"]),
    ("Gangs hit the Marin area, in Marin.", []),
    ("Jean Zoulien spoke. Zoulien is a lawyer.", []),
    ("Ariel Zoulien spoke. Gangs hit Zoulien.", ["Zoulien"]),  # unsure: that mention only
    ("Dr Zoulien spoke.", []),
    ("In Zoulien, on Monday Zoulien was quiet.", ["Zoulien", "Zoulien"]),
    ("Rue Zoulien and Morne Zoulien were blocked.", ["Zoulien", "Zoulien"]),
    ("ZOULIEN is quiet; zoulien is not a name.", ["ZOULIEN"]),
])
def test_match_tiers_on_a_tiny_gazetteer(text, found):
    gaz = Gazetteer(index_of(ROWS))
    assert [m.text for m in gaz.find(text)] == found


def test_cue_mentions_resolve_to_the_cue_rows():
    gaz = Gazetteer(index_of(ROWS))
    res = gaz.resolve_all("Gangs hit the village of Quenel.")
    assert [r.place.id for r in res] == ["q"]


# -- the build rule -------------------------------------------------------------------------

def _build_module(name: str):
    """A module of the gazetteer build, scripts/gazetteer_build/ (scripts/ is no package)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module(f"gazetteer_build.{name}")


@pytest.mark.parametrize(("name", "plain"), [
    ("Drouillard", True),
    ("Montrouis", True),
    ("Marin", False),  # in the dictionary below
    ("Michel", False),  # given name
    ("Guillaume", False),  # given name
    ("Boston", False),  # foreign place
    ("Okay", False),  # a common word table entry
    ("Préval", False),  # a name of the news
    ("Moun", False),  # Kreyòl word
    ("Doco", True),
    ("Ana", False),  # too short
    ("Bel Air", False),  # two words: the other rule
])
def test_plain_word_rule(name, plain):
    build = _build_module("names")
    assert build.plain_word(key(name), frozenset({"marin", "source"}),
                            frozenset({"boston"})) is plain


def test_zone_table_names_real_communes():
    build = _build_module("tables")
    with open(DEFAULT_PATH, encoding="utf-8") as fh:
        communes = {r["commune"] for r in csv.DictReader(fh) if r["kind"] == "commune"}
    assert communes >= build.ZONE_COMMUNES
    assert len(build.ZONE_COMMUNES) == 27


def test_committed_match_column_follows_the_rule(gaz):
    by_name = {}
    with open(DEFAULT_PATH, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            by_name.setdefault((r["name"], r["commune"]), r["match"])
    assert by_name[("Montrouis", "Saint-Marc")] == "text"  # zone, plain word
    assert by_name[("Descahos", "Ennery")] == "cue"  # outside the zones
    assert by_name[("Marin", "Croix-Des-Bouquets")] == "lookup"  # French word
    assert by_name[("Source", "Ganthier")] == "lookup"  # English/French word
    assert by_name[("Simon", "Ganthier")] == "lookup"  # given name
