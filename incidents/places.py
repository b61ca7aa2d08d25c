"""Choosing event places among the gazetteer's mentions (CODEBOOK §4).

A sentence's place mentions are filtered by a table of cues that mark places which only look
like event places (where victims are treated, where the displaced go, where attackers come
from, officials' titles, distance references, appositive descriptions, datelines abroad,
countries); the most specific of the rest are the event places. When a sentence has none, its
neighbours lend theirs, and deployments that only say "in Haiti" use a Haitian dateline (both
in incidents.extract). Facility phrases near a trigger ("the police station", "a public
hospital") tell whether a site is locatable at all.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from geo.place import Mention, Place, Resolution
from incidents.casefold import lower_same_length, lowered


class GazetteerLike(Protocol):
    """The part of geo.gazetteer.Gazetteer the extractor uses."""

    def find(self, text: str) -> list[Mention]: ...
    def resolve_all(self, text: str, mentions: list[Mention] | None = None
                    ) -> list[Resolution]: ...
    def contains(self, outer: Place, inner: Place) -> bool: ...
    def holders(self, places: Sequence[Place]) -> set[str]: ...


class Skip(NamedTuple):
    key: str
    pattern: str
    where: str  # before: text before the mention (same sentence); after: text after it
    help: str


_VICTIMS = r"(?:wounded|injured|victims|hurt|casualties|bodies|patients)"
SKIPS: tuple[Skip, ...] = (
    Skip("treatment", rf"\b{_VICTIMS}\b[^.;]{{0,50}}?\b(?:treated|treatment|hospitali[sz]ed|"
         r"admitted|rushed|transported|evacuated|transferred|airlifted|taken|brought|arrived|"
         r"care)\b[^.;]{0,60}\Z|\b(?:treated|receiving\s+(?:treatment|care)|hospitali[sz]ed|"
         r"admitted)\s+(?:at|in|to)\b[^.;]{0,50}\Z|\b(?:taken|rushed|brought|transported|"
         r"evacuated|airlifted|transferred)\s+to\s+(?:a|the)\s+(?:[\w'’-]+\s+){0,3}?"
         r"(?:hospital|clinic)\b[^.;]{0,40}\Z", "before",
         "where victims are treated, not where they were hurt"),
    Skip("retreat_to", r"\b(?:retreat(?:ed|ing)?|withdr(?:ew|awn|awing)|fell\s+back|falling\s+back|"
         r"pull(?:ed|ing)\s+back|were\s+evacuated|been\s+evacuated|being\s+evacuated)\b"
         r"[^.;]{0,30}?\b(?:to|toward|towards|into)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}\Z",
         "before", "where security forces retreat to ('officers retreated to Y'): a "
         "destination, not where the event happened"),
    Skip("refuge_to", r"\b(?:fled|fleeing|flee|escaped|headed|heading|moved|relocated|displaced|"
         r"evacuated|made\s+their\s+way)\b[^.;]{0,40}?\b(?:to|toward|towards|for|into)\s+"
         r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}\Z|\btowards?\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}\Z",
         "before", "where the displaced go ('fled to X', 'most of them toward X')"),
    Skip("refuge_in", r"\b(?:settled|sheltering|sheltered|camped|camping|refuge|shelter|"
         r"sought\s+safety|taken\s+in|took\s+in|welcomed|hosted|housed|staying|stranded)\b"
         r"[^.;]{0,50}?\b(?:in|at|on|into)\s+(?:the\s+)?(?:(?!\b(?:after|when|while|as|"
         r"following|because|since|where|until|before)\b)[^.;,]){0,40}\Z", "before",
         "where the displaced stay"),
    Skip("origin", r"(?<!fled\s)(?<!flee\s)(?<!fleeing\s)(?<!driven\s)(?<!chased\s)"
         r"(?<!expelled\s)(?<!displaced\s)(?<!escaped\s)(?<!evacuated\s)"
         r"\bfrom\s+(?:the\s+)?\Z", "before", "where attackers, forces or vehicles come from"),
    Skip("origin_area", r"\b(?:came|come|comes|coming|arrived|arriving|descended|hail(?:ed|ing|s)?|"
         r"originat(?:ed|ing)|travel(?:l)?ed|moved|moving|advanced|advancing)\s+(?:down\s+|in\s+)?"
         r"from\s+(?:[^.;]{0,40}?\b(?:near|around|outside|above|of)\s+)?(?:the\s+)?\Z|"
         r"\bbased\s+(?:in|at)\s+(?:the\s+)?\Z", "before",
         "where the attackers come from or are based ('came from the hills near X')"),
    Skip("title", r"\b(?:mayor|deputy|senator|delegate|commissioner|prosecutor|governor|bishop|"
         r"director|chief|MP|representative|magistrate|judge|prefect|spokes(?:man|woman|person)|"
         r"appointee|ambassador|consul|head)\s+(?:of|for)\s+(?:the\s+)?\Z", "before",
         "part of an official's title"),
    Skip("title_after", r"\A(?:'s|’s)?\s+(?:(?:Government|Public|Chief|Deputy|Vice)\s+)?"
         r"(?:Commissioner|Prosecutor|mayor|Mayor|delegate|Delegate|deputy|Deputy|senator|"
         r"Senator|court|Court|tribunal|Tribunal|bishop|Bishop|commissioner)\b", "after",
         "part of an official's title or an office"),
    Skip("distance", r"\b\d+(?:[.,]\d+)?\s*(?:km|kilomet(?:er|re)s?|miles?|mi)\b[^.;]{0,25}?"
         r"\b(?:of|from)\s+(?:the\s+)?\Z", "before", "a distance reference"),
    Skip("gang_name", r"\A\s+(?:gang|gangs|-based\s+gang)\b", "after",
         "a gang named after its base is an actor"),
)
_SKIPS = tuple((s, re.compile(s.pattern)) for s in SKIPS)
# "Fort National, a district near Bel-Air," describes the place before it: Bel-Air is no
# event place.
_APPOSITIVE = re.compile(r"\A\s*,\s+(?:a|an|the)\b[^;.,]{0,60}(?:,[^;.,]{0,30})?\Z")
# "Liancourt, near Pont-Sondé," and "the palace in downtown Port-au-Prince": the second place
# only locates the first one.
_NEAR_REFERENCE = re.compile(r",\s+(?:just\s+|not\s+far\s+from\s+|close\s+to\s+|next\s+to\s+|"
                             r"outside\s+(?:of\s+)?|near\s+)(?:the\s+)?")
_QUALIFIER = re.compile(r"\s+in\s+")
# "a town north of the capital", "outside the capital": a described place (geo.descriptors)
# after a bearing only says where another place lies.
_BEARING = re.compile(r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?:\s+of)?|"
                      r"outside(?:\s+of)?|near|beyond|from|close\s+to)\s+\Z", re.IGNORECASE)
_APPOSITIVE_END = re.compile(r"\s*(?:[,.;)]|\Z)")  # used with match(text, pos): no \A
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|said|says|\w+ed|struck|hit|took|fled|"
                   r"went|left)\b")
_RELATION = re.compile(r"\b(?:near|next\s+to|close\s+to|above|below|outside|beside|bordering|"
                       r"adjacent\s+to|north|south|east|west|of|in)\b")
_FACILITY_AFTER = re.compile(r"(?:'s|’s)?\s+(?:police\s+(?:sub)?station|police\s+base|prison|"
                             r"port|airport|hospital|church)\b", re.IGNORECASE)
# Facility classes: a definite "the prison" refers back to the last prison of the article.
FACILITY_CLASSES = (
    ("police_station", r"police\s+(?:sub)?stations?|substations?|commissariats?|"
                       r"police\s+(?:bases?|posts?)"),
    ("prison", r"prisons?|penitentiary|jails?"),
    ("port", r"(?:sea)?ports?|wharf"),
    ("airport", r"airports?"),
    ("hospital", r"hospitals?|clinics?"),
    ("church", r"churche?s?"),
    ("school", r"schools?"),
    ("telecom", r"telecom\s+sites?|antennas?|relay\s+stations?"),
    ("area", r"towns?|city|commune|neighbou?rhoods?|areas?|district|strongholds?|bases?|"
             r"sites?|stations?|roads?|highways?|bridges?|palace|market|terminal|buildings?|"
             r"headquarters|offices?|court(?:house)?|university|compound|camps?"),
)
_FACILITY = re.compile(
    r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in FACILITY_CLASSES) + r")\b"
    r"(?P<loc>\s+(?:in|at|near|outside|of)\s+\S)?", re.IGNORECASE)
_FACILITY_LOWER = re.compile(lowered(_FACILITY.pattern))
# The determiner of a facility noun, up to three words before it ("the town's main prison").
_DETERMINER = re.compile(r"(?:^|\s)(?P<det>an?|the|its|their|this|that|[A-Z][\w'’-]*(?:'s|’s))"
                         r"\s+(?:(?!(?:an?|the|its|their|and|or|of|to)\s)[\w'’-]+\s+){0,3}\Z",
                         re.IGNORECASE)


# "in Bois Zanglo", "at the Zanglo Baptist Church", "the village of Tinou": a capitalised
# place after a locative word. Those the gazetteer does not know are listed for the user.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|village\s+of|town\s+of|locality\s+of|neighbou?rhood\s+of|"
    r"area\s+of|commune\s+of|district\s+of)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][^\W\d_][\w'’-]*(?:\s+(?:de\s+|du\s+|des\s+|la\s+)?[A-Z][\w'’-]+){0,3})")
_NOT_PLACES = frozenset((
    "Haiti", "Haïti", "Ayiti", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An", "This", "That", "His", "Her",
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
class Site:
    """A facility noun phrase near a trigger ("the police station", "a prison in ...")."""

    kind: str  # a FACILITY_CLASSES key
    definite: bool
    located: bool  # followed by "in X", "near X"...
    start: int  # offsets in the sentence
    end: int

    @property
    def generic(self) -> bool:
        """'a public hospital', 'a local port': no locatable place (CODEBOOK §1)."""
        return not self.definite and not self.located


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


def skip_reason(text: str, s_start: int, start: int, end: int) -> str:
    """Why the mention text[start:end] of a sentence starting at s_start is no event place."""
    before = text[max(s_start, start - 120):start]
    after = text[end:end + 60]
    for skip, pattern in _SKIPS:
        if pattern.search(before if skip.where == "before" else after):
            return skip.key
    return ""


def candidates(text: str, s_start: int, s_end: int, resolutions: Sequence[Resolution],
               dateline_end: int = 0) -> list[Candidate]:
    """The resolved mentions of one sentence, each with its skip reason ('' = event place)."""
    out: list[Candidate] = []
    for r in resolutions:
        m = r.mention
        if r.place is None or not (s_start <= m.start < s_end):
            continue
        ext = _FACILITY_AFTER.match(text, m.end, min(s_end, m.end + 40))
        end = ext.end() if ext else m.end
        if m.start < dateline_end:
            reason = "dateline"
        elif r.place.kind == "country":
            reason = "country"
        else:
            reason = skip_reason(text, s_start, m.start, m.end)
            if not reason and m.key.startswith("@") and _BEARING.search(
                    text, max(s_start, m.start - 30), m.start):
                reason = "bearing"
        if not reason and out and out[-1].end <= m.start:
            gap = text[out[-1].end:m.start]
            if (_APPOSITIVE.match(gap) and _RELATION.search(gap) and not _VERB.search(gap)
                    and _APPOSITIVE_END.match(text, m.end)):
                reason = "appositive"
            elif _NEAR_REFERENCE.fullmatch(gap):
                reason = "reference"  # "Liancourt, near Pont-Sondé": where Liancourt lies
            elif _QUALIFIER.fullmatch(gap) and out[-1].place.kind != "road":
                reason = out[-1].skip or "qualifier"  # "the palace in downtown X": the palace
        out.append(Candidate(r, m.start, end, text[m.start:end], reason))
    return out


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


def find_site(sentence: str, start: int, end: int, before: int = 40) -> Site | None:
    """The facility noun phrase nearest a trigger at sentence[start:end], if any."""
    best: Site | None = None
    lower = lower_same_length(sentence)
    facility, subject = (_FACILITY, sentence) if lower is None else (_FACILITY_LOWER, lower)
    for m in facility.finditer(subject, max(0, start - before), min(len(sentence), end + 70)):
        kind = m.lastgroup if m.lastgroup != "loc" else next(
            k for k, _ in FACILITY_CLASSES if m.group(k))
        d = _DETERMINER.search(sentence, max(0, m.start() - 60), m.start())
        det = d.group("det").lower() if d else ""
        site = Site(kind, bool(det) and det not in ("a", "an"), bool(m.group("loc")),
                    m.start(), m.end(kind))
        # A named kind of facility beats a generic area ("the town's prison": a prison).
        rank = (kind == "area", abs(site.start - end))
        if best is None or rank < (best.kind == "area", abs(best.start - end)):
            best = site
    return best


# The facility an attack verb acts on: its object right after it ("attacked the civil
# prison", "stormed Hinche's prison") or its subject in the passive ("the prison, in X, was
# attacked"); "attacked the town of X, seizing the police station" acts on the town.
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|a|an|its|their|[A-Z][\w'’-]*(?:'s|’s))\s+)?"
                         r"(?:[\w'’-]+\s+){0,2}")
_SUBJECT_GAP = re.compile(r"\s*,?\s*(?:(?:in|at|of|near)\s+[^.;,]{1,30},?\s+)?(?:was|were|"
                          r"has\s+been|had\s+been|have\s+been)\s+(?:[a-z]+\s+)?")


def acted_on(sentence: str, start: int, end: int, site: Site | None) -> str:
    """The kind of facility (not a mere area) that the verb at sentence[start:end] acts on,
    or ''."""
    if site is None or site.kind == "area":
        return ""
    if site.start >= end:
        return site.kind if _OBJECT_GAP.fullmatch(sentence, end, site.start) else ""
    return site.kind if _SUBJECT_GAP.fullmatch(sentence, site.end, start) else ""
