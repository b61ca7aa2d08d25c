"""Pass 3 of the extraction: folding the draft incidents of one article (CODEBOOK §3, §4).

Drafts of one event are folded together (same type and place, compatible dates; the lowest
death toll); a city-level row is dropped when the same event is coded at a place inside it,
and a road row when a neighbouring sentence places the same event in a town; a withdrawal that
led to a gang takeover is part of that site_lost event, not an `other` of its own; an arrival
placed by the dateline yields to the same arrival placed by the text; an attack on a facility
that was then taken is part of its site_lost row; an operation without a place of its own told
beside a recapture is part of that site_recaptured row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from incidents.extract.candidates import Candidate, GazetteerLike
from incidents.extract.date_words import RANK

HOSTS = ("clash_or_attack", "armed_operation", "other")  # events that carry casualties
WITHDRAWAL_RULES = ("withdraw.verb", "retreat.verb")  # lexicon keys of a withdrawal


@dataclass(slots=True)
class Draft:
    """An incident before folding: its type, rule, place, date (with the rank of the kind of
    date expression that gave it), sentence and figures."""

    event_type: str
    rule: str
    cand: Candidate
    day: date
    precision: str
    rank: int
    info: Any  # the extractor's per-sentence record (its .sentence is the evidence)
    own_place: bool
    figures: dict[str, int] = field(default_factory=dict)
    dateline: bool = False  # placed by the dateline fallback (CODEBOOK §4)
    target: str = ""  # the facility kind an attack acts on, or a site_lost row took

    @property
    def index(self) -> int:
        return self.info.sentence.index


def compatible(a: Draft, b: Draft) -> bool:
    """Dates that may be one event's: within a day, or one of them a mere default."""
    return (a.rank == RANK["default"] or b.rank == RANK["default"]
            or abs((a.day - b.day).days) <= 1)


def companion_dates(drafts: list[Draft]) -> list[Draft]:
    """An undated casualty row takes the date of its event at the same place (CODEBOOK §3)."""
    at: dict[str, list[Draft]] = {}  # the drafts of each place, in order
    for d in drafts:
        at.setdefault(d.cand.place.id, []).append(d)
    for d in drafts:
        if d.event_type == "injury_or_death" and d.rank == RANK["default"]:
            host = next((o for o in at[d.cand.place.id] if o.event_type in HOSTS
                         and o.rank > d.rank), None)
            if host is not None:
                d.day, d.precision, d.rank = host.day, host.precision, host.rank
    return drafts


def merge(drafts: list[Draft]) -> list[Draft]:
    """Fold the drafts of one event: same type, same place, compatible dates."""
    out: list[Draft] = []
    # The rows kept so far per (type, place): a host is looked for among those only (a
    # host's place never changes: it only takes a candidate of the same place).
    kept: dict[tuple[str, str], list[Draft]] = {}
    for d in drafts:
        same = kept.setdefault((d.event_type, d.cand.place.id), [])
        host = next((o for o in same if compatible(o, d)), None)
        if host is None:
            out.append(d)
            same.append(d)
            continue
        figures = dict(host.figures)
        for k, v in d.figures.items():
            if k in figures and d.own_place != host.own_place:
                # a figure told at its own place beats one whose place was borrowed ("Twenty-
                # eight were killed in X. Ten were shot dead ...": the ten are part of it)
                figures[k] = v if d.own_place else figures[k]
            elif k in figures and k == "killed":
                figures[k] = min(figures[k], v)  # conflicting tolls: the lowest (CODEBOOK §6)
            else:
                figures[k] = figures.get(k, v)
        better = (d.own_place, d.rank) > (host.own_place, host.rank)
        if d.rank > host.rank or (d.rank == host.rank and d.day < host.day and d.rank > 0):
            host.day, host.precision, host.rank = d.day, d.precision, d.rank
        if better:
            host.rule, host.cand, host.info, host.own_place = d.rule, d.cand, d.info, d.own_place
        host.figures = figures
    return out


def _yields_to(d: Draft, o: Draft, gaz: GazetteerLike) -> bool:
    """Whether row ``d`` is the same event as ``o`` at a coarser place: a container of o's
    place, or a road when o names a town or site in the same or a neighbouring sentence
    ("along RN2 in Martissant")."""
    if (o is d or o.event_type != d.event_type or o.cand.place.id == d.cand.place.id
            or not compatible(o, d)):
        return False
    if d.cand.place.kind == "road" and o.cand.place.kind != "road":
        return abs(o.index - d.index) <= 1
    return gaz.contains(d.cand.place, o.cand.place)


def drop_containers(drafts: list[Draft], gaz: GazetteerLike) -> list[Draft]:
    """A city-level or road row is dropped when the same event is coded at a place inside it
    (its figures move there)."""
    keep = []
    # Only a road or a place holding another draft's place can yield: the others need not
    # be compared with every draft (a sentence naming thousands of places stays linear).
    held = gaz.holders([d.cand.place for d in drafts])
    for d in drafts:
        inner = next((o for o in drafts if _yields_to(d, o, gaz)), None) if (
            d.cand.place.kind == "road" or d.cand.place.id in held) else None
        if inner is None:
            keep.append(d)
        else:
            for k, v in d.figures.items():
                inner.figures.setdefault(k, v)
    return keep


def drop_withdrawals(drafts: list[Draft]) -> list[Draft]:
    """A withdrawal of the forces told next to a gang takeover (same or neighbouring
    sentence) is how the site was lost: part of the site_lost row (CODEBOOK §2)."""
    lost = [d.index for d in drafts if d.event_type == "site_lost"]
    return [d for d in drafts if d.rule not in WITHDRAWAL_RULES
            or not any(abs(i - d.index) <= 1 for i in lost)]


def drop_facility_attacks(drafts: list[Draft]) -> list[Draft]:
    """An attack on a facility that the same or the next sentence says was taken or emptied
    is that capture: the site_lost row alone (CODEBOOK §3, attack plus capture)."""
    lost = [d for d in drafts if d.event_type == "site_lost" and d.target]
    return [d for d in drafts if d.event_type != "clash_or_attack" or not d.target
            or not any(o.target == d.target and o.cand.place.id == d.cand.place.id
                       and 0 <= o.index - d.index <= 1 and compatible(o, d) for o in lost)]


def drop_recapture_operations(drafts: list[Draft]) -> list[Draft]:
    """An operation told beside a recapture that names no place of its own ("The operation,
    which began on Friday, ...") is the operation that achieved it: the site_recaptured row
    alone (CODEBOOK §3, recapture). An action placed elsewhere (roadblocks on another road)
    stays."""
    recaptured = [d for d in drafts if d.event_type == "site_recaptured"]
    return [d for d in drafts if d.event_type != "armed_operation" or d.own_place
            or not any(o.cand.place.id == d.cand.place.id and abs(o.index - d.index) <= 2
                       and abs((o.day - d.day).days) <= 2 for o in recaptured)]


def drop_dateline_deployments(drafts: list[Draft]) -> list[Draft]:
    """A deployment placed only by the dateline ("arrived in Haiti") is the same arrival as a
    deployment of the same dates that the text places ("landed at the airport")."""
    placed = [d for d in drafts if d.event_type == "deployment" and not d.dateline]
    return [d for d in drafts if not d.dateline or not any(compatible(d, o) for o in placed)]


def fold(drafts: list[Draft], gaz: GazetteerLike) -> list[Draft]:
    """Pass 3: every folding step, in order."""
    drafts = drop_containers(merge(companion_dates(drafts)), gaz)
    drafts = drop_facility_attacks(drop_withdrawals(drafts))
    return drop_dateline_deployments(drop_recapture_operations(drafts))
