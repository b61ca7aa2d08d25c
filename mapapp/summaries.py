"""Pure functions: the filtered incidents -> the tables the charts draw."""
from __future__ import annotations

import pandas as pd

from incidents.taxonomy import LABELS


def _weeks(incidents: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(incidents["event_date"]).dt.to_period("W-SUN").dt.start_time


def weekly_by_type(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents per week (rows, Monday of the week) and type (columns, labels)."""
    if incidents.empty:
        return pd.DataFrame()
    table = (incidents.assign(week=_weeks(incidents),
                              type=incidents["event_type"].map(lambda k: LABELS.get(k, k)))
             .groupby(["week", "type"]).size().unstack("type", fill_value=0))
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
