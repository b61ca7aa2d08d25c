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
from incidents.extract.cancelling import cancelled, habitual, statistic
from incidents.extract.events import Event, Reading
from incidents.extract.figures import figure
from incidents.extract.linking import (
    earlier,
    gapped_figures,
    hosts,
    in_aside,
    owner_of,
    share_dates,
    skip_reason,
    where_places,
)
from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from incidents.extract.lexicon import Lexicon, Trigger


_DEFINITE = ("the", "this", "that", "these", "those")


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
        return any(c is not None and (lex.has("people", lemma(c)) or c.like_num
                                      or c.pos_ == "NUM") for c in cands)  # "thousands of people"
    if need == "inmates":  # "freed the inmates", "inmates escaped"
        return any(c is not None and lex.has("inmates", lemma(c)) for c in (subject(tok), target))
    words = [target, *(target.children if target is not None else ())]
    return any(w is not None and lex.has(need, lemma(w)) for w in words)


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


def _nominal_adjective(tok: Token) -> bool:
    """An adjective the tagger gave a noun's place ("launched an offensive early Sunday": an
    article before it, an argument's role): a noun."""
    return tok.pos_ == "ADJ" and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") \
        and any(c.dep_ == "det" for c in tok.children)


def _aside(tok: Token, lex: Lexicon) -> bool:
    """Told in passing, in a relative clause ("the mission, which deployed in June"): but not
    what happened within an event just named ("the attack, during which residents fled",
    "an operation in which three were killed"), which takes that event's place."""
    clause = tok.head if tok.dep_ == "conj" and tok.head.dep_ == "relcl" else tok
    if clause.dep_ != "relcl":
        return False
    within = any(c.dep_ == "prep" and c.lower_ in ("during", "in", "amid")
                 and any(o.dep_ == "pobj" and o.lower_ == "which" for o in c.children)
                 for c in clause.children)
    return not (within and bool(lex.entries(lemma(clause.head), "NOUN")))


def _facility(target: Token | None, lex: Lexicon) -> tuple[str, bool]:
    if target is None:
        return "", False
    fac = facility_of(target, lex)
    definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an")
                   for c in target.children)
    return fac, definite


def triggers(doc: Doc, lex: Lexicon, places: set[int], force_before: bool = False,
             periods: tuple[tuple[int, int], ...] = (), undated: bool = False) -> list[Event]:
    """The events of a parsed sentence that happened, in text order (``undated``: the
    sentence has no date expression)."""
    out: list[Event] = []
    for tok in doc:
        pos = "NOUN" if tok.pos_ in ("NOUN", "PROPN") or _nominal_adjective(tok) else \
            "VERB" if tok.pos_ == "VERB" else ""
        if not pos or tok.lower_ not in lex.forms:
            continue  # speed: only an inflection of a lexicon lemma is worth its lemma
        base = lemma(tok)
        if not lex.entries(base, pos):
            base = lex.irregular.get(tok.lower_, base)
        if base.endswith("ise") and not lex.entries(base, pos):
            base = base[:-3] + "ize"  # British spelling
        entries = lex.entries(base, pos)
        if not entries or tok.i in places:
            continue
        ordered = sorted(entries, key=lambda e: (not e.with_, e.needs not in ("facility",)))
        if cancelled(tok, lex) or statistic(tok, lex, periods) or (undated and habitual(tok, lex)):
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
            ev.one_place = definite and target is not None and target.tag_ == "NN"
            ev.agentless = actor is None and passive(tok)
            ev.aside = _aside(tok, lex)
            ev.in_country = any(lex.has("country", o.lower_)
                                for o in prep_objects(tok, ("in", "to", "into", "inside", "across",
                                                            "throughout"))) or any(
                t.dep_ == "pobj" and t.head.lower_ in ("across", "throughout")
                and lex.has("country", t.lower_) for t in tok.subtree)  # "violence across"
            ev.reference = pos == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)
            out.append(ev)
            break
    return out


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
    where_places(doc, events, ptoks, lex)
    by_token = {ev.token: ev for ev in events}
    skips: dict[int, str] = {}
    free_places: list[int] = []
    owned = {m for ev in events for m in ev.places}
    for m, tok in enumerate(ptoks):
        if tok is None or m in owned:
            continue
        reason = skip_reason(tok, by_token, place_tokens, lex) or (
            "aside" if in_aside(tok, anchors) else "")
        if reason:
            skips[m] = reason
            continue
        owner, _ = owner_of(tok, anchors) if tok.i not in anchors else (None, False)
        if owner is None:
            free_places.append(m)
        else:
            events[owner].places.append(m)
    free_dates, statement_dates, aside_dates = [], [], []
    for d, (a, b) in enumerate(dates):
        tok = locate(a, b)
        if tok is None:
            continue
        if in_aside(tok, anchors):
            aside_dates.append(d)
            continue
        owner, said = owner_of(tok, anchors, reporting)
        if owner is not None and not said:
            events[owner].dates.append(d)
        elif said:
            statement_dates.append(d)
        else:
            free_dates.append(d)
    share_dates(doc, events, anchors)
    hosts(doc, events, anchors)
    earlier(doc, events, anchors)
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
            owner, _ = owner_of(pred, anchors)
        if owner is not None:
            ev = events[owner]
            ev = events[ev.host] if ev.host is not None else ev
            ev.figures.setdefault(key, value)
    gapped_figures(doc, events, {t.i: m for m, t in enumerate(ptoks) if t is not None})
    return Reading(events, skips, free_places, free_dates, statement_dates, figures,
                   aside_dates)


def _locator(doc: Doc):
    """A function from a character span of the sentence to the root of its tokens (a
    bisection over token offsets: char_span scans the Doc on every call)."""
    starts = [t.idx for t in doc]

    def token(a: int, b: int) -> Token | None:
        i = max(0, bisect_right(starts, a) - 1)
        j = max(i + 1, bisect_left(starts, b))
        return doc[i:j].root if i < len(doc) else None
    return token
