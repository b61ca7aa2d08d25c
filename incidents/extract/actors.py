"""Actors named in a sentence: the police, the MSS mission and its contingents, named gangs.

A table of (label, pattern); the labels are what users filter on, so every spelling of one
actor ("HNP", "PNH", "Haitian National Police") maps to one label. Gangs not in the table are
still caught by the "<Name> gang" form.
"""
from __future__ import annotations

import re
from typing import NamedTuple


class Actor(NamedTuple):
    label: str
    pattern: str
    help: str
    needles: str = ""  # lowercase stems, one of which must occur before the pattern is tried


ACTORS: tuple[Actor, ...] = (
    Actor("HNP", r"\bHNP\b|\bPNH\b|Haitian\s+National\s+Police|Police\s+Nationale\s+d'Ha[iï]ti|"
          r"Haitian\s+police|Haiti\s+police|national\s+police", "Haitian National Police",
          needles="hnp|pnh|national police|haitian police|haiti police|police nationale"),
    Actor("HNP UTAG", r"\bUTAG\b|Temporary\s+Anti-Gang\s+Unit", "HNP anti-gang unit",
          needles="utag|anti-gang unit"),
    Actor("HNP BOID", r"\bBOID\b", "HNP departmental intervention brigade",
          needles="boid"),
    Actor("HNP SWAT", r"\bSWAT\b", "HNP SWAT unit",
          needles="swat"),
    Actor("FAd'H", r"\bFAd'H\b|Haitian\s+(?:Armed\s+Forces|army|military|soldiers)",
          "Armed Forces of Haiti",
          needles="fad'h|haitian armed|haitian army|haitian military|haitian soldiers"),
    Actor("MSS", r"\bMSSM?\b|Multi-?[Nn]ational\s+Security\s+Support|Kenyan?-led\s+"
          r"(?:mission|force|Multinational)|U\.N\.-backed\s+mission", "Kenya-led MSS mission",
          needles="mss|security support|kenya-led|kenyan-led|u.n.-backed mission"),
    Actor("GSF", r"\bGSF\b|Gang\s+Suppression\s+Force", "UN-authorised Gang Suppression Force",
          needles="gsf|gang suppression"),
    Actor("MSS Kenya contingent", r"\bKenyan\s+(?:police|officers?|contingent|forces|troops|"
          r"counterparts|team|personnel)|\bKenya\s+(?:police|contingent)",
          "Kenyan police in the MSS",
          needles="kenya"),
    Actor("MSS Jamaica contingent", r"\bJamaican\s+(?:soldiers|police|officers|troops|team|"
          r"contingent|personnel)", "Jamaican contingent",
          needles="jamaican"),
    Actor("MSS Bahamas contingent", r"\bBahamian\s+(?:soldiers|police|officers|officials|troops|"
          r"team|contingent|personnel)", "Bahamian contingent",
          needles="bahamian"),
    Actor("MSS Belize contingent", r"\bBelizean\s+(?:soldiers|police|officers|troops|team|"
          r"contingent)", "Belizean contingent",
          needles="belizean"),
    Actor("MSS Guatemala contingent", r"\bGuatemalan\s+(?:soldiers|police|officers|troops|"
          r"team|contingent)", "Guatemalan contingent",
          needles="guatemalan"),
    Actor("MSS El Salvador contingent", r"\bSalvadoran\s+(?:soldiers|police|officers|troops|"
          r"team|contingent)", "Salvadoran contingent",
          needles="salvadoran"),
    Actor("Viv Ansanm", r"\bViv\s+Ansa[nm]m?\b|Living\s+Together|Live\s+Together",
          "gang coalition formed in 2023",
          needles="ansanm|ansam|ansan|living together|live together"),
    Actor("G9", r"\bG-?9\b(?:\s+an\s+Fanmi)?|G9\s+Family", "G9 an Fanmi e Alye federation",
          needles="g9|g-9"),
    Actor("G-Pèp", r"\bG-?P[eè]p\b", "G-Pèp federation",
          needles="pèp|pep"),
    Actor("Gran Grif", r"\bGran[d]?\s+Grif(?:f)?\b", "Artibonite gang",
          needles="grif"),
    Actor("400 Mawozo", r"\b400\s+Mawozo\b", "Croix-des-Bouquets gang",
          needles="mawozo"),
    Actor("5 Segonn", r"\b5\s+Segonn\b|\bFive\s+Seconds\b", "Village de Dieu gang",
          needles="segonn|five seconds"),
    Actor("Kraze Baryè", r"\bKraze\s+Bary[eè]\b", "Tabarre / Bon Repos gang",
          needles="kraze"),
    Actor("Chen Mechan", r"\bChen\s+Mechan\b", "Artibonite / Centre gang",
          needles="mechan"),
    Actor("Ti Makak", r"\bTi\s+Makak\b", "Laboule / Thomassin gang",
          needles="makak"),
    Actor("Kokorat San Ras", r"\bKokorat\s+San\s+Ras\b", "Artibonite gang",
          needles="kokorat"),
    Actor("Baz Pilat", r"\bBa[sz]e?\s+Pilate?\b", "Port-au-Prince gang",
          needles="pilat"),
    Actor("Grand Ravine gang", r"\bGrand[e]?\s+Ravine\s+gang\b", "Martissant gang",
          needles="ravine"),
    Actor("Canaan gang", r"\bCanaan\s+gang\b", "Canaan gang",
          needles="canaan"),
    Actor("self-defence groups", r"\bself-defen[cs]e\s+groups?\b|\bvigilantes?\b|"
          r"\bBwa\s+Kale\b", "civilian vigilante groups",
          needles="self-defen|vigilante|bwa kale"),
)
_TABLE = tuple((a.label, frozenset(a.needles.split("|")), re.compile(a.pattern)) for a in ACTORS)
# Speed: one scan finds the needles of the table, longest first; a needle found also stands
# for the needles inside it ("kenya-led" holds "kenya").
_NEEDLES = {n for _, ns, _ in _TABLE for n in ns}
_NEEDLE = re.compile("|".join(sorted(map(re.escape, _NEEDLES), key=len, reverse=True)))
_WITHIN = {n: frozenset(o for o in _NEEDLES if o in n) for n in _NEEDLES}
# "<Name> gang" / "<Name> gang members" for gangs the table does not know: up to three
# capitalised words before "gang", read from the words themselves (no regex over a run of
# hyphenated words, which backtracked quadratically).
_GANG = re.compile(r"\bgang\b")
_NOT_A_NAME = re.compile(r"\A(?:The|A|An|Armed|Haiti|Haitian|Powerful|Notorious|Rival|Local|"
                         r"Its|Their|His|This|That|Dominant|Main)\s", re.IGNORECASE)


def _name_before(text: str, end: int) -> str:
    """Up to three capitalised words (or numbers) right before ``end``."""
    words = text[max(0, end - 80):end].split(" ")
    if words and words[-1] == "":
        words.pop()
    else:
        return ""
    name: list[str] = []
    for w in reversed(words[-3:]):
        if not w or not (w[0].isupper() or w[0].isdigit()) or "\n" in w:
            break
        name.insert(0, w)
    return " ".join(name)


def find_actors(text: str) -> tuple[str, ...]:
    """Actor labels named in ``text``, in table order, each once."""
    lower = text.lower()
    seen = set().union(*(_WITHIN[m] for m in _NEEDLE.findall(lower)))
    found = [label for label, needles, pattern in _TABLE
             if not seen.isdisjoint(needles) and pattern.search(text)]
    known = set(found)
    for m in _GANG.finditer(text) if "gang" in lower else ():
        name = _name_before(text, m.start())
        if not name or _NOT_A_NAME.match(name + " "):
            continue
        label = f"{name} gang"
        if label not in known and not any(name in k for k in known):
            known.add(label)
            found.append(label)
    return tuple(found)
