"""The arguments of a trigger, read from the dependency parse.

The subject (through conjunctions, participles and "forced residents to flee"), the passive
agent, prepositional objects, who an argument is (a security force or an armed group, from
the lexicon's word lists), the actor and the target of a verb or noun trigger, and the kind
of facility a target names.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

    from incidents.extract.lexicon import Lexicon, Trigger


def _lemma(tok: Token) -> str:
    return lemma(tok)


def subject(tok: Token, depth: int = 0) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if tok.dep_ == "relcl" and c.lower_ in ("that", "who", "which"):
                return tok.head  # "gangs that attacked X"
            return c
    if depth < 3 and tok.dep_ in ("conj", "advcl", "xcomp", "acl", "relcl") and tok.head is not tok:
        if tok.dep_ == "xcomp":  # "forced residents to flee": the object is the subject
            obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if tok.dep_ in ("acl", "relcl"):
            return tok.head
        return subject(tok.head, depth + 1)
    return None


def passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ == "acl")


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def kind(tok: Token | None, lex: Lexicon) -> str:
    """'armed' for gangs and gunmen, 'force' for police and troops, else ''."""
    if tok is None:
        return ""
    words = [tok, *(c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]
    conj = [c for c in tok.children if c.dep_ == "conj"]
    lemmas = [_lemma(w) for w in words]
    if any(lex.has("armed", w) for w in lemmas):
        return "armed"
    if any(lex.has("force", w) for w in lemmas) or (
            lex.has("force_group", lemmas[0]) and any(lex.has("force_modifier", w)
                                                      for w in lemmas[1:])):
        return "force"
    return kind(conj[0], lex) if conj else ""


def actor_of(tok: Token, lex: Lexicon) -> Token | None:
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("compound", "poss", "amod") and kind(c, lex):
                return c
        by = prep_objects(tok, ("by",))
        if by:
            return by[0]
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else None
        if verb is not None and verb.pos_ == "VERB" and not passive(verb):
            # "police launched an operation", "gangs went on the offensive"
            return subject(verb)
        return None
    if passive(tok):
        return _agent(tok)
    subj = subject(tok)
    if subj is not None and subj.pos_ == "PRON" and tok.dep_ == "ccomp":
        # "police said they had killed ...": the pronoun is the speaker
        speaker = subject(tok.head)
        return speaker if speaker is not None else subj
    return subj


def target_of(tok: Token, entry: Trigger) -> Token | None:
    if tok.pos_ == "NOUN":
        found = prep_objects(tok, ("on", "against", "of"))
        return found[0] if found else None
    if entry.with_ == "to":  # "X fell to gangs": the subject is what was lost
        return subject(tok)
    if entry.with_:
        w = next((c for c in tok.children if _lemma(c) == entry.with_), None)
        if w is not None:
            found = prep_objects(w, ("of", "over", "on", "at", "to"))
            if found:
                return found[0]
    if passive(tok):
        subj = subject(tok)
        if subj is not None:
            return subj
    for c in tok.children:
        if c.dep_ == "dobj" and _lemma(c) != entry.with_:
            if _lemma(c) == "control":  # "seized control of X"
                found = prep_objects(c, ("of", "over"))
                return found[0] if found else c
            return c
    found = prep_objects(tok, ("on", "at", "upon", "into", "against"))
    return found[0] if found else None


def has_with(tok: Token, lemma: str, depth: int = 3) -> bool:
    """Whether a dependent within ``depth`` steps has the lemma ("set homes on fire", "came
    under fire"); never through the subject ("the fire came under control")."""
    return depth > 0 and any(
        _lemma(c) == lemma or (c.pos_ in ("ADP", "NOUN", "PART", "ADV", "CCONJ") and
                               has_with(c, lemma, depth - 1))
        for c in tok.children if c.dep_ not in ("nsubj", "nsubjpass", "csubj"))


def facility_of(target: Token, lex: Lexicon) -> str:
    """The facility kind a target names: its head noun ("the prison"), a compound ("police
    station"), or the last word of a merged place name ("Mirebalais prison")."""
    last = target.text.split()[-1].lower() if target.text.strip() else ""
    return lex.facility.get(_lemma(target)) or lex.facility.get(last) or next(
        (lex.facility[_lemma(c)] for c in target.children
         if c.dep_ == "compound" and _lemma(c) in lex.facility), "")
