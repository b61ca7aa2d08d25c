"""Reading one parsed sentence: its triggers, whether each happened, and its arguments.

A trigger is a token whose lemma and part of speech are a lexicon entry (incidents.extract.lexicon).
Its arguments come from the parse (incidents.extract.arguments): the actor is the subject or the
passive agent (for a noun, its compound, possessive or "by X"), the target the object or the
passive subject ("on X", "of X" for a noun). A trigger is cancelled by negation, a modal or
future auxiliary, a condition ("if", "unless"), a governing verb of planning, threatening,
warning or denial, an infinitive of purpose ("sent to fight gangs"), a question, "almost", or
a span of months or years (a statistic, CODEBOOK §1).

Places, dates and figures belong to the trigger whose clause holds them: walking up the parse
from a place token, the first trigger met owns it (a noun trigger is reached through the verb
that governs it: "launched an operation in X"). Places that only look like event places are
marked by the word their preposition attaches to (CODEBOOK §4): "from X" (origin, except for
flight), "fled to X" (refuge), "sheltering in X", "taken to hospital in X", "mayor of X",
"10 km from X", a place that only locates another place ("Liancourt, near Pont-Sondé").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from incidents.extract.arguments import (
    actor_of,
    facility_of,
    has_with,
    kind,
    passive,
    prep_objects,
    subject,
    target_of,
)
from incidents.extract.figures import conjuncts, figure, number_of
from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from incidents.extract.lexicon import Lexicon, Trigger

_CLAUSE_UP = ("xcomp", "ccomp", "conj", "acl", "dobj", "pobj", "prep", "attr", "oprd",
              "pcomp", "nsubj", "nsubjpass", "appos")
_DEFINITE = ("the", "this", "that", "these", "those")
_LOCATIVE = ("in", "at", "on", "near", "outside", "inside", "around", "along", "across",
             "through", "into", "throughout", "within", "between", "from", "to", "toward",
             "towards", "of", "off", "by", "beside", "behind")


@dataclass(slots=True)
class Event:
    """One trigger of a sentence, read: its entry, type and arguments."""

    entry: Trigger
    event_type: str
    token: int  # index of the trigger token in the Doc
    start: int  # character offset of the trigger in the sentence
    actor: str = ""  # force | armed | ""
    target: str = ""  # facility kind of its target ("" if none or not a facility)
    definite: bool = False  # the target is "the prison" (refers back), not "a prison"
    pronoun: bool = False  # the target is "it": the facility just named
    refers_back: bool = False  # its subject is "they" or "the troops": told before
    host: int | None = None  # for a casualty trigger: the event it belongs to
    reference: bool = False  # "in the attack": a noun pointing back at an event told
    in_country: bool = False  # placed only "in Haiti" ("arrived in Haiti")
    places: list[int] = field(default_factory=list)  # mention indices it owns
    dates: list[int] = field(default_factory=list)  # date indices it owns
    figures: dict[str, int] = field(default_factory=dict)
    # told in an "after" clause of another event ("retook it two weeks after gangs seized
    # it"): that event's index, and how many days earlier this one was (None: not said)
    after: int | None = None
    lag: int | None = None
    agentless: bool = False  # passive with no agent: "three were killed" (by whom, untold)
    accident: bool = False  # casualties of what no trigger tells ("crashed, injuring three")


@dataclass(slots=True)
class Reading:
    """What a sentence says: its events, and why each place mention is no event place."""

    events: list[Event]
    skips: dict[int, str]  # mention index -> reason
    free_places: list[int]  # mentions no trigger owns
    free_dates: list[int]
    statement_dates: list[int]  # dates attached to a reporting verb
    figures: dict[str, int]  # every figure of the sentence (first per key)


def _lemma(tok: Token) -> str:
    return lemma(tok)


def cancelled(tok: Token, lex: Lexicon) -> str:
    """Why the trigger did not happen, or ''."""
    if tok.doc.text.rstrip().endswith("?"):
        return "question"
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and lex.has("time_reference", tok.head.lower_):
        return "time_reference"  # "since the attack": when, not what
    node, steps, below = tok, 0, tok
    while True:
        # "residents could be seen fleeing": the modal is on the seeing, the fleeing happened
        seen = below.dep_ in ("xcomp", "ccomp", "oprd") and lex.has("perception", _lemma(node))
        for c in node.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "det" and low == "no"):
                return "negation"
            if c.dep_ == "aux" and lex.has("modal", low) and not seen:
                return "modal"
            if c.dep_ == "mark" and lex.has("conditional", low):
                return "conditional"
            if c.dep_ == "advmod" and lex.has("approximate", low) and node is tok:
                return "approximate"
            if c.dep_ in ("acomp", "attr") and lex.has("false", _lemma(c)):
                return "denial"
        if node.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.tag_ == "TO"
                                                 for c in node.children):
            return "purpose"  # "sent to fight gangs", "a move to fight": an aim, not an event
        if node is not tok:
            lemma = _lemma(node)
            if lex.has("embedding", lemma):
                return "embedded"
            if lex.has("denial", lemma) or lex.has("false", lemma):
                return "denial"
        if node.head is node or node.dep_ not in _CLAUSE_UP or steps > 8:
            return ""
        if node.dep_ in ("nsubj", "nsubjpass", "csubj") and node is not tok:
            return ""  # inside a subject: the verb it is the subject of does not embed it
        if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return ""  # a conjoined clause with its own subject: the other's "could" is not its
        below, node, steps = node, node.head, steps + 1


_NESTED = ("conj", "ccomp", "advcl", "relcl", "xcomp", "parataxis", "acl", "csubj")


def _own_clause(tok: Token) -> list[Token]:
    """The tokens of the trigger's own clause: its subtree without the clauses nested in it
    (each token of a chain of clauses is visited once per chain, not once per clause)."""
    def inside(c: Token) -> bool:
        return c.dep_ not in _NESTED or c.pos_ not in ("VERB", "AUX")  # noun conjuncts stay

    out, todo = [tok], [c for c in tok.children if inside(c)]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if inside(c))
    return out


def _coordinated(tok: Token) -> list[Token]:
    """The verbs coordinated with the trigger ("were killed, injured or kidnapped in 2023",
    "killed 5,500 in 2024 and has driven a million out"): the parser hangs a modifier they
    share on one of them."""
    top = tok
    while top.dep_ in ("conj", "advcl") and top.head.pos_ in ("VERB", "AUX") \
            and top.head is not top:
        top = top.head
    out, todo = [], [top]
    while todo and len(out) < 8:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "advcl") and c.pos_ == "VERB")
    return out


def statistic(tok: Token, lex: Lexicon, periods: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether the trigger's clause spans months or years ("in 2024", "over the past two
    years", "between January 2022 and November 2023"): a statistic, not an event.
    ``periods``: character spans of the sentence's date expressions that name a stretch of
    more than a month (incidents.extract.dates.is_period); one on a verb coordinated with the
    trigger dates it too."""
    if periods and tok.pos_ == "VERB" and any(
            a <= t.idx < b for v in _coordinated(tok) for t in _own_clause(v)
            for a, b in periods):
        return True
    years = set()
    for t in _own_clause(tok):
        if any(a <= t.idx < b for a, b in periods):
            return True
        if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20"):
            years.add(t.text)
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "since", "during", "throughout",
                                                      "between", "through"):
                return True
        if lex.has("period", _lemma(t)) and t.tag_ == "NNS" and t.dep_ in ("pobj", "npadvmod"):
            return True
    return len(years) > 1


def _refers_back(tok: Token | None) -> bool:
    """'They', or a definite plural ('the troops'): the subject names what came before."""
    return tok is not None and (tok.lower_ in ("they", "we") or (tok.tag_ == "NNS" and any(
        c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)))


def _needs(entry: Trigger, tok: Token, actor: Token | None, target: Token | None,
           places: set[int], lex: Lexicon, force_before: bool = False) -> bool:
    need = entry.needs
    if not need or need == "notgang":
        return True
    if need in ("site", "facility"):
        if target is None:
            return False
        if target.lower_ in ("it", "them"):
            return True
        fac = facility_of(target, lex)
        if need == "facility":
            return bool(fac) and fac != "area"
        return bool(fac) or target.i in places
    if need == "actor":  # "gunmen struck the town", not "a hurricane struck" or "workers struck"
        return kind(actor, lex) in ("armed", "force")
    if need == "target":
        return bool(prep_objects(tok, ("on", "at", "upon")))
    if need == "force":
        subj = subject(tok)
        # "a contingent of 400 officers", "the plane carrying the officers"
        carried = [g for c in (subj.children if subj is not None else ())
                   if c.dep_ in ("acl", "relcl") for g in c.children if g.dep_ == "dobj"]
        cands = [actor, subj, target, *prep_objects(tok, ("of",)), *carried,
                 *(prep_objects(subj, ("of",)) if subj is not None else ())]
        if force_before and subj is not None and subj.lower_ in ("they", "we"):
            return True  # "150 soldiers left Kingston. They landed in X."
        return any(kind(c, lex) == "force" for c in cands if c is not None)
    if need == "people":
        # "residents fled"; "gangs drove residents out" (verbs whose object is displaced)
        moved = lex.has("object_displaced", entry.lemma)
        cands = [subject(tok), *((target, *(c for c in tok.children if c.dep_ == "dobj"))
                                 if moved else ())]
        cands += [o for c in cands if c is not None for o in prep_objects(c, ("of",))]
        return any(c is not None and (lex.has("people", _lemma(c)) or c.like_num
                                      or c.pos_ == "NUM") for c in cands)  # "thousands of people"
    if need == "inmates":  # "freed the inmates", "inmates escaped"
        return any(c is not None and lex.has("inmates", _lemma(c)) for c in (subject(tok), target))
    words = [target, *(target.children if target is not None else ())]
    return any(w is not None and lex.has(need, _lemma(w)) for w in words)


def _loose_prep(tok: Token, word: str) -> bool:
    """Whether the with-word is only a preposition of the clause, not the particle of a
    phrasal verb: that one follows the verb or its object ("went after X", "broke into X",
    "forced residents from their homes"), while "went to X after the attack" only dates the
    going."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == word]
    slots = {tok.i + 1, *(d.right_edge.i + 1 for d in tok.children if d.dep_ == "dobj")}
    return bool(preps) and all(c.i not in slots for c in preps)


def _resolve_type(entry: Trigger, actor_kind: str) -> str:
    if entry.gang_only and actor_kind != "armed":
        return ""
    if actor_kind == "force" and entry.force_type is not None:
        return entry.force_type
    if actor_kind == "armed" and entry.gang_type is not None:
        return entry.gang_type
    return entry.type


def _facility(target: Token | None, lex: Lexicon) -> tuple[str, bool]:
    if target is None:
        return "", False
    fac = facility_of(target, lex)
    definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an")
                   for c in target.children)
    return fac, definite


def habitual(tok: Token) -> bool:
    """A simple present of a bare plural subject: what gangs do, not what they did ("gangs
    steal livestock, attack and plunder farmers"). The caller asks only of an undated sentence
    (a dated one in the present is a timeline's or a bulletin's)."""
    top = tok
    while top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX") and top.head is not top:
        top = top.head
    if top.tag_ != "VBP" or any(c.dep_ in ("aux", "auxpass") for c in top.children):
        return False
    subj = subject(top)
    return subj is not None and (subj.lower_ == "they" or (
        subj.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in subj.children)))


def triggers(doc: Doc, lex: Lexicon, places: set[int], force_before: bool = False,
             periods: tuple[tuple[int, int], ...] = (), undated: bool = False) -> list[Event]:
    """The events of a parsed sentence that happened, in text order (``undated``: the
    sentence has no date expression)."""
    out: list[Event] = []
    for tok in doc:
        pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") else "VERB" if tok.pos_ == "VERB" else ""
        if not pos or tok.lower_ not in lex.forms:
            continue  # speed: only an inflection of a lexicon lemma is worth its lemma
        lemma = _lemma(tok)
        if not lex.entries(lemma, pos):
            lemma = lex.irregular.get(tok.lower_, lemma)
        if lemma.endswith("ise") and not lex.entries(lemma, pos):
            lemma = lemma[:-3] + "ize"  # British spelling
        entries = lex.entries(lemma, pos)
        if not entries or tok.i in places:
            continue
        ordered = sorted(entries, key=lambda e: (not e.with_, e.needs not in ("facility",)))
        if cancelled(tok, lex) or statistic(tok, lex, periods) or (undated and habitual(tok)):
            continue
        actor = actor_of(tok, lex)
        a_kind = kind(actor, lex)
        for entry in ordered:
            if entry.with_ and (not has_with(tok, entry.with_) or _loose_prep(tok, entry.with_)):
                continue
            target = target_of(tok, entry)
            event_type = _resolve_type(entry, a_kind)
            if not event_type or not _needs(entry, tok, actor, target, places, lex,
                                            force_before):
                continue
            if entry.needs == "notgang" and a_kind == "armed":
                continue
            fac, definite = _facility(target, lex)
            if entry.needs == "inmates":
                fac, definite = "prison", True  # the prison they were held in
            ev = Event(entry, event_type, tok.i, tok.idx, a_kind, fac if fac != "area" else "",
                       definite, target is not None and target.lower_ in ("it", "them"))
            ev.refers_back = _refers_back(subject(tok))
            ev.agentless = actor is None and passive(tok)
            ev.in_country = any(lex.has("country", o.lower_)
                                for o in prep_objects(tok, ("in", "to", "into", "inside")))
            ev.reference = pos == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)
            out.append(ev)
            break
    return out


def _owner(tok: Token, anchors: dict[int, int],
           reporting_words: frozenset[str] = frozenset()) -> tuple[int | None, bool]:
    """(index of the event owning the token, whether a reporting verb came first)."""
    node, steps = tok, 0
    reporting = False
    while steps < 40:
        if node.i in anchors and node is not tok:
            return anchors[node.i], reporting
        if node.head is node:
            return None, reporting
        node, steps = node.head, steps + 1
        if node.pos_ == "VERB" and node.i not in anchors and lemma(node) in reporting_words:
            reporting = True
    return None, reporting


def skip_reason(tok: Token, events: dict[int, Event], place_tokens: set[int],
                lex: Lexicon) -> str:
    """Why a place token is no event place (CODEBOOK §4), or ''."""
    if tok.dep_ == "compound" and lex.has("armed", _lemma(tok.head)):
        return "gang_name"
    if tok.dep_ in ("poss", "compound") and lex.has("title", _lemma(tok.head)):
        return "title"
    node, via_prep = tok, False
    for _ in range(8):
        head = node.head
        if head is node:
            break
        if node.dep_ == "pobj" and head.pos_ == "ADP":
            prep, gov = head.lower_, head.head
            gl = _lemma(gov)
            ev = events.get(gov.i)
            if prep in ("in", "at", "out") and lex.has("home_base", gl) and gov.tag_ == "VBN" \
                    and gov.dep_ == "acl":
                return "origin"  # "gangs based in X attacked Y": where they are from
            if prep == "from" and not (lex.has("origin_ok", gl) or (
                    ev and ev.event_type == "displacement")) and not via_prep:
                return "origin"
            if (prep in lex.words.get("refuge_to", ()) and lex.has("refuge_verbs", gl)
                    and not (ev and ev.event_type == "deployment")):
                return "refuge_to"
            sheltered = lex.has("shelter", gl) or any(  # "took refuge in", "sought shelter at"
                c.dep_ == "dobj" and lex.has("shelter", _lemma(c)) for c in gov.children)
            if prep in ("in", "at", "on", "into") and sheltered and (
                    gov.pos_ == "VERB" or gl in ("refuge", "shelter", "site", "camp")):
                return "refuge_in"
            if prep in ("of", "for") and lex.has("title", gl):
                return "title"
            if prep in ("of", "from") and lex.has("bearing", gl):
                return "bearing"  # "north of the capital": where another place lies
            if lex.has("distance", gl) or any(lex.has("distance", _lemma(c)) for c in gov.children):
                return "distance"
            # "the town of X", "the port of X": the noun names X itself, it locates nothing
            via_prep = via_prep or not (prep == "of" and gl in lex.facility)
        if lex.has("treatment", _lemma(head)) and head.pos_ == "VERB" and head.i not in events:
            return "treatment"
        if head.i in events:
            break
        if head.i in place_tokens and via_prep:
            return "reference"
        node = head
    return ""


def read(doc: Doc, lex: Lexicon, mentions: list[tuple[int, int]],
         dates: list[tuple[int, int]], force_before: bool = False,
         periods: tuple[tuple[int, int], ...] = (), item: bool = False) -> Reading:
    """Read a parsed sentence: ``mentions`` and ``dates`` are character spans of the
    sentence (gazetteer places, date expressions), owned by the events they attach to;
    ``force_before``: the sentence before names a security force ("they" may be it);
    ``periods``: the spans of ``dates`` that name a stretch of months or years; ``item``:
    the sentence is a bullet point (whose present tense tells news, as a headline's does)."""
    reporting = lex.words.get("reporting", frozenset())
    locate = _locator(doc)
    ptoks = [locate(a, b) for a, b in mentions]
    place_tokens = {t.i for t in ptoks if t is not None}
    events = triggers(doc, lex, place_tokens, force_before, periods,
                      undated=not dates and not item)
    anchors: dict[int, int] = {}
    for n, ev in enumerate(events):
        anchors[ev.token] = n
        tok = doc[ev.token]
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") \
                and head.pos_ in ("VERB", "AUX") and head.i not in anchors \
                and not any(e.token == head.i for e in events):
            anchors.setdefault(head.i, n)
    _where_places(doc, events, ptoks, lex)
    by_token = {ev.token: ev for ev in events}
    skips: dict[int, str] = {}
    free_places: list[int] = []
    owned = {m for ev in events for m in ev.places}
    for m, tok in enumerate(ptoks):
        if tok is None or m in owned:
            continue
        reason = skip_reason(tok, by_token, place_tokens, lex)
        if reason:
            skips[m] = reason
            continue
        owner, _ = _owner(tok, anchors) if tok.i not in anchors else (None, False)
        if owner is None:
            free_places.append(m)
        else:
            events[owner].places.append(m)
    free_dates, statement_dates = [], []
    for d, (a, b) in enumerate(dates):
        tok = locate(a, b)
        if tok is None:
            continue
        owner, said = _owner(tok, anchors, reporting)
        if owner is not None and not said:
            events[owner].dates.append(d)
        elif said:
            statement_dates.append(d)
        else:
            free_dates.append(d)
    _share_dates(doc, events, anchors)
    _hosts(doc, events, anchors)
    _earlier(doc, events, anchors)
    figures: dict[str, int] = {}
    for tok in doc:
        if tok.i in place_tokens or any(a <= tok.idx < b for a, b in dates):
            continue
        found = figure(tok, lex) if tok.pos_ in ("NUM", "NOUN", "PROPN") else None
        if found is None:
            continue
        key, value, pred = found
        if statistic(pred, lex, periods) or cancelled(pred, lex):
            continue  # "1,690 killed between 2022 and 2023", "no one will be hurt"
        figures.setdefault(key, value)
        owner = anchors.get(pred.i)
        if owner is None:
            owner, _ = _owner(pred, anchors)
        if owner is not None:
            ev = events[owner]
            ev = events[ev.host] if ev.host is not None else ev
            ev.figures.setdefault(key, value)
    return Reading(events, skips, free_places, free_dates, statement_dates, figures)


def _where_places(doc: Doc, events: list[Event], ptoks: list[Token | None],
                  lex: Lexicon) -> None:
    """An event told in a "where" clause happened at the place the clause modifies ("the town
    of X, where gangs killed 115 people")."""
    index = {t.i: m for m, t in enumerate(ptoks) if t is not None}
    for ev in events:
        node = doc[ev.token]
        for _ in range(6):
            if node.dep_ == "relcl" or node.head is node:
                break
            node = node.head
        if node.dep_ != "relcl" or not any(c.lower_ == "where" for c in node.children):
            continue
        noun = node.head
        named = [noun, *(c for c in noun.children if c.dep_ == "compound"),
                 *prep_objects(noun, ("of",))]
        ev.places.extend(index[t.i] for t in named if t.i in index)


def _hosts(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
    """A casualty trigger belongs to the event that governs it ("attacked X, killing 12") or
    that is its subject ("an ambush kills three"). A clash in which the forces did the
    killing is their operation ("officers killed two gang members in an exchange of fire")."""
    for n, ev in enumerate(events):
        if not ev.entry.casualty:
            continue
        _host(doc, n, ev, events, anchors)
        host = events[ev.host] if ev.host is not None else None
        if host is not None and host.event_type == "clash_or_attack" \
                and ev.event_type == "armed_operation":
            host.event_type = ev.event_type


def _host(doc: Doc, n: int, ev: Event, events: list[Event], anchors: dict[int, int]) -> None:
    """Set the event a casualty trigger belongs to, if any."""
    tok = doc[ev.token]
    subj = subject(tok)
    if subj is not None and subj.i in anchors and anchors[subj.i] != n:
        ev.host = anchors[subj.i]
        return
    # "injured in an operation", "killed during the attack"
    inner = [o for o in prep_objects(tok, ("in", "during", "amid", "after"))
             if o.i in anchors and not events[anchors[o.i]].entry.casualty]
    if inner:
        ev.host = anchors[inner[0].i]
        return
    owner, _ = _owner(tok, anchors)
    if owner is not None and owner != n and not events[owner].entry.casualty:
        ev.host = owner
        return
    # "two officers were killed when gangs ambushed their patrol": the event told by the clause
    cause = [c for c in tok.children if c.dep_ == "advcl" and c.i in anchors
             and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as")
                     for m in c.children) and not events[anchors[c.i]].entry.casualty]
    if cause:
        ev.host = anchors[cause[0].i]
        return
    # "a drone crashed in X, injuring three": the casualties of an accident, not an attack
    ev.accident = ev.actor == "" and tok.dep_ in ("advcl", "xcomp") \
        and tok.head.pos_ == "VERB" and tok.head.i not in anchors


def _share_dates(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
    """Coordinated verbs share the date the parser hangs on one of them ("gangs seized the
    town and killed 30 people there in late February": both in late February)."""
    for ev in events:
        if ev.dates:
            continue
        top = doc[ev.token]
        while top.dep_ == "conj" and top.head is not top:
            top = top.head
        for other in (top, *conjuncts(top)):
            n = anchors.get(other.i)
            if n is not None and events[n] is not ev and events[n].dates:
                ev.dates = list(events[n].dates)
                break


# Units of a lag ("two weeks after"), in days; a lag without a number counts a few units.
LAG_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
FEW = 3


def _earlier(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
    """Mark the events told in an "after" clause of another event: they happened before it
    ("police retook the station on Tuesday, two weeks after gangs seized it": the seizure is
    two weeks before Tuesday, not on Tuesday)."""
    for n, ev in enumerate(events):
        tok = doc[ev.token]
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "after"), None)
        if tok.dep_ != "advcl" or mark is None:
            continue
        owner, _ = _owner(tok, anchors)
        if owner is None or owner == n:
            continue
        ev.after = owner
        # "two weeks" hangs on the verb, on "after", or on the verb "after" depends on
        lead = [c for c in tok.head.children if c.i == mark.i - 1]
        for c in (*tok.children, *mark.children, *lead):
            unit = LAG_DAYS.get(lemma(c)) if c.dep_ == "npadvmod" else None
            if unit is not None:
                num = next((x for x in c.children if x.dep_ == "nummod"), None)
                count = number_of(num) if num is not None else None
                ev.lag = unit * (count if count is not None else FEW if c.tag_ == "NNS" else 1)


def _locator(doc: Doc):
    """A function from a character span of the sentence to the root of its tokens (a
    bisection over token offsets: char_span scans the Doc on every call)."""
    starts = [t.idx for t in doc]

    def token(a: int, b: int) -> Token | None:
        i = max(0, bisect_right(starts, a) - 1)
        j = max(i + 1, bisect_left(starts, b))
        return doc[i:j].root if i < len(doc) else None
    return token
