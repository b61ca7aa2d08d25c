"""How the build writes names and rows: alias cleaning, titles, which names text may read."""
from __future__ import annotations

import unicodedata

from gazetteer_build.tables import NOT_PLAIN
from geo.decoys import (
    ARTICLE_LIKE,
    GENERIC_TOKENS,
    GIVEN_NAMES,
    TITLES,
)
from geo.normalize import key


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


def plain_word(k: str, words: frozenset[str], foreign: frozenset[str]) -> bool:
    """Whether a one-word locality key may be read as a place: four letters or more, not a
    word of English, French, Spanish or Kreyòl, not a given name, title, news name, actor
    or foreign place."""
    return (" " not in k and len(k) >= 4 and k.isalpha() and k not in words
            and k not in NOT_PLAIN and k not in foreign)


def row(id_, name, kind, dept, commune, section, lat, lon, prec, aliases, pop, match,
        source, source_id) -> dict[str, object]:
    return dict(id=id_, name=name, kind=kind, department=dept, commune=commune,
                section=section, lat=f"{float(lat):.6f}", lon=f"{float(lon):.6f}",
                geo_precision=prec, aliases="|".join(aliases), population=int(pop or 0),
                match=match, source=source, source_id=source_id)
