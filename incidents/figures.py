"""Casualty, displacement and contingent figures stated in a sentence.

Numbers in digits ("4,463", "1.3 million") or words ("three", "Twenty-eight", "two dozen",
"About ten"); qualifiers ("at least", "nearly", "some") are dropped (CODEBOOK §6). Each key
has its own patterns around a number; a single named victim ("a police officer was killed")
counts as 1; coordinated victims add up ("two officers and a civilian" are 3). Ages, times,
percentages, years and numbers inside place names are not figures.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from incidents.casefold import lowered

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
QUALIFIERS = (r"at\s+least|over|nearly|almost|about|around|roughly|some|"
              r"approximately|an\s+estimated|up\s+to|close\s+to|as\s+many\s+as|"
              r"(?:(?:no|not)\s+)?(?:fewer|less|more)\s+than|at\s+most|a\s+total\s+of|well\s+over")

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "hundred|thousand|million"
# One number, digits or words, with an optional scale word; never glued to a letter or hyphen
# before it (SPNH-17, G9) or to %, :, -year-old after it (ages, times, shares).
NUM = (rf"(?<![\w-])(?:(?:{QUALIFIERS})\s+)?(?P<num>"
       rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:\s+(?:{_SCALE}))?"
       rf"|\d+(?:\.\d+)?(?:\s+(?:{_SCALE}))?"
       rf"|(?:a\s+|two\s+|three\s+)?dozen"
       rf"|(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+(?:{_SCALE})(?:\s+(?:and\s+)?(?:{_WORD})"
       rf"(?:[- ](?:{_WORD}))?)?)?"
       rf")(?!\s*%|:\d|-year|\s*(?:am|pm|a\.m|p\.m)\b|[-\w]|\s+percent|\s+per\s+cent)")
# "seven other people", "two more", "another five": a count added to one already told.
ADDED = re.compile(rf"(?:\b\d[\d,]*|\b(?:{_WORD}))\s+(?:other|others|more|additional|further)\b"
                   rf"(?!\s+than)|\b(?:another|an\s+additional|a\s+further)\s+(?:\d|(?:{_WORD})\b)",
                   re.IGNORECASE)
PERSON = (r"(?i:(?:police\s+)?(?:officer|policeman|policewoman|soldier|woman|man|child|girl|boy|"
          r"civilian|resident|journalist|reporter|pastor|priest|nurse|doctor|teacher|student|"
          r"driver|agent|peacekeeper|person|guard|member|inspector|commissioner|judge|mayor|"
          r"passenger|attendant|pilot|crew\s+member|worker|vendor|employee|bystander|farmer|"
          r"merchant|motorcyclist))")
# Words between a number and its verb; a gap that holds another number or the other key's verb
# is refused ("Two killed and three wounded": 2 killed, 3 wounded).
_GAP = r"(?P<gap>[^.;:\d]{0,70}?)"
_GAP_STOP = re.compile(rf"\b(?:{_WORD}|dozen|hundreds|thousands|dozens|scores|killed|dead|died|"
                       r"injured|wounded|hurt)\b", re.IGNORECASE)
# "Two officers and a civilian were wounded": coordinated counts of victims add up (3).
_VICTIM_NOUN = (rf"(?:{PERSON}s?|people|persons|others|children|women|men|civilians|residents|"
                r"bandits|gangsters|members|policemen|passers-by|parishioners|worshippers)")
_COORD = re.compile(
    rf"\b(?:and|plus|as\s+well\s+as)\s+(?:(?:{QUALIFIERS})\s+)?(?P<n>an?|one|\d+|(?:{_WORD})"
    rf"(?:[- ](?:{_WORD}))?)\s+(?:[\w-]+\s+)?{_VICTIM_NOUN}\b", re.IGNORECASE)
# After "killing two officers": the noun of the victims, then more coordinated victims.
_NOUN_TAIL = re.compile(rf"\s+(?:(?!and\b)[\w-]+\s+){{0,2}}?{_VICTIM_NOUN}\b", re.IGNORECASE)
_COORD_AT = re.compile(rf"\s*,?\s*{_COORD.pattern}", re.IGNORECASE)
_VERB_FIRST = 1  # index, in PATTERNS["killed"] and ["injured"], of "killing N", "wounding N"
_KILLED_WORDS = (r"(?:killed|dead|died|deaths|bodies|fatalities|slain|murdered|massacred|"
                 r"executed|lynched|perished|lost\s+their\s+lives|shot\s+dead|burned\s+alive)")
_INJURED_WORDS = r"(?:injured|wounded|hurt|hospitali[sz]ed|injuries)"
# "killed three people and wounded five others": a verb with a count of its own after it is
# no verb of the count before it.
_NO_OBJECT = rf"(?!\s+(?:(?:{QUALIFIERS})\s+)?(?:\d|(?:{_WORD})\b|dozens|hundreds|scores))"
_NOT_PEOPLE = r"(?!\s+(?:famil|household|house|home|vehicle|car|truck|weapon|gun|rifle))"

# A force that may be "numbering" its size (not residents or gangs numbering N).
_FORCE = (r"contingent|team|batch|group|force|unit|detachment|delegation|soldiers|troops|"
          r"officers|personnel|policemen|police|agents|peacekeepers|gendarmes")
PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    key: tuple(re.compile(p, re.IGNORECASE) for p in pats) for key, pats in {
        "killed": (
            rf"{NUM}{_NOT_PEOPLE}{_GAP}\b(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
            rf"{_KILLED_WORDS}\b{_NO_OBJECT}",
            rf"\b(?:killing|killed|claimed|claiming)\s+{NUM}",
            rf"\b(?:left|leaving)\s+{NUM}[^.;\d]{{0,40}}?\bdead\b",
            rf"\b(?:death\s+toll|toll|the\s+dead)\b[^.;\d]{{0,30}}?{NUM}",
        ),
        "injured": (
            rf"{NUM}{_NOT_PEOPLE}{_GAP}\b(?:were\s+|was\s+|have\s+been\s+)?{_INJURED_WORDS}\b"
            rf"{_NO_OBJECT}",
            rf"\b(?:injuring|wounding|injured|wounded)\s+{NUM}",
            rf"\b(?:left|leaving)\s+{NUM}[^.;\d]{{0,40}}?\b(?:injured|wounded)\b",
        ),
        "displaced": (
            rf"\b(?:displaced|displacing|uprooted|forced\s+out|drove\s+out|driving\s+out)\s+{NUM}"
            rf"{_NOT_PEOPLE}",
            rf"{NUM}{_NOT_PEOPLE}{_GAP}\b(?:were\s+|have\s+been\s+|had\s+been\s+|had\s+to\s+)?"
            r"(?:displaced|fled|flee|fleeing|abandon(?:ed)?\s+their|forced\s+to\s+(?:leave|flee)|"
            r"left\s+their\s+homes|uprooted|evacuated|(?:from|out\s+of)\s+their\s+homes)\b",
            # "forcing 900 residents to flee", "sending 1,200 people fleeing"
            rf"\b(?:forc|caus|prompt)(?:ed|ing)\s+{NUM}{_NOT_PEOPLE}[^.;:\d]{{0,40}}?\bto\s+"
            r"(?:leave|flee|abandon)\b",
            rf"\bsen(?:t|ding)\s+{NUM}{_NOT_PEOPLE}[^.;:\d]{{0,40}}?\bfleeing\b",
        ),
        "officers": (
            rf"{NUM}\s+(?:[\w-]+\s+){{0,2}}?(?:police\s+officers|officers|soldiers|troops|"
            r"personnel|police|policemen|officials|agents|peacekeepers|gendarmes)\b",
            rf"\b(?:team|batch|contingent|group|party|unit|detachment|delegation)\s+of\s+{NUM}",
            # "a contingent of Guatemalan soldiers, numbering 75", "a 75-strong contingent",
            # "a total of 75 landed": the force's own size.
            rf"\b(?:{_FORCE})\b[^.;\d]{{0,60}}?\bnumbering\s+{NUM}",
            rf"(?<![\w-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD})-strong\b",
            rf"\ba\s+total\s+of\s+{NUM}(?=\s*(?:[,.;)]|$|(?:landed|arrived|deployed|"
            r"touched\s+down|in\s+Haiti)\b))",
        ),
    }.items()
}
# Words between a single victim and its verb, never across another casualty verb.
_ONE_GAP = r"(?:(?!\b(?:killed|dead|died|injured|wounded|hurt)\b)[^.;\d]){0,50}?"
# Speed: the same patterns for a lowercased sentence (incidents.casefold).
PATTERNS_LOWER = {key: tuple(re.compile(lowered(p.pattern)) for p in pats)
                  for key, pats in PATTERNS.items()}
# A single victim: "a police officer was killed", "Officer Jean Paul died", "killing a woman".
_ONE_KILLED = (
    rf"(?i:\b(?:an?|one)\s+(?:[\w-]+\s+){{0,2}}?){PERSON}\b{_ONE_GAP}\b(?:was\s+)?"
    rf"(?:killed|shot\s+dead|died|slain|murdered)\b",
    rf"\b{PERSON}\s+(?:[A-Z][\w'’.-]+\s+){{1,4}}(?:was\s+killed|died|was\s+shot\s+dead)\b",
    rf"(?i:\b(?:killing|killed)\s+(?:an?|one)\s+(?:[\w-]+\s+){{0,2}}?){PERSON}\b",
    r"(?i:\b(?:killing|killed|shot\s+dead)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:gang\s+)?(?:leader|boss|kingpin|chief)\b)",
)
_ONE_INJURED = (
    rf"(?i:\b(?:an?|one)\s+(?:[\w-]+\s+){{0,2}}?){PERSON}\b{_ONE_GAP}\b(?:was\s+)?"
    r"(?:injured|wounded|hurt)\b",
    rf"(?i:\b(?:wounding|injuring|wounded|injured)\s+(?:an?|one)\s+(?:[\w-]+\s+){{0,2}}?){PERSON}\b",
)
SINGLE: dict[str, tuple[re.Pattern[str], ...]] = {
    "killed": tuple(re.compile(p) for p in _ONE_KILLED),
    "injured": tuple(re.compile(p) for p in _ONE_INJURED),
}
_VERB_FIRST_ONE = (SINGLE["killed"][2], SINGLE["injured"][1])  # "killing a priest and ..."
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset([*UNITS, *TENS, "dozen"])  # no number pattern can match without one


def parse_number(words: str) -> int | None:
    """'Twenty-eight' -> 28, '4,463' -> 4463, '1.3 million' -> 1300000, 'two dozen' -> 24."""
    text = words.lower().replace(",", "").replace("-", " ")
    total, current, seen = 0, 0.0, False
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            current += float(tok)
        elif tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok in SCALES:
            current = (current or 1) * SCALES[tok]
            if SCALES[tok] >= 1000:
                total, current = total + current, 0.0
        elif tok in ("a", "and"):
            continue
        else:
            return None
        seen = True
    return round(total + current) if seen else None


# "No one was hurt", "not a single officer was killed", "zero deaths": no victims, no figure.
# "None of the 40 officers", "no one among the 150 inmates": none of a group counted.
_NEGATED = re.compile(r"\b(?:no(?:\s+one)?|not|none|nobody|neither|zero|without|never)"
                      r"(?:\s+(?:of|among|from))?(?:\s+(?:the|them|its|their|these|those|all))?"
                      r"\s+(?:a\s+single\s+|even\s+(?:a\s+|one\s+)?)?\Z", re.IGNORECASE)
# "The 200 soldiers were not hurt": the verb of the count is negated.
_NOT_VERB = re.compile(r"\b(?:not|never|n't)\b", re.IGNORECASE)


def _negated(text: str, pos: int) -> bool:
    return _NEGATED.search(text, max(0, pos - 40), pos) is not None


def _masked(span: tuple[int, int], masks: Iterable[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in masks)


# Speed: a key's patterns run only when one of these stems occurs in the sentence.
NEEDLES = {
    "killed": ("kill", "dead", "died", "death", "bodies", "fatalit", "slain", "murder",
               "massacr", "execut", "lynch", "perish", "lost their lives", "burned alive", "toll"),
    "injured": ("injur", "wound", "hurt", "hospital"),
    "displaced": ("displac", "uproot", "forc", "caus", "prompt", "drove", "driving", "fled",
                  "flee", "abandon", "left their", "evacuat", "their home"),
    "officers": ("officer", "soldier", "troop", "personnel", "police", "official", "agent",
                 "peacekeeper", "gendarme", "team", "batch", "contingent", "group", "party",
                 "unit", "detachment", "delegation", "numbering", "-strong", "total of"),
}
_NEEDLE_RE = {k: re.compile("|".join(map(re.escape, v))) for k, v in NEEDLES.items()}


def _coordinated(gap: str) -> int | None:
    """The victims added by coordinated counts in the words between a number and its verb
    ("officers and a civilian" -> 1), or None when the gap has no such coordination or holds
    anything else that stops it (another verb, a number that is not coordinated)."""
    total, rest, found = 0, gap, False
    for m in _COORD.finditer(gap):
        n = m.group("n").lower()
        total += 1 if n in ("a", "an") else (parse_number(n) or 0)
        rest, found = rest.replace(m.group(), " "), True
    if not found or _GAP_STOP.search(rest):
        return None
    return total


def _coordinated_after(text: str, pos: int, noun_tail: bool = True) -> int:
    """Victims coordinated after a count that ends at ``pos`` ("killing a priest and two
    parishioners": 2 more)."""
    tail = _NOUN_TAIL.match(text, pos)
    pos, total = tail.end() if tail and noun_tail else pos, 0
    while (m := _COORD_AT.match(text, pos)):
        n = m.group("n").lower()
        total += 1 if n in ("a", "an") else (parse_number(n) or 0)
        pos = m.end()
    return total


def find_figures(text: str, masks: Iterable[tuple[int, int]] = (),
                 keys: Iterable[str] = ("killed", "injured", "displaced", "officers")
                 ) -> dict[str, int]:
    """The first stated figure per key in ``text``; numbers inside ``masks`` (place names,
    dates, relative to ``text``) are ignored."""
    masks = tuple(masks)
    lower = text.lower()
    keys = [k for k in keys if _NEEDLE_RE[k].search(lower)]
    found: dict[str, tuple[int, int]] = {}  # key -> (position, value)
    numbers = _DIGIT.search(text) is not None or not _NUMBER_WORDS.isdisjoint(
        _LETTERS.findall(lower))
    same = len(lower) == len(text)
    patterns, subject = (PATTERNS_LOWER, lower) if same else (PATTERNS, text)
    for key in keys if numbers else ():
        for i, pattern in enumerate(patterns[key]):
            m = pattern.search(subject)
            while m:
                span = m.span("num")
                value = parse_number(m.group("num"))
                gap = m.groupdict().get("gap")
                extra = _coordinated(gap) if gap and key in ("killed", "injured") else None
                if not value or _masked(span, masks) or _negated(subject, m.start()) or (
                        gap is not None and _NOT_VERB.search(subject, span[1], m.end())) or (
                        gap and extra is None and _GAP_STOP.search(gap)):
                    m = pattern.search(subject, span[0] + 1)
                    continue
                value += extra or 0
                if i == _VERB_FIRST and key in ("killed", "injured"):
                    value += _coordinated_after(subject, m.end())
                if key not in found or span[0] < found[key][0]:
                    found[key] = (span[0], value)
                break
    for key in keys:
        for pattern in SINGLE.get(key, ()):
            m = pattern.search(text)
            if m and (key not in found or m.start() < found[key][0]) \
                    and not _negated(text, m.start()):
                more = _coordinated_after(text, m.end(), False) if pattern in _VERB_FIRST_ONE else 0
                found[key] = (m.start(), 1 + more)
    return {key: value for key, (_, value) in found.items()}


# Where one clause of a sentence ends and the next begins, for binding a count to its trigger
# ("400 officers completed their deployment when a group of 200 landed": the landing is 200).
# The "as" of "as many as", "as well as", "such as", "as part of" joins no clauses.
_CLAUSE_SPLIT = re.compile(
    r";|,\s*(?:while|whereas)\b|\b(?:when|after)\b|\bas\b(?!\s+(?:many|much|well|long|soon|far|"
    r"part|a\s+result|of|such|high|few|little|a\s+whole)\b)", re.IGNORECASE)
_AS_JOINED = re.compile(r"\b(?:such|as\s+(?:many|much|well|long|soon|far|few|little|high))\s+\Z",
                        re.IGNORECASE)
_SUBORDINATORS = ("when", "after", "as")


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause of ``text`` that holds text[start:end]: the sentence split at
    "when", "after", "as", ";" and ", while" (a subordinator opens its own clause)."""
    lo, hi = 0, len(text)
    for m in _CLAUSE_SPLIT.finditer(text):
        word = m.group().lower()
        if word == "as" and _AS_JOINED.search(text, max(0, m.start() - 12), m.start()):
            continue
        if m.end() <= start:
            lo = m.start() if word in _SUBORDINATORS else m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi
