"""Choose one place per mention, ACLED style, and say why.

A name can fit many rows (14 "Bel Air" hamlets, two "Arcahaie", a commune and a hamlet
"Carrefour"). Candidates are scored from a table of priors by kind and source (curated
neighbourhoods, sites and communes before obscure GeoNames hamlets), population, a small
preference for Ouest (where most of the crisis happens), and nearness to the places of the
same text that are not ambiguous. A qualifier is stronger context: a mention followed by
"in Y", ", Y", "near Y", "(Y)" or "neighbourhood of Y", or preceded by "Y's", keeps only
its candidates inside (or near) Y when it has any. The winner's own geo_precision is the
result's precision (1 named site/town, 2 commune or section point or an unsourced
neighbourhood, 3 department). Functions take the Index (geo.index) and, to list a mention's
candidates, its Matcher; nothing here calls back into geo.gazetteer.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from geo.containment import contains
from geo.descriptors import BY_KEY as DESCRIBED
from geo.index import Index
from geo.matcher import Matcher
from geo.nearest import PlaceIndex
from geo.normalize import key
from geo.place import Mention, Place, Resolution, distance_km

# Prior score by kind; GeoNames hamlets (no population, no curated role) get HAMLET_PRIOR.
PRIOR = {
    "facility": 60, "neighbourhood": 60, "commune": 55, "department": 50, "road": 45,
    "arrondissement": 40, "town": 35, "communal_section": 30, "country": 0,
}
HAMLET_PRIOR = 0  # a GeoNames populated place with no population and no curated role
OUEST_BONUS = 8
NEAR_KM, NEAR_BONUS = 30.0, 25  # full bonus at 0 km, none beyond NEAR_KM
CLEAR_MARGIN = 15  # a candidate this far ahead of the next needs no context
TIE_MARGIN = 4  # two places closer than this in score: the name is ambiguous, say so
SAME_PLACE_KM = 5.0  # namesakes in one commune this close are one place listed twice
DOWNTOWN_ID = "nbh-centre-ville-de-port-au-prince"
# Communes whose texts mean Port-au-Prince's downtown by a bare "downtown" (Kenscoff,
# Croix-des-Bouquets or Carrefour have a centre-ville of their own).
CAPITAL_AREA = frozenset({"Port-au-Prince", "Delmas", "Pétion-Ville", "Tabarre", "Cité Soleil"})
# Descriptors that name the capital's place only in a text about the capital ("the airport").
CAPITAL_ONLY = frozenset({"@the_airport"})
# A one-word GeoNames hamlet this far from every other place of the text (and not in a
# department the text names) is more likely a person or another place: left unresolved.
FAR_KM = 60.0
REGIONS = ("department", "arrondissement")
# Qualifiers (see the module docstring): the words between a mention and the place after it.
_TOWN_OF = (r"(?:the\s+)?(?:(?:capital|city|town|commune|municipality|department|region|"
            r"suburbs?)\s+of\s+)?(?:downtown\s+|central\s+|(?:north|south|east|west)(?:ern)?\s+)?")
# "the X neighbourhood of Y", "X, a poor district of Y", "X, a village near Y", "the X
# university hospital in Y"
_A_KIND = (r"\s*,?\s+(?:(?:an?|the)\s+)?(?:[a-z-]+\s+){0,2}?(?:neighbou?rhoods?|districts?|"
           r"areas?|sections?|suburbs?|quarters?|zones?|slums?|localit(?:y|ies)|villages?|"
           r"towns?|communit(?:y|ies)|hospital|clinic|prison|church|school|market|"
           r"police\s+station)\s+")
QUALIFIERS = (
    ("in", re.compile(r"\s*,?\s*(?:in|inside|at|within)\s+" + _TOWN_OF)),
    ("in", re.compile(r"\s*\(\s*")),
    ("in", re.compile(_A_KIND + r"(?:of|in)\s+" + _TOWN_OF)),
    ("near", re.compile(r"\s*,?\s*(?:just\s+)?(?:near|outside(?:\s+of)?|close\s+to|next\s+to|"
                        r"not\s+far\s+from|(?:north|south|east|west)\s+of)\s+" + _TOWN_OF)),
    ("near", re.compile(_A_KIND + r"(?:just\s+)?(?:near|outside(?:\s+of)?|close\s+to|next\s+to|"
                        r"not\s+far\s+from|(?:north|south|east|west)\s+of)\s+" + _TOWN_OF)),
    ("comma", re.compile(r"\s*,\s*")),  # "Bel-Air, Port-au-Prince": by a commune or region
)
_POSSESSIVE = re.compile(r"(?:'s|’s)\s+(?:[a-z]+\s+)?")  # "Port-au-Prince's (poor) X"
_LIST_GOES_ON = re.compile(r"\s*,?\s*(?:and|or)\b")  # "A, B and C", "A, B, or C"
_LIST_GAP = re.compile(r"\s*,\s*")  # "A, B, C": the next name right after a comma
# How near fits a qualifier when no candidate lies inside it, in km.
QUALIFIER_KM = {"in": 10.0, "comma": 10.0, "near": 30.0}


def km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, in km."""
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def is_hamlet(place: Place, pop: int) -> bool:
    return place.kind == "town" and pop == 0 and "cities500" not in place.source


def prior(index: Index, place: Place) -> tuple[float, str]:
    base_id = place.id.partition("~")[0]
    pop = index.population.get(base_id, 0)
    if is_hamlet(place, pop):
        score, why = HAMLET_PRIOR, "GeoNames hamlet"
    else:
        score, why = PRIOR[place.kind], place.kind.replace("_", " ")
    if pop:
        score += 2 * math.log10(pop + 1)
    if place.department == "Ouest":
        score += OUEST_BONUS
    return score, why


def _score(index: Index, place: Place, context: PlaceIndex | None,
           exclude: frozenset[str]) -> tuple[float, str]:
    score, why = prior(index, place)
    found = context.nearest(place.lat, place.lon, NEAR_KM, exclude) if context else None
    if found and found[0] < NEAR_KM:
        d, nearest = found
        score += NEAR_BONUS * (1 - d / NEAR_KM)
        why += f", {d:.1f} km from {nearest.name}"
    return score, why


def choose(index: Index, mention: Mention, candidates: tuple[Place, ...],
           context: PlaceIndex | None = None) -> Resolution:
    """Pick the best candidate for one mention, given the other places of the text (the
    text's anchors: the candidates themselves are never their own context)."""
    if not candidates:
        return Resolution(mention, None, None, f"no place named {mention.text!r}")
    if len(candidates) == 1:
        p = candidates[0]
        return Resolution(mention, p, p.geo_precision, f"only {p.kind.replace('_', ' ')} "
                          f"named {mention.text!r}", candidates)
    exclude = frozenset(p.id for p in candidates)
    scored = sorted(((_score(index, p, context, exclude), p) for p in candidates),
                    key=lambda s: -s[0][0])
    ((best, why), place), ((second, _), runner) = scored[0], scored[1]
    if best - second < TIE_MARGIN and not contains(index, place, runner) \
            and not contains(index, runner, place) and not _same_place(place, runner):
        return Resolution(mention, None, None, f"ambiguous: {mention.text!r} may be "
                          f"{_label(place)} or {_label(runner)}, and the text does not say "
                          "which", tuple(p for _, p in scored))
    reason = (f"{len(candidates)} places named {mention.text!r}; chose the {why} "
              f"over {_label(runner)}")
    return Resolution(mention, place, place.geo_precision, reason, tuple(p for _, p in scored))


def _same_place(a: Place, b: Place) -> bool:
    """Two rows of one locality (GeoNames lists some twice): same commune, a few km apart."""
    return a.kind == b.kind and a.commune == b.commune and km(a, b) < SAME_PLACE_KM


def _label(place: Place) -> str:
    return f"{place.name} ({place.commune or place.department})"


def _qualifiers(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """(mention index, index of the mention qualifying it, relation: a QUALIFIERS key)."""
    out = []
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end:b.start]
        if len(gap) > 40:
            continue
        for rel, pattern in QUALIFIERS:
            if pattern.fullmatch(gap):
                if rel == "comma" and (_LIST_GOES_ON.match(text, b.end) or (
                        i + 2 < len(mentions)
                        and _LIST_GAP.fullmatch(text, b.end, mentions[i + 2].start))):
                    break  # "Solino, Bel-Air and Nazon": a list, not a qualifier
                out.append((i, i + 1, rel))
                break
        else:
            if _POSSESSIVE.fullmatch(gap):
                out.append((i + 1, i, "in"))
    return out


def _fitting(index: Index, places: tuple[Place, ...], by: tuple[Place, ...],
             rel: str) -> tuple[Place, ...]:
    """The places that lie inside one of ``by`` (or, failing that, near one of them)."""
    inside = tuple(p for p in places if any(q.kind != "country" and q.id != p.id
                                            and contains(index, q, p) for q in by))
    if inside:
        return inside
    towns = [q for q in by if q.kind not in (*REGIONS, "country")]
    return tuple(p for p in places if p.kind not in (*REGIONS, "country") and any(
        km(p, q) <= QUALIFIER_KM[rel] for q in towns))


def _qualify(index: Index, text: str, mentions: list[Mention],
             cands: list[tuple[Place, ...]]) -> dict[int, str]:
    """Narrow the candidates of qualified mentions (and of their qualifiers) to the ones
    that fit together; returns, per narrowed mention, the words that qualified it."""
    why: dict[int, str] = {}
    for i, j, rel in _qualifiers(text, mentions):
        if not cands[j] or (rel == "comma" and not any(
                q.kind in ("commune", *REGIONS) for q in cands[j])):
            continue
        fit = _fitting(index, cands[i], cands[j], rel)
        if fit:
            if fit != cands[i]:
                why[i] = f"{'near' if rel == 'near' else 'in'} {mentions[j].text!r}"
            cands[i] = fit
            back = tuple(q for q in cands[j] if _fitting(index, fit, (q,), rel))
            if back and back != cands[j]:
                cands[j], why[j] = back, f"holding {mentions[i].text!r}"
    return why


def resolve_all(index: Index, matcher: Matcher, text: str,
                mentions: list[Mention]) -> list[Resolution]:
    """Resolve every mention; ambiguous ones use the unambiguous ones as context, and a
    mention qualified by a place ("X in Y", "X near Y", "Y's X") is one inside or near it."""
    cands = [matcher.candidates(m) for m in mentions]
    qualified = _qualify(index, text, mentions, cands) if len(mentions) > 1 else {}
    anchors: list[Place] = []
    for c in cands:
        if len(c) == 1:
            anchors.append(c[0])
        elif len(c) > 1:
            ranked = sorted((prior(index, p)[0] for p in c), reverse=True)
            if ranked[0] - ranked[1] >= CLEAR_MARGIN:
                anchors.append(max(c, key=lambda p: prior(index, p)[0]))
    # Indexes, so each mention costs the anchors near it, not all of them (linear in text).
    context = PlaceIndex(anchors, lambda a: a.kind != "department")
    towns = PlaceIndex(anchors, lambda a: a.kind not in (*REGIONS, "country"))
    regions = PlaceIndex(anchors, lambda a: a.kind in REGIONS)
    capital: dict[str, bool] = {}
    out = []
    for i, (m, c) in enumerate(zip(mentions, cands, strict=True)):
        res = choose(index, m, c, context)
        if m.key in DESCRIBED and res.place is not None:  # "the capital": the whole area
            d = DESCRIBED[m.key]
            res = Resolution(m, res.place, d.geo_precision, f"{m.text!r}: {d.help}", c)
        if i in qualified:
            res = replace(res, reason=f"qualified ({qualified[i]}): {res.reason}")
        place = res.place
        if place is not None and (place.id == DOWNTOWN_ID or m.key in CAPITAL_ONLY) \
                and not _capital_text(place, towns, capital):
            what = "airport" if m.key in CAPITAL_ONLY else "downtown"
            res = Resolution(m, None, None, f"{m.text!r} names the {what} of a town the "
                             "text does not make clear (not Port-au-Prince)", c)
        elif place is not None and " " not in m.key and (
                far := _far_hamlet(index, place, towns, regions, frozenset(p.id for p in c))):
            res = Resolution(m, None, None, f"{m.text!r}: the {_label(place)} hamlet is "
                             f"{far}; more likely a name or another place", c)
        out.append(res)
    return out


def _far_hamlet(index: Index, place: Place, towns: PlaceIndex, regions: PlaceIndex,
                exclude: frozenset[str]) -> str:
    """Why a GeoNames hamlet is doubtful in this text ("" when it is not): the text names
    other places (``exclude``: the mention's own candidates are not others), none within
    FAR_KM of it, and no department or arrondissement holding it."""
    if not is_hamlet(place, index.population.get(place.id, 0)):
        return ""
    if any(contains(index, a, place) for a in regions.places if a.id not in exclude):
        return ""
    if towns.nearest(place.lat, place.lon, FAR_KM, exclude):
        return ""
    found = towns.nearest(place.lat, place.lon, exclude=exclude)
    if found is None:
        return ""
    d, nearest = found
    return f"{d:.0f} km from {nearest.name}, the nearest place of the text"


def _capital_text(downtown: Place, towns: PlaceIndex, known: dict[str, bool]) -> bool:
    """A bare "downtown" / "city centre" is Port-au-Prince's only if the text names no town,
    names Port-au-Prince, or names only towns of the inner capital area (``known``: the
    answers so far, per place, so the text's towns are read once)."""
    if downtown.id not in known:
        others = [a for a in towns.places if a.id != downtown.id]
        known[downtown.id] = (not others or any(a.commune == "Port-au-Prince" for a in others)
                              or all(a.commune in CAPITAL_AREA for a in others))
    return known[downtown.id]


def lookup(index: Index, matcher: Matcher, name: str) -> Resolution:
    """Resolve one name typed by a person (lookup-only rows included); when nothing has
    that name, the reason names the nearest spellings and ``candidates`` holds their places."""
    found = matcher.find(name)
    if len(found) == 1 and found[0].start == len(name) - len(name.lstrip()) \
            and found[0].end == len(name.rstrip()):
        mention = found[0]
    else:
        text = name.strip()
        mention = Mention(text=text, start=0, end=len(text), key=key(text))
    cands = matcher.candidates(mention, lookup=True)
    if cands:
        return choose(index, mention, cands)
    inner = [r for r in resolve_all(index, matcher, name, found) if r.resolved]
    if inner:  # "Kikwo Baptist Church": a known place inside a longer name
        r = inner[0]
        return Resolution(r.mention, r.place, r.geo_precision,
                          f"{r.mention.text!r} within {name.strip()!r}: {r.reason}",
                          r.candidates)
    from rapidfuzz import fuzz, process

    near = process.extract(mention.key, list(matcher.all_index), scorer=fuzz.WRatio,
                           limit=5, score_cutoff=60)
    places = tuple(dict.fromkeys(p for k, _, _ in near for p in matcher.all_index[k][:3]))
    names = ", ".join(dict.fromkeys(p.name for p in places)) or "none"
    why = "empty name" if not mention.key else f"no place named {name.strip()!r}"
    return Resolution(mention, None, None, f"{why}; nearest: {names}", places)
