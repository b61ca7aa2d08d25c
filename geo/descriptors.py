"""Places named by a description instead of a name ("the capital", "Haiti's capital").

A table of (key, pattern, place id, geo_precision, help). A descriptor is a mention of its
own only when it stands alone: in apposition with a proper name ("Haiti's capital,
Port-au-Prince", "Nairobi, the capital") the name says which place is meant, and the name
alone is the mention. A descriptor names an area, so it resolves at NEAR precision (2): a
capital-wide reference is not a point.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from geo.calendar_words import MONTHS, WEEKDAYS
from geo.place import EXACT, NEAR, Mention


class Descriptor(NamedTuple):
    key: str  # Mention.key of its mentions (never a normalised name: starts with "@")
    pattern: str
    place_id: str
    geo_precision: int
    help: str
    needles: tuple[str, ...]  # speed: the pattern runs only on texts holding one of these


# Words that may follow a descriptor: "landed in the capital on Tuesday", "the capital's
# streets", "the capital city". Any other word makes it an adjective ("capital punishment").
# Wire copy dates without "on": "attacked a hospital in Haiti's capital late Saturday".
_NEXT = (r"(?=\s*(?:$|[,.;:!?)\"'’—–]|(?:on|in|at|and|or|but|where|which|that|last|this|"
         r"earlier|since|after|before|from|to|over|during|amid|for|with|by|overnight|"
         r"yesterday|today|tonight|late|early|as|when|while|is|was|were|has|had|remains?|"
         r"itself|" + "|".join(WEEKDAYS) + r")\b)|\s+city\b(?!\s+of\b))")
_POSSESSIVE = r"(?:'s|’s)"
DESCRIPTORS: tuple[Descriptor, ...] = (  # the first that matches a span takes it
    Descriptor("@capital_airport",
               rf"\b(?:the\s+capital|Haiti|Port-au-Prince){_POSSESSIVE}\s+(?:(?:main|"
               r"international|only)\s+){0,2}(?:airport|airfield)\b",
               "ref-toussaint-louverture-international-airport", EXACT,
               "the capital's main airport: Toussaint Louverture International Airport",
               ("airport", "airfield")),
    Descriptor("@capital_airport_of",
               r"\b[Tt]he\s+(?:(?:main|international)\s+){0,2}(?:airport|airfield)\s+(?:in|of|"
               r"outside)\s+(?:the\s+capital\b|Port-au-Prince\b(?!-))",
               "ref-toussaint-louverture-international-airport", EXACT,
               "the (main/international) airport in/of Port-au-Prince or the capital: Toussaint "
               "Louverture International Airport (another town's airport is not)",
               ("airport", "airfield")),
    # A bare "the airport" is the capital's only in a text about the capital (checked by
    # geo.resolve like a bare "downtown"); "the airport in Cap-Haïtien" is that town's.
    Descriptor("@the_airport",
               r"\b[Tt]he\s+(?:(?:main|international)\s+){0,2}airport\b(?!-)"
               r"(?!\s*,?\s+(?:in|of|at|near|outside|serving)\s+(?:the\s+)?[A-Z])"
               r"(?!\s+(?:road|authorit|closure|director|manager|staff|worker|operator|"
               r"compan|security|official))",
               "ref-toussaint-louverture-international-airport", EXACT,
               "a bare 'the airport' in a text about the capital: Toussaint Louverture "
               "International Airport", ("airport",)),
    Descriptor("@capital",
               r"\b(?:(?:the|Haiti(?:'s|’s))\s+(?:Haitian\s+)?|the\s+country(?:'s|’s)\s+)"
               r"[Cc]apital(?:\s+city)?(?:(?:'s|’s)|(?:\s+of\s+Haiti\b)|" + _NEXT + r")",
               "adm2-HT0111", NEAR, "the capital of Haiti: Port-au-Prince, as a whole",
               ("apital",)),
)
_COMPILED = tuple((d, re.compile(d.pattern)) for d in DESCRIPTORS)
BY_KEY = {d.key: d for d in DESCRIPTORS}
_POSSESSIVE_END = re.compile(r"(?:'s|’s)$")
# "Nairobi, the capital": a capitalised name (no day or month) right before, across a comma.
_NAME_BEFORE = re.compile(
    r"\b(?!(?:" + "|".join((*WEEKDAYS, *MONTHS)) + r")\b)"
    r"[A-Z][\w'’-]*\s*,\s*\Z")
_GAP_AFTER = re.compile(r"\s*(?:,|\bof\b)\s*")
# "the capital's Delmas 30 district": the name after the possessive is the place.
_OWNED = re.compile(r"(?:'s|’s)\s+(?:[a-z-]+\s+){0,2}")


def find_descriptors(text: str, names: list[Mention]) -> list[Mention]:
    """Descriptor mentions of ``text`` that stand alone: not in apposition with a name
    ("Haiti's capital, Port-au-Prince", "Nairobi, the capital"), where ``names`` are the
    place names found in ``text``."""
    starts = {n.start for n in names}
    out: list[Mention] = []
    for d, pattern in _COMPILED:
        if not any(n in text for n in d.needles):
            continue
        for m in pattern.finditer(text):
            start = m.start()
            end = start + len(_POSSESSIVE_END.sub("", m.group()).rstrip())
            gap, owned = _GAP_AFTER.match(text, end), _OWNED.match(text, end)
            if _NAME_BEFORE.search(text, max(0, start - 40), start) or (
                    gap and gap.end() in starts) or (owned and owned.end() in starts) or any(
                    o.start < end and start < o.end for o in out):
                continue
            out.append(Mention(text=text[start:end], start=start, end=end, key=d.key))
    return sorted(out, key=lambda m: m.start)
