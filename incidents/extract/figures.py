"""Casualty, displacement and contingent figures, read from the parse (CODEBOOK §6).

A figure is a number on the victims of a clause: the count of a noun ("12 people"), a bare
number ("12 were killed", "killing 12"), or a single named victim ("a police officer was
killed" counts 1); coordinated victims add up ("two officers and a civilian": 3). Its key
comes from the word the victims are attached to: the object of "kill", the subject of "die"
or of a passive "were wounded", a modifier ("12 people killed", "30 dead"), "leaving four
dead", a death toll, "forcing 900 residents to flee", the size of a force ("a contingent of
75"). Qualifiers ("at least", "some") are not part of the number; numbers in words count.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from incidents.extract.nlp import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

    from incidents.extract.lexicon import Lexicon

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
FIGURE_KEYS = ("killed", "injured", "displaced", "officers")
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_NUMBER_WORDS = frozenset([*UNITS, *TENS, *SCALES, "a", "and"])
_YEAR = re.compile(r"(?:19|20)\d\d")


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


def _is_number(tok: Token) -> bool:
    low = tok.lower_.replace("-", " ").split()
    return tok.pos_ == "NUM" or (bool(low) and all(w in _NUMBER_WORDS for w in low) and any(
        w not in ("a", "and") for w in low)) or tok.like_num


def number_of(tok: Token) -> int | None:
    """The value of a number token with its number dependents ("1.3 million", "twenty -
    eight"); qualifiers ("at least") are left out. Years, ages and shares are no figures."""
    if not _is_number(tok):
        return None
    parts = [t for t in tok.subtree if _is_number(t) or t.text == "-"]
    if any(c.lower_ in ("%", "percent") or lemma(c) == "year" for c in (tok.head, *tok.children)):
        return None
    if _YEAR.fullmatch(tok.text) and tok.dep_ != "nummod":
        return None
    parts = [t for t in parts if t.i <= tok.i or t.head == tok]
    # "five or six": alternatives, the lower counts (ACLED's rule), not their sum
    alts = [c for c in tok.children if c.dep_ == "conj" and _is_number(c)]
    if alts and any(c.dep_ == "cc" and c.lower_ == "or" for c in tok.children):
        skip = {t.i for a in alts for t in a.subtree}
        own = parse_number(" ".join(t.text for t in parts if t.i not in skip))
        values = [v for v in (own, *(number_of(a) for a in alts)) if v is not None]
        return min(values) if values else None
    return parse_number(" ".join(t.text for t in parts))


def count_of(noun: Token, lex: Lexicon) -> int | None:
    """How many the noun counts: its number ("five or six": see number_of), or 1 for "a/one
    <person>"; coordinated nouns add up. None when no number is stated ("several gang
    members")."""
    total, found = 0, False
    for n in (noun, *conjuncts(noun)):
        value = number_of(n)
        if value is None:
            num = next((c for c in n.children if c.dep_ in ("nummod", "quantmod")
                        and number_of(c) is not None), None)
            if num is not None:
                value = number_of(num)
            elif _one_person(n, lex):
                value = 1
        if value is not None:
            total, found = total + value, True
    return total if found else None


def _one_person(n: Token, lex: Lexicon) -> bool:
    """A single victim: "a police officer", "one woman", "Officer Jean Paul", "gang leader
    X" (a singular person noun with an article or a name)."""
    if n.tag_ == "NNP":
        return any(c.dep_ == "compound" and (lex.has("people", lemma(c)) or lex.has(
            "force", lemma(c)) or lex.has("title", lemma(c)))
            for c in n.children)
    if n.tag_ != "NN" or not (lex.has("people", lemma(n))
                              or lex.has("force", lemma(n))):
        return False
    return any((c.dep_ == "det" and c.lower_ in ("a", "an", "one"))
               or (c.dep_ in ("appos", "compound") and c.tag_ == "NNP") for c in n.children)


def _force_noun(noun: Token, lex: Lexicon) -> bool:
    """'officers', 'soldiers'; or 'six Bahamian officials' (a nationality before a group)."""
    return lex.has("force", lemma(noun)) or (lex.has("force_group", lemma(noun)) and any(
        c.dep_ in ("amod", "compound") and lex.has("force_modifier", lemma(c))
        for c in noun.children))


def conjuncts(tok: Token) -> list[Token]:
    """The words coordinated with ``tok`` below it ("A, B and C": B and C)."""
    out, todo = [], [c for c in tok.children if c.dep_ == "conj"]
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(x for x in c.children if x.dep_ == "conj")
    return out


def _key_of(lemma: str, lex: Lexicon) -> str:
    for key in ("killed", "injured", "displaced"):
        if lex.has(key, lemma):
            return key
    return ""


def _complement_key(verb: Token, lex: Lexicon) -> str:
    """The key a verb's complement gives it: "12 people were shot dead", "shot three dead"."""
    return next((k for c in verb.children if (c.dep_ in ("oprd", "acomp", "xcomp", "advmod")
                                               or (c.dep_ == "advcl" and c.pos_ == "ADJ"))
                 and (k := _key_of(lemma(c), lex))), "")


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("no", "none") for c in tok.children)


def figure(noun: Token, lex: Lexicon) -> tuple[str, int, Token] | None:
    """(key, value, predicate) when ``noun`` (a counted noun or a bare number) is the victims
    of a casualty, flight or contingent predicate; the predicate is the word that owns it."""
    if lemma(noun) == "time":
        return None  # "displaced five or six times": how often, not how many
    head, dep = noun.head, noun.dep_
    hl = lemma(head)
    if dep == "npadvmod" and head.pos_ == "VERB" and noun.i > head.i and not any(
            c.dep_ == "dobj" for c in head.children):
        dep = "dobj"  # the small parser's slip on "displaced 5,000 people": the object
    value = count_of(noun, lex)
    if value is None and noun.tag_ == "NNP" and ((dep == "nsubjpass" and _key_of(hl, lex) in (
            "killed", "injured")) or (dep == "nsubj" and hl in ("die", "perish"))):
        value = 1  # a named victim: "Officer Jean Paul died", "Ti Bwa was killed"
    if value is None or _negated(noun):
        return None
    # "12 people killed", "30 dead", "the 5,000 displaced"
    for c in noun.children:
        key = _key_of(lemma(c), lex) if c.dep_ in ("acl", "amod", "relcl") else ""
        if key and not _negated(c) and (c.dep_ != "acl" or c.tag_ == "VBN"):
            return key, value, c
    if head is noun:
        return None
    if dep in ("nsubjpass", "dobj", "nsubj") and (key := _key_of(hl, lex) or _complement_key(
            head, lex)) and not _negated(head):
        if dep == "dobj" and hl == "leave":
            key = ""
        elif dep == "nsubj" and key == "killed" and hl not in ("die", "perish"):
            key = ""  # "gangs killed": the killers
        elif dep == "nsubj" and (key == "injured" or (
                key == "displaced" and lex.has("object_displaced", hl))):
            key = ""  # "gangs displaced 900": the displacers; "900 fled", "900 left": the displaced
        if key:
            return key, value, head
    if dep == "nsubj" and any(c.dep_ == "dobj" and lex.has("refuge_object", lemma(c))
                              for c in head.children) and not _negated(head):
        return "displaced", value, head  # "5,000 residents took refuge", "sought shelter"
    if dep in ("dobj", "nsubjpass") and hl == "force" and any(
            c.dep_ == "prep" and c.lower_ in ("from", "out") for c in head.children):
        return "displaced", value, head  # "forced 3,000 residents from their homes"
    for c in head.children:
        key = _key_of(lemma(c), lex)
        # "leaving four dead", "forcing 900 residents to flee", "30 are dead"
        if key and ((dep == "dobj" and hl in ("leave", "force", "send", "drive", "prompt",
                                              "cause") and c.i > noun.i and not _negated(c))
                    or (dep == "nsubj" and hl == "be" and c.dep_ == "acomp")):
            return key, value, head
    # "the dead, at least 20, include ...", "fatalities: 12"
    if dep in ("appos", "nummod") and noun.pos_ == "NUM" and (key := _key_of(hl, lex)) \
            and head.pos_ in ("NOUN", "ADJ"):
        return key, value, head
    # "the death toll rose to 30", "the toll is 30"
    verb = head.head if dep == "pobj" else head
    if any(c.dep_ in ("nsubj", "nsubjpass") and lex.has("toll", lemma(c))
           for c in verb.children):
        return "killed", value, verb
    # a force's size: "200 officers", "a contingent of 75", "numbering 75"
    if _force_noun(noun, lex) and noun.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "nummod" for c in noun.children):
        return "officers", value, noun
    if dep == "pobj" and head.lower_ == "of" and lex.has("force", lemma(head.head)):
        return "officers", value, head.head
    if dep == "dobj" and hl == "number":
        return "officers", value, head
    return None
