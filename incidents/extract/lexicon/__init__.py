"""The extractor's lexicons: trigger entries and word lists per language, as data files.

``load("en")`` reads ``en.toml`` once: its ``[[trigger]]`` entries (lemma, part of speech,
event type, what it needs, help) and its ``[words]`` lists (security forces, armed groups,
people, facilities, cancelling words...). ``Lexicon.may_hold_event`` is the cheap pre-filter
that decides which sentences are worth a parse: it knows every inflected form of the
entries' lemmas without parsing.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from incidents.taxonomy import EVENT_TYPE_KEYS

HERE = Path(__file__).resolve().parent
POS = ("VERB", "NOUN")
NEEDS = ("", "site", "facility", "force", "people", "equipment", "barrier", "home", "target",
         "notgang", "inmates", "actor")
# Past forms English does not build by rule ("flee" -> "fled"); the pre-filter needs them.
IRREGULAR = {
    "flee": ("fled",), "shoot": ("shot",), "fight": ("fought",), "take": ("took", "taken"),
    "set": ("set",), "burn": ("burnt",), "overrun": ("overran",), "retake": ("retook",
    "retaken"), "fall": ("fell", "fallen"), "send": ("sent",), "die": ("died", "dying"),
    "lie": ("lay",), "leave": ("left",), "hit": ("hit",), "run": ("ran",), "bring": ("brought",),
    "slay": ("slain", "slew"), "strike": ("struck",), "hold": ("held",), "lose": ("lost",),
    "seek": ("sought",), "drive": ("drove", "driven"), "begin": ("began", "begun"),
    "go": ("went", "gone"), "come": ("came",), "break": ("broke", "broken"),
    "tear": ("tore", "torn"),
    "withdraw": ("withdrew", "withdrawn"),
}


class LexiconError(ValueError):
    """A lexicon file that does not follow the schema (message names file and entry)."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a word that tells an event of one type."""

    key: str
    lemma: str
    pos: str
    type: str
    help: str
    with_: str = ""  # a dependent's lemma that must be present ("open" + "fire")
    force_type: str | None = None  # the type when a security force acts ('' = no event)
    gang_type: str | None = None  # the type when an armed group acts ('' = no event)
    needs: str = ""
    casualty: bool = False
    gang_only: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Trigger entries by (lemma, pos), and the word lists."""

    lang: str
    triggers: tuple[Trigger, ...]
    words: dict[str, frozenset[str]]
    facility: dict[str, str]  # noun lemma -> facility kind
    forms: frozenset[str]  # inflected forms of every lemma (the pre-filter)
    index: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) -> entries
    irregular: dict[str, str]  # an irregular form -> its lemma, when the tagger misses it
    # A form that only multi-word entries use ("took" of "take control") -> the forms of
    # their second words: both must occur for the pre-filter to let a sentence through.
    paired: dict[str, frozenset[str]]

    def entries(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.index.get((lemma, pos), ())

    def has(self, list_name: str, lemma: str) -> bool:
        return lemma in self.words.get(list_name, ())

    def may_hold_event(self, lowered_words: set[str]) -> bool:
        """The pre-filter: a sentence whose lowercase words include a form of a lexicon
        lemma (and, for a multi-word entry, its second word too) may hold an event; others
        are not parsed."""
        found = self.forms.intersection(lowered_words)
        return bool(found) and any(
            w not in self.paired or not self.paired[w].isdisjoint(lowered_words) for w in found)


def inflections(lemma: str) -> set[str]:
    """Every regular inflection of an English verb or noun lemma, plus IRREGULAR forms: more
    than English has is harmless (the pre-filter only lets a sentence through)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stopped"
    if lemma.endswith("ize"):
        forms |= inflections(lemma[:-3] + "ise")
    return forms | set(IRREGULAR.get(lemma, ()))


def _trigger(raw: dict, where: str) -> Trigger:
    try:
        t = Trigger(key=raw["key"], lemma=raw["lemma"], pos=raw["pos"], type=raw["type"],
                    help=raw["help"], with_=raw.get("with", ""),
                    force_type=raw.get("force_type"), gang_type=raw.get("gang_type"),
                    needs=raw.get("needs", ""), casualty=bool(raw.get("casualty", False)),
                    gang_only=bool(raw.get("gang_only", False)))
    except KeyError as exc:
        raise LexiconError(f"{where}: missing field {exc.args[0]!r}") from None
    for name, value, allowed in (("pos", t.pos, POS), ("type", t.type, EVENT_TYPE_KEYS),
                                 ("needs", t.needs, NEEDS)):
        if value not in allowed:
            raise LexiconError(f"{where}: {name}: expected one of {', '.join(allowed)}, "
                               f"got {value!r}")
    for name, value in (("force_type", t.force_type), ("gang_type", t.gang_type)):
        if value and value not in EVENT_TYPE_KEYS:
            raise LexiconError(f"{where}: {name}: expected an event type, got {value!r}")
    return t


def parse(data: dict, lang: str, source: str) -> Lexicon:
    """A Lexicon from a TOML document's data (``source`` names the file in errors)."""
    triggers, seen = [], set()
    for n, raw in enumerate(data.get("trigger", ()), 1):
        t = _trigger(raw, f"{source}: trigger {n} ({raw.get('key', '?')})")
        if t.key in seen:
            raise LexiconError(f"{source}: trigger {n}: duplicate key {t.key!r}")
        seen.add(t.key)
        triggers.append(t)
    raw_words = dict(data.get("words", {}))
    facility = {w: kind for kind, ws in raw_words.pop("facility", {}).items() for w in ws}
    words = {k: frozenset(v) for k, v in raw_words.items()}
    forms: set[str] = set()
    single: set[str] = set()
    partners: dict[str, set[str]] = {}
    for t in triggers:
        mine = inflections(t.lemma)
        forms |= mine
        if t.with_:
            for f in mine:
                partners.setdefault(f, set()).update(inflections(t.with_))
        else:
            single |= mine
    for key in ("killed", "injured", "displaced"):
        for w in words.get(key, ()):
            forms |= inflections(w)
            single |= inflections(w)
    paired = {f: frozenset(p) for f, p in partners.items() if f not in single}
    index: dict[tuple[str, str], list[Trigger]] = {}
    for t in triggers:
        index.setdefault((t.lemma, t.pos), []).append(t)
    irregular = {form: lemma for lemma, forms_ in IRREGULAR.items() for form in forms_}
    return Lexicon(lang, tuple(triggers), words, facility, frozenset(forms),
                   {k: tuple(v) for k, v in index.items()}, irregular, paired)


@cache
def load(lang: str = "en") -> Lexicon:
    """The lexicon of one language (``incidents/extract/lexicon/<lang>.toml``), read once."""
    path = HERE / f"{lang}.toml"
    if not path.is_file():
        raise LexiconError(f"{path}: no lexicon for language {lang!r}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: {exc}") from None
    return parse(data, lang, str(path))
