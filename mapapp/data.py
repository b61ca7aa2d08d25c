"""Where the app gets its data: one store per file, cached queries keyed by the store's
revision (the app's own writes show at the next rerun, others' within REFRESH_S), the
outlines, first-run seeding.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from errors import StoreError
from incidents.filters import from_params
from incidents.store import default_store_path, is_postgres, open_store
from mapapp import payload, summaries
from mapapp.assets import published_layers, published_outlines
from mapapp.outlines import load_outlines, outline_files
from mapapp.style import AGGREGATE_ABOVE
from mapapp.summaries import md_literal
from mapapp.viewport import HAITI_BOUNDS, frame_bounds, start_view

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# Sample articles ingested on the first run; HAITI_MAP_SAMPLES="" turns seeding off.
SAMPLES_ENV = "HAITI_MAP_SAMPLES"


def store_path() -> Path | str:
    """The store file, or the postgresql:// URL of a team's store ($HAITI_MAP_DB)."""
    return default_store_path()


def samples_dir() -> Path | None:
    value = os.environ.get(SAMPLES_ENV)
    if value == "":
        return None
    return Path(value) if value else DATA_DIR / "articles"


@st.cache_resource(show_spinner=False, max_entries=4)
def store(path: str) -> Any:
    """One store per file for the whole server: it is thread-safe, keeps an in-memory copy
    of the incidents (a filtered query only takes rows), and loads the gazetteer only when
    a write needs it."""
    return open_store(path)


@contextmanager
def writer(path: str) -> Iterator[Any]:
    """A store connection of its own for one write (an upload). The shared store's lock is
    then never held while the write waits for SQLite's write lock (a CLI ingest or import
    may hold it for a while): every session keeps reading meanwhile.

    The connection loads its copy of the incidents first (from the snapshot file, when it is
    current: fast), so after the write it re-reads only the incidents it rewrote and saves
    the new snapshot; the shared store then reloads once, from that file, instead of
    converting every row of SQLite while sessions wait."""
    try:
        with open_store(path) as own:
            own.query()
            yield own
    finally:
        wrote(path)


def _store_stamp(path: Path | str) -> tuple[int, ...]:
    if is_postgres(path):
        return (store(str(path)).revision(),)
    stamp: list[int] = []
    for p in (Path(path), Path(f"{path}-wal")):
        try:
            st_ = p.stat()
            stamp += [st_.st_mtime_ns, st_.st_size]
        except FileNotFoundError:
            stamp += [0, 0]
    return tuple(stamp)


# How soon another process's writes show: a CLI ingest commits article by article, and each
# commit made every session's next rerun rebuild its map, table and charts (20 sessions:
# p95 from 1.2 s to 5 s). The app's own writes show at once (``wrote``).
REFRESH_S = float(os.environ.get("HAITI_MAP_REFRESH_S", "5"))
_adopted: dict[str, tuple[tuple[int, ...], float]] = {}  # path -> (revision, when adopted)


def revision(path: Path | str, now: float | None = None) -> tuple[int, ...]:
    """The store's revision as the app's caches see it (a cache key): it moves when the store
    file (or its write-ahead log) is written, or a team store's write generation moves; but
    at most once per REFRESH_S for writes made elsewhere. A write after a quiet spell shows
    at once; during a long CLI ingest, sessions see it in steps of REFRESH_S."""
    key, now = str(path), time.monotonic() if now is None else now
    held = _adopted.get(key)
    if held is not None and now - held[1] < REFRESH_S:
        return held[0]
    stamp = _store_stamp(path)
    if held is None or stamp != held[0]:
        _adopted[key] = (stamp, now)
    return stamp


def wrote(path: Path | str) -> None:
    """The app has just written to the store: its sessions see it at their next rerun."""
    _adopted.pop(str(path), None)


def seed_if_new(path: Path) -> Any | None:
    """On a fresh checkout the store has no articles: ingest the bundled samples once."""
    incidents = store(str(path))  # opened (created on first use) before anything reads it
    folder = samples_dir()
    # count() first: a store with incidents is not new, and counting is far cheaper than
    # listing the articles of a big store.
    if folder is None or not folder.is_dir() or incidents.count() or len(incidents.articles()):
        return None
    from incidents.extract.article import iter_articles

    with st.spinner(f"First run: reading the sample articles in {folder.name}/ …"):
        try:
            report = incidents.ingest(iter_articles([folder]))
        except StoreError as err:  # a read-only or busy store: the app still shows it
            st.warning(f"The sample articles were not added: {md_literal(err)}")
            return None
    wrote(path)
    return report


def query(path: str, params: dict[str, str]) -> pd.DataFrame:
    """The filtered incidents (``params`` = to_params(filters)). Not cached here: the store
    keeps the incidents in memory and only takes rows, faster than unpickling a copy."""
    return store(path).query(from_params(params))


@st.cache_data(show_spinner=False, max_entries=16)
def options(path: str, rev: tuple[int, ...]) -> dict[str, Any]:
    return dict(store(path).options())


@st.cache_data(show_spinner=False, max_entries=64)
def sources(path: str, rev: tuple[int, ...], ids: tuple[str, ...]) -> pd.DataFrame:
    return store(path).sources(list(ids))


# The payloads and the table are shared by every session as they are (cache_resource): no
# caller changes them, and cache_data's copy per rerun (unpickling 2,000 popups or table
# rows) was most of a cached rerun's time; the payload also keeps its JSON text.
@st.cache_resource(show_spinner=False, max_entries=16)
def map_payload(path: str, rev: tuple[int, ...], params: dict[str, str]) -> payload.MapPayload:
    incidents = query(path, params)
    src = None
    if len(incidents) <= AGGREGATE_ABOVE:
        src = sources(path, rev, tuple(incidents["id"].astype(str)))
    return payload.build(incidents, src)


def layers_url(shown: payload.MapPayload) -> str | None:
    """Where the app serves the payload's layers for the map to fetch (None: carry them
    inline). Asked on every rerun: it keeps the file in use from being pruned."""
    return published_layers(shown.layers_json, shown.digest)


@st.cache_data(show_spinner=False, max_entries=8)
def opening_view(path: str, rev: tuple[int, ...]) -> tuple[tuple[float, float], float]:
    """Centre and zoom of the base map: on all the incidents (or Haiti), whatever the filters,
    so a filter change keeps the user's view."""
    return start_view(frame_bounds(query(path, {})) or HAITI_BOUNDS)


@st.cache_data(show_spinner=False, max_entries=32)
def count(path: str, rev: tuple[int, ...], params: dict[str, str]) -> int:
    return store(path).count(from_params(params))


@st.cache_data(show_spinner=False, max_entries=16)
def area_layer(path: str, rev: tuple[int, ...], params: dict[str, str],
               measure: str) -> tuple[dict[str, Any], str]:
    """The choropleth of the filtered incidents (mapapp.areas) and its legend."""
    from mapapp.areas import choropleth

    incidents = query(path, params)
    dates = pd.to_datetime(incidents["event_date"]).dropna()
    period = (f"{payload.fmt_day(dates.min())} – {payload.fmt_day(dates.max())}"
              if len(dates) else "no dates")
    return choropleth(incidents, measure, period)


@st.cache_resource(show_spinner=False, max_entries=16)
def table(path: str, rev: tuple[int, ...], params: dict[str, str]) -> pd.DataFrame:
    """The newest filtered incidents with all their source articles, for the table."""
    rows = summaries.newest(query(path, params))
    multi = rows.loc[rows["n_sources"].fillna(1).astype(int) > 1, "id"].astype(str)
    src = sources(path, rev, tuple(multi)) if len(multi) else None
    return summaries.incident_table(rows, src)


@st.cache_resource(show_spinner=False, max_entries=32)
def chart_data(path: str, rev: tuple[int, ...],
               params: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two weekly charts' bars (summaries.bars): incidents by kind, people displaced.
    Shared, not copied, by every session (never mutated): a rerun only sends them."""
    incidents = query(path, params)
    return (summaries.bars(summaries.weekly_by_type(incidents)),
            summaries.bars(summaries.displaced_over_time(incidents)))


@st.cache_data(show_spinner=False, max_entries=8)
def unplaced(path: str, rev: tuple[int, ...]) -> pd.DataFrame:
    return store(path).unplaced()


@lru_cache(maxsize=1)
def outlines() -> dict[str, dict[str, Any] | str]:
    """The base map's outlines by key: the URL of the copy the app serves (static/), or the
    GeoJSON itself when no copy could be made."""
    files = outline_files(DATA_DIR)
    urls = published_outlines(files)
    inline = load_outlines(DATA_DIR) if len(urls) < len(files) else {}
    return {key: urls[key] if key in urls else inline[key] for key, _ in files}


def export_bytes(path: str, fn: Any, params: dict[str, str]) -> bytes:
    """One export of the filtered set, built when the user clicks its download button."""
    return fn(store(path), from_params(params))
