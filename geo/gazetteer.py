"""The geocoder the rest of the app calls: an Index with its matcher and resolver.

    gaz = load_gazetteer()
    gaz.find(text)          -> [Mention]       place mentions with offsets (geo.matcher)
    gaz.resolve_all(text)   -> [Resolution]    one place per mention, with context (geo.resolve)
    gaz.lookup("Bel Air")   -> Resolution      one name; unresolved ones carry nearest candidates
    gaz.get(place_id)       -> Place
    gaz.contains(outer, inner) -> bool         (geo.containment)

This module only composes: reading and validating the file is geo.loader's, the places are a
passive geo.index.Index, and the matcher and resolver take that index (nothing here is
called back). A broken file fails with GazetteerError naming the file and line.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from geo import containment, resolve
from geo.descriptors import find_descriptors
from geo.index import Index
from geo.loader import DEFAULT_PATH, load_index
from geo.matcher import Matcher
from geo.place import Mention, Place, Resolution


class Gazetteer:
    """The places of one gazetteer file with their text matcher and resolver."""

    def __init__(self, index: Index):
        self.index = index
        self.places = index.places
        self.matcher = Matcher(index)

    def __len__(self) -> int:
        return len(self.index)

    def get(self, place_id: str) -> Place:
        """The place with this id, including derived ids ("<commune id>~delmas-30")."""
        return self.index.get(place_id)

    def find(self, text: str) -> list[Mention]:
        """All place mentions in ``text``, non-overlapping, longest first, in text order."""
        names = self.matcher.find(text)
        described = find_descriptors(text, names)
        if not described:
            return names
        # A descriptor holds the country it names ("Haiti" of "Haiti's capital").
        names = [n for n in names if not any(d.start < n.end and n.start < d.end
                                              for d in described)]
        return sorted([*names, *described], key=lambda n: n.start)

    def candidates(self, mention: Mention) -> tuple[Place, ...]:
        """The places a mention may name (see geo.matcher.Matcher.candidates)."""
        return self.matcher.candidates(mention)

    def resolve_all(self, text: str, mentions: list[Mention] | None = None) -> list[Resolution]:
        """Resolve each mention of ``text`` (found if not given), using the others as context."""
        return resolve.resolve_all(self.index, self.matcher, text,
                                   self.find(text) if mentions is None else mentions)

    def lookup(self, name: str) -> Resolution:
        """Resolve one name as typed by a person; unresolved results name nearest candidates."""
        return resolve.lookup(self.index, self.matcher, name)

    def contains(self, outer: Place, inner: Place) -> bool:
        """Whether ``inner`` lies inside ``outer`` (see geo.containment.contains)."""
        return containment.contains(self.index, outer, inner)

    def holders(self, places: Sequence[Place]) -> set[str]:
        """Ids of the places that contain another of ``places`` (geo.containment.holders)."""
        return containment.holders(self.index, places)


@cache
def _load(path: Path) -> Gazetteer:
    return Gazetteer(load_index(path))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (default data/gazetteer.csv), validated; cached per path."""
    return _load(Path(path) if path is not None else DEFAULT_PATH)
