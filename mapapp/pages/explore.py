"""Explore: the caption, the time-slider map, downloads, the table with sources, the charts."""
from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from incidents.filters import Filters, caption, to_params
from mapapp import data
from mapapp.mapview import (
    HAITI_BOUNDS,
    MAP_HEIGHT,
    base_map,
    incident_bounds,
    incident_groups,
    layer_control,
    start_view,
)
from mapapp.style import LAYER_BY_KEY
from mapapp.summaries import TABLE_ROWS, md_literal
from mapapp.timing import stage

MAP_HELP = ("Dashed circles: the place is known only to its commune or department. Circle "
            "size: people displaced. The slider at the foot of the map plays the incidents day "
            "by day; a site that changes hands shows as lost, then recaptured. Click a symbol "
            "for its sources.")
TABLE_COLUMNS = {
    "event_date": st.column_config.DateColumn("Date", format="D MMM YYYY"),
    "type": "Type",
    "date_precision": "Date precision",
    "place": "Place (as written)",
    "place_name": "Gazetteer place",
    "commune": "Commune",
    "department": "Department",
    "geo_precision": st.column_config.NumberColumn("Geo precision",
                                                   help="1 exact, 2 near, 3 region"),
    "killed": "Killed", "injured": "Injured", "displaced": "Displaced", "officers": "Officers",
    "actors": "Actors",
    "review": "Review",
    "n_sources": "Sources",
    "articles": "Articles",
    "evidence": st.column_config.TextColumn("Evidence (first source)", width="large"),
}


def downloads(path: str, filters: Filters) -> None:
    from incidents.export import EXPORTS, export_name

    cols = st.columns(len(EXPORTS))
    params = to_params(filters)
    for col, (key, label, _ext, mime, fn) in zip(cols, EXPORTS, strict=True):
        col.download_button(f"⬇ {label}", data=partial(data.export_bytes, path, fn, params),
                            file_name=export_name(key, filters), mime=mime,
                            key=f"download_{key}", on_click="ignore", width="stretch")


def weekly_bars(frame: pd.DataFrame, y_title: str, color: str | None = None) -> None:
    """Stacked bars per week from a wide frame (index: the Monday of each week; one column
    per series). A Vega-Lite spec of our own: st.bar_chart would import altair, 0.4 s of a
    first page load."""
    long = (frame.rename_axis("week").reset_index()
            .melt("week", var_name="series", value_name="value"))
    encoding: dict[str, Any] = {
        "x": {"field": "week", "type": "temporal", "title": "week", "axis": {"grid": False},
              "scale": {"padding": 8}},  # pixels: the first and last bars are not cut
        "y": {"field": "value", "type": "quantitative", "title": y_title,
              "axis": {"tickMinStep": 1}},
        "tooltip": [{"field": "week", "type": "temporal", "title": "week of",
                     "format": "%-d %b %Y"},
                    {"field": "series", "type": "nominal", "title": "what"},
                    {"field": "value", "type": "quantitative", "title": y_title,
                     "format": ","}],
    }
    if color is None:
        encoding["color"] = {"field": "series", "type": "nominal", "title": None,
                             "legend": {"orient": "bottom", "columns": 3, "labelLimit": 180}}
    mark = {"type": "bar", "color": color} if color else {"type": "bar"}
    st.vega_lite_chart(long, {"mark": mark, "encoding": encoding}, height=300,
                       width="stretch")


def render(path: str, rev: tuple[int, ...], filters: Filters, tiles: bool) -> None:
    params = to_params(filters)
    with stage("map payload"):
        payload = data.map_payload(path, rev, params)
    n = payload.n_incidents
    st.caption(md_literal(caption(filters, n)), help="What the map, table and downloads hold.")
    for note in payload.notes:
        st.info(note)
    # The base map opens on all the incidents and stays put while the filters change: only
    # the incident layers are swapped (feature_group_to_add), keeping the user's pan and zoom.
    with stage("start view"):
        everything = data.map_payload(path, rev, {})
        centre, zoom = start_view(incident_bounds(everything) or HAITI_BOUNDS)
    with stage("map"):
        m = base_map(data.outlines(), tiles=tiles, centre=centre, zoom=zoom)
        st_folium(m, key="incident_map", height=MAP_HEIGHT, use_container_width=True,
                  returned_objects=[], feature_group_to_add=incident_groups(payload),
                  layer_control=layer_control())
    st.caption(MAP_HELP)
    if not n:
        st.info("No incidents match these filters. Widen them, or add articles.")
        return
    with stage("downloads"):
        downloads(path, filters)
    st.subheader("Incidents")
    if n > TABLE_ROWS:
        st.caption(f"The {TABLE_ROWS:,} most recent of {n:,}; the downloads hold them all.")
    with stage("table"):
        shown = data.table(path, rev, params)
        st.dataframe(shown[[c for c in TABLE_COLUMNS if c in shown.columns]], hide_index=True,
                     column_config=TABLE_COLUMNS, placeholder="", key="incident_table")
    with stage("charts"):
        weekly, displaced = data.chart_data(path, rev, params)
        left, right = st.columns(2)
        with left:
            st.subheader("Incidents per week")
            weekly_bars(weekly, "incidents")
        with right:
            st.subheader("People displaced")
            if displaced.empty:
                st.caption("No displacement figures in the filtered incidents.")
            else:
                weekly_bars(displaced, "people", color=LAYER_BY_KEY["displacement"].color)
