"""Sites over time: every site that changed hands (a police station, a prison, a port, a
town), with its lost / recaptured events, the attacks on it, and who held it between them.

Pure functions on the filtered incidents (the store's query frame). A site is a gazetteer
place (``place_id``) with at least one ``site_lost`` or ``site_recaptured`` incident; an
attack (``clash_or_attack``) at the same place joins its timeline without changing hands.
Before a site's first change the holder is inferred (the side it was lost or retaken from)
and marked so.
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from incidents.taxonomy import LABELS
from mapapp.payload import fmt_day, place_line
from mapapp.style import LAYER_BY_KEY, LAYER_OF_TYPE

CHANGES = {"site_lost": "gangs", "site_recaptured": "security forces"}
ATTACK = "clash_or_attack"
HOLDERS = ("security forces", "gangs")
LEAD = pd.Timedelta(days=30)  # how much of the inferred holding before the first event to draw
# The map's colours: a site held by security forces as "recaptured", by gangs as "lost".
HOLDER_COLOURS = {"security forces": LAYER_BY_KEY["recaptured"].color,
                  "gangs": LAYER_BY_KEY["lost"].color}


class SiteEvent(NamedTuple):
    id: str
    date: pd.Timestamp
    event_type: str
    label: str
    held_after: str  # the side holding the site from this event on
    article: str
    evidence: str


class Site(NamedTuple):
    key: str  # the place id
    name: str
    where: str  # 'Petite Rivière de l'Artibonite · Artibonite'
    lat: float | None
    lon: float | None
    held_before: str  # inferred holder before the first event
    events: tuple[SiteEvent, ...]

    @property
    def label(self) -> str:
        n = len(self.periods()) - 1
        return (f"{self.name} · {n} change{'s' if n != 1 else ''} of hands · last event "
                f"{fmt_day(self.events[-1].date)}")

    def periods(self) -> list[tuple[pd.Timestamp, pd.Timestamp | None, str, bool]]:
        """(from, until or None for 'still', holder, inferred): a month of the inferred
        holder before the first event, then one period per change of hands."""
        out = []
        holder, since, inferred = self.held_before, self.events[0].date - LEAD, True
        for e in self.events:
            if e.held_after != holder:
                out.append((since, e.date, holder, inferred))
                holder, since, inferred = e.held_after, e.date, False
        out.append((since, None, holder, inferred))
        return out

    def held_on(self, day: pd.Timestamp) -> str:
        holder = self.held_before
        for e in self.events:
            if e.date > day:
                break
            holder = e.held_after
        return holder


def _order(event_type: str) -> int:
    # On one day: an attack, then the loss, then the recapture (the usual order of a story).
    return {ATTACK: 0, "site_lost": 1, "site_recaptured": 2}.get(event_type, 3)


def site_histories(incidents: pd.DataFrame) -> list[Site]:
    """Every site that changed hands in ``incidents``, the most eventful first."""
    rows = incidents[incidents["place_id"].notna()]
    changed = set(rows.loc[rows["event_type"].isin(list(CHANGES)), "place_id"])
    rows = rows[rows["place_id"].isin(changed) & rows["event_type"].isin([*CHANGES, ATTACK])]
    sites = []
    for key, group in rows.groupby("place_id", sort=False):
        group = group.assign(day=pd.to_datetime(group["event_date"]),
                             order=group["event_type"].map(_order)).sort_values(["day", "order"])
        first_change = group[group["event_type"].isin(list(CHANGES))].iloc[0]
        after_first = CHANGES[first_change["event_type"]]
        held_before = HOLDERS[1] if after_first == HOLDERS[0] else HOLDERS[0]
        holder, events = held_before, []
        for r in group.itertuples():
            holder = CHANGES.get(r.event_type, holder)
            events.append(SiteEvent(str(r.id), r.day, r.event_type,
                                    LABELS.get(r.event_type, r.event_type), holder,
                                    str(r.article), str(r.evidence)))
        top = group.iloc[-1]
        name = top["place_name"] if isinstance(top["place_name"], str) else str(key)
        sites.append(Site(str(key), name, place_line(top), top["lat"], top["lon"],
                          held_before, tuple(events)))
    return sorted(sites, key=lambda s: (-len(s.events), s.name))


def timeline_frame(site: Site, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """The chart's rows: one bar per holding period (kind 'held', the holder's colour), one
    per event (the map's colour of its kind)."""
    end = until or site.events[-1].date + pd.Timedelta(days=7)
    rows = [{"kind": "held", "start": a, "end": b if b is not None else end,
             "what": f"held by {h}" + (" (inferred)" if inferred else ""),
             "colour": HOLDER_COLOURS[h]} for a, b, h, inferred in site.periods()]
    rows += [{"kind": "event", "start": e.date, "end": e.date, "what": e.label,
              "colour": LAYER_BY_KEY[LAYER_OF_TYPE.get(e.event_type, "other")].color}
             for e in site.events]
    return pd.DataFrame(rows)
