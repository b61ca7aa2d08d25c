"""The named actors: the police, the MSS mission and its contingents, named gangs, as data.

``incidents/actors.toml`` holds one entry per actor users filter on (label, patterns, help,
needles, ACLED category); this module reads it once and checks it. The extractor finds the
actors a sentence names with it (incidents/extract/actors.py); :func:`actor_category` gives
any actor's name its ACLED category from it, and from words for names it does not know (the
ACLED export, incidents/formats/acled.py). One home for the names: it sits beside the
taxonomy, so both the extractor and the file formats may import it. (The words a parse reads
to tell a force from an armed group, "police", "gang", are the lexicon's [words] lists.)
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import NamedTuple

from errors import CrisisMapError

ACTORS_FILE = Path(__file__).resolve().parent / "actors.toml"
# ACLED's actor categories (its codebook's inter codes), the values of an entry's "acled".
ACLED_CATEGORIES = ("State forces", "Rebel groups", "Political militia", "Identity militia",
                    "Rioters", "Protesters", "Civilians", "External/Other forces")
FIELDS = ("label", "pattern", "help", "needles", "acled")


class ActorTableError(CrisisMapError, ValueError):
    """An actor table that does not follow the schema (message names file and entry)."""


class Actor(NamedTuple):
    label: str
    pattern: str  # the entry's patterns as one alternation
    help: str
    needles: str = ""  # lowercase stems, one of which must occur before the pattern is tried
    acled: str = ""


def _strings(raw: dict, name: str, where: str) -> list[str]:
    value = raw[name]
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v for v in value):
        raise ActorTableError(f"{where}: {name}: expected a list of non-empty strings, "
                              f"got {value!r}")
    return value


def _actor(raw: dict, where: str) -> Actor:
    missing = [f for f in FIELDS if f not in raw]
    if missing:
        raise ActorTableError(f"{where}: missing field {missing[0]!r}")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ActorTableError(f"{where}: unknown field {unknown[0]!r} (expected "
                              f"{', '.join(FIELDS)})")
    for name in ("label", "help"):
        if not isinstance(raw[name], str) or not raw[name]:
            raise ActorTableError(f"{where}: {name}: expected a non-empty string, "
                                  f"got {raw[name]!r}")
    pattern = "|".join(_strings(raw, "pattern", where))
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ActorTableError(f"{where}: pattern: not a regular expression ({exc})") from None
    needles = _strings(raw, "needles", where)
    upper = [n for n in needles if n != n.lower() or "|" in n]
    if upper:
        raise ActorTableError(f"{where}: needles: expected lowercase text without '|', "
                              f"got {upper[0]!r}")
    if raw["acled"] not in ACLED_CATEGORIES:
        raise ActorTableError(f"{where}: acled: expected one of {', '.join(ACLED_CATEGORIES)}, "
                              f"got {raw['acled']!r}")
    return Actor(raw["label"], pattern, raw["help"], "|".join(needles), raw["acled"])


def parse(data: dict, source: str) -> tuple[Actor, ...]:
    """The actors of a TOML document's data (``source`` names the file in errors)."""
    actors: list[Actor] = []
    for n, raw in enumerate(data.get("actor", ()), 1):
        actor = _actor(raw, f"{source}: actor {n} ({raw.get('label', '?')})")
        if any(a.label == actor.label for a in actors):
            raise ActorTableError(f"{source}: actor {n}: duplicate label {actor.label!r}")
        actors.append(actor)
    if not actors:
        raise ActorTableError(f"{source}: expected [[actor]] entries, found none")
    return tuple(actors)


@cache
def load(path: Path = ACTORS_FILE) -> tuple[Actor, ...]:
    """The actor table of ``path`` (by default incidents/actors.toml), read once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ActorTableError(f"{path}: cannot read the actor table ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ActorTableError(f"{path}: {exc}") from None
    return parse(data, str(path))


ACTORS = load()

# ACLED's actor categories (inter1/inter2), in the order they are tried; first match wins.
# A category holds the named actors of the actor table (incidents/actors.toml) whose
# "acled" is that category, by their patterns, and the words below, for names the table does
# not know (an imported "Kenya MSS", "Police Forces of Haiti", "displaced residents").
ACTOR_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("External/Other forces", ("multinational", "kenya", "jamaica", "bahamas", "belize",
                               "guatemala", "el salvador", "united nations", "binuh")),
    ("State forces", ("police", "army", "armed forces", "government", "bim", "cimo", "udmo")),
    ("Political militia", ("gang",)),
    ("Identity militia", ("brigade", "self-defense", "self-defence", "vigilante")),
    ("Protesters", ("protester", "demonstrator")),
    ("Civilians", ("civilian", "resident", "journalist", "worker", "student")),
)
# Case-blind, as the words are: an imported or edited name may be written "hnp".
_NAMED = {category: re.compile("|".join(a.pattern for a in ACTORS if a.acled == category),
                               re.IGNORECASE)
          for category, _ in ACTOR_CATEGORIES if any(a.acled == category for a in ACTORS)}


def actor_category(actor: str) -> str:
    """The ACLED category of an actor's name: a named actor's own, else by its words."""
    name = actor.casefold()
    for category, words in ACTOR_CATEGORIES:
        named = _NAMED.get(category)
        if (named is not None and named.search(actor)) or any(w in name for w in words):
            return category
    return ""
