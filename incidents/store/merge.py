"""Merge reports of the same real event into one incident, following ACLED's rule.

Two reports are the same event when they have the same event type, the same place (or one
place lies inside the other), and dates that agree within their precision; reports from the
same article never merge (the coder already split them). A report joins a group only if it
agrees with *every* report already in it, so a chain of near-misses does not snowball.

The merged incident takes the most precise place and date among its sources and, per figure,
the largest stated value; when sources state different values the merged value is the
largest and every stated value is listed in ``conflicts``. ``merge_reason`` says why each
source joined. Pure functions: the store feeds them rows and writes the result.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from incidents.model import FIGURE_KEYS, Incident

# Days two dates may differ and still be the same event, by the coarser precision.
TOLERANCE_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 31}
PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2}
MAX_TOLERANCE = timedelta(days=max(TOLERANCE_DAYS.values()))

# contains(outer_place_id, inner_place_id) -> True/False, or None when it cannot tell.
Contains = Callable[[str, str], "bool | None"]


@dataclass(frozen=True, slots=True)
class Source:
    """One stored report: an extracted incident and the keys the store gives it."""

    key: str  # stable report key (see store.rows.report_key); reviews hang on it
    seq: int  # ingest order: the oldest source names the merged incident
    incident: Incident
    verified: bool = False  # imported from a vetted dataset (ACLED)


@dataclass(frozen=True, slots=True)
class Merged:
    """One incident: its sources (first = the one it is shown with) and its merged values."""

    id: str
    sources: tuple[Source, ...]
    values: dict = field(hash=False)  # Incident field -> merged value
    merge_reason: str = ""
    conflicts: str = ""


def block_key(inc: Incident) -> str:
    """Reports can only merge inside one block: same type and department."""
    return f"{inc.event_type}|{inc.department or ''}"


def dates_agree(a: Incident, b: Incident) -> bool:
    tol = max(TOLERANCE_DAYS.get(a.date_precision, 31), TOLERANCE_DAYS.get(b.date_precision, 31))
    return abs((a.event_date - b.event_date).days) <= tol


def _label(inc: Incident) -> str:
    return inc.place_name or inc.place or "?"


def same_place(a: Incident, b: Incident, contains: Contains | None = None) -> str | None:
    """Why ``a`` and ``b`` are at the same place, or None when they are not."""
    if a.place_id and a.place_id == b.place_id:
        return f"same place ({_label(a)})"
    if not a.place_id and not b.place_id and a.place_name and a.commune == b.commune \
            and (a.place_name or "").casefold() == (b.place_name or "").casefold():
        return f"same place name ({_label(a)})"
    if contains is not None and a.place_id and b.place_id:
        for outer, inner in ((a, b), (b, a)):
            if contains(outer.place_id, inner.place_id):
                return f"{_label(inner)} lies inside {_label(outer)}"
    # Fallback without a gazetteer answer: same commune, one side only commune-level.
    if a.commune and a.commune == b.commune:
        for coarse, fine in ((a, b), (b, a)):
            if commune_level(coarse) and (fine.geo_precision or 3) <= (coarse.geo_precision or 3):
                return f"{_label(fine)} is in commune {a.commune}, reported at commune level"
    return None


def commune_level(inc: Incident) -> bool:
    """Placed no finer than its commune: coarse precision, or the commune's own name."""
    return (inc.geo_precision or 3) >= 2 or (inc.place_name or "") == (inc.commune or "-")


def why_same(a: Incident, b: Incident, contains: Contains | None = None) -> str | None:
    """The reason two reports describe one event, or None if they do not."""
    if a.event_type != b.event_type or a.article == b.article:
        return None
    if not dates_agree(a, b):
        return None
    place = same_place(a, b, contains)
    if place is None:
        return None
    days = abs((a.event_date - b.event_date).days)
    when = "same date" if days == 0 else f"dates {days} d apart within {b.date_precision}"
    return f"{place}, {when}"


def _sort_key(s: Source) -> tuple:
    """Date order; ties by the report key (content), so the grouping of a set of reports
    does not depend on the order they were ingested in."""
    inc = s.incident
    return (inc.event_date, PRECISION_RANK.get(inc.date_precision, 3), s.key)


class _Index:
    """The open groups a report could join, found by place and date instead of by scanning.

    A report can only join a group whose members are at its place (same id or name), are
    commune-level in its commune (or, if it is commune-level, anything in its commune), or
    are places the gazetteer relates to it: each way is a key. Under each key, groups are
    listed per date tolerance class (the coarsest precision among their members) in the
    order they were started, which is date order, so a lookup reads back only the days
    that tolerance allows.
    """

    CLASSES = tuple(sorted(set(TOLERANCE_DAYS.values())))

    def __init__(self, contains: Contains | None) -> None:
        self.contains = contains
        self.lists: dict[tuple, list[list[Source]]] = {}
        self.known: dict[str, bool] = {}  # place id -> the gazetteer knows it
        self.known_by_commune: dict[str, set[str]] = {}
        self.first: dict[int, int] = {}  # group -> ordinal of its first date
        self.tol: dict[int, int] = {}  # group -> its tolerance class
        self.rank: dict[int, int] = {}
        self.keys: dict[int, set[tuple]] = {}

    def _is_known(self, place_id: str) -> bool:
        if place_id not in self.known:
            self.known[place_id] = self.contains is not None and \
                self.contains(place_id, place_id) is not None
        return self.known[place_id]

    def keys_of(self, inc: Incident) -> list[tuple]:
        """Where a group holding ``inc`` is filed."""
        commune = inc.commune or ""
        keys = [("commune", commune)]
        if inc.place_id:
            keys.append(("place", inc.place_id))
            if self._is_known(inc.place_id):
                keys.append(("known", inc.place_id))
                self.known_by_commune.setdefault(commune, set()).add(inc.place_id)
        elif inc.place_name:
            keys.append(("name", commune, inc.place_name.casefold()))
        if commune and commune_level(inc):
            keys.append(("coarse", commune))
        return keys

    def keys_for(self, inc: Incident) -> set[tuple]:
        """Where groups ``inc`` might join are filed."""
        commune = inc.commune or ""
        keys = {k for k in self.keys_of(inc) if k[0] in ("place", "name", "coarse")}
        keys.add(("commune", commune) if commune and commune_level(inc) else ("coarse", commune))
        if inc.place_id and self._is_known(inc.place_id):
            if commune:
                near = self.known_by_commune.get(commune, set()) | \
                    self.known_by_commune.get("", set())
            else:  # a department-level place may hold any place of the block
                near = set().union(*self.known_by_commune.values())
            keys |= {("known", p) for p in near}
        return keys

    def candidates(self, inc: Incident) -> list[list[Source]]:
        day = inc.event_date.toordinal()
        own = TOLERANCE_DAYS.get(inc.date_precision, 31)
        found: dict[int, list[Source]] = {}
        for key in self.keys_for(inc):
            for cls in self.CLASSES:
                groups = self.lists.get((*key, cls), ())
                # started in date order; a group filed later started at most cls days earlier
                oldest = day - max(own, cls) - cls
                for group in reversed(groups):
                    if self.first[id(group)] < oldest:
                        break
                    if self.tol[id(group)] == cls:
                        found[id(group)] = group
        return sorted(found.values(), key=lambda g: self.rank[id(g)])

    def add(self, group: list[Source], src: Source) -> None:
        gid = id(group)
        inc = src.incident
        if gid not in self.rank:
            self.rank[gid] = len(self.rank)
            self.first[gid] = inc.event_date.toordinal()
            self.tol[gid] = 0
            self.keys[gid] = set()
        tol = max(self.tol[gid], TOLERANCE_DAYS.get(inc.date_precision, 31))
        new_keys = set(self.keys_of(inc)) - self.keys[gid]
        if tol != self.tol[gid]:  # coarser now: file it again under every key
            self.tol[gid] = tol
            new_keys |= self.keys[gid]
        self.keys[gid] |= new_keys
        for key in new_keys:
            self.lists.setdefault((*key, tol), []).append(group)


def cluster(sources: Iterable[Source], contains: Contains | None = None) -> list[list[Source]]:
    """Group the sources of one block into events: each report, in date order, joins the
    oldest open group it fully agrees with, or starts one. Deterministic for a given set."""
    groups: list[list[Source]] = []
    index = _Index(contains)
    for src in sorted(sources, key=_sort_key):
        inc = src.incident
        chosen = next((g for g in index.candidates(inc)
                       if all(why_same(m.incident, inc, contains) for m in g)), None)
        if chosen is None:
            chosen = []
            groups.append(chosen)
        chosen.append(src)
        index.add(chosen, src)
    return groups


def _encloses(outer: Incident, inner: Incident, contains: Contains | None) -> bool:
    """``outer`` names a wider place than ``inner`` (a commune around a neighbourhood)."""
    if not outer.place_id or outer.place_id == inner.place_id:
        return False
    if contains is not None and inner.place_id and contains(outer.place_id, inner.place_id):
        return True
    return bool(outer.commune) and outer.place_name == outer.commune == inner.commune \
        and inner.place_name != inner.commune


def _most_precise_place(sources: list[Source], contains: Contains | None = None) -> Incident:
    """The best geo_precision; among equals, a place no other source's place lies in."""
    def key(s: Source) -> tuple:
        wider = any(_encloses(s.incident, o.incident, contains) for o in sources)
        return (s.incident.geo_precision or 9, wider, s.seq)
    return min(sources, key=key).incident


def _most_precise_date(sources: list[Source]) -> Incident:
    return min(sources, key=lambda s: (PRECISION_RANK.get(s.incident.date_precision, 3),
                                       s.incident.event_date, s.seq)).incident


PLACE_FIELDS = ("place", "place_id", "place_name", "department", "commune", "lat", "lon",
                "geo_precision")
SINGLE_FIELDS = (*PLACE_FIELDS, "event_type", "event_date", "date_precision", *FIGURE_KEYS)


def merge_group(group: list[Source], contains: Contains | None = None) -> Merged:
    """The merged incident of one group of sources (see the module docstring)."""
    if len(group) == 1:  # most groups: the report's own values, nothing to compare
        inc = group[0].incident
        values = {f: getattr(inc, f) for f in SINGLE_FIELDS}
        values["actors"] = tuple(dict.fromkeys(inc.actors))
        return Merged(id=group[0].key, sources=tuple(group), values=values)
    ordered = sorted(group, key=lambda s: (s.incident.article_date, s.seq))
    first = ordered[0].incident
    where = _most_precise_place(group, contains)
    when = _most_precise_date(group)
    values: dict = {f: getattr(where, f) for f in PLACE_FIELDS}
    values.update(event_type=first.event_type, event_date=when.event_date,
                  date_precision=when.date_precision)
    conflicts = []
    for key in FIGURE_KEYS:
        stated = [(getattr(s.incident, key), s.incident.article) for s in ordered
                  if getattr(s.incident, key) is not None]
        values[key] = max(v for v, _ in stated) if stated else None
        if len({v for v, _ in stated}) > 1:
            conflicts.append(f"{key}: " + ", ".join(f"{v} ({a})" for v, a in stated))
    actors: dict[str, None] = {}
    for s in ordered:
        actors.update(dict.fromkeys(s.incident.actors))
    values["actors"] = tuple(actors)
    reasons = []
    if len(ordered) > 1:
        for s in ordered[1:]:
            why = why_same(first, s.incident, contains)  # never None inside a group
            reasons.append(f"{s.incident.article}: {why}")
        reasons.insert(0, f"{len(ordered)} reports of one {first.event_type} "
                          f"(same type, same place, dates agree)")
    return Merged(
        id=min(group, key=lambda s: s.seq).key,
        sources=tuple(ordered),
        values=values,
        merge_reason="; ".join(reasons),
        conflicts="; ".join(conflicts),
    )


def merge_reports(sources: Iterable[Source], contains: Contains | None = None) -> list[Merged]:
    """Cluster and merge the sources of one block."""
    return [merge_group(g, contains) for g in cluster(sources, contains)]
