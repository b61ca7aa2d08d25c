"""CSV export: one row per incident, EVENT_COLUMNS plus ``sources``, safe in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) would run
as a formula in Excel or LibreOffice; it gets a leading ``'``. Numbers (coordinates such as
-72.3, figures) are left as numbers: a number cannot carry a formula.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from incidents.export.records import incidents_and_sources, plain_records, source_lists
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
    df, sources = incidents_and_sources(store, filters)
    rows = plain_records(df, EVENT_COLUMNS)
    for row, names in zip(rows, source_lists(df, sources), strict=True):
        row["sources"] = "; ".join(names)
    return write_rows(COLUMNS, rows)
