"""CSV export: one row per incident, QUERY_COLUMNS (EVENT_COLUMNS plus ``sources``), safe
in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) would run
as a formula in Excel or LibreOffice; it gets a leading ``'``. Numbers (coordinates such as
-72.3, figures) are left as numbers: a number cannot carry a formula.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from incidents.filters import Filters
from incidents.formats.records import iso_dates
from incidents.store.base import QUERY_COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The inverse, for reading our own files back."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def neutralise_column(series: pd.Series) -> pd.Series:
    """neutralise() over a column; only text columns can hold a formula."""
    if series.dtype != object and not pd.api.types.is_string_dtype(series):
        return series
    text = series.astype(object)
    risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
    if not risky.any():
        return text
    return text.where(~risky, "'" + text.where(risky, ""))


def write_frame(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM so spreadsheets pick the encoding), every cell neutralised."""
    safe = df.apply(neutralise_column) if len(df) else df
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def export_csv(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as CSV bytes."""
    df = iso_dates(store.query(filters))
    df["sources"] = df["sources"].map("; ".join)
    return write_frame(df[list(QUERY_COLUMNS)])
