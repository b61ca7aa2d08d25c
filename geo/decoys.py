"""Tables of words that look like places but must not be read as Haitian places.

Many GeoNames hamlets of Haiti are named with ordinary words ("Police", "Mission", "Centre",
"Marche", "La Ville"), first names ("Simon", "Christian") or generic landscape words ("Grand
Fond", "Bois Neuf"). A false place on the map is worse than a miss, so the matcher only reads
such names in text when they are distinctive, and never reads actors, demonyms and foreign
places as places in Haiti. Everything here is data; the rules that use it live in
geo/matcher.py (text) and scripts/build_gazetteer.py (which rows are matchable at all).
All entries are keys (see geo.normalize.key): folded, accent-free, space-separated.
"""
from __future__ import annotations

from pathlib import Path

from geo.calendar_words import MONTH_ABBREVIATIONS, MONTHS, MONTHS_FR, WEEKDAYS, WEEKDAYS_FR
from geo.normalize import key


def _words(text: str) -> list[str]:
    return text.split()


# Function words of English, French and Kreyòl.
FUNCTION_WORDS = frozenset(
    _words("""
    a au aux d de des du en et l la le les ou nan sou lan the of and in on at to for by with
    from near y o
""")
)

# Generic landscape and settlement words, colours, sizes, saints: a name made only of these
# (and function words) names hundreds of spots and reads like ordinary prose.
GENERIC_TOKENS = FUNCTION_WORDS | frozenset(
    _words("""
    grand grande grands grandes gran gwo petit petite petits petites ti haut haute hauts bas
    basse vieux vieille vye nouveau nouvelle neuf neuve gros grosse bel belle beau bon bonne
    mauvais saint sainte saints sen st morne mont montagne montagnes colline collines ravine
    ravines riviere rivieres rivye source sources fond fonds fon bois bwa plaine plaines
    plateau platon platons savane savanne savanes mare mares trou trous anse anses pointe
    cap ile ilet iles bassin bassins lagon etang croix kwa carrefour kafou ville vil bourg
    marche mache habitation camp terre tere eau dlo roche roches woch pont port porte chemin
    route rue plage cote cotes coteau coteaux nord sud est ouest centre central rouge rouges
    blanc blanche blancs noir noire noirs vert verte bleu bleue jaune gris palmiste
    palmistes mapou manguier cocoyer cocoyers citron oranger orangers figuier cajou acajou
    pin pins sable sables sec seche froid froide chaud chaude long longue premier deuxieme
    troisieme la haut dessus dessous quartier section commune village cite lakou zone bord
    bout tete pied milieu sous gorge gorges
""")
)

# Names (mostly single words) that are in the gazetteer but, alone in a text, are far more
# often ordinary words, people, saints or organisations ("Okay" is Kreyòl for Les Cayes,
# "La Mission" an old name of Fonds-Verrettes). They stay in the gazetteer (lookup finds
# them) but find() never reads them. "Carrefour" is deliberately absent: capitalised in a
# Haitian text it is the commune.
COMMON_WORDS = frozenset(
    _words("""
    police mission centre central center nord north sud south ouest west est east la le les
    marche market prince national nationale city ville town port airport palace hospital
    church school station prison capital region department commune section des trou dame
    victoire moulin bassin platon pendu medor matador amazone raymond laurent quentin dumas
    mercy moreau aubert joly conde bony dejoie solon champion christian christine simon
    america haiti haitian dominican republique republic island coast magasin nip okay
    lassalle
""")
) | {key(s) for s in ("La Mission", "La Source", "La Visite", "Le Trou", "Saint-Jean",
                      "Sainte-Rose", "Saint-Louis", "Mardi Gras", "Sans Souci", "Jamais Vu",
                      "Belle Vue", "Bonne Fin", "Cul-de-Sac")}

# Articles and Kreyòl particles: a hamlet called "La Paix", "Nan Da" or "Ka Jean" is, for
# reading text, a single word, and is treated like one (read only when notable).
ARTICLE_LIKE = frozenset(_words("la le les l nan ca ka kay lakou"))

# Department names that are ordinary words ("Centre", "Nord", "Sud", "Ouest") or Kreyòl
# words ("Sant", "Sid"): read only with a department word beside them ("Nord department",
# "département du Centre"), which the build script writes as aliases.
CONTEXT_ONLY = frozenset(
    _words("""
    centre nord sud ouest sant no sid lwes nodes nodwes sides north south west east center
    central
""")
)

# First names: a two-word hamlet name that starts with one ("Jean Denis", "Pierre Louis")
# reads as a person in news text.
GIVEN_NAMES = frozenset(
    _words("""
    jean pierre paul jacques louis joseph marie anne charles francois michel andre georges
    henri antoine philippe nicolas etienne jules victor simon thomas david daniel jeanne
    rose claire marc luc gerard robert richard john james william
""")
)

# More given names, French and Haitian, that GeoNames hamlets carry ("Guillaume", "Zéphir"):
# alone in a text they are far more often a person. Used by the build script's rule for
# single-word localities (scripts/build_gazetteer.py: plain_word).
MORE_GIVEN_NAMES = frozenset(
    _words("""
    adrien albert alexandre alexis alphonse ambroise arnaud arnauld auguste augustin
    baptiste bastien benoit bernard blaise camille cesar christophe claude clement cyprien
    denis desir desire dieudonne dominique edouard elie emile emmanuel ernest eugene fabien
    felix fernand florent francis frantz fritz gabriel gaspard gaston germain gilbert gilles
    guillaume gustave guy hector herve hilaire hippolyte hubert ignace isaac jacot jacquot
    jeannot jerome jocelyn jonas jovin julien justin laurent leon leonard lindor lubin lucien marcel
    marius martial mathieu matthieu maurice max maxime michaud narcisse noel octave olivier
    oreste pascal patrick paulin prosper rene roger roland samuel sebastien serge stephane
    sylvain theodore timothee toussaint valery vincent wilson yves zephir mikel mariane
    marceline marinette simonette lexandra zabethe sanite johanisse didier remy celestin
    marcelin mathurin
""")
)

# Names of people, institutions and brands of Haitian news that GeoNames also gives to
# hamlets: alone in a text they name the person or the brand, not the hamlet.
NEWS_NAMES = frozenset(
    _words("""
    preval martelly moise cherizier conille aristide duvalier jovenel geffrard rigaud
    pinchinat barbancourt digicel natcom quisqueya sogebank unibank caribe brana dinasa
    sodigaz goree sonson izo krisla lanmo mawozo
""")
)

# Kreyòl words that read like names when capitalised at the start of a sentence.
KREYOL_WORDS = frozenset(
    _words("""
    anpil bagay bandi bonjou desann deyo dlo fanmi gade granmoun jodi konsa kounye lakay
    lapolis lari lekol lavil machin manman moun nou papa pitit rele sitwayen tout travay
    vini zam zonbi
""")
)

# Titles: "Madame Colo", "Général X" read as people.
TITLES = frozenset(_words("madame monsieur mme mr mrs dr docteur general president pere frere "
                          "soeur pasteur father sister brother"))

# Roles before a surname ("spokesman Cazeau", "gang leader Cazeau") and speech verbs after
# it ("Cazeau said"): a one-word locality name beside one of these is a person.
ROLE_WORDS = TITLES | frozenset(_words("""
    spokesman spokeswoman spokesperson commissioner inspector senator deputy minister judge
    mayor director chief commander officer agent lawyer prosecutor journalist reporter
    activist analyst leader boss member suspect resident colleague brother sister cousin
    son daughter wife husband porte parole commissaire juge maire ministre senateur depute
    directeur chef avocat journaliste
"""))
SPEECH_VERBS = frozenset(_words("""
    said says told added explained declared stated wrote warned noted argued insisted
    recalled confirmed denied dit declare affirme explique precise ajoute deklare
"""))

# Lower-case words that may open a name before its capitalised part ("département de
# l'Ouest", "section Turgeau", "lower Delmas").
LEAD_WORDS = frozenset(_words("departement department depatman arrondissement commune section "
                              "lower upper"))

# Calendar words, which follow place names in wire copy ("attacked Carrefour Monday").
CALENDAR = frozenset(key(w) for w in (*WEEKDAYS, *WEEKDAYS_FR, *MONTHS, *MONTHS_FR,
                                      *MONTH_ABBREVIATIONS))

# Descriptive aliases that are written in lower case ("city centre", "downtown").
LOWERCASE_OK = frozenset(
    {key(s) for s in ("downtown", "city centre", "city center", "centre-ville", "centre ville",
                      "downtown Port-au-Prince", "lower Delmas", "bas Delmas")}
)

# Actor phrases that contain place-like words: consumed by the matcher, never places. Gangs
# named after their turf ("the Grand Ravine gang") are caught by ACTOR_SUFFIXES instead.
# Geo sits above incidents, so it keeps these names itself; each is a spelling of an actor
# of incidents/actors.toml (tests/test_actors.py checks that the table finds every one).
ACTOR_NAMES = (
    "Haitian National Police", "National Police", "Police Nationale d'Haïti",
    "Haiti National Police", "Multinational Security Support", "Kenya-led mission",
    "Viv Ansanm", "Viv Ansam", "Gran Grif", "400 Mawozo", "5 Segonn", "G9", "G-Pèp",
    "Kraze Baryè", "Chen Mechan", "Ti Makak", "Baz Pilat",
)
ACTOR_PHRASES = frozenset(key(s) for s in ACTOR_NAMES)

# Phrases that contain a place name but name no place: consumed by the matcher ("the land
# of Canaan" in a quoted prayer is not the Canaan settlement north of Port-au-Prince).
PHRASES = frozenset(key(s) for s in ("land of Canaan", "lands of Canaan"))

# Words right after a place name that turn it into an actor ("the Grand Ravine gang").
ACTOR_SUFFIXES = frozenset({"gang", "gangs", "gangsters", "coalition", "bandits"})

# Demonyms and nationality adjectives that the foreign table may lack.
DEMONYMS = frozenset(
    _words("""
    kenyan kenyans jamaican jamaicans bahamian bahamians belizean guatemalan salvadoran
    american americans dominican dominicans haitian haitians canadian french cuban chadian
    beninese bangladeshi mexican brazilian chilean colombian
""")
)

FOREIGN_PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "foreign_places.txt"


def foreign_places(path: Path = FOREIGN_PLACES_FILE) -> frozenset[str]:
    """Keys of countries and cities outside Haiti (built from GeoNames by the build script).

    A Haitian hamlet that shares one of these names is never read from text ("Miami",
    "Washington"), while curated Haitian places keep their name ("Marigot", "Beaumont")."""
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and line[0] != "#")
