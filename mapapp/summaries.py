"""Pure functions: the filtered incidents -> the table and the charts the page draws."""
from __future__ import annotations

import re

import pandas as pd

from incidents.taxonomy import LABELS
from mapapp.style import LAYER_BY_KEY, LAYER_OF_TYPE, LAYERS

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#!|~$])")


def md_literal(text: object) -> str:
    """Text shown as itself in Streamlit's Markdown elements (captions, alerts): article
    words, file names and search terms must not turn into links, images or formatting."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def _weeks(incidents: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(incidents["event_date"]).dt.to_period("W-SUN").dt.start_time


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 incident', '2 incidents', '1,200 people' (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def incidents_phrase(n: int) -> str:
    return plural(n, "incident")


def weekly_by_type(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents per week (rows, Monday of the week) and map kind (columns: the labels of
    mapapp.style.LAYERS, in their order, so the chart's colours are the map's)."""
    if incidents.empty:
        return pd.DataFrame()
    kinds = incidents["event_type"].map(lambda k: LAYER_BY_KEY[LAYER_OF_TYPE.get(k, "other")]
                                        .label)
    table = (incidents.assign(week=_weeks(incidents), kind=kinds)
             .groupby(["week", "kind"]).size().unstack("kind", fill_value=0))
    order = [layer.label for layer in LAYERS if layer.label in table.columns]
    table = table[order].rename_axis(columns="type")
    return table.asfreq("W-MON", fill_value=0) if len(table) > 1 else table


def displaced_over_time(incidents: pd.DataFrame) -> pd.DataFrame:
    """People reported displaced per week (by the week of the displacement)."""
    rows = incidents[incidents["displaced"].notna()]
    if rows.empty:
        return pd.DataFrame()
    weekly = (rows.assign(week=_weeks(rows), people=rows["displaced"].astype("int64"))
              .groupby("week")["people"].sum())
    if len(weekly) > 1:
        weekly = weekly.asfreq("W-MON", fill_value=0)
    return pd.DataFrame({"People displaced": weekly})


def bars(wide: pd.DataFrame) -> pd.DataFrame:
    """A weekly chart's rows: one (week, series, value) per bar, from a wide frame (index:
    the weeks; one column per series, in the order the chart stacks and colours them).
    Zero bars are left out (a stacked bar of 0 draws nothing), so the browser gets one row per
    bar it draws, not one per week and series."""
    long = (wide.rename_axis("week").reset_index()
            .melt("week", var_name="series", value_name="value"))
    return long[long["value"] != 0].reset_index(drop=True)


TABLE_ROWS = 2_000  # the table shows the most recent incidents; the downloads hold them all


def newest(incidents: pd.DataFrame, n: int = TABLE_ROWS) -> pd.DataFrame:
    """The ``n`` most recent incidents, newest first (ties by id). Only the rows from the
    n-th newest date on are sorted: sorting 100,000 rows by a string id is slow."""
    recent = incidents.loc[incidents["event_date"].nlargest(n, keep="all").index]
    if len(recent) < n:  # fewer dated incidents than rows: undated ones come last
        recent = incidents
    return recent.sort_values(["event_date", "id"], ascending=False).head(n)


def incident_table(rows: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The table's rows, with a readable type and every source article of each incident
    (``sources``: store.sources of the incidents with more than one)."""
    rows = rows.copy()
    rows["type"] = rows["event_type"].map(lambda k: LABELS.get(k, k))
    rows["articles"] = rows["article"]
    if sources is not None and len(sources):
        names = (sources.drop_duplicates(["incident_id", "article"])
                 .groupby("incident_id")["article"].agg("; ".join))
        rows["articles"] = rows["id"].astype(str).map(names).fillna(rows["article"])
    return rows
