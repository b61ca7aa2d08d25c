"""CSV export: one row per incident, EVENT_COLUMNS plus ``sources``, safe in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) would run
as a formula in Excel or LibreOffice; it gets a leading ``'``. Numbers (coordinates such as
-72.3, figures) are left as numbers: a number cannot carry a formula.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from incidents.export.records import iso_dates, plain_records
from incidents.filters import Filters
from incidents.store.base import EVENT_COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (*EVENT_COLUMNS, "sources")


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


def write_rows(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    """CSV bytes (UTF-8 with BOM so spreadsheets pick the encoding), every cell neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([neutralise(r[c]) for c in columns] for r in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_csv(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents as CSV bytes."""
    df = iso_dates(store.query(filters))
    df["sources"] = df["sources"].map("; ".join)
    return write_rows(COLUMNS, plain_records(df, COLUMNS))
