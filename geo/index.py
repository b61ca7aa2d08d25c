"""The gazetteer's places as one passive, read-only value: the index the loader builds.

An :class:`Index` holds the rows of a gazetteer and the tables derived from them once (by id,
communes by name, population and match tier per id). It calls nothing back: the matcher
(geo.matcher), the resolver (geo.resolve) and containment (geo.containment) are given an
index and read it. Build one with :func:`index_of` (rows already validated, e.g. by
geo.loader.read_rows) or load one with geo.loader.load_index.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.derived import derive
from geo.place import Place


@dataclass(frozen=True, slots=True)
class Index:
    """The places of one gazetteer file, in file order, with lookup tables over them."""

    places: tuple[Place, ...]
    population: Mapping[str, int]  # place id -> population (0: unknown)
    match: Mapping[str, str]  # place id -> how text may name it: "text", "cue" or "lookup"
    by_id: Mapping[str, Place]
    communes: Mapping[str, Place]  # CNIGS commune name ("Pétion-Ville") -> its commune row
    path: Path = Path("<memory>")

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place:
        """The place with this id, including derived ids ("<commune id>~delmas-30")."""
        if place_id in self.by_id:
            return self.by_id[place_id]
        if "~" in place_id:
            base, _, suffix = place_id.partition("~")
            if base in self.by_id and (place := derive(self.by_id[base], suffix)):
                return place
        raise KeyError(place_id)

    def commune_of(self, place: Place) -> Place | None:
        """The commune row a place lies in (None for departments and the country)."""
        return self.communes.get(place.commune)

    def commune_named(self, commune: str) -> Place | None:
        """The commune row of a CNIGS commune name ("Pétion-Ville")."""
        return self.communes.get(commune)


def index_of(rows: Iterable[tuple[Place, int, str]], path: Path | str = "<memory>") -> Index:
    """The index of validated rows: (place, population, match tier), in file order."""
    rows = list(rows)
    places = tuple(p for p, _, _ in rows)
    return Index(places=places,
                 population={p.id: pop for p, pop, _ in rows},
                 match={p.id: match for p, _, match in rows},
                 by_id={p.id: p for p in places},
                 communes={p.commune: p for p in places if p.kind == "commune"},
                 path=Path(path))
