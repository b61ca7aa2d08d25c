"""Event places among the gazetteer's mentions (CODEBOOK §4).

A sentence's resolved mentions become Candidates, each with the reason it is no event place
(read from the parse by incidents.extract.clauses: origin, refuge, treatment, title, distance...; or
the dateline, or a country); the most specific of the rest are the event places. Place-like
names after a locative word that the gazetteer does not know are listed for the user.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from geo.calendar_words import MONTHS, WEEKDAYS
from geo.place import Mention, Place, Resolution


class GazetteerLike(Protocol):
    """The part of geo.gazetteer.Gazetteer the extractor uses."""

    def find(self, text: str) -> list[Mention]: ...
    def resolve_all(self, text: str, mentions: list[Mention] | None = None
                    ) -> list[Resolution]: ...
    def contains(self, outer: Place, inner: Place) -> bool: ...
    def holders(self, places: Sequence[Place]) -> set[str]: ...


# "in Bois Zanglo", "at the Zanglo Baptist Church", "the village of Tinou": a capitalised
# place after a locative word. Those the gazetteer does not know are listed for the user.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|village\s+of|town\s+of|locality\s+of|neighbou?rhood\s+of|"
    r"area\s+of|commune\s+of|district\s+of)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][^\W\d_][\w'’-]*(?:\s+(?:de\s+|du\s+|des\s+|la\s+)?[A-Z][\w'’-]+){0,3})")
_NOT_PLACES = frozenset((
    "Haiti", "Haïti", "Ayiti", *MONTHS, *WEEKDAYS, "The", "A", "An", "This", "That", "His", "Her",
    "Its", "Their", "Kenya", "Jamaica", "Bahamas", "Belize", "Guatemala", "Salvador", "Canada",
    "France", "Washington", "Nairobi", "New", "United", "Dominican", "Santo", "Miami",
    "Kingston", "English", "French", "Creole", "X", "Facebook", "Twitter",
))


def unknown_places(text: str, s_start: int, s_end: int,
                   resolutions: Sequence[Resolution]) -> list[tuple[int, str]]:
    """(offset, words) of capitalised place-like names after a locative word in one sentence
    that no gazetteer mention covers."""
    out = []
    for m in _LOCATIVE.finditer(text, s_start, s_end):
        start, end = m.span("name")
        name = m.group("name")
        if re.split(r"['’\s]", name)[0] in _NOT_PLACES or any(
                r.mention.start < end and start < r.mention.end for r in resolutions):
            continue
        out.append((start, name))
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resolved mention in a sentence, and why it is not an event place (or '')."""

    resolution: Resolution
    start: int  # offsets in the article text
    end: int
    text: str  # the words, extended to a following facility noun ("Cabaret prison")
    skip: str = ""

    @property
    def place(self) -> Place:
        assert self.resolution.place is not None
        return self.resolution.place


def most_specific(cands: Sequence[Candidate], gaz: GazetteerLike) -> list[Candidate]:
    """Event places in text order, one per place, without those that contain another one
    ("Bel-Air, Port-au-Prince" -> Bel-Air; CODEBOOK §4: use the most specific place), and
    without roads when a sentence also names a town or site."""
    unique: dict[str, Candidate] = {}  # the first candidate of each place, in text order
    for c in cands:
        if not c.skip:
            unique.setdefault(c.place.id, c)
    unique = list(unique.values())
    if any(c.place.kind != "road" for c in unique):
        # A road is a line: "on Route 1 near Cabaret" happened at Cabaret.
        unique = [c for c in unique if c.place.kind != "road"]
    held = gaz.holders([c.place for c in unique])  # linear: no comparing all pairs
    return [c for c in unique if c.place.id not in held]
