"""Event typing as data: trigger rules per event type, and the cues that cancel them.

A reviewer reads this table to see why an incident was coded: every Incident carries the key
of the rule that fired. A rule fires when its trigger matches, its required words are present
(an armed actor for an attack, people for a flight, a force for a deployment...), and none of
its cancelling cues applies: future tense, plans and pledges, conditionals, denials, warnings,
negation, nationwide statistics (CODEBOOK §1).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from incidents.casefold import lowered

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
        r"[^,;]{0,30}\Z", "before", "a negated event"),
    Cue("denial", r"\b(?:den(?:y|ies|ied)|dismiss(?:ed|es)?\s+(?:the\s+)?(?:reports?|rumou?rs?)|"
        r"false(?:ly)?|untrue|not\s+true|rumou?r(?:s|ed)?|hoax|refuted)\b", "sentence",
        "reported as false by the article"),
    Cue("approximate", r"\b(?:almost|nearly|partly|partially)\s+(?:[^\s,.;:()]+\s+)?\Z", "before",
        "'almost lost': did not happen"),
    Cue("approximate_after", r"\A\s*(?:[^\s,.;:()]+\s+){0,3}?(?:nearly|almost|partly|partially|"
        r"parts?\s+of|much\s+of|most\s+of)\b", "after", "'controlled nearly all': not a loss"),
    Cue("accident", r"\b(?:accident|crash|collision|drown(?:ed|ing)?|flood(?:s|ing)?|hurricane|"
        r"storm|earthquake|landslide|collapse[ds]?|fire\s+broke\s+out|electrocuted|overturned|"
        r"rolled\s+over|capsized)\b", "sentence",
        "an accident or disaster, not violence"),
    Cue("since_clause", r"\bsince\s+(?:[\w'-]+\s+){0,6}\Z", "before",
        "'since the force arrived': a time reference, not a new event"),
    Cue("goods", r"\A\s*(?:[^\s,.;:()]+\s+){0,3}?(?:weapons?|firearms|guns|rifles|pistols|"
        r"ammunition|rounds|cartridges|magazines|explosives|drugs|cocaine|marijuana|cannabis|"
        r"vehicles?|cars?|trucks?|motorcycles?|motorbikes?|boats?|cash|money|equipment|"
        r"materiel|uniforms|radios|phones)\b", "after",
        "seizing weapons, drugs or vehicles is no capture of a site"),
    Cue("forces_subject", FORCES, "subject",
        "security forces seizing or storming a place is no loss to the gangs"),
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
    # "facility": a facility noun that is no mere area ("the prison", not "the town")
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
         r"stormed|hit\s+by|under\s+(?:attack|fire)|set\s+(?:ablaze|alight|on\s+fire)|torched|"
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
         r"\b(?:freed|let|released)\s+(?:[\w,-]+\s+){0,3}?(?:inmates|prisoners|detainees)\b|"
         r"\b(?:inmates|prisoners|detainees)\s+(?:[^\s,.;:()]+\s+){0,2}?(?:escaped|fled|broke\s+out)\b",
         ARMED, "sentence", _COMMON, "", "gangs empty a prison"),
    Rule("lost.base", "site_lost",
         r"\bturned\s+[^.;]{1,60}?\binto\s+(?:their|a|an)\s+(?:[^\s,.;:()]+\s+)?"
         r"(?:base|stronghold|headquarters|hideout)\b", ARMED, "sentence", _COMMON, "site",
         "gangs turn a site into their base"),
    # site_recaptured
    Rule("recap.retake", "site_recaptured",
         r"\b(?:recaptured?|recapturing|retook|retaken|retake|retaking|regained|regaining|"
         r"reclaimed|reclaiming|recovered|recovering|took\s+back|taken\s+back|taking\s+back|"
         r"liberated|back\s+(?:in|under)\s+(?:government|police|state)\s+(?:hands|control))\b",
         FORCES + r"|\bgovernment\s+hands\b", "sentence", _COMMON, "site",
         "security forces retake a site"),
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
         r"(?:homes|houses|neighbou?rhoods?)|forc(?:ed|ing)\s+(?:[^\s,.;:()]+\s+){0,3}?to\s+(?:leave|"
         r"flee|abandon)|scattered|evacuated|get\s+away\s+from|exodus|(?:forc(?:ed|ing)|driv(?:en|ing)|"
         r"drove|chased|chasing|push(?:ed|ing))\s+(?:[^\s.;:()]+\s+){0,5}?(?:from|out\s+of)\s+"
         r"their\s+(?:homes|houses|neighbou?rhoods?|villages?|communities))\b", PEOPLE, "near",
         (*_COMMON, "statistic"), "", "residents flee or abandon their homes"),
    Rule("disp.displaced", "displacement",
         r"\b(?:displaced|displacing|uprooted|made\s+homeless)\b", PEOPLE, "near",
         (*_COMMON, "statistic"), "", "people displaced"),
    # deployment
    Rule("dep.arrive", "deployment",
         r"\b(?:arrived|arriving|landed|touched\s+down|deployed|redeployed|were\s+sent|"
         r"was\s+sent|been\s+sent|sent\s+in|dispatched|stationed|joined\s+(?:the\s+)?"
         r"(?:mission|force|MSS)|sent\s+(?:[^\s,.;:()]+\s+){0,4}?(?:reinforcements|troops|officers|"
         r"police|units?|soldiers|agents))\b", FORCES, "before", (*_COMMON, "since_clause"), "",
         "foreign contingents arrive, or police units are sent as reinforcements"),
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
# contains one of these lowercase stems (the first word of a stem of several words). Every
# alternative of a trigger must contain one of its stems.
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
    "lost.base": "turned",
    "recap.retake": "recaptur|retook|retake|retaking|regain|reclaim|recover|back|liberated",
    "recap.control": "control",
    "recap.gang_lost": "lost",
    "disp.flee": "fled|flee|ran for|ran away|abandon|left their|forc|scattered|evacuated|"
                 "get away|exodus|driv|drove|chas|push",
    "disp.displaced": "displac|uproot|homeless",
    "dep.arrive": "arriv|landed|touched down|deployed|sent|dispatched|stationed|joined",
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

# ASCII word rules: the triggers and cues are English words, and ASCII matching is about
# 40% faster; gaps between words are written [^\s,.;:()]+ so accented names still fit in them.
_FLAGS = re.IGNORECASE | re.ASCII
_COMPILED = tuple((r, re.compile(r.trigger, _FLAGS),
                   re.compile(r.requires, _FLAGS) if r.requires else None) for r in RULES)


# Speed: the same rules, case-sensitive for a lowercased sentence (about twice as fast as
# IGNORECASE in Python's engine); used when lowercasing keeps every offset.
_COMPILED_LOWER = tuple((r, re.compile(lowered(r.trigger), re.ASCII),
                         re.compile(lowered(r.requires), re.ASCII) if r.requires else None)
                        for r in RULES)
_CUES = {c.key: (c, re.compile(c.pattern, _FLAGS)) for c in CUES}
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|\s-\s|:\s|,\s+(?:but|while|whereas|although|though|and\s+"
                           r"that|saying|adding)\b|\bthat\b", _FLAGS)
CASUALTY_CUES = ("future", "conditional", "warning", "denial", "statistic", "negation")


@dataclass(frozen=True, slots=True)
class Trigger:
    """A rule match in a sentence; ``cancelled`` names the cue that cancelled it, if any."""

    rule: str
    event_type: str
    start: int  # offsets in the sentence text
    end: int
    cancelled: str = ""
    site: str = ""  # the rule's site requirement ("", "site", "facility")


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


class _Sentence:
    """One sentence with the per-sentence work of the cues done once (speed): where each
    sentence-wide cue first occurs, computed on first use of that cue."""

    __slots__ = ("first", "lower", "text")

    def __init__(self, text: str):
        self.text = text
        lower = text.lower()
        # Lowercase matching (faster) only when lowercasing keeps every offset.
        self.lower = lower if len(lower) == len(text) else None
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


_ACTOR = re.compile(f"{ARMED}|{FORCES}", _FLAGS)
# Where a new subject may start inside a clause: after a reporting verb, a conjunction or a
# comma that is followed by an actor ("police withdrew and gangs seized ...").
_SUBJECT_RESET = re.compile(r"(?:\b(?:said|says|told|reported|according\s+to|after|when|while|as|"
                            r"and|but|then|because|before|once)|,)\s+(?:the\s+|a\s+|an\s+)?"
                            r"(?:[^\s,.;:()]+\s+)?(?=" + ARMED + "|" + FORCES + ")", _FLAGS)


def subject_of(text: str, pos: int) -> str:
    """The actor words that are the subject of the verb at ``pos`` ('' when none): the first
    actor of its clause, or of the part after a reporting verb or an 'and' that starts a new
    subject."""
    start = clause_start(text, pos)
    for m in _SUBJECT_RESET.finditer(text, start, pos):
        start = m.end()
    m = _ACTOR.search(text, start, pos)
    return m.group() if m else ""


_ARMED_RE = re.compile(ARMED, _FLAGS)


@lru_cache(maxsize=64)
def _any_of(cues: tuple[str, ...], scope: str) -> re.Pattern[str] | None:
    """One pattern, for a lowercased text, for all the cues of ``cues`` with this scope
    (speed: when it finds nothing, none of them applies and they are not tried one by one; a
    case-sensitive part matches more in lowercase, never less)."""
    pats = [c.pattern for c, _ in map(_CUES.__getitem__, cues) if c.scope == scope]
    return re.compile(lowered("|".join(f"(?:{p})" for p in pats)), re.ASCII) if pats else None


_LAST: list[_Sentence] = [_Sentence("")]


def _sentence(text: str) -> _Sentence:
    """The sentence-wide cue record of ``text``, kept for the next call on the same string
    (the extractor asks for a sentence's triggers, then for its casualty figures)."""
    if _LAST[0].text is not text:
        _LAST[0] = _Sentence(text)
    return _LAST[0]


def _cancelled(s: _Sentence, start: int, end: int, cues: tuple[str, ...]) -> str:
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
            hit = bool(who) and pattern.fullmatch(who) is not None and not _ARMED_RE.fullmatch(who)
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
    return _cancelled(_sentence(text), start, end, cues)


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


def _matches(text: str) -> list[tuple[Rule, int, int]]:
    """(rule, start, end) of every trigger match whose required words are present."""
    lower = text.lower()
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
                        in_sentence[requires] = requires.search(text) is not None
                    if not in_sentence[requires]:
                        break  # no match of this rule can have them
                else:
                    start = clause_start(text, m.start())
                    end = m.start() if rule.requires_scope == "before" else m.end() + 40
                    if not requires.search(text, start, end):
                        continue
            out.append((rule, m.start(), m.end()))
    return out


def find_triggers(text: str) -> list[Trigger]:
    """Every rule match in one sentence, active or cancelled, in rule-table order (to explain
    a decision; the extractor uses :func:`first_active`)."""
    sentence = _Sentence(text)
    return [Trigger(rule.key, rule.event_type, start, end,
                    _cancelled(sentence, start, end, rule.cancels), rule.site)
            for rule, start, end in _matches(text)]


def _suppress(first: dict[str, Trigger]) -> dict[str, Trigger]:
    if len(first) < 2:
        return first
    suppressed = set().union(*(SUPPRESSES.get(k, frozenset()) for k in first))
    return {k: t for k, t in first.items() if k not in suppressed}


def active(triggers: list[Trigger]) -> dict[str, Trigger]:
    """The first uncancelled trigger per event type, after suppression between types."""
    first: dict[str, Trigger] = {}
    for t in sorted(triggers, key=lambda t: t.start):
        if not t.cancelled and t.event_type not in first:
            first[t.event_type] = t
    return _suppress(first)


def first_active(text: str, keep: Callable[[Trigger], bool] | None = None
                 ) -> dict[str, Trigger]:
    """``active`` of the triggers that ``keep`` accepts, computed lazily: the cues of a match
    are only checked until its event type has an active trigger (speed)."""
    sentence = _sentence(text)
    first: dict[str, Trigger] = {}
    for rule, start, end in sorted(_matches(text), key=lambda m: m[1]):
        if rule.event_type in first:
            continue
        t = Trigger(rule.key, rule.event_type, start, end, "", rule.site)
        if (keep is None or keep(t)) and not _cancelled(sentence, start, end, rule.cancels):
            first[rule.event_type] = t
    return _suppress(first)


def casualty_cancelled(text: str, start: int, end: int) -> str:
    """Why a casualty figure at text[start:end] is not an incident (statistic, denial...)."""
    return cancelled_by(text, start, end, CASUALTY_CUES)
