"""An in-memory copy of the incidents table, so a filtered query only takes rows.

Turning SQLite rows into Python objects costs ~10 µs a row, far too slow to rebuild the
query frame on every filter change of a 100,000-incident map. The store keeps one typed frame
of every incident; a query asks SQLite only for the matching rowids (indexed, integers) and
takes those rows, in (event_date, rowid) order. After its own writes the store re-reads only
the incidents it rewrote; after another process's writes (``PRAGMA data_version``) all.

The frame is compact: text as pandas' Arrow-backed ``str`` and the few-valued columns
(types, departments, communes, precisions, review states, place names) as categoricals.
A query result gives those back as object columns (cheap: they share the category strings),
so a caller can assign any value, as to any frame.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from incidents.model import FIGURE_KEYS
from incidents.store.base import QUERY_COLUMNS

INT_COLUMNS = (*FIGURE_KEYS, "geo_precision")
LOAD_COLUMNS = ("rowid", *QUERY_COLUMNS)
# Few distinct values among many rows: one code per row instead of one string object.
CATEGORY_COLUMNS = ("event_type", "date_precision", "department", "commune", "review",
                    "place_name")
DATE_COLUMNS = ("event_date", "article_date")
# Names the frame's columns and types, so a snapshot saved by code with another frame layout
# is never read (bump the number when a column's type changes).
FRAME_FORMAT = f"1:{','.join(LOAD_COLUMNS)}:{','.join(CATEGORY_COLUMNS)}"


def text_column(values: Iterable, name: str) -> pd.Series:
    """Text as a categorical (CATEGORY_COLUMNS) or Arrow-backed str column."""
    # through Arrow: ~20x faster than pandas converting the Python list itself
    series = pd.Series(pd.array(pa.array(values, pa.large_string()), dtype="str"))
    return series.astype("category") if name in CATEGORY_COLUMNS else series


def typed_frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """Table rows as a typed frame, converted column by column."""
    cols: Iterable = zip(*rows, strict=True) if rows else [()] * len(columns)
    data: dict[str, Any] = {}
    for name, values in zip(columns, cols, strict=True):
        if name in DATE_COLUMNS:
            data[name] = pd.to_datetime(pd.Series(values, dtype=object),
                                        format="%Y-%m-%d").astype("datetime64[us]")
        elif name in INT_COLUMNS:
            data[name] = pd.array(values, dtype="Int64")
        elif name in ("lat", "lon"):
            data[name] = pd.Series(values, dtype="float64")
        elif name in ("n_sources", "rowid"):
            data[name] = pd.Series(values, dtype="int64")
        elif name == "sources":
            # one JSON document for the column: one parser call instead of one a row
            parsed = json.loads(f"[{','.join(values)}]")
            data[name] = pd.Series([tuple(v) for v in parsed], dtype=object)
        else:
            data[name] = text_column(values, name)
    return pd.DataFrame(data, columns=list(columns))


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of typed_frame stacked, categoricals kept categorical (union of categories)."""
    parts = [p for p in parts if len(p)] or parts[:1]
    if len(parts) == 1:
        return parts[0]
    for name in CATEGORY_COLUMNS:
        if name in parts[0]:
            cats = pd.api.types.union_categoricals([p[name] for p in parts]).categories
            parts = [p.assign(**{name: p[name].cat.set_categories(cats)}) for p in parts]
    return pd.concat(parts, ignore_index=True)


class FrameCache:
    """Every incident as one frame, plus the order and rowid index a query needs."""

    def __init__(self) -> None:
        self.frame: pd.DataFrame | None = None
        self.version: int | None = None  # PRAGMA data_version when loaded
        self._position = np.empty(0, dtype=np.int64)  # rowid -> position (-1: none)

    def install(self, frame: pd.DataFrame, version: int, ordered: bool = False) -> None:
        """Keep ``frame`` sorted by (event_date, rowid): the order every query returns
        (``ordered``: it already is)."""
        if not ordered:
            rowid = frame["rowid"].to_numpy()
            day = frame["event_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
            frame = frame.take(np.lexsort((rowid, day))).reset_index(drop=True)
        self.frame = frame
        self.version = version
        rowid = self.frame["rowid"].to_numpy()
        self._position = np.full(int(rowid.max()) + 1 if len(rowid) else 0, -1, dtype=np.int64)
        self._position[rowid] = np.arange(len(rowid))

    def patch(self, ids: set[str], rows: pd.DataFrame) -> None:
        """Drop the incidents ``ids`` and add ``rows`` (what the table now holds of them).

        Rows that keep their rowid and date (a review) are overwritten where they are;
        anything else rebuilds the frame in order."""
        assert self.frame is not None and self.version is not None
        try:
            if self._overwrite(ids, rows):
                return
        except ValueError:  # read-only arrays (mapped from the snapshot): copy once, retry
            self.frame = self.frame.copy()
            if self._overwrite(ids, rows):
                return
        keep = self.frame[~self.frame["id"].isin(ids)]
        self.install(concat([keep, rows]), self.version)

    def _overwrite(self, ids: set[str], rows: pd.DataFrame) -> bool:
        frame = self.frame
        assert frame is not None
        rowid = rows["rowid"].to_numpy()
        if len(rows) != len(ids) or len(rows) == 0 or rowid.max() >= len(self._position):
            return False
        where = self._position[rowid]
        if (where < 0).any() or set(frame["id"].iloc[where]) != ids or set(rows["id"]) != ids \
                or not (frame["event_date"].iloc[where].to_numpy()
                        == rows["event_date"].to_numpy()).all():
            return False
        for name in frame.columns:
            new = rows[name]
            if name in CATEGORY_COLUMNS:
                extra = new.dropna()[~new.dropna().isin(frame[name].cat.categories)].unique()
                if len(extra):
                    frame[name] = frame[name].cat.add_categories(extra)
                new = new.astype(object)
            frame.iloc[where, frame.columns.get_loc(name)] = new.to_numpy(dtype=object) \
                if name in ("sources", *CATEGORY_COLUMNS) else new.array
        return True

    def take(self, rowids: np.ndarray | None) -> pd.DataFrame:
        """The rows with these rowids (None: all), in order, as QUERY_COLUMNS. pandas
        copies on write, so a caller changing the result never changes this copy."""
        assert self.frame is not None
        if rowids is None:
            return plain(self.frame[list(QUERY_COLUMNS)])
        positions = np.sort(self._position[rowids])
        return plain(self.frame.take(positions)[list(QUERY_COLUMNS)].reset_index(drop=True))


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its categorical columns as object columns."""
    return frame.assign(**{c: frame[c].astype(object) for c in CATEGORY_COLUMNS if c in frame})
