"""Whether a trigger happened (CODEBOOK §1): negation, a modal or future auxiliary, a
condition, a governing verb of planning, threatening, warning or denial, an infinitive of
purpose, a question, "almost", a trend ("clashes have intensified"); a span of months or
years (a statistic); what a bare plural does as a habit ("gangs attack farmers"). Read from
the parse: the trigger's own clause and the clauses it hangs in."""
from __future__ import annotations

from typing import TYPE_CHECKING

from incidents.extract.arguments import subject
from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

    from incidents.extract.lexicon import Lexicon


_CLAUSE_UP = ("xcomp", "ccomp", "conj", "acl", "dobj", "pobj", "prep", "attr", "oprd",
              "pcomp", "nsubj", "nsubjpass", "appos")


def cancelled(tok: Token, lex: Lexicon) -> str:
    """Why the trigger did not happen, or ''."""
    if tok.doc.text.rstrip().endswith("?"):
        return "question"
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and lex.has("time_reference", tok.head.lower_):
        return "time_reference"  # "since the attack": when, not what
    if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and _trend(tok.head, lex):
        return "trend"  # "clashes have intensified": how often, not one event
    if any(c.dep_ in ("nsubj", "nsubjpass") and (lex.has("negation", c.lower_) or any(
            d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in tok.children):
        return "negation"  # "no one was injured", "nobody was killed"
    if any(_iterative(c, lex) for c in tok.children):
        return "iterative"
    if _circumstance(tok):
        return "circumstance"  # "ambushed while patrolling": the patrol is the backdrop
    node, steps, below = tok, 0, tok
    while True:
        # "residents could be seen fleeing": the modal is on the seeing, the fleeing happened
        seen = below.dep_ in ("xcomp", "ccomp", "oprd") and lex.has("perception", lemma(node))
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
            if c.dep_ in ("acomp", "attr") and lex.has("false", lemma(c)):
                return "denial"
        if node.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.tag_ == "TO"
                                                 for c in node.children):
            return "purpose"  # "sent to fight gangs", "a move to fight": an aim, not an event
        if node is not tok:
            word = lemma(node)
            if lex.has("embedding", word):
                return "embedded"
            if lex.has("denial", word) or lex.has("false", word):
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
        if lex.has("period", lemma(t)) and _stretch(t, lex):
            return True
    return len(years) > 1


def _stretch(period: Token, lex: Lexicon) -> bool:
    """A period noun naming a stretch of time: "over the past two years", "months of
    fighting"; or "in the past year", "over the last month" (up to now). Not "last month"
    alone, which dates an event."""
    if period.tag_ == "NNS":
        return period.dep_ in ("pobj", "npadvmod")
    return period.dep_ == "pobj" and period.head.lower_ in (
        "in", "over", "during", "throughout", "within") and any(
        c.dep_ == "amod" and lex.has("period_span", c.lower_) for c in period.children)


def _iterative(c: Token, lex: Lexicon) -> bool:
    """A dependent of the trigger that makes it a run of events: "repeatedly", "several
    times", "many times"."""
    if c.dep_ == "advmod" and lex.has("frequency", c.lower_):
        return True
    return c.dep_ in ("npadvmod", "advmod", "dobj") and c.lower_ == "times" and any(
        lex.has("vague_count", d.lower_) for d in c.children)


def _trend(verb: Token, lex: Lexicon) -> bool:
    """A verb of a trend in the perfect or the progressive, or since a date ("have
    intensified", "are rising", "rose since May"); a simple past on a day stays an event
    ("fighting intensified in Delmas on Monday")."""
    if not lex.has("trend", lemma(verb)):
        return False
    return verb.tag_ == "VBG" or any(
        (c.dep_ == "aux" and lemma(c) == "have") or (c.dep_ == "prep" and c.lower_ == "since")
        for c in verb.children)


def _circumstance(tok: Token) -> bool:
    """A trigger in a "while ...ing" clause with no subject of its own: the circumstance of
    the event it hangs on ("police were ambushed while patrolling the area")."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and any(
        c.dep_ == "mark" and c.lower_ == "while" for c in tok.children)


def _bare_plural(noun: Token | None) -> bool:
    """"gangs", "towns": a plural with no determiner, possessive or number (a class)."""
    return noun is not None and noun.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in noun.children)


def habitual(tok: Token, lex: Lexicon) -> bool:
    """What is told of a class, not of an occasion: a simple present of a bare plural subject
    ("gangs steal livestock, attack and plunder farmers"), or a perfect over a bare plural of
    places ("gangs have attacked towns in the Artibonite": a run of attacks, none dated). The
    caller asks only of an undated sentence (a dated present is a timeline's or a bulletin's)."""
    if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.pos_ == "VERB":
        return habitual(tok.head, lex)  # "have attacked towns, killing hundreds": the same run
    own_aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if tok.pos_ == "VERB" and any(lemma(a) == "have" for a in own_aux):
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        return _bare_plural(obj) and lemma(obj) in lex.facility
    top = tok
    while not own_aux and top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX") \
            and top.head is not top:
        top = top.head
    if top.tag_ != "VBP" or any(c.dep_ in ("aux", "auxpass") for c in top.children):
        return False
    subj = subject(top)
    return subj is not None and (subj.lower_ == "they" or _bare_plural(subj))
