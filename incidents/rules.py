"""Event typing as data: trigger rules per event type, and which cues cancel them.

A reviewer reads this table to see why an incident was coded: every Incident carries the key
of the rule that fired. A rule fires when its trigger matches, its required words are present
(an armed actor for an attack, people for a flight, a force for a deployment...), and none of
its cancelling cues applies (incidents.cues: future tense, plans and pledges, conditionals,
denials, warnings, negation, nationwide statistics; CODEBOOK §1).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from incidents.casefold import lowered
from incidents.cues import (
    ARMED,
    EQUIPMENT,
    FLAGS,
    FORCES,
    PEOPLE,
    VICTIMS,
    cancelled,
    clause_start,
    sentence_cues,
)

_COMMON = ("future", "infinitive", "conditional", "warning", "modal", "negation", "denial")
_EVENT = (*_COMMON, "statistic", "accident")  # an accident is a casualty row only (§1)


class Rule(NamedTuple):
    key: str
    event_type: str
    trigger: str
    requires: str | None  # words that must also be present (see requires_scope)
    requires_scope: str  # sentence | before (the clause before it) | near (its clause, +40 chars)
    cancels: tuple[str, ...]  # keys of CUES
    site: str  # "": no site needed; "site": a facility noun or place name near the trigger;
    # "facility": a facility noun that is no mere area ("the prison", not "the town") right
    # by the trigger; "facility_near": the same, also as the subject before it ("the prison,
    # in X, was emptied")
    help: str


RULES: tuple[Rule, ...] = (
    # armed_operation
    Rule("op.operation", "armed_operation",
         r"\b(?:operations?|raids?|crackdown|sweeps?|manhunt)\b", FORCES, "sentence", _EVENT,
         "", "a security-force operation, raid or sweep"),
    Rule("op.forces_act", "armed_operation",
         r"\b(?:police|officers|troops|soldiers|forces|agents|units|MSS|HNP|PNH)\s+"
         r"(?!(?:sub)?stations?\b|posts?\b|headquarters\b|academy\b|union\b|commissariat\b)"
         r"(?:[^\s,.;:()]+\s+){0,5}?(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbeing\s)"
         r"(?:halted|stopped|intercepted|arrested|detained|apprehended|dismantled|dislodged|neutrali[sz]ed|killed|shot\s+dead|raided|searched|cordoned\s+off|"
         r"rescued|freed)\b", None, "sentence", _EVENT, "",
         "police or troops act against suspects (arrests, interceptions, kills, rescues)"),
    Rule("op.launched", "armed_operation",
         r"\b(?:launched|began|begun|started|conducted|carried\s+out|led|mounted)\s+(?:an?\s+|the\s+|"
         r"their\s+|its\s+)?(?:[^\s,.;:()]+\s+){0,2}?(?:offensive|operation|assault|raid|sweep|"
         r"crackdown)s?\b", FORCES, "before", _EVENT, "",
         "security forces launch an offensive or operation"),
    Rule("op.by_forces", "armed_operation",
         r"\b(?:killed|shot\s+dead|arrested|detained|neutrali[sz]ed|apprehended)\b[^.;]{0,60}?"
         r"\bby\s+(?:the\s+)?(?:[^\s,.;:()]+\s+){0,2}?(?:police|officers|security\s+forces|troops|"
         r"soldiers|MSS|HNP|PNH|agents)\b", None, "sentence", _EVENT, "",
         "suspects killed or arrested by the police (passive)"),
    Rule("op.roadblocks", "armed_operation",
         r"\b(?:roadblocks?|barricades?|checkpoints?)\b[^.;]{0,80}?\b(?:were\s+|was\s+)?"
         r"(?:removed|cleared|dismantled|lifted|taken\s+down)\b|\b(?:removed|cleared|dismantled)"
         r"\s+(?:[^\s,.;:()]+\s+){0,3}(?:roadblocks?|barricades?)\b", None, "sentence", _EVENT,
         "", "gang roadblocks cleared by security forces"),
    # clash_or_attack
    Rule("clash.attack_verb", "clash_or_attack",
         r"\b(?:attacked|attacking|stormed|ambushed|raided|invaded|besieged|shot\s+at|"
         r"opened\s+fire|fired\s+(?:on|at)|set\s+fire\s+to|set\s+(?:[^\s,.;:()]+\s+){0,3}on\s+fire|"
         r"torched|burn(?:ed|t)\s+(?:down\s+)?(?!alive)|razed|levell?ed|flattened|demolished|"
         r"looted|ransacked|struck|went\s+after|went\s+on\s+the\s+offensive|moved\s+on|"
         r"kidnapped|abducted|terrori[sz]ed)\b", ARMED, "sentence", _EVENT,
         "", "armed men attack, burn, raze, loot or kidnap"),
    Rule("clash.killing", "clash_or_attack",
         r"\b(?:gangs?|gang\s+members|gunm[ae]n|bandits|attackers|assailants|armed\s+men|"
         r"killers)\s+(?:(?!(?:were|was|been|are|is|being|be|had|have)\s)[^\s,.;:()]+\s+){0,3}?"
         r"(?:killed|massacred|shot\s+dead|executed|murdered|"
         r"kill)\b(?!\s+by)", None, "sentence", _EVENT, "",
         "armed men kill people (active voice: killed gang members are no attackers)"),
    Rule("clash.killed", "clash_or_attack",
         r"\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:[^\s,.;:()]+\s+)?(?:killed|massacred|"
         r"murdered|slain|shot\s+dead|executed|lynched|burned\s+alive)\b"
         r"(?!\s+(?:\w+\s+){0,4}?by\s+(?:the\s+)?(?:[^\s,.;:()]+\s+)?(?:police|officers|security|"
         r"troops|soldiers|army|MSS|HNP|PNH))", VICTIMS, "sentence", _EVENT,
         "", "people killed (not by the police): violence against them"),
    Rule("clash.passive", "clash_or_attack",
         r"\b(?:was|were|been|came)\s+(?:also\s+|again\s+|partly\s+)?(?:attacked|ambushed|"
         r"stormed|hit\s+by|under\s+(?:(?:heavy|intense|sustained|sporadic|gang|enemy)\s+)?"
         r"(?:attack|(?:gun|rifle|automatic)?\s*fire)|set\s+(?:ablaze|alight|on\s+fire)|torched|"
         r"burn(?:ed|t)\s+down|razed|looted|ransacked|vandali[sz]ed)\b", None, "sentence",
         _EVENT, "", "a place or people came under attack, a site was torched"),
    Rule("clash.noun", "clash_or_attack",
         r"\b(?:attacks?|assaults?|offensive|raids?|incursions?)\b(?:\s+by\b[^.;,]{0,40}?)?\s+"
         r"(?:on|against)\b|\b(?:gang|armed|deadly|brutal|bloody|violent|new|fresh|coordinated|"
         r"renewed)\s+(?:[^\s,.;:()]+\s+)?(?:attacks?|assaults?|clash(?:es)?|confrontations?|"
         r"incursions?)\b|\bmassacres?\b", None, "sentence", _EVENT, "",
         "an attack, assault or massacre named as such"),
    Rule("clash.fire", "clash_or_attack",
         r"\b(?:exchange[sd]?\s+(?:of\s+)?(?:gun)?fire|gun\s*battles?|gunfights?|firefights?|"
         r"shoot-?outs?|clash(?:ed|es)?\s+(?:with|between)|confrontations?\s+with|"
         r"ran\s+into\s+(?:armed\s+)?(?:gang|gunmen|bandits|attackers)|engaged\s+(?:the\s+)?"
         r"(?:gunmen|gang|bandits|attackers|assailants)|gunfire\s+(?:rang|erupted|broke)|"
         r"fighting|fought|repelled|repulsed|fought\s+off|beat\s+back|pushed\s+back|"
         r"drove\s+back)\b", None, "sentence", _EVENT, "",
         "exchanges of fire, gun battles, patrol encounters, attacks repelled"),
    Rule("clash.target", "clash_or_attack",
         r"\bthe\s+targets?\s+(?:was|were)\b|\btargets?\s+of\s+(?:the\s+)?(?:attack|assault)",
         None, "sentence", _EVENT, "", "the target of an attack is named"),
    # site_lost
    Rule("lost.overrun", "site_lost", r"\b(?:overran|overrun|over-ran)\b", None, "sentence",
         (*_COMMON, "approximate"), "site", "gangs overran a site"),
    Rule("lost.seized", "site_lost",
         r"\b(?:seized|seizing|captured|capturing|took\s+over|taken\s+over|taking\s+over|"
         r"(?<!the\s)occupied|occupying|broke\s+(?:\w+\s+)?open|"
         r"emptied|now\s+control(?:s|led)?|(?:took|taken|seized|seizing|gained|taking)\s+"
         r"control\s+of|fell\s+(?:in)?to|fallen\s+(?:in)?to|fall\s+(?:in)?to)\b", ARMED,
         "sentence", (*_COMMON, "approximate", "approximate_after", "goods", "forces_subject"),
         "site", "gangs seize, occupy or take control of a site (not weapons or drugs)"),
    # Storming a town is an attack; storming a facility (a prison, a police station) takes it.
    Rule("lost.stormed", "site_lost", r"\b(?:stormed|storming|broke\s+into|broken\s+into)\b",
         ARMED, "sentence", (*_COMMON, "approximate", "forces_subject"), "facility",
         "gangs storm or break into a facility"),
    Rule("lost.prison_break", "site_lost",
         r"\b(?:freed|freeing|let|letting|released|releasing)\s+(?:[\w,-]+\s+){0,3}?"
         r"(?:inmates|prisoners|detainees)\b|"
         r"\b(?:inmates|prisoners|detainees)\s+(?:[^\s,.;:()]+\s+){0,2}?(?:escaped|fled|broke\s+out)\b",
         ARMED, "sentence", _COMMON, "", "gangs empty a prison"),
    # Passive or without a named actor: "the prison was attacked and emptied", "inmates
    # escaped": the facility itself says who took it.
    Rule("lost.emptied", "site_lost",
         r"\b(?:emptied|(?:inmates|prisoners|detainees)\s+(?:[^\s,.;:()]+\s+){0,2}?(?:escaped|"
         r"fled|broke\s+out|walked\s+out|(?:were|had\s+been)\s+(?:freed|released|let\s+out))|"
         r"(?:jail|prison)\s*-?\s*break)\b", None, "sentence", (*_COMMON, "approximate"),
         "facility_near", "a prison or station emptied, its inmates freed or escaped"),
    Rule("lost.base", "site_lost",
         r"\bturned\s+(?:[^.;]{1,60}?\s)?into\s+(?:their|a|an)\s+(?:[^\s,.;:()]+\s+)?"
         r"(?:base|stronghold|headquarters|hideout)\b", ARMED, "sentence", _COMMON, "site",
         "gangs turn a site into their base"),
    # site_recaptured
    Rule("recap.retake", "site_recaptured",
         r"\b(?:recaptured?|recapturing|retook|retaken|retake|retaking|regained|regaining|"
         r"reclaimed|reclaiming|recovered|recovering|took\s+back|taken\s+back|taking\s+back|"
         r"liberated|back\s+(?:in|under)\s+(?:government|police|state)\s+(?:hands|control))\b",
         FORCES + r"|\bgovernment\s+hands\b", "sentence", (*_COMMON, "armed_subject"), "site",
         "security forces retake a site"),
    # Passive without an agent: only security forces retake or liberate a site.
    Rule("recap.passive", "site_recaptured",
         r"\b(?:was|were|been|being)\s+(?:(?:finally|later|then|also|quickly|eventually|"
         r"successfully)\s+)?(?:recaptured|retaken|reclaimed|liberated|taken\s+back)\b",
         None, "sentence", (*_COMMON, "armed_subject"), "site",
         "a site was retaken (passive; not by gangs)"),
    Rule("recap.control", "site_recaptured",
         r"\b(?:took|taken|taking|regained|regain|retook|seized|gained|established)\s+"
         r"(?:back\s+)?control\s+(?:of|over)\b", FORCES, "before",
         (*_COMMON, "approximate_after"), "site", "security forces take control of a site"),
    Rule("recap.gang_lost", "site_recaptured",
         r"\blost\s+(?:[^\s,.;:()]+\s+){0,4}?(?:stronghold|control|territory|base)\b[^.;]{0,60}?"
         r"\bto\s+(?:the\s+)?(?:[^\s,.;:()]+\s+){0,3}?(?:police|forces|MSS|HNP|PNH|troops|army|"
         r"mission)\b", ARMED, "sentence", _COMMON, "site",
         "gangs lose a stronghold to the forces"),
    # displacement
    Rule("disp.flee", "displacement",
         r"\b(?:fled|flee|fleeing|ran\s+for\s+their\s+lives|ran\s+away|abandon(?:ed|ing)?\s+"
         r"their\s+(?:homes|houses|neighbou?rhoods?|villages?|communities)|left\s+their\s+"
         r"(?:homes|houses|neighbou?rhoods?)|(?:forc|caus|prompt)(?:ed|ing)\s+(?:(?:\d[\d,.]*\d|"
         r"[^\s,.;:()]+)\s+){0,5}?to\s+(?:leave|flee|abandon)|sen(?:t|ding)\s+(?:(?:\d[\d,.]*\d|"
         r"[^\s,.;:()]+)\s+){0,5}?fleeing|scattered|evacuated|get\s+away\s+from|exodus|(?:forc(?:ed|ing)|driv(?:en|ing)|"
         r"drove|chased|chasing|push(?:ed|ing))\s+(?:[^\s.;:()]+\s+){0,5}?(?:from|out\s+of)\s+"
         r"their\s+(?:homes|houses|neighbou?rhoods?|villages?|communities)|(?:were|was|been|"
         r"being)\s+(?:[^\s,.;:()]+ly\s+)?(?:driven|chased|forced|pushed)\s+(?:out|away))\b",
         PEOPLE, "near", (*_COMMON, "statistic", "background", "return"), "",
         "residents flee or abandon their homes"),
    Rule("disp.displaced", "displacement",
         r"\b(?:displaced|displacing|uprooted|made\s+homeless)\b", PEOPLE, "near",
         (*_COMMON, "statistic", "background", "return"), "", "people displaced"),
    # deployment
    Rule("dep.arrive", "deployment",
         r"\b(?:arrived|arriving|landed|touched\s+down|deployed|redeployed|were\s+sent|"
         r"was\s+sent|been\s+sent|sent\s+in|dispatched|stationed|joined\s+(?:the\s+)?"
         r"(?:mission|force|MSS)|sent\s+(?:[^\s,.;:()]+\s+){0,4}?(?:reinforcements|troops|officers|"
         r"police|units?|soldiers|agents))\b", FORCES, "before", (*_COMMON, "since_clause"), "",
         "foreign contingents arrive, or police units are sent as reinforcements"),
    # "The government sent reinforcements to X": the object names the force, whoever sends it.
    Rule("dep.sent", "deployment",
         r"\bsent\s+(?:(?!(?:to|for|with|by|from)\s)[^\s,.;:()]+\s+){0,4}?"
         r"(?:reinforcements|troops|officers|soldiers|agents|policemen|police\s+units?|"
         r"(?:SWAT|BOID|UTAG|CIMO|police|tactical|speciali[sz]ed|special|elite)\s+"
         r"(?:teams?|units?|squads?))\b",
         None, "sentence", (*_COMMON, "since_clause"), "",
         "reinforcements, troops or officers were sent (the object is the force)"),
    # equipment_delivery
    Rule("equip.deliver", "equipment_delivery",
         r"\b(?:delivered|handed\s+over|donated|supplied|shipped|received|arrived|unloaded)\b",
         EQUIPMENT, "sentence", (*_COMMON, "since_clause"), "",
         "vehicles or equipment delivered to the police or the mission"),
    # other
    Rule("other.protest", "other",
         r"\b(?:protest(?:s|ed|ing|ers)?|demonstrat(?:ion|ions|ors|ed|ing)|riots?|rioting|"
         r"barricades?\s+(?:went\s+up|were\s+(?:erected|set\s+up|built))|(?:erected|set\s+up|"
         r"put\s+up)\s+(?:[^\s,.;:()]+\s+){0,2}barricades|burning[- ]tire)\b", None, "sentence",
         _COMMON, "", "protests and barricades"),
    Rule("other.withdrawal", "other",
         r"\b(?:withdr(?:ew|awn)|pulled\s+out|retreated|forced\s+to\s+(?:withdraw|retreat|"
         r"pull\s+(?:out|back)|abandon\s+their\s+(?:posts?|positions?|base|station)))\b", FORCES,
         "sentence", _COMMON, "", "a forced withdrawal of security forces"),
)
# A cheap pre-check per rule (speed): the rule's regex runs only on sentences with a word that
# contains one of these lowercase stems, or that is the first word of a stem of several words
# ("caused to" enables on the word "caused" alone, not on "because"). Every alternative of a
# trigger must contain one of its stems.
NEEDLES: dict[str, tuple[str, ...]] = {k: tuple(v.split("|")) for k, v in {
    "op.operation": "operation|raid|crackdown|sweep|manhunt",
    "op.forces_act": "halted|stopped|intercepted|arrested|detained|apprehended|dismantled|"
                     "dislodged|neutrali|killed|shot|raided|searched|cordoned|"
                     "drove|rescued|freed",
    "op.by_forces": "killed|shot|arrested|detained|neutrali|apprehended",
    "op.launched": "offensive|operation|assault|raid|sweep|crackdown",
    "op.roadblocks": "roadblock|barricade|checkpoint",
    "clash.attack_verb": "attack|storm|ambush|raid|invad|besieg|shot|opened fire|fire|torch|burn|"
                         "razed|level|flatten|demolish|loot|ransack|struck|went|moved|kidnap|"
                         "abduct|killed|massacr|terrori",
    "clash.passive": "attacked|ambushed|stormed|hit by|under|set|torched|burn|razed|looted|"
                     "ransacked|vandali",
    "clash.killed": "killed|massacred|murdered|slain|shot|executed|lynched|burned",
    "clash.noun": "attack|assault|offensive|raid|incursion|clash|confrontation|massacre",
    "clash.fire": "fire|gun|shoot|clash|confrontation|ran into|engaged|fight|fought|repel|repuls|"
                  "beat back|pushed back|drove back",
    "clash.target": "target",
    "clash.killing": "killed|massacred|shot|executed|murdered|kill",
    "lost.overrun": "overr|over-ran",
    "lost.stormed": "storm|broke|broken",
    "lost.seized": "seiz|captur|took over|taken over|taking over|occup|broke|emptied|"
                   "control|fell|fallen|fall",
    "lost.prison_break": "inmate|prisoner|detainee",
    "lost.emptied": "emptied|inmate|prisoner|detainee|break",
    "lost.base": "turned",
    "recap.retake": "recaptur|retook|retake|retaking|regain|reclaim|recover|back|liberated",
    "recap.passive": "recaptured|retaken|reclaimed|liberated|taken back",
    "recap.control": "control",
    "recap.gang_lost": "lost",
    "disp.flee": "fled|flee|ran for|ran away|abandon|left their|forc|caused to|causing to|"
                 "prompted to|prompting to|sent fleeing|sending fleeing|scattered|evacuated|"
                 "get away|exodus|driv|drove|chas|push",
    "disp.displaced": "displac|uproot|homeless",
    "dep.arrive": "arriv|landed|touched down|deployed|sent|dispatched|stationed|joined",
    "dep.sent": "sent",
    "equip.deliver": "deliver|handed over|donat|supplied|shipped|received|arrived|unloaded",
    "other.protest": "protest|demonstrat|riot|barricade|burning",
    "other.withdrawal": "withdr|pulled out|retreat|forced to",
}.items()}

# Casualty companion rows are not triggered by words but by figures (figures.py); their rule.
CASUALTY_RULE = "casualty.figures"
# Within one sentence, a stronger type makes a weaker one redundant (CODEBOOK §3: a recapture
# is coded alone; a capture is coded as the loss of the site; a police kill is an operation).
SUPPRESSES: dict[str, frozenset[str]] = {
    "site_recaptured": frozenset({"armed_operation", "clash_or_attack", "site_lost"}),
    "site_lost": frozenset({"clash_or_attack"}),
    "armed_operation": frozenset({"clash_or_attack"}),
}

_COMPILED = tuple((r, re.compile(r.trigger, FLAGS),
                   re.compile(r.requires, FLAGS) if r.requires else None) for r in RULES)


# Speed: the same rules, case-sensitive for a lowercased sentence (about twice as fast as
# IGNORECASE in Python's engine); used when lowercasing keeps every offset.
_COMPILED_LOWER = tuple((r, re.compile(lowered(r.trigger), re.ASCII),
                         re.compile(lowered(r.requires), re.ASCII) if r.requires else None)
                        for r in RULES)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A rule match in a sentence; ``cancelled`` names the cue that cancelled it, if any."""

    rule: str
    event_type: str
    start: int  # offsets in the sentence text
    end: int
    cancelled: str = ""
    site: str = ""  # the rule's site requirement (Rule.site)


_WORD = re.compile(r"[a-z]+")  # in the lowercased sentence: stems are ASCII
# A word enables the rules with a one-word stem inside it ("displac" in "displaced"), or with
# a stem of several words that starts with exactly this word ("ran" of "ran for", not "grand").
_STEMS = tuple(frozenset(n for n in NEEDLES[r.key] if " " not in n and "-" not in n)
               for r in RULES)
_FIRST_WORDS = tuple(frozenset(re.split(r"[ -]", n)[0] for n in NEEDLES[r.key]
                               if " " in n or "-" in n) for r in RULES)


@lru_cache(maxsize=1 << 16)
def _rules_of_word(word: str) -> frozenset[int]:
    return frozenset(i for i in range(len(RULES))
                     if word in _FIRST_WORDS[i] or any(n in word for n in _STEMS[i]))


# "They attacked Saint-Michel as well": a pronoun subject borrows the actors of the sentence
# before it (``antecedent``) for a rule whose required words the sentence lacks.
_PRONOUN = re.compile(r"\bthey\b")


def _matches(text: str, antecedent: str = "") -> list[tuple[Rule, int, int]]:
    """(rule, start, end) of every trigger match whose required words are present (in the
    sentence, or, for a sentence with a pronoun subject, in its ``antecedent``)."""
    lower = text.lower()
    borrow = bool(antecedent) and _PRONOUN.search(lower) is not None
    enabled = set().union(*map(_rules_of_word, set(_WORD.findall(lower))))
    compiled, text = (_COMPILED_LOWER, lower) if len(lower) == len(text) else (_COMPILED, text)
    out = []
    in_sentence: dict[re.Pattern[str], bool] = {}  # required words found anywhere (cached)
    for i in sorted(enabled):
        rule, trigger, requires = compiled[i]
        for m in trigger.finditer(text):
            if requires is not None:
                if rule.requires_scope == "sentence":
                    if requires not in in_sentence:
                        in_sentence[requires] = requires.search(text) is not None or (
                            borrow and rule.requires is not None and re.search(
                                rule.requires, antecedent, FLAGS) is not None)
                    if not in_sentence[requires]:
                        break  # no match of this rule can have them
                else:
                    start = clause_start(text, m.start())
                    end = m.start() if rule.requires_scope == "before" else m.end() + 40
                    if not requires.search(text, start, end) and not (
                            borrow and rule.requires_scope == "before"
                            and _PRONOUN.search(text[start:end].lower()) is not None
                            and re.search(rule.requires, antecedent, FLAGS) is not None):
                        continue
            out.append((rule, m.start(), m.end()))
    return out


def find_triggers(text: str, antecedent: str = "") -> list[Trigger]:
    """Every rule match in one sentence, active or cancelled, in rule-table order (to explain
    a decision; the extractor uses :func:`first_active`)."""
    sentence = sentence_cues(text)
    return [Trigger(rule.key, rule.event_type, start, end,
                    cancelled(sentence, start, end, rule.cancels), rule.site)
            for rule, start, end in _matches(text, antecedent)]


# "Gangs stormed the town of X, seizing the police station": an attack told on the wider place
# before the capture is coded as well (CODEBOOK §3, attack plus capture).
_WIDER_PLACE = re.compile(
    r"\b(?:town|city|commune|area|neighbou?rhoods?|district|village|locality|communit(?:y|ies))\b"
    r"|\b(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Haitian|Kenyan|National|"
    r"Police|The)\b)[A-Z][\w'’-]+")


# "seized by gangs on Friday and retaken by the police on Sunday": a loss dated apart from
# the recapture that follows it is an event of its own; a loss in the pluperfect ("gangs
# had occupied since March") is the background of the recapture.
_DATED_APART = re.compile(
    r"\b(?:(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:in|on)\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)|(?:days?|weeks?|months?|hours?)\s+later|later)\b", re.I)

_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:[a-z]+ly\s+)?\Z", re.I)


def _suppress(first: dict[str, Trigger], text: str = "") -> dict[str, Trigger]:
    if len(first) < 2:
        return first
    suppressed = {s for k in first for s in SUPPRESSES.get(k, ())
                  if not (k == "site_lost" and s == "clash_or_attack" and s in first
                          and _attack_before_capture(text, first[s], first[k]))
                  and not (k == "site_recaptured" and s == "site_lost" and s in first
                           and _loss_before_recapture(text, first[s], first[k]))}
    return {k: t for k, t in first.items() if k not in suppressed}


def _loss_before_recapture(text: str, loss: Trigger, recapture: Trigger) -> bool:
    return bool(text) and loss.end <= recapture.start and _DATED_APART.search(
        text, loss.end, recapture.start) is not None and not _PLUPERFECT.search(
        text, max(0, loss.start - 20), loss.start)


def _attack_before_capture(text: str, attack: Trigger, capture: Trigger) -> bool:
    return bool(text) and attack.end <= capture.start and _WIDER_PLACE.search(
        text, attack.end, capture.start) is not None


def active(triggers: list[Trigger], text: str = "") -> dict[str, Trigger]:
    """The first uncancelled trigger per event type, after suppression between types (the
    sentence ``text`` tells an attack on a wider place from the capture of a site)."""
    first: dict[str, Trigger] = {}
    for t in sorted(triggers, key=lambda t: t.start):
        if not t.cancelled and t.event_type not in first:
            first[t.event_type] = t
    return _suppress(first, text)


def first_active(text: str, keep: Callable[[Trigger], bool] | None = None,
                 antecedent: str = "") -> dict[str, Trigger]:
    """``active`` of the triggers that ``keep`` accepts, computed lazily: the cues of a match
    are only checked until its event type has an active trigger (speed)."""
    sentence = sentence_cues(text)
    first: dict[str, Trigger] = {}
    for rule, start, end in sorted(_matches(text, antecedent), key=lambda m: m[1]):
        if rule.event_type in first:
            continue
        t = Trigger(rule.key, rule.event_type, start, end, "", rule.site)
        if (keep is None or keep(t)) and not cancelled(sentence, start, end, rule.cancels):
            first[rule.event_type] = t
    return _suppress(first, text)


