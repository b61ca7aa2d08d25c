"""The record layer every export shares: the filtered incidents as plain values.

Every export starts from ``store.query(filters)``, so a file holds exactly the filtered set.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

COORDINATE_DECIMALS = 6  # ~10 cm, as RFC 7946 suggests and geojson.feature rounds


def plain_column(series: pd.Series) -> list:
    """A column as JSON-ready Python values: ISO dates, ints, floats, str; None for missing."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = np.datetime_as_string(series.to_numpy().astype("datetime64[D]"), unit="D")
        return pd.Series(text, dtype=object).where(series.notna().to_numpy(), None).tolist()
    if isinstance(series.dtype, pd.Int64Dtype):
        return [None if v is pd.NA else int(v) for v in series.tolist()]
    return series.astype(object).where(series.notna(), None).tolist()


def plain_records(df: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> list[dict]:
    """The rows of ``df`` as dicts of plain values (column-wise conversion, then zip)."""
    values = [plain_column(df[c]) for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def iso_dates(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with the datetime columns as ISO date text (None when missing) and the
    coordinates rounded to COORDINATE_DECIMALS."""
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = plain_column(out[column])
    for column in ("lat", "lon"):
        if column in out:
            out[column] = out[column].round(COORDINATE_DECIMALS)
    return out


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Hold the cyclic garbage collector while an export allocates its many small objects:
    with a large store in memory each collection walks it all, for nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
