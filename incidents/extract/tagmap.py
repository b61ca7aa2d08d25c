"""The pipeline's attribute ruler (tag -> part of speech, morphology and lemma exceptions) as
table lookups.

spaCy's ``attribute_ruler`` runs a token Matcher over every token for each of its ~180
patterns and cost as much as the parser. Its patterns only test a token's TAG, LOWER, DEP and
IS_SPACE (equality, IN, NOT_IN, REGEX), so what they assign to a token is a function of those
four values and, for the few two-token patterns, of its neighbour: computed once per distinct
tuple and kept. ``compile_rules`` refuses (returns None) a ruler whose patterns use anything
else, and the pipeline then keeps spaCy's component.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
Test = Callable[[tuple], bool]


LOWER = ATTRS.index("LOWER")
OTHER = "\0"  # any lower-case form no pattern names nor matches: all behave alike


def _test(spec: dict, named: set[str], regexes: list[re.Pattern]) -> Test | None:
    """A predicate over (tag, lower, dep, is_space), or None for what it cannot express;
    the lower-case forms it names go to ``named``, its regexes to ``regexes``."""
    checks = []
    for name, want in spec.items():
        if name not in ATTRS:
            return None
        at = ATTRS.index(name)
        if isinstance(want, (str, bool)):
            checks.append(lambda v, at=at, w=want: v[at] == w)
            values = {want}
        elif isinstance(want, dict) and len(want) == 1:
            (op, arg), = want.items()
            values = set(arg) if op in ("IN", "NOT_IN") else set()
            if op == "IN":
                checks.append(lambda v, at=at, s=frozenset(arg): v[at] in s)
            elif op == "NOT_IN":
                checks.append(lambda v, at=at, s=frozenset(arg): v[at] not in s)
            elif op == "REGEX":
                regexes.append(re.compile(arg))
                checks.append(lambda v, at=at, r=regexes[-1]: bool(r.search(v[at])))
            else:
                return None
        else:
            return None
        if at == LOWER:
            named |= {str(x) for x in values}
    return lambda v: all(c(v) for c in checks)


class TagMap:
    """The ruler's rules: (rule number, token tests, index of the token they set, attrs)."""

    def __init__(self, rules: list[tuple[int, list[Test], int, dict]], named: set[str],
                 regexes: list[re.Pattern]):
        self.rules = rules
        self.named, self.regexes = frozenset(named), regexes
        self.lowers: dict[str, str] = {}
        self.memo: dict[tuple, tuple[dict, tuple]] = {}

    def _lower(self, lower: str) -> str:
        """The form itself if a pattern names or matches it, else OTHER (a shorter memo)."""
        found = self.lowers.get(lower)
        if found is None:
            found = self.lowers[lower] = lower if lower in self.named or any(
                r.search(lower) for r in self.regexes) else OTHER
        return found

    def _of(self, values: tuple) -> tuple[dict, tuple]:
        """The merged attrs of the one-token rules that match, and the longer rules whose
        first token matches."""
        found = self.memo.get(values)
        if found is None:
            merged: dict = {}
            longer = []
            for n, tests, index, attrs in self.rules:
                if tests[0](values):
                    if len(tests) == 1:
                        merged.update(attrs)
                    else:
                        longer.append((n, tests, index, attrs))
            found = self.memo[values] = (merged, tuple(longer))
        return found

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        values = [(t.tag_, self._lower(t.lower_), t.dep_, t.is_space) for t in doc]
        plain = [self._of(v) for v in values]
        extra: dict[int, list[tuple[int, dict]]] = {}
        for i, (_, longer) in enumerate(plain):
            for n, tests, index, attrs in longer:
                end = i + len(tests)
                if end <= len(doc) and all(t(values[i + k]) for k, t in enumerate(tests)):
                    extra.setdefault(range(i, end)[index], []).append((n, attrs))
        for i, (merged, _) in enumerate(plain):
            if i in extra:  # later rules win, as in spaCy's ruler: replay them in order
                merged = {}
                ones = [(n, a) for n, tests, _, a in self.rules if len(tests) == 1
                        and tests[0](values[i])]
                for _, attrs in sorted(ones + extra[i], key=lambda x: x[0]):
                    merged.update(attrs)
            if merged:
                set_token_attrs(doc[i], merged)
        return doc


def compile_rules(ruler: AttributeRuler) -> TagMap | None:
    """The ruler's patterns as a TagMap, or None if any uses what tagmap cannot test."""
    rules, named, regexes = [], set(), []
    for n, attrs in enumerate(ruler.attrs):
        _, patterns = ruler.matcher.get(str(n))
        for pattern in patterns:
            tests = [_test(spec, named, regexes) for spec in pattern]
            if not tests or any(t is None for t in tests):
                return None
            rules.append((n, tests, ruler.indices[n], attrs))
    if any(r.search(OTHER) for r in regexes):
        return None
    return TagMap(rules, named, regexes)
