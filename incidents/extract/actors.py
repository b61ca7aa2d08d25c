"""Actors named in a sentence: the police, the MSS mission and its contingents, named gangs.

The table of (label, pattern) is data (incidents/actors.toml, read by incidents.actor_table);
the labels are what users filter on, so every spelling of one actor ("HNP", "PNH", "Haitian
National Police") maps to one label. Gangs not in the table are still caught by the
"<Name> gang" form.
"""
from __future__ import annotations

import re

from incidents.actor_table import ACTORS

_TABLE = tuple((a.label, frozenset(a.needles.split("|")), re.compile(a.pattern)) for a in ACTORS)
# Speed: one scan finds the needles of the table, longest first; a needle found also stands
# for the needles inside it ("kenya-led" holds "kenya").
_NEEDLES = {n for _, ns, _ in _TABLE for n in ns}
_NEEDLE = re.compile("|".join(sorted(map(re.escape, _NEEDLES), key=len, reverse=True)))
_WITHIN = {n: frozenset(o for o in _NEEDLES if o in n) for n in _NEEDLES}
# "<Name> gang" / "<Name> gang members" for gangs the table does not know: up to three
# capitalised words before "gang", read from the words themselves (no regex over a run of
# hyphenated words, which backtracked quadratically).
_GANG = re.compile(r"\bgang\b")
_NOT_A_NAME = re.compile(r"\A(?:The|A|An|Armed|Haiti|Haitian|Powerful|Notorious|Rival|Local|"
                         r"Its|Their|His|This|That|Dominant|Main)\s", re.IGNORECASE)


def _name_before(text: str, end: int) -> str:
    """Up to three capitalised words (or numbers) right before ``end``."""
    words = text[max(0, end - 80):end].split(" ")
    if words and words[-1] == "":
        words.pop()
    else:
        return ""
    name: list[str] = []
    for w in reversed(words[-3:]):
        if not w or not (w[0].isupper() or w[0].isdigit()) or "\n" in w:
            break
        name.insert(0, w)
    return " ".join(name)


def find_actors(text: str) -> tuple[str, ...]:
    """Actor labels named in ``text``, in table order, each once."""
    lower = text.lower()
    seen = set().union(*(_WITHIN[m] for m in _NEEDLE.findall(lower)))
    found = [label for label, needles, pattern in _TABLE
             if not seen.isdisjoint(needles) and pattern.search(text)]
    known = set(found)
    for m in _GANG.finditer(text) if "gang" in lower else ():
        name = _name_before(text, m.start())
        if not name or _NOT_A_NAME.match(name + " "):
            continue
        label = f"{name} gang"
        if label not in known and not any(name in k for k in known):
            known.add(label)
            found.append(label)
    return tuple(found)
