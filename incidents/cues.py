"""Cancelling cues: what makes a trigger no incident (CODEBOOK §1).

Future tense, plans and pledges, conditionals, warnings, possibilities, negation, denials,
"almost", accidents, time references, nationwide statistics, goods seized instead of a site,
security forces as the subject of a capture: each is a row of CUES, with the part of the
sentence where it is looked for. incidents.rules names, per rule, the cues that cancel it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from incidents.casefold import lower_same_length, lowered

# Vocabulary the rules share.
ARMED = (r"\b(?:gangs?|gang\s+members?|gangsters?|bandits?|gunm[ae]n|attackers|assailants|"
         r"armed\s+(?:men|groups?|individuals|bandits|assailants)|thugs|fighters|criminals|"
         r"militias?|kidnappers|hitmen|killers|Viv\s+Ansanm|coalition)\b")
FORCES = (r"\b(?:police|policemen|officers?|troops|soldiers|forces?|contingents?|team|personnel|"
          r"party|batch|units?|detachment|reinforcements|agents|peacekeepers|officials|"
          r"MSSM?|HNP|PNH|UTAG|SWAT|BOID|army|military|mission|squad|gendarmes|commandos)\b")
PEOPLE = (r"\b(?:residents|families|people|persons|inhabitants|civilians|villagers|households|"
          r"thousands|hundreds|locals|population|children|women|displaced|individuals|dwellers|"
          r"communit(?:y|ies)|parishioners|students|farmers|vendors|citizens|patients|"
          r"neighbou?rs|many|dozens|scores|survivors)\b")
# Who can be killed: people, and the police and soldiers too.
VICTIMS = PEOPLE + (r"|\b(?:officers?|policem[ae]n|policewom[ae]n|soldiers?|agents?|man|men|woman|"
                    r"child|girl|boy|pastor|priest|journalist|driver|nurse|teacher|student|farmer|"
                    r"member|inspector|guard)\b")
EQUIPMENT = (r"\b(?:vehicles?|armou?red|APCs?|MaxxPros?|trucks?|helicopters?|drones?|boats?|"
             r"equipment|weapons|ammunition|rifles|radios|vests|supplies|aircraft|planes?|"
             r"materiel|gear|tanks?)\b")

# ASCII word patterns: the triggers and cues are English words, and ASCII matching is about
# 40% faster; gaps between words are written [^\s,.;:()]+ so accented names still fit in them.
FLAGS = re.IGNORECASE | re.ASCII


# "to" + a verb (an aim), but not "had to", "managed to", "forced to" (it happened).
_NOT_OBLIGED = (r"(?<!\bhad\s)(?<!\bhas\s)(?<!\bhave\s)(?<!\bmanaged\s)(?<!\bable\s)"
                r"(?<!\bforced\s)(?<!\bbegan\s)(?<!\bstarted\s)")
_VERB_WORD = r"(?!(?:the|a|an|its|their|his|her|this|these|those)\s)(?-i:[a-z])[\w-]*"


class Cue(NamedTuple):
    key: str
    pattern: str
    scope: str  # before: the clause before the trigger; sentence_before; after; sentence;
    # subject: the pattern matches the subject of the trigger's clause (subject_of)
    help: str


CUES: tuple[Cue, ...] = (
    Cue("future", r"\b(?:will|shall|would|going\s+to|about\s+to|set\s+to|due\s+to|expected\s+to|"
        r"scheduled\s+to|slated\s+to|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|"
        r"aims?\s+to|pledged\s+to|pledges\s+to|promised\s+to|promises\s+to|vowed\s+to|"
        r"ready\s+to|prepar(?:ed|ing)\s+to|hop(?:e|es|ed|ing)\s+to|before|soon|next\s+week|"
        r"in\s+the\s+coming)\b",
        "before", "a future, planned or pledged event is not coded"),
    Cue("infinitive", _NOT_OBLIGED + r"\bto\s+(?:(?:" + _VERB_WORD + r"\s+){1,2}"
        r"(?:(?:the|a|an|its|their)\s+)?)?\Z",
        "before", "'to retake', 'trying to seize': an aim, not an event"),
    Cue("conditional", r"\b(?:if|unless|whether|in\s+case|lest|otherwise)\b", "sentence_before",
        "a conditional ('if the attack continues ...')"),
    Cue("warning", r"\b(?:warn(?:s|ed|ing)?|threat(?:s|en|ened|ening)?|feared?\s+that)\b",
        "sentence_before", "a warning or threat, not an event"),
    Cue("modal", r"\b(?:could|might|may|must|should)\b(?:\s+[^\s,.;:()]+){0,2}\s*\Z", "before",
        "'could fall': a possibility, not an event"),
    Cue("negation", r"\b(?:not|never|no|none|neither|nor|without|n't|failed\s+to|yet\s+to)\b"
        r"(?!\s+(?:fewer|less|more)\s+than)[^,;]{0,30}\Z", "before",
        "a negated event ('no fewer than' is a count)"),
    Cue("denial", r"\b(?:den(?:y|ies|ied)|dismiss(?:ed|es)?\s+(?:the\s+)?(?:reports?|rumou?rs?)|"
        r"false(?:ly)?|untrue|not\s+true|rumou?r(?:s|ed)?|hoax|refuted)\b", "sentence",
        "reported as false by the article"),
    Cue("approximate", r"\b(?:almost|nearly|partly|partially)\s+(?:[^\s,.;:()]+\s+)?\Z", "before",
        "'almost lost': did not happen"),
    Cue("approximate_after", r"\A\s*(?:[^\s,.;:()]+\s+){0,3}?(?:nearly|almost|partly|partially|"
        r"parts?\s+of|much\s+of|most\s+of|\d+(?:\.\d+)?\s?(?:%|per\s?cent)\s+of)\b", "after",
        "'controlled nearly all', 'control 85% of': not a loss"),
    Cue("accident", r"\b(?:accident|crash|collision|drown(?:ed|ing)?|flood(?:s|ing)?|hurricane|"
        r"storm|earthquake|landslide|collapse[ds]?|fire\s+broke\s+out|electrocuted|overturned|"
        r"rolled\s+over|capsized)\b", "sentence",
        "an accident or disaster, not violence"),
    Cue("background", r"\b(?:who|that|which)\s+had\s+(?:[a-z]+ly\s+)?\Z", "before",
        "'residents who had fled': a pluperfect relative clause is background, not the event"),
    Cue("return", r"\A[^.;]{0,60}?\b(?:return(?:ed|ing)|(?:came|coming|went|going)\s+back)\s+"
        r"(?:home|to)\b", "after",
        "'those who fled ... began returning home': a return is no displacement"),
    Cue("since_clause", r"\bsince\s+(?:[\w'-]+\s+){0,6}\Z", "before",
        "'since the force arrived': a time reference, not a new event"),
    Cue("goods", r"\A\s*(?:[^\s,.;:()]+\s+){0,3}?(?:weapons?|firearms|guns|rifles|pistols|"
        r"ammunition|rounds|cartridges|magazines|explosives|drugs|cocaine|marijuana|cannabis|"
        r"vehicles?|cars?|trucks?|motorcycles?|motorbikes?|boats?|cash|money|equipment|"
        r"materiel|uniforms|radios|phones)\b", "after",
        "seizing weapons, drugs or vehicles is no capture of a site"),
    Cue("forces_subject", FORCES, "subject",
        "security forces seizing or storming a place is no loss to the gangs"),
    Cue("armed_subject", ARMED, "subject", "gangs retaking a place is no recapture"),
    Cue("statistic", r"\b(?:million|billion|percent|per\s+cent|in\s+(?:19|20)\d\d|"
        r"so\s+far\s+this\s+year|this\s+year|last\s+year|since\s+the\s+(?:start|beginning)\s+of|"
        r"in\s+the\s+(?:past|last)\s+(?:month|year|\d+\s+months)|nationwide|countrywide|"
        r"citywide|across\s+(?:the\s+)?(?:country|capital|city|metropolitan\s+area|Haiti)|"
        r"(?:in|throughout)\s+the\s+(?:metropolitan\s+(?:area|region)|country)(?!['’]))"
        r"\b|\d\s?%", "sentence", "a nationwide or citywide statistic, not an incident"),
)
# A conditional or warning about an event going on presupposes it: "if the attack continues".
CONTINUATION = re.compile(r"\A[^.;,]{0,60}?\b(?:went\s+on|goes\s+on|continues?|continued|"
                          r"persists?|persisted|keeps?\s+up|kept\s+up)\b", re.IGNORECASE)
_CUES = {c.key: (c, re.compile(c.pattern, FLAGS)) for c in CUES}
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|\s-\s|:\s|,\s+(?:but|while|whereas|although|though|and\s+"
                           r"that|saying|adding)\b|\bthat\b", FLAGS)
# No "negation": a negated count ("no one else was hurt") is no figure at all
# (incidents.figures), and it does not cancel the counts beside it ("killing one man").
CASUALTY_CUES = ("future", "conditional", "warning", "denial", "statistic")


def clause_start(text: str, pos: int) -> int:
    """Start of the clause that contains ``pos``."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


# Speed: a sentence-wide cue is only looked for when one of its word starts occurs.
CUE_STEMS = {
    "conditional": r"\b(?:if|unless|whether|case|lest|otherwise)",
    "warning": r"\b(?:warn|threat|fear)",
    "denial": r"\b(?:den(?:y|ie)|dismiss|false|untrue|true|rumo|hoax|refut)",
    "statistic": r"\b(?:million|billion|percent|cent|in\s+(?:19|20)|year|since\s+the|past|last|"
                 r"nationwide|countrywide|citywide|across|metropolitan|country)|%",
    "accident": r"\b(?:accident|crash|collision|drown|flood|hurricane|storm|earthquake|landslide|"
                r"collaps|broke\s+out|electrocut|overturn|rolled|capsiz)",
}
_CUE_STEM = {k: re.compile(p, re.ASCII) for k, p in CUE_STEMS.items()}  # on lowercase text
# Cues for a lowercased text; a cue that tells names from words by case ("(?-i:") keeps its
# own pattern and reads the original text.
_CUES_LOWER = {c.key: None if "(?-i" in c.pattern else re.compile(lowered(c.pattern), re.ASCII)
               for c in CUES}


class SentenceCues:
    """One sentence with the per-sentence work of the cues done once (speed): where each
    sentence-wide cue first occurs, computed on first use of that cue."""

    __slots__ = ("first", "lower", "text")

    def __init__(self, text: str):
        self.text = text
        # Lowercase matching (faster) only when lowercasing keeps every offset.
        self.lower = lower_same_length(text)
        self.first: dict[str, int] = {}

    def first_hit(self, key: str) -> int:
        """Offset of the first match of sentence-wide cue ``key``, or -1."""
        hit = self.first.get(key)
        if hit is None:
            lower = self.lower if self.lower is not None else self.text.lower()
            m = None
            if _CUE_STEM[key].search(lower):
                low = _CUES_LOWER[key]
                m = (low.search(lower) if self.lower is not None and low is not None
                     else _CUES[key][1].search(self.text))
            hit = self.first[key] = m.start() if m else -1
        return hit


_ACTOR = re.compile(f"{ARMED}|{FORCES}", FLAGS)
# Where a new subject may start inside a clause: after a reporting verb, a conjunction or a
# comma that is followed by an actor ("police withdrew and gangs seized ...").
_SUBJECT_RESET = re.compile(r"(?:\b(?:said|says|told|reported|according\s+to|after|when|while|as|"
                            r"and|but|then|because|before|once)|,)\s+(?:the\s+|a\s+|an\s+)?"
                            r"(?:[^\s,.;:()]+\s+)?(?=" + ARMED + "|" + FORCES + ")", FLAGS)


# Passive voice: "the police station was seized by gangs": the agent follows "by".
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:[a-z]+ly\s+|also\s+|"
                             r"then\s+|later\s+|again\s+|soon\s+)?\Z", FLAGS)
_AGENT = re.compile(r"[^.;,]{0,40}?\bby\s+(?:the\s+|a\s+|an\s+)?(?:[^\s,.;:()]+\s+)?"
                    rf"(?P<who>{ARMED}|{FORCES})", FLAGS)
# An agent right after the verb is one in any case: "(was) later occupied by gangs".
_DIRECT_AGENT = re.compile(r"(?:(?:was|were|been|being)\s+(?:[a-z]+\s+)?)?[\w-]+\s+"
                           r"(?:[a-z]+ly\s+)?by\s+(?:the\s+|a\s+|an\s+)?"
                           rf"(?:[^\s,.;:()]+\s+)?(?P<who>{ARMED}|{FORCES})", FLAGS)


def subject_of(text: str, pos: int) -> str:
    """The actor words that are the subject of the verb at ``pos`` ('' when none): the first
    actor of its clause, or of the part after a reporting verb or an 'and' that starts a new
    subject; for a verb in the passive voice, the agent after 'by' (the words before it
    are what was acted on: 'the police station was seized')."""
    direct = _DIRECT_AGENT.match(text, pos)
    if direct:  # "(was) later occupied by gangs"
        return direct.group("who")
    if _PASSIVE_BEFORE.search(text, max(0, pos - 30), pos):
        m = _AGENT.match(text, pos)
        return m.group("who") if m else ""
    start = clause_start(text, pos)
    for m in _SUBJECT_RESET.finditer(text, start, pos):
        start = m.end()
    m = _ACTOR.search(text, start, pos)
    return m.group() if m else ""


_ARMED_RE = re.compile(ARMED, FLAGS)


@lru_cache(maxsize=64)
def _any_of(cues: tuple[str, ...], scope: str) -> re.Pattern[str] | None:
    """One pattern, for a lowercased text, for all the cues of ``cues`` with this scope
    (speed: when it finds nothing, none of them applies and they are not tried one by one; a
    case-sensitive part matches more in lowercase, never less)."""
    pats = [c.pattern for c, _ in map(_CUES.__getitem__, cues) if c.scope == scope]
    return re.compile(lowered("|".join(f"(?:{p})" for p in pats)), re.ASCII) if pats else None


_LAST: list[SentenceCues] = [SentenceCues("")]


def sentence_cues(text: str) -> SentenceCues:
    """The sentence-wide cue record of ``text``, kept for the next call on the same string
    (the extractor asks for a sentence's triggers, then for its casualty figures)."""
    if _LAST[0].text is not text:
        _LAST[0] = SentenceCues(text)
    return _LAST[0]


def cancelled(s: SentenceCues, start: int, end: int, cues: tuple[str, ...]) -> str:
    text, lower = s.text, s.lower
    b0 = max(clause_start(text, start), start - 100)
    before, after = text[b0:start], text[end:end + 80]
    low_before, low_after = (before, after) if lower is None else (lower[b0:start],
                                                                    lower[end:end + 80])
    any_before, any_after = _any_of(cues, "before"), _any_of(cues, "after")
    maybe_before = any_before is not None and (lower is None or any_before.search(low_before))
    maybe_after = any_after is not None and (lower is None or any_after.match(low_after))
    continuing = None
    for key in cues:
        cue, pattern = _CUES[key]
        low = _CUES_LOWER[key] if lower is not None else None
        if cue.scope == "subject":
            who = subject_of(text, start)
            hit = bool(who) and pattern.fullmatch(who) is not None and (
                key != "forces_subject" or not _ARMED_RE.fullmatch(who))
        elif cue.scope == "before":
            hit = bool(maybe_before) and (pattern.search(before) if low is None
                                          else low.search(low_before)) is not None
        elif cue.scope == "sentence_before":
            hit = -1 < s.first_hit(key) < start
        elif cue.scope == "after":
            hit = bool(maybe_after) and (pattern.match(after) if low is None
                                         else low.match(low_after)) is not None
        else:
            hit = s.first_hit(key) >= 0
        if hit and key in ("conditional", "warning"):
            if continuing is None:
                continuing = bool(CONTINUATION.match(after))
            hit = not continuing
        if hit:
            return key
    return ""


def cancelled_by(text: str, start: int, end: int, cues: tuple[str, ...]) -> str:
    """The first cue of ``cues`` that applies to a trigger at text[start:end], or ''."""
    return cancelled(sentence_cues(text), start, end, cues)


def casualty_cancelled(text: str, start: int, end: int) -> str:
    """Why a casualty figure at text[start:end] is not an incident (statistic, denial...)."""
    return cancelled_by(text, start, end, CASUALTY_CUES)
