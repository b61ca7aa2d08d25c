"""The record layer every export shares: the filtered incidents and their sources.

Every export starts from ``store.query(filters)``, so a file holds exactly the filtered set.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from incidents.filters import Filters


def incidents_and_sources(store: Any, filters: Filters | None) -> tuple[pd.DataFrame,
                                                                         pd.DataFrame]:
    """The filtered incidents (EVENT_COLUMNS) and every source of each of them."""
    df = store.query(filters)
    return df, store.sources(list(df["id"]))


def source_lists(df: pd.DataFrame, sources: pd.DataFrame) -> list[list[str]]:
    """Per incident (in ``df`` order), the names of its source articles."""
    by_id: dict[str, list[str]] = {}
    for incident_id, article in zip(sources["incident_id"], sources["article"], strict=True):
        by_id.setdefault(incident_id, []).append(article)
    return [by_id.get(i, []) for i in df["id"]]


def plain_column(series: pd.Series) -> list:
    """A column as JSON-ready Python values: ISO dates, ints, floats, str; None for missing."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime("%Y-%m-%d")
        return text.astype(object).where(series.notna(), None).tolist()
    if isinstance(series.dtype, pd.Int64Dtype):
        return [None if v is pd.NA else int(v) for v in series.tolist()]
    return series.astype(object).where(series.notna(), None).tolist()


def plain_records(df: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> list[dict]:
    """The rows of ``df`` as dicts of plain values (column-wise conversion, then zip)."""
    values = [plain_column(df[c]) for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
