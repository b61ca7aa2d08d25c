"""Find place mentions in text: one pass over the tokens with a dictionary of name keys.

Every alias of every text-matchable row is indexed by its key (geo.normalize); the text is
tokenised once, and at each token that starts some key the longest key that fits is taken
(longest match wins, mentions never overlap). Cost is a few dictionary probes per token, so
an article takes well under a millisecond. Rules for what may be read (capitals, acronyms,
decoys) are data in geo.decoys; numbered neighbourhoods and facilities named after their
town are the tables below. Rows with match=cue (one-word localities outside the crisis
zones) are read only beside a locative cue; a one-word or saint locality name used as a
person's name ("Jean Cazeau", "spokesman Cazeau", "Cazeau said") is not read (_person).
"""
from __future__ import annotations

import re

from geo.decoys import (
    ACTOR_PHRASES,
    ACTOR_SUFFIXES,
    CALENDAR,
    COMMON_WORDS,
    CONTEXT_ONLY,
    DEMONYMS,
    FUNCTION_WORDS,
    GENERIC_TOKENS,
    GIVEN_NAMES,
    LEAD_WORDS,
    LOWERCASE_OK,
    MORE_GIVEN_NAMES,
    PHRASES,
    ROLE_WORDS,
    SPEECH_VERBS,
    foreign_places,
)
from geo.derived import FACILITY_BASE_KINDS, FACILITY_SUFFIXES, MAX_NUMBER, NUMBERED, derive
from geo.descriptors import BY_KEY as DESCRIBED
from geo.index import Index
from geo.normalize import keys, slug, tokens
from geo.place import Mention, Place

# Locative cues that let find() read a name of a "cue" row (a one-word locality outside the
# crisis zones, see data/README.md): the word before it ("in Descahos", "près de" is "de"
# after a place noun), a place noun before it ("localité Descahos", "the village of
# Descahos") or after it ("the Descahos area"). Keys; "à" is checked on the raw text.
CUE_WORDS = frozenset(("in", "at", "near", "around", "outside", "inside", "into", "toward",
                       "towards", "across", "through", "dans", "vers", "nan", "lan"))
PLACE_NOUNS = frozenset(("village", "villages", "town", "locality", "area", "neighbourhood",
                         "neighborhood", "community", "hamlet", "zone", "district", "sector",
                         "localite", "quartier", "habitation", "lokalite", "zon"))
OF_WORDS = frozenset({"of", "de", "d"})
# Words that name a street after a place ("Rue Nazon", "Avenue Turgeau"): not a person.
STREET_WORDS = frozenset(("rue", "ri", "avenue", "av", "boulevard", "blvd", "impasse",
                          "ruelle", "road", "street", "lane"))
# Words that follow a place in the name of a site ("Kikwo Baptist Church", "Bocozel Market").
SITE_WORDS = frozenset(("church", "chapel", "baptist", "catholic", "adventist", "methodist",
                        "evangelical", "school", "college", "lycee", "university", "hospital",
                        "clinic", "health", "market", "bridge", "beach", "bay", "river",
                        "hill", "hills", "mountain", "plain", "valley", "dam", "lake", "camp",
                        "site", "shelter", "police", "station", "prison", "airport", "port",
                        "wharf", "terminal", "junction", "crossroads", "square", "park",
                        "cemetery", "stadium", "hotel", "border", "crossing", "checkpoint",
                        "base", "barracks", "eglise", "ecole", "hopital", "marche", "pont",
                        "plage", "riviere", "morne", "commissariat", "sous", "mairie"))
LOCALITIES = ("town", "neighbourhood")  # kinds whose one-word names may be surnames
SURE, MAYBE = "sure", "maybe"  # how surely a one-word name is a person's (Matcher._person)
GIVEN = GIVEN_NAMES | MORE_GIVEN_NAMES
SURNAME_LIKE = ("saint ", "sainte ")  # "Laurent Saint-Cyr": saint names are surnames too

MINOR_KINDS = ("town", "communal_section")  # yield their names to foreign places
_GAP_RE = re.compile(r"[ \t\u00a0\-‐‑–'’`\u02bc]*#?\r?\n?[ \t\u00a0]*")  # "#": "RN#1"
_NUMBER_RE = re.compile(r"\d{1,3}")
_ACRONYM_MAX = 5
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def _add(index: dict[str, list[Place]], k: str, place: Place) -> None:
    """Append a place to a key's list once (its aliases come one after another, so a repeat
    can only be the last entry: an identity test, not a field-by-field comparison)."""
    bucket = index.setdefault(k, [])
    if not bucket or bucket[-1] is not place:
        bucket.append(place)


def _letters(alias: str) -> str:
    """An acronym's letters and digits, case kept: "RN-1" -> "RN1"."""
    return _NOT_ALNUM.sub("", alias)


def _is_acronym(alias: str) -> bool:
    letters = _letters(alias)
    return 2 <= len(letters) <= _ACRONYM_MAX and letters.isupper() and " " not in alias.strip()


class Matcher:
    """The compiled name index of one gazetteer's Index (read, never called back)."""

    def __init__(self, index: Index):
        self.index = index
        foreign = foreign_places()
        self.text_index: dict[str, list[Place]] = {}
        self.all_index: dict[str, list[Place]] = {}
        self.cue_index: dict[str, list[Place]] = {}  # one-word names read after a cue
        # one-word names read only when the text calls them a place ("the town of Bercy")
        self.named_index: dict[str, list[Place]] = {}
        self.exact_forms: dict[str, set[str]] = {}  # acronym keys: the only spellings read
        hamlet_keys: dict[str, bool] = {}  # name-like text keys -> only localities?
        for place in index.places:
            pop, match = index.population[place.id], index.match[place.id]
            for alias in dict.fromkeys((place.name, *place.aliases)):
                acronym = _is_acronym(alias)
                for k in keys(alias):
                    _add(self.all_index, k, place)
                    if match == "cue" and " " not in k:
                        _add(self.cue_index, k, place)
                    elif match == "lookup" and " " not in k:
                        _add(self.named_index, k, place)
                    if match != "text" or k in COMMON_WORDS or k in CONTEXT_ONLY or k.isdigit():
                        continue
                    if " " not in k or k.startswith(SURNAME_LIKE):
                        hamlet_keys[k] = hamlet_keys.get(k, True) and place.kind in LOCALITIES
                    if k in foreign and place.kind in MINOR_KINDS and pop < 5000:
                        continue  # a hamlet or section named like a foreign place ("Miami")
                    if acronym:
                        self.exact_forms.setdefault(k, set()).add(_letters(alias))
                    _add(self.text_index, k, place)
        # one-word and saint locality names: not read as part of a person's name (_person)
        self.weak = frozenset(k for k, hamlet in hamlet_keys.items() if hamlet)
        self.decoys = (foreign | ACTOR_PHRASES | DEMONYMS | PHRASES) - self.text_index.keys()
        self.lower_first = FUNCTION_WORDS | LEAD_WORDS | {
            k.split(" ")[0] for k in LOWERCASE_OK | PHRASES}
        self.maxlen: dict[str, int] = {}
        for k in (*self.text_index, *self.decoys):
            parts = k.split(" ")
            self.maxlen[parts[0]] = max(self.maxlen.get(parts[0], 0), len(parts))
        self.starts = (frozenset(self.maxlen) | self.cue_index.keys()  # tokens worth a look
                       | self.named_index.keys())

    # -- finding ---------------------------------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        toks = tokens(text)
        n, out, after = len(toks), [], 0
        people: set[str] = set()  # one-word names seen as part of a person's name
        starts = self.starts
        for i in [i for i, t in enumerate(toks) if t[0] in starts]:
            if i < after:
                continue  # inside the previous match
            tok, start, end = toks[i]
            limit = self.maxlen.get(tok)
            found = None
            # names start with a capital, a digit or a lower-case function word
            if limit is not None and (text[start].isupper() or text[start].isdigit()
                                      or tok in self.lower_first):
                found = self._longest(text, toks, i, min(limit, n - i))
            if found is None:
                if text[start].isupper() and (
                        (tok in self.cue_index and self._cued(text, toks, i))
                        or (tok in self.named_index and self._named(toks, i))):
                    if person := self._person(text, toks, i):
                        if person is SURE:
                            people.add(tok)
                    else:
                        out.append(Mention(text=text[start:end], start=start, end=end, key=tok))
                continue
            m, k, is_place = found
            m, k, is_place = self._extend(text, toks, i, m, k, is_place)
            if is_place and k in self.weak and (person := self._person(text, toks, i, m)):
                if person is SURE:
                    people.add(k)
                is_place = False
            if is_place:
                start, end = toks[i][1], toks[i + m - 1][2]
                out.append(Mention(text=text[start:end], start=start, end=end, key=k))
            after = i + m
        if people:  # "Jean Cazeau ... Cazeau was": the surname is a person all through
            out = [x for x in out if x.key not in people]
        return out

    def _cued(self, text: str, toks: list, i: int) -> bool:
        """A locative cue beside token i: "in X", "à X", "the village of X", "the X area"."""
        if i > 0:
            prev = toks[i - 1][0]
            if prev in CUE_WORDS or prev in PLACE_NOUNS or self._a_grave(text, toks, i - 1):
                return True
            if prev in OF_WORDS and i > 1 and toks[i - 2][0] in PLACE_NOUNS:
                return True
        return i + 1 < len(toks) and toks[i + 1][0] in PLACE_NOUNS \
            and self._joined(text, toks, i, 2)

    @staticmethod
    def _named(toks: list, i: int) -> bool:
        """Token i is what a place noun names: "the town of X", "la localité de X"."""
        return i > 1 and toks[i - 1][0] in OF_WORDS and toks[i - 2][0] in PLACE_NOUNS

    @staticmethod
    def _a_grave(text: str, toks: list, j: int) -> bool:
        """Token j is the preposition "à", not the "à" inside a name ("Morne à Cabrit")."""
        tok, start, _ = toks[j]
        if tok != "a" or text[start] not in "àÀ":
            return False
        return j == 0 or text[start] == "À" or not (
            text[toks[j - 1][1]].isupper() and _GAP_RE.fullmatch(text[toks[j - 1][2]:start]))

    def _person(self, text: str, toks: list, i: int, m: int = 1) -> str:
        """Whether the locality name at token i is a person's name here: SURE after a title,
        role or given name ("Mr Cazeau", "spokesman Cazeau", "Jean Cazeau") or before a
        speech verb ("Cazeau said"): then it is a person all through the text; MAYBE beside
        another capitalised word ("Ariel Torcelle", "Lochard Laguerre", a Title Case
        headline) that is not a street, site, landscape, calendar or function word ("Rue
        Nazon", "Kikwo Baptist Church" stay places): only this mention is dropped. "" if not.
        The name spans tokens i to i + m - 1."""
        end, j = toks[i + m - 1][2], i + m
        if i > 0:
            prev, pstart, pend = toks[i - 1]
            if prev in ROLE_WORDS:
                return SURE
            if text[pstart].isupper() and text[pend:toks[i][1]] == " " \
                    and prev not in self._not_names:
                return SURE if prev in GIVEN else MAYBE
        if j < len(toks) and text[end:toks[j][1]] == " ":  # not "in Solino, said"
            nxt, nstart, _ = toks[j]
            if nxt in SPEECH_VERBS:
                return SURE
            if text[nstart].isupper() and nxt not in self._not_names:
                return MAYBE
        return ""

    _not_names = (FUNCTION_WORDS | LEAD_WORDS | CALENDAR | CUE_WORDS | PLACE_NOUNS
                  | GENERIC_TOKENS | STREET_WORDS | SITE_WORDS | ACTOR_SUFFIXES)

    def _joined(self, text: str, toks: list, i: int, m: int) -> bool:
        """Tokens i..i+m-1 form one name: only spaces, hyphens, apostrophes between them, or
        the dot of an abbreviation ("St. Michel")."""
        for j in range(i + 1, i + m):
            gap = text[toks[j - 1][2]:toks[j][1]]
            if gap.startswith(".") and toks[j - 1][2] - toks[j - 1][1] <= 3:
                gap = gap[1:]
            if not _GAP_RE.fullmatch(gap):
                return False
        return True

    def _longest(self, text: str, toks: list, i: int, limit: int) -> tuple[int, str, bool] | None:
        for m in range(limit, 0, -1):
            k = " ".join(t[0] for t in toks[i:i + m])
            if k in self.text_index:
                if self._joined(text, toks, i, m) and self._form_ok(text, toks, i, m, k):
                    return m, k, True
            elif k in self.decoys and self._joined(text, toks, i, m):
                return m, k, False
        return None

    def _form_ok(self, text: str, toks: list, i: int, m: int, k: str) -> bool:
        span = text[toks[i][1]:toks[i + m - 1][2]]
        if k in self.exact_forms:
            return _letters(span) in self.exact_forms[k]  # "RN-1", "RN#1", "R.N.1"
        if k in LOWERCASE_OK:
            return True
        for tok, start, _ in toks[i:i + m]:  # first significant word must be capitalised
            if tok not in FUNCTION_WORDS and tok not in LEAD_WORDS:
                return text[start].isupper() or text[start].isdigit()
        return False

    def _extend(self, text: str, toks: list, i: int, m: int, k: str,
                is_place: bool) -> tuple[int, str, bool]:
        """Numbered neighbourhoods, facilities and gang names that continue a name."""
        n = len(toks)
        if is_place and k in NUMBERED and i + m < n \
                and _NUMBER_RE.fullmatch(toks[i + m][0]) \
                and 0 < int(toks[i + m][0]) <= MAX_NUMBER and self._joined(text, toks, i, m + 1):
            return m + 1, f"{k} {int(toks[i + m][0])}", True
        if not is_place:
            return m, k, is_place
        named_after = any(p.kind in FACILITY_BASE_KINDS for p in self.text_index[k])
        for suffix, _, _ in FACILITY_SUFFIXES if named_after else ():
            words = suffix.split(" ")
            j = i + m
            if [t[0] for t in toks[j:j + len(words)]] == words \
                    and self._joined(text, toks, i, m + len(words)):
                return m + len(words), f"{k} {suffix}", True
        if i + m < n and toks[i + m][0] in ACTOR_SUFFIXES and self._joined(text, toks, i, m + 1):
            return m + 1, k, False  # "the Grand Ravine gang": an actor, not a place
        if k in GENERIC_TOKENS and i + m < n and text[toks[i + m][1]].isupper() \
                and toks[i + m][0] not in CALENDAR and self._joined(text, toks, i, m + 1):
            return m + 1, k, False  # "Carrefour Drouillard": a junction, not the commune
        return m, k, is_place

    # -- candidates ------------------------------------------------------------------------
    def candidates(self, mention: Mention, lookup: bool = False) -> tuple[Place, ...]:
        """The places a mention may name: its key's rows (``lookup`` also allows lookup-only
        rows), derived places for numbered neighbourhoods and facilities named after their
        town, the place of a descriptor such as "the capital"."""
        k = mention.key
        if k in DESCRIBED:
            return (self.index.get(DESCRIBED[k].place_id),)
        index = self.all_index if lookup else self.text_index
        if k in index:
            return tuple(index[k])
        if k in self.cue_index:  # read beside a locative cue
            return tuple(self.cue_index[k])
        if k in self.named_index:  # read where the text calls it a place
            return tuple(self.named_index[k])
        head, _, number = k.rpartition(" ")
        if number.isdigit() and head in NUMBERED:
            fam = NUMBERED[head]
            commune = self.index.commune_named(fam[1])
            place = commune and derive(commune, f"{slug(fam[0])}-{int(number)}")
            return (place,) if place else ()
        for suffix, sid, _ in FACILITY_SUFFIXES:
            if k.endswith(" " + suffix) and k[: -len(suffix) - 1] in index:
                named = index[k[: -len(suffix) - 1]]
                # a commune's facility, if one of that name: not a namesake hamlet's; a
                # (curated) neighbourhood of that name may have it too ("the Saint-Michel
                # hospital in Port-au-Prince"): the resolver tells them apart by context
                bases = [p for p in named if p.kind == "commune"] or [
                    p for p in named if p.kind in FACILITY_BASE_KINDS]
                bases += [p for p in named if p.kind == "neighbourhood"]
                return tuple(d for p in bases if (d := derive(p, sid)))
        return ()
