"""The sidebar filters: widgets <-> :class:`Filters` <-> URL query parameters.

The URL is read once per session (so a shared link opens the same view) and rewritten after
every change, so the address bar always holds the current filters.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from incidents.filters import (
    FILTERS,
    PRECISION_WORDS,
    REVIEW_STATES,
    Filters,
    from_params,
    to_params,
)
from incidents.taxonomy import EVENT_TYPE_KEYS, LABELS

HELP = {spec.key: spec.help for spec in FILTERS}
LABEL = {spec.key: spec.label for spec in FILTERS}
# 0 stands for "any" (a selectbox shows None as "Choose an option").
PRECISION_CHOICES: dict[int, str] = {0: PRECISION_WORDS[3], 1: PRECISION_WORDS[1],
                                     2: PRECISION_WORDS[2]}
# One date format where users type dates (Streamlit's date inputs offer only numeric ones);
# dates shown anywhere else read "18 Nov 2024" (payload.fmt_day, the table, the slider).
DATE_INPUT_FORMAT = "DD/MM/YYYY"
DATE_SHOWN_FORMAT = "D MMM YYYY"
# Keys of the app's own URL parameters, beside the filters.
VIEW_PARAM, TILES_PARAM = "view", "tiles"


def date_bounds(options: dict[str, Any]) -> tuple[date, date] | None:
    """The store's first and last event dates (None while it is empty)."""
    lo, hi = options.get("min_date"), options.get("max_date")
    return (lo, hi) if lo and hi and lo <= hi else None


def _clip(d: date, lo: date, hi: date) -> date:
    return min(max(d, lo), hi)


def _init_from_url(bounds: tuple[date, date] | None, options: dict[str, Any]) -> None:
    """Put the URL's filters into the widgets, once per session."""
    if st.session_state.get("_filters_ready"):
        return
    st.session_state["_filters_ready"] = True
    f = from_params(st.query_params.to_dict())
    if bounds:
        lo, hi = bounds
        start = _clip(f.date_from or lo, lo, hi)
        end = _clip(f.date_to or hi, lo, hi)
        start, end = min(start, end), max(start, end)
        st.session_state.update(f_range=(start, end), f_from=start, f_to=end)
    known = {
        "f_types": (f.event_types, EVENT_TYPE_KEYS),
        "f_departments": (f.departments, options.get("departments") or ()),
        "f_communes": (f.communes, options.get("communes") or ()),
        "f_actors": (f.actors, options.get("actors") or ()),
        "f_review": (f.review, REVIEW_STATES),
    }
    for key, (values, allowed) in known.items():
        st.session_state[key] = [v for v in values if v in set(allowed)]
    st.session_state["f_precision"] = (f.max_geo_precision
                                       if f.max_geo_precision in PRECISION_CHOICES else 0)
    st.session_state["f_text"] = f.text
    st.session_state["f_tiles"] = st.query_params.get(TILES_PARAM) == "osm"


def _slider_moved() -> None:
    st.session_state["f_from"], st.session_state["f_to"] = st.session_state["f_range"]


def _dates_typed() -> None:
    a, b = st.session_state.get("f_from"), st.session_state.get("f_to")
    if a and b:
        st.session_state["f_range"] = (min(a, b), max(a, b))


def filter_sidebar(options: dict[str, Any]) -> Filters:
    """Draw the filter widgets in the sidebar and return what they select."""
    bounds = date_bounds(options)
    _init_from_url(bounds, options)
    sb = st.sidebar
    date_from = date_to = None
    if bounds and bounds[0] < bounds[1]:
        lo, hi = bounds
        start, end = st.session_state.get("f_range") or (lo, hi)
        start, end = _clip(start, lo, hi), _clip(end, lo, hi)
        if st.session_state.get("f_range") != (start, end):  # new data moved the bounds
            st.session_state.update(f_range=(start, end), f_from=start, f_to=end)
        sb.slider("Dates", min_value=lo, max_value=hi, key="f_range", format=DATE_SHOWN_FORMAT,
                  on_change=_slider_moved, help="Event dates shown (inclusive).")
        sb.date_input(LABEL["date_from"], min_value=lo, max_value=hi, key="f_from",
                      on_change=_dates_typed, help=HELP["date_from"], format=DATE_INPUT_FORMAT)
        sb.date_input(LABEL["date_to"], min_value=lo, max_value=hi, key="f_to",
                      on_change=_dates_typed, help=HELP["date_to"], format=DATE_INPUT_FORMAT)
        start, end = st.session_state["f_range"]
        date_from = start if start > lo else None  # at the bounds: no restriction, so
        date_to = end if end < hi else None  # incidents added later still show
    sb.multiselect(LABEL["event_types"], EVENT_TYPE_KEYS, key="f_types",
                   format_func=lambda k: LABELS.get(k, k), help=HELP["event_types"])
    sb.multiselect(LABEL["departments"], list(options.get("departments") or ()),
                   key="f_departments", help=HELP["departments"])
    sb.multiselect(LABEL["communes"], list(options.get("communes") or ()), key="f_communes",
                   help=HELP["communes"])
    sb.multiselect(LABEL["actors"], list(options.get("actors") or ()), key="f_actors",
                   help=HELP["actors"])
    sb.selectbox(LABEL["max_geo_precision"], list(PRECISION_CHOICES), key="f_precision",
                 format_func=PRECISION_CHOICES.__getitem__, help=HELP["max_geo_precision"])
    sb.multiselect(LABEL["review"], REVIEW_STATES, key="f_review", help=HELP["review"])
    sb.text_input(LABEL["text"], key="f_text", help=HELP["text"])
    s = st.session_state
    return Filters(date_from=date_from, date_to=date_to, event_types=tuple(s["f_types"]),
                   departments=tuple(s["f_departments"]), communes=tuple(s["f_communes"]),
                   actors=tuple(s["f_actors"]), max_geo_precision=s["f_precision"] or None,
                   review=tuple(s["f_review"]), text=s["f_text"].strip())


def tiles_toggle() -> bool:
    return st.sidebar.toggle("OpenStreetMap background", key="f_tiles",
                             help="Loads map tiles from openstreetmap.org: needs internet. "
                                  "Off, the map uses only the outlines bundled with the app.")


def sync_url(filters: Filters, view: str, tiles: bool) -> None:
    """Write the current view into the URL (only when it changed: no needless reruns)."""
    params = to_params(filters)
    if view:
        params[VIEW_PARAM] = view
    if tiles:
        params[TILES_PARAM] = "osm"
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
