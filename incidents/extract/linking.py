"""What belongs to which event of a parsed sentence: a place or date to the trigger whose
clause holds it (the first met walking up the parse), a casualty trigger to the event it is
the toll of, a date shared by coordinated verbs, an event told in an "after" clause dated back
by its lag; and why a place token is no event place (CODEBOOK §4).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from incidents.extract.arguments import prep_objects, subject
from incidents.extract.date_words import FEW, UNIT_DAYS
from incidents.extract.events import Event
from incidents.extract.figures import conjuncts, number_of
from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from incidents.extract.lexicon import Lexicon


def owner_of(tok: Token, anchors: dict[int, int],
           reporting_words: frozenset[str] = frozenset()) -> tuple[int | None, bool]:
    """(index of the event owning the token, whether a reporting verb came first). A clause
    of time that is no event ("came hours after police regained control of X") hands its
    places to none: X is where that happened, not where the event did."""
    node, steps = tok, 0
    reporting = False
    while steps < 40:
        if node.i in anchors and node is not tok:
            return anchors[node.i], reporting
        if node.head is node or (node is not tok and node.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in node.children)):
            return None, reporting
        node, steps = node.head, steps + 1
        if node.pos_ == "VERB" and node.i not in anchors and lemma(node) in reporting_words:
            reporting = True
    return None, reporting


def in_aside(tok: Token, anchors: dict[int, int]) -> bool:
    """Inside a relative clause that tells no event, of a noun that names none ("Gressier,
    which lies south of Carrefour"; "the force, which replaced the mission last month"): its
    places and dates are that clause's, not the event's it hangs in (a date of it dates the
    event only when nothing else does: "attacks by gangs who wreaked havoc from 5 to 11
    February")."""
    node = tok
    for _ in range(40):
        if node.i in anchors and node is not tok:
            return False
        if node.dep_ == "relcl":  # "the shootout, which took place Saturday": the event's own
            return node.i not in anchors and node.head.i not in anchors
        if node.head is node:
            return False
        node = node.head
    return False


def skip_reason(tok: Token, events: dict[int, Event], place_tokens: set[int],
                lex: Lexicon) -> str:
    """Why a place token is no event place (CODEBOOK §4), or ''."""
    if tok.dep_ == "compound" and lex.has("armed", lemma(tok.head)):
        return "gang_name"
    if tok.dep_ in ("poss", "compound") and lex.has("title", lemma(tok.head)):
        return "title"
    node, via_prep = tok, False
    for _ in range(8):
        head = node.head
        if head is node:
            break
        if node.dep_ == "pobj" and head.pos_ == "ADP":
            prep, gov = head.lower_, head.head
            gl = lemma(gov)
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
                c.dep_ == "dobj" and lex.has("shelter", lemma(c)) for c in gov.children)
            if prep in ("in", "at", "on", "into") and sheltered and (
                    gov.pos_ == "VERB" or gl in ("refuge", "shelter", "site", "camp")):
                return "refuge_in"
            if prep in ("of", "for") and lex.has("title", gl):
                return "title"
            if prep in ("of", "from") and lex.has("bearing", gl):
                return "bearing"  # "north of the capital": where another place lies
            if lex.has("distance", gl) or any(lex.has("distance", lemma(c)) for c in gov.children):
                return "distance"
            # "the town of X", "the port of X": the noun names X itself, it locates nothing;
            # "the road between X and Y": X and Y are where on the road (CODEBOOK §4)
            via_prep = via_prep or not ((prep == "of" and gl in lex.facility)
                                        or prep == "between")
        if lex.has("treatment", lemma(head)) and head.pos_ == "VERB" and head.i not in events:
            return "treatment"
        if head.i in events:
            break
        if head.i in place_tokens and via_prep:
            return "reference"
        node = head
    return ""


def where_places(doc: Doc, events: list[Event], ptoks: list[Token | None],
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


def hosts(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
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
    owner, _ = owner_of(tok, anchors)
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


def share_dates(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
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


TIME_MARKS = ("after", "before", "until", "since")  # clauses of time
def gapped_figures(doc: Doc, events: list[Event], mention_of: dict[int, int]) -> None:
    """A number coordinated with the trigger, with a place of its own, is that place's
    figure of the same key ("displaced 3,000 people in X and 2,000 in Y": 2,000 in Y)."""
    for ev in events:
        key = next((k for k in ("killed", "injured", "displaced") if k in ev.figures), "")
        if not key:
            continue
        for c in doc[ev.token].children:
            value = number_of(c) if c.dep_ == "conj" else None
            places = [mention_of[p.i] for p in prep_objects(c, ("in", "at", "from", "near"))
                      if p.i in mention_of] if value is not None else []
            if places:
                ev.place_figures[places[0]] = {key: value}


def earlier(doc: Doc, events: list[Event], anchors: dict[int, int]) -> None:
    """Mark the events told in an "after" clause of another event: they happened before it
    ("police retook the station on Tuesday, two weeks after gangs seized it": the seizure is
    two weeks before Tuesday, not on Tuesday)."""
    for n, ev in enumerate(events):
        tok = doc[ev.token]
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "after"), None)
        if tok.dep_ != "advcl" or mark is None:
            continue
        owner, _ = owner_of(tok, anchors)
        if owner is None or owner == n:
            continue
        ev.after = owner
        # "two weeks" hangs on the verb, on "after", or on the verb "after" depends on
        lead = [c for c in tok.head.children if c.i == mark.i - 1]
        for c in (*tok.children, *mark.children, *lead):
            unit = UNIT_DAYS.get(lemma(c)) if c.dep_ == "npadvmod" else None
            if unit is not None:
                num = next((x for x in c.children if x.dep_ == "nummod"), None)
                count = number_of(num) if num is not None else None
                ev.lag = unit * (count if count is not None else FEW if c.tag_ == "NNS" else 1)
