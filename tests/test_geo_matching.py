"""Finding and resolving place names in text with the committed gazetteer.

The sentences here are written for these tests (in the style of wire reports); none is
copied from the development corpus.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from geo.gazetteer import load_gazetteer
from geo.loader import DEFAULT_PATH
from geo.place import EXACT, NEAR, REGION

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def only(gaz, text):
    """The single resolution of a text that names one place."""
    res = gaz.resolve_all(text)
    assert len(res) == 1, [r.mention.text for r in res]
    return res[0]


SPELLINGS = [
    # (text, expected place id or None for "any", expected commune)
    *[(f"Gangs attacked {s} overnight.", "ref-bel-air", "Port-au-Prince")
      for s in ("Bel Air", "Bel-Air", "Belair", "BEL-AIR", "Bel‑Air", "Bèlè")],
    *[(f"Police patrolled {s} on Monday.", "adm2-HT0114", "Pétion-Ville")
      for s in ("Pétion-Ville", "Petion-Ville", "Petionville", "Pétionville", "PETION-VILLE",
                "Petion Ville")],
    *[(f"Residents fled {s}.", "gn-3718450", "Saint-Marc")
      for s in ("Pont-Sondé", "Pont-Sonde", "Pont Sondé", "Pont Sonde", "Pontsonde")],
    *[(f"Shots were heard in {s}.", "adm2-HT0531", "Saint-Marc")
      for s in ("Saint-Marc", "St-Marc", "St. Marc", "St Marc", "Sen Mak")],
    *[(f"Police reinforced {s}.", "adm2-HT0432", "Sainte Suzanne")
      for s in ("Sainte-Suzanne", "Ste-Suzanne", "Ste. Suzanne")],
    ("Officers moved into Lower Delmas on Sunday.", "nbh-bas-delmas", "Port-au-Prince"),
    ("Officers moved into Bas-Delmas on Sunday.", "nbh-bas-delmas", "Port-au-Prince"),
    ("Gunfire in Solino again.", "gn-8299685", "Port-au-Prince"),
    ("Houses burned in Nazon.", "nbh-nazon", "Port-au-Prince"),
    ("A march reached Fort National.", "nbh-fort-national", "Port-au-Prince"),
    ("A march reached Fort-National.", "nbh-fort-national", "Port-au-Prince"),
    ("Clashes near Christ-Roi.", "nbh-christ-roi", "Port-au-Prince"),
    ("Gangs took Carrefour-Feuilles.", "nbh-carrefour-feuilles", "Port-au-Prince"),
    ("Traffic stopped on Lalue.", "nbh-lalue", "Port-au-Prince"),
    ("Gunmen fired in Turgeau.", "nbh-turgeau", "Port-au-Prince"),
    ("Gunmen fired in Canapé-Vert.", "nbh-canape-vert", "Port-au-Prince"),
    ("Families left Martissant.", "nbh-martissant", "Port-au-Prince"),
    ("Police entered Village de Dieu.", "nbh-village-de-dieu", "Port-au-Prince"),
    ("Police entered Grand Ravine.", "nbh-grand-ravine", "Port-au-Prince"),
    ("Fighting near Wharf Jérémie.", "nbh-wharf-jeremie", "Cité Soleil"),
    ("Protesters gathered on the Champ de Mars.", "nbh-champ-de-mars", "Port-au-Prince"),
    ("Gunmen shot at the National Palace.", "ref-palais-national", "Port-au-Prince"),
    ("Gunmen shot at the Palais National.", "ref-palais-national", "Port-au-Prince"),
    ("Containers were unloaded at the National Port.",
     "ref-port-international-de-port-au-prince", "Port-au-Prince"),
    ("Containers were unloaded at the APN.",
     "ref-port-international-de-port-au-prince", "Port-au-Prince"),
    ("Flights resumed at Toussaint Louverture International Airport.",
     "ref-toussaint-louverture-international-airport", "Tabarre"),
    ("Patients were moved from the HUEH.", "nbh-hopital-de-l-universite-d-etat-d-haiti",
     "Port-au-Prince"),
    ("Gangs burned the Gressier police station.", "adm2-HT0116~police-station", "Gressier"),
    ("Gangs burned the Cabaret Police Station.", "adm2-HT0142~police-station", "Cabaret"),
    ("Inmates escaped from the Mirebalais prison.", "adm2-HT0621~prison", "Mirebalais"),
    ("Flights landed at Cap-Haïtien airport.", "adm2-HT0311~airport", "Cap-Haïtien"),
    ("Flights left the Port-au-Prince airport.",
     "ref-toussaint-louverture-international-airport", "Tabarre"),
    ("Gunfire in Delmas 30.", "adm2-HT0112~delmas-30", "Delmas"),
    ("Gunfire in Tabarre 27.", "adm2-HT0118~tabarre-27", "Tabarre"),
    ("Gunfire in Pèlerin 5.", "adm2-HT0114~pelerin-5", "Pétion-Ville"),
    ("Gunfire in Marchand-Dessalines.", "adm2-HT0541", "Dessalines"),
    ("Gunfire in Marchand Dessalines.", "adm2-HT0541", "Dessalines"),
    ("Farmers fled Petite-Rivière.", "adm2-HT0542", "Petite Rivière de l'Artibonite"),
    ("The attack hit Kikwo.", "nbh-kikwo", "Kenscoff"),
    ("Police retook Télécos.", "nbh-telecos", "Kenscoff"),
    ("The capital, Port-au-Prince, was quiet.", "adm2-HT0111", "Port-au-Prince"),
    ("PORT-AU-PRINCE, Haiti (AP) — Quiet day.", "adm2-HT0111", "Port-au-Prince"),
    ("In Pòtoprens, people waited.", "adm2-HT0111", "Port-au-Prince"),
    ("Gangs attacked Carrefour on Friday.", "adm2-HT0113", "Carrefour"),
    ("Gangs attacked Carrefour Friday.", "adm2-HT0113", "Carrefour"),
    ("Gangs attacked Cité Soleil.", "adm2-HT0117", "Cité Soleil"),
    ("Gangs attacked Cite Soleil.", "adm2-HT0117", "Cité Soleil"),
    ("Roads out of Croix-des-Bouquets were cut.", "adm2-HT0131", "Croix-Des-Bouquets"),
    ("Roads out of Arcahaie were cut.", "adm2-HT0141", "Arcahaie"),
    ("Gangs entered L'Arcahaie.", "adm2-HT0141", "Arcahaie"),
    ("Boats left La Gonâve.", "arr-HT015", ""),
    ("Des déplacés dans le département de l'Ouest.", "adm1-HT01", ""),
    ("Floods in the department of the North.", "adm1-HT03", ""),
    ("Schools closed across the Central Plateau.", "adm1-HT06", ""),
    ("Farmers of the Lower Artibonite fled.", "adm1-HT05", ""),
    ("Gunfire in lower Delmas.", "nbh-bas-delmas", "Port-au-Prince"),
]


@pytest.mark.parametrize(("text", "place_id", "commune"), SPELLINGS)
def test_spelling_resolves_to_the_place(gaz, text, place_id, commune):
    res = only(gaz, text)
    assert res.resolved, res.reason
    assert (res.place.id, res.place.commune) == (place_id, commune), res.reason


def test_mentions_carry_offsets_into_the_original_text(gaz):
    text = "Après l'attaque à Pétion‑Ville et à St. Michel, la police est revenue à Bel-Air."
    found = gaz.find(text)
    assert [m.text for m in found] == ["Pétion‑Ville", "St. Michel", "Bel-Air"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_facility_words_extend_only_town_names(gaz):
    found = gaz.find("Near Solino police base and the Arcahaie police station.")
    assert [m.text for m in found] == ["Solino", "Arcahaie police station"]


def test_longest_name_wins_and_mentions_do_not_overlap(gaz):
    found = gaz.find("Flights left Port-au-Prince International Airport and Carrefour-Feuilles.")
    assert [m.text for m in found] == ["Port-au-Prince International Airport",
                                       "Carrefour-Feuilles"]


DECOYS = [
    "Kenyan police arrived on Tuesday.",
    "Jamaican soldiers and Bahamian officers joined the Haitian National Police.",
    "The Kenya-led mission flew in from Nairobi.",
    "Officials met in New York, Washington and Kingston.",
    "Flights were diverted to Santo Domingo, Miami, San Juan and Nassau.",
    "The police said the mission would reach the centre of the city.",
    "Police Mission Centre Nord Central Marche",
    "The National Police and the Prince of Wales.",
    "Simon and Christian spoke to reporters.",
    "Jean Denis and Pierre Louis were detained.",
    "The Grand Ravine gang and the Village de Dieu gang fought.",
    "A carrefour near the market was blocked.",
    "Capital punishment was abolished; the capital city of Kenya is Nairobi.",
    "Nairobi, the capital, sent officers; Kenya's capital hosted the talks.",
    "Viv Ansanm and 400 Mawozo claimed the attack.",
    "pap and apn are not acronyms in lower case",
    "Okay, the spokesman said, La Mission d'appui will stay.",
    "Mass was said at Saint-Jean Bosco.",
    "Troops trained in Saint-Martin and Trinidad and Tobago before flying to Haiti.",
    "Former senator Youri Latortue spoke during Mardi Gras in St. Louis.",
    "La Paix et La Joie, a dit La Femme.",
    "Traffic was stuck at Carrefour Drouillard and in the Cul-de-Sac plain.",
]


@pytest.mark.parametrize("text", DECOYS)
def test_decoys_never_resolve_to_a_place_in_haiti(gaz, text):
    assert [r.place.name for r in gaz.resolve_all(text) if r.resolved] == []


def test_department_words_need_a_department_context(gaz):
    assert [r.place.id for r in gaz.resolve_all("They fled to the Centre department.")] == [
        "adm1-HT06"]
    assert gaz.resolve_all("The Centre said it would help.") == []
    res = only(gaz, "Floods hit the North department.")
    assert (res.place.id, res.geo_precision) == ("adm1-HT03", REGION)


def test_ambiguous_name_without_context_is_unresolved_with_candidates(gaz):
    res = only(gaz, "Gunmen fired on Saint-Michel.")
    assert not res.resolved
    assert "ambiguous" in res.reason
    assert {p.commune for p in res.candidates[:2]} == {"Port-au-Prince",
                                                       "Saint-Michel de l'Attalaye"}


@pytest.mark.parametrize("text, name, commune", [
    # A qualifier right after a name, or a possessive before it, is strong context.
    ("Gangs set fire to the Saint-Michel hospital in Port-au-Prince.", "Saint-Michel hospital",
     "Port-au-Prince"),
    ("Gunmen fired on Saint-Michel, in Port-au-Prince, at dawn.", "Saint-Michel",
     "Port-au-Prince"),
    ("Gunmen fired on Saint-Michel (Port-au-Prince) at dawn.", "Saint-Michel", "Port-au-Prince"),
    ("Gunmen fired on the Saint-Michel neighbourhood of Port-au-Prince.", "Saint-Michel",
     "Port-au-Prince"),
    ("Gunmen fired on Port-au-Prince's Saint-Michel at dawn.", "Saint-Michel", "Port-au-Prince"),
    ("Gunmen fired on Saint-Michel, Port-au-Prince, at dawn.", "Saint-Michel", "Port-au-Prince"),
    ("Gunmen fired on Bel-Air near Tabarre at dawn.", "Bel-Air", "Port-au-Prince"),
    ("Gunmen fired on Saint-Michel, a poor district of Port-au-Prince.", "Saint-Michel",
     "Port-au-Prince"),
    ("Gunmen fired on Pacot, a small village near Thomazeau.", "Pacot", "Thomazeau"),
    ("Gunmen fired on the Saint-Michel university hospital in Port-au-Prince.", "Saint-Michel",
     "Port-au-Prince"),
    ("Gunmen fired on Pacot, a village north of Thomazeau.", "Pacot", "Thomazeau"),
    ("Gunmen fired on Bel-Air in Belle-Anse at dawn.", "Bel-Air", "Belle Anse"),
    # A place named after a town stays the town's when the qualifier holds it.
    ("Gangs stormed the Mirebalais prison in the Centre department.", "Mirebalais prison",
     "Mirebalais"),
    # Text-wide context: a bare name among places of the capital.
    ("Gangs attacked Solino and Bel-Air; later they moved on Saint-Michel.", "Saint-Michel",
     "Port-au-Prince"),
])
def test_a_qualifier_picks_the_candidate_inside_or_near_it(text, name, commune, gaz):
    res = {r.mention.text: r for r in gaz.resolve_all(text)}[name]
    assert res.resolved and res.place.commune == commune, res.reason


@pytest.mark.parametrize("text, name", [
    # Decoys: a qualifier that holds no candidate decides nothing; a list is no qualifier.
    ("Gunmen fired on Saint-Michel, in Hinche, at dawn.", "Saint-Michel"),
    ("Gunmen fired on Saint-Michel, Hinche and Mirebalais.", "Saint-Michel"),
    ("Gangs set fire to the Saint-Michel hospital on Monday.", "Saint-Michel hospital"),
])
def test_a_qualifier_that_fits_no_candidate_leaves_the_name_ambiguous(text, name, gaz):
    res = {r.mention.text: r for r in gaz.resolve_all(text)}[name]
    assert not res.resolved and "ambiguous" in res.reason


@pytest.mark.parametrize("text", [
    "Gunmen fired on Saint-Michel, Port-au-Prince and Hinche.",
    "Gunmen fired on Saint-Michel, Port-au-Prince, Hinche and Mirebalais.",
])
def test_a_list_of_places_is_no_qualifier(text, gaz):
    res = {r.mention.text: r for r in gaz.resolve_all(text)}["Saint-Michel"]
    assert "qualified" not in res.reason


def test_context_decides_an_ambiguous_name(gaz):
    res = gaz.resolve_all("Gangs attacked Solino on Sunday and St. Michel on Monday.")
    by_text = {r.mention.text: r for r in res}
    assert by_text["St. Michel"].place.commune == "Port-au-Prince"
    assert "km from" in by_text["St. Michel"].reason
    far = gaz.resolve_all("Farmers of Saint-Michel-de-l'Atalaye and Marmelade met.")
    assert far[0].place.commune == "Saint-Michel de l'Attalaye"


def test_bel_air_prefers_the_capital_neighbourhood_over_hamlets(gaz):
    res = only(gaz, "Gangs attacked Bel-Air.")
    assert len(res.candidates) > 10  # GeoNames has many Bel Air hamlets
    assert res.place.id == "ref-bel-air" and res.geo_precision == EXACT


def test_downtown_needs_the_capital_in_the_text(gaz):
    res = gaz.resolve_all("Shops closed downtown, in the city centre of Port-au-Prince.")
    assert {r.place.id for r in res} == {"nbh-centre-ville-de-port-au-prince", "adm2-HT0111"}
    res = gaz.resolve_all("In Les Cayes, shops closed downtown.")
    assert [r.resolved for r in res] == [True, False]


@pytest.mark.parametrize(("name", "sourced_lat", "sourced_lon"), [
    ("Bel-Air", 18.55, -72.333),  # Wikipedia infobox, reference list
    ("Solino", 18.54961, -72.32186),  # GeoNames 8299685
    ("Gressier", 18.54091, -72.52679),  # GeoNames cities500 3724233
    ("Ganthier", 18.53159, -72.06334),  # GeoNames 3724987
])
def test_seed_places_resolve_within_2_km_of_their_sourced_points(gaz, name, sourced_lat,
                                                                  sourced_lon):
    res = gaz.lookup(name)
    assert res.resolved, res.reason
    assert km(res.place.lat, res.place.lon, sourced_lat, sourced_lon) < 2.0


def _boundary_names(layer, field):
    data = json.loads((DEFAULT_PATH.parent / layer).read_text(encoding="utf-8"))
    return sorted({f["properties"][field] for f in data["features"]})


@pytest.mark.parametrize("commune", _boundary_names("hti_communes.geojson", "ADM2_FR"))
def test_every_commune_resolves_to_itself(gaz, commune):
    res = gaz.lookup(commune)
    assert res.resolved, res.reason
    assert (res.place.kind, res.place.commune) == ("commune", commune)
    assert res.geo_precision in (EXACT, NEAR)


@pytest.mark.parametrize("department", _boundary_names("hti_departments.geojson", "ADM1_FR"))
def test_every_department_resolves_to_itself(gaz, department):
    res = gaz.lookup(department)
    assert res.resolved, res.reason
    assert (res.place.kind, res.place.department) == ("department", department)
    assert res.geo_precision == REGION


def test_lookup_of_unknown_name_gives_reason_and_nearest_candidates(gaz):
    res = gaz.lookup("Gresier")
    assert not res.resolved
    assert res.reason.startswith("no place named 'Gresier'; nearest: Gressier")
    assert res.candidates[0].commune == "Gressier"


@pytest.mark.parametrize("name", ["", "   ", "---"])
def test_lookup_of_an_empty_name_says_so(gaz, name):
    res = gaz.lookup(name)
    assert not res.resolved and res.reason.startswith("empty name")


def test_lookup_finds_a_place_inside_a_longer_name(gaz):
    res = gaz.lookup("Kikwo Baptist Church")
    assert res.place.commune == "Kenscoff"
    assert res.reason.startswith("'Kikwo' within 'Kikwo Baptist Church'")


def test_contains_follows_the_admin_hierarchy(gaz):
    ouest, pap = gaz.get("adm1-HT01"), gaz.get("adm2-HT0111")
    bel_air, delmas30 = gaz.get("ref-bel-air"), gaz.get("adm2-HT0112~delmas-30")
    assert gaz.contains(ouest, pap) and gaz.contains(pap, bel_air)
    assert gaz.contains(ouest, delmas30) and gaz.contains(gaz.get("adm2-HT0112"), delmas30)
    assert gaz.contains(gaz.get("arr-HT011"), bel_air)
    assert gaz.contains(gaz.get("adm3-HT0111-01"), bel_air)
    assert not gaz.contains(pap, ouest)
    assert not gaz.contains(pap, delmas30)
    assert not gaz.contains(gaz.get("adm1-HT05"), bel_air)
    assert not gaz.contains(gaz.get("adm3-HT0112-01"), delmas30)  # section unknown


FINEST_FIRST = ("facility", "neighbourhood", "road", "town", "communal_section", "commune",
                "arrondissement", "department", "country")


@pytest.mark.skipif(not (SHARED / "corpus" / "gold.jsonl").exists(),
                    reason="the development corpus is not beside the checkout")
def test_named_places_of_the_development_corpus_resolve_to_the_coded_commune(gaz):
    """Each coded place of the `tune` split (corpus/SPLITS.md: the `check` articles 313-324
    are not read) that the gazetteer finds in its article resolves, in the context of that
    article, to the commune the coders gave, or to their department where they coded the
    department level ("Artibonite (department level)"), as the scorer compares them."""
    articles = SHARED / "corpus" / "articles"
    checked = 0
    for line in (SHARED / "corpus" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["article"][:3].isdigit() and 313 <= int(row["article"][:3]) <= 324:
            continue
        text = (articles / row["article"]).read_text(encoding="utf-8")
        inside = [r for r in gaz.resolve_all(text) if r.mention.text in row["place"]]
        if not inside:
            continue  # descriptions ("a prison in central Haiti") and unknown names
        assert all(r.resolved for r in inside), (row["place"], [r.reason for r in inside])
        # "a police station in the Port-au-Prince suburb of Canaan": the finest-grained name
        # is the place; the others (a commune standing for the metro area) locate it.
        res = min(inside, key=lambda r: FINEST_FIRST.index(r.place.kind))
        place, coded = res.place, row["admin2_or_city"]
        if coded.endswith("(department level)"):
            assert place.department == row["department"], (row["place"], res.reason)
        else:
            assert place.commune == coded, (row["place"], res.reason)
        checked += 1
    assert checked >= 45


@pytest.mark.parametrize(("text", "found"), [
    # a name known only to the gazetteer's lookup (an unpopulated GeoNames hamlet) is read
    # where the text itself calls it a place ...
    ("Gunmen struck the town of Bercy before dawn, near Arcahaie.", ["Bercy", "Arcahaie"]),
    ("Residents of the village of Bercy fled toward Arcahaie.", ["Bercy", "Arcahaie"]),
    ("La police est entrée dans la localité de Bercy, à Arcahaie.", ["Bercy", "Arcahaie"]),
    # ... and nowhere else: not as a bare word, not after a mere preposition
    ("Gunmen struck Bercy before dawn, near Arcahaie.", ["Arcahaie"]),
    ("Bercy said the road near Arcahaie was closed.", ["Arcahaie"]),
])
def test_a_lookup_only_name_is_read_where_the_text_names_it_a_place(gaz, text, found):
    assert [r.place.name for r in gaz.resolve_all(text) if r.resolved] == found
