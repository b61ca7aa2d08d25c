"""ACLED CSV export: the 31 columns of ACLED's current export, in their order.

Our event types map to ACLED's (table :data:`TYPE_MAP`); what ACLED has no column for
(displacement, injuries, contingent sizes, our own type and place id) goes in ``notes`` for
people and in ``tags`` (``haiti-map?key=value&...``) so our importer can restore it exactly.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd

from incidents.export.csv import write_frame
from incidents.export.records import iso_dates
from incidents.filters import Filters

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


# What ACLED has no column for, kept in ``tags`` so our importer restores it exactly.
TAG_FIELDS = (("type", "event_type"), ("place", "place"), ("place_id", "place_id"),
              ("killed", "killed"), ("injured", "injured"), ("displaced", "displaced"),
              ("officers", "officers"), ("note", "note"))
# The few characters a query string must escape (urllib.parse.parse_qsl reads them back).
_ESCAPE = str.maketrans({"%": "%25", "&": "%26", "=": "%3D", "+": "%2B", "\n": "%0A",
                         "\r": "%0D"})


def tags(df: pd.DataFrame) -> list[str]:
    """``haiti-map?type=...&place=...`` per incident: every field, empty ones left out."""
    columns = [[None if v is None else str(v) for v in
                df[column].astype(object).where(df[column].notna(), None).tolist()]
               for _, column in TAG_FIELDS]
    keys = [key for key, _ in TAG_FIELDS]
    return [TAGS_PREFIX + "&".join(f"{k}={v.translate(_ESCAPE)}"
                                   for k, v in zip(keys, row, strict=True) if v)
            for row in zip(*columns, strict=True)]


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "")


def acled_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The incidents of a query frame as ACLED rows, column by column."""
    if df.empty:
        return pd.DataFrame(columns=list(ACLED_COLUMNS))
    rec = iso_dates(df)
    kinds = rec["event_type"].map(lambda t: TYPE_MAP.get(t, TYPE_MAP["other"]))
    actors = rec["actors"].fillna("").str.split("; ").map(lambda a: [x for x in a if x])
    first = actors.map(lambda a: a[0] if a else "")
    second = actors.map(lambda a: a[1] if len(a) > 1 else "")
    categories = {a: actor_category(a) for a in set(first) | set(second)}
    inter1, inter2 = first.map(categories), second.map(categories)
    notes = _text(rec["evidence"])
    for key in ACLED_FIGURE_NOTES:
        has = rec[key].notna()
        notes = notes.where(~has, notes + f" [{key}: " + rec[key].astype(str) + "]")
    has = rec["conflicts"].fillna("") != ""
    notes = notes.where(~has, notes + " [sources differ: " + _text(rec["conflicts"]) + "]")
    # ACLED's timestamp is the row's last update; here the first source's date (UTC)
    stamp = pd.to_datetime(rec["article_date"].fillna(rec["event_date"]))
    out = pd.DataFrame({
        "event_id_cnty": rec["id"], "event_date": rec["event_date"],
        "year": rec["event_date"].str[:4].astype(int),
        "time_precision": rec["date_precision"].map(TIME_PRECISION).fillna(3).astype(int),
        "disorder_type": kinds.map(lambda k: k.disorder_type),
        "event_type": kinds.map(lambda k: k.event_type),
        "sub_event_type": kinds.map(lambda k: k.sub_event_type),
        "actor1": first, "assoc_actor_1": "", "inter1": inter1,
        "actor2": second, "assoc_actor_2": actors.map(lambda a: "; ".join(a[2:])),
        "inter2": inter2,
        "interaction": (inter1 + "-" + inter2).str.strip("-"),
        "civilian_targeting": "", "iso": 332, "region": "Caribbean", "country": "Haiti",
        "admin1": _text(rec["department"]), "admin2": _text(rec["commune"]), "admin3": "",
        "location": rec["place_name"].fillna(rec["place"]).fillna(""),
        "latitude": rec["lat"], "longitude": rec["lon"], "geo_precision": rec["geo_precision"],
        "source": rec["sources"].map("; ".join), "source_scale": "", "notes": notes,
        "fatalities": rec["killed"].fillna(0).astype(int), "tags": tags(rec),
        "timestamp": stamp.astype("datetime64[s]").astype("int64"),
    }, index=rec.index)
    return out[list(ACLED_COLUMNS)]


def export_acled(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as an ACLED-format CSV (bytes)."""
    return write_frame(acled_frame(store.query(filters)))
