"""ACLED CSV export: the 31 columns of ACLED's current export, in their order.

Our event types map to ACLED's (table :data:`TYPE_MAP`); what ACLED has no column for
(displacement, injuries, contingent sizes, our own type and place id) goes in ``notes`` for
people and in ``tags`` (``haiti-map?key=value&...``) so our importer can restore it exactly.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import urlencode

from incidents.export.csv import write_rows
from incidents.export.records import iso_dates, plain_records
from incidents.filters import Filters
from incidents.store.base import EVENT_COLUMNS

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
TAGS_PREFIX = "haiti-map?"
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}


class AcledType(NamedTuple):
    disorder_type: str
    event_type: str
    sub_event_type: str


TYPE_MAP: dict[str, AcledType] = {
    "armed_operation": AcledType("Political violence", "Battles", "Armed clash"),
    "clash_or_attack": AcledType("Political violence", "Battles", "Armed clash"),
    "injury_or_death": AcledType("Political violence", "Battles", "Armed clash"),
    "site_recaptured": AcledType("Political violence", "Battles", "Government regains territory"),
    "site_lost": AcledType("Political violence", "Battles", "Non-state actor overtakes territory"),
    "displacement": AcledType("Strategic developments", "Strategic developments", "Other"),
    "deployment": AcledType("Strategic developments", "Strategic developments", "Other"),
    "equipment_delivery": AcledType("Strategic developments", "Strategic developments", "Other"),
    "other": AcledType("Strategic developments", "Strategic developments", "Other"),
}

# ACLED's actor categories (inter1/inter2), by words in the actor's name; first match wins.
ACTOR_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("External/Other forces", ("mss", "multinational", "kenya", "jamaica", "bahamas", "belize",
                               "guatemala", "el salvador", "united nations", "binuh")),
    ("State forces", ("police", "hnp", "pnh", "army", "armed forces", "fad'h", "government",
                      "swat", "bim", "cimo", "udmo")),
    ("Political militia", ("gang", "viv ansanm", "g9", "g-pep", "g pèp", "mawozo", "gran grif",
                           "5 segond", "kraze baryè", "ti makak", "canaan")),
    ("Identity militia", ("brigade", "self-defense", "self-defence", "bwa kale", "vigilante")),
    ("Protesters", ("protester", "demonstrator")),
    ("Civilians", ("civilian", "resident", "journalist", "worker", "student")),
)
ACLED_FIGURE_NOTES = ("injured", "displaced", "officers")


def actor_category(actor: str) -> str:
    name = actor.casefold()
    for category, words in ACTOR_CATEGORIES:
        if any(w in name for w in words):
            return category
    return ""


def tags(rec: dict) -> str:
    """What ACLED has no column for, reversibly: type, place words and id, every figure."""
    fields = {"type": rec["event_type"], "place": rec["place"], "place_id": rec["place_id"],
              **{k: rec[k] for k in ("killed", "injured", "displaced", "officers")},
              "note": rec["note"]}
    return TAGS_PREFIX + urlencode({k: v for k, v in fields.items() if v not in (None, "")})


def acled_row(rec: dict) -> dict:
    """One incident record (plain values) as one ACLED row."""
    kind = TYPE_MAP[rec["event_type"]]
    actors = [a for a in (rec["actors"] or "").split("; ") if a]
    inter = [actor_category(a) for a in actors[:2]] + ["", ""]
    figures = [f"{k}: {rec[k]}" for k in ACLED_FIGURE_NOTES if rec[k] is not None]
    notes = rec["evidence"] or ""
    if figures:
        notes += f" [{'; '.join(figures)}]"
    if rec["conflicts"]:
        notes += f" [sources differ: {rec['conflicts']}]"
    day = rec["event_date"]
    stamp = datetime.fromisoformat(rec["article_date"] or day).replace(tzinfo=UTC)
    return {
        "event_id_cnty": rec["id"], "event_date": day, "year": int(day[:4]),
        "time_precision": TIME_PRECISION.get(rec["date_precision"], 3),
        "disorder_type": kind.disorder_type, "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": actors[0] if actors else "", "assoc_actor_1": "", "inter1": inter[0],
        "actor2": actors[1] if len(actors) > 1 else "", "assoc_actor_2": "; ".join(actors[2:]),
        "inter2": inter[1], "interaction": "-".join(i for i in inter[:2] if i),
        "civilian_targeting": "", "iso": 332, "region": "Caribbean", "country": "Haiti",
        "admin1": rec["department"] or "", "admin2": rec["commune"] or "", "admin3": "",
        "location": rec["place_name"] or rec["place"] or "",
        "latitude": rec["lat"], "longitude": rec["lon"], "geo_precision": rec["geo_precision"],
        "source": "; ".join(rec["sources"]), "source_scale": "", "notes": notes,
        "fatalities": rec["killed"] or 0, "tags": tags(rec),
        "timestamp": int(stamp.timestamp()),  # ACLED: last update; here the first source's date
    }


def export_acled(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as an ACLED-format CSV (bytes)."""
    records = plain_records(iso_dates(store.query(filters)), (*EVENT_COLUMNS, "sources"))
    return write_rows(ACLED_COLUMNS, [acled_row(rec) for rec in records])
