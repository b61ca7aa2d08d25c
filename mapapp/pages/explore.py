"""Explore: the caption, the time-slider map, downloads, the table with sources, the charts."""
from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from incidents.filters import Filters, caption, to_params
from mapapp import data
from mapapp.mapview import area_groups, base_map, incident_groups
from mapapp.style import LAYER_BY_KEY, chart_colours
from mapapp.summaries import TABLE_ROWS, incidents_phrase, md_literal
from mapapp.timing import stage
from mapapp.viewport import MAP_HEIGHT

MAP_HELP = ("Hollow symbols: the place is known only to its commune or department (hover to "
            "see the area). Numbered circles hold several incidents: click to zoom in or fan "
            "them out. The panel at the foot of the map plays the incidents day by day, "
            "everything up to a day or only the last 1, 7 or 30 days; a site shows who held it "
            "that day. Click a symbol, or a row of the table, for its sources.")
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
    from incidents.formats import EXPORTS, export_name

    cols = st.columns(len(EXPORTS))
    params = to_params(filters)
    for col, (key, label, _ext, mime, fn) in zip(cols, EXPORTS, strict=True):
        col.download_button(f"⬇ {label}", data=partial(data.export_bytes, path, fn, params),
                            file_name=export_name(key, filters), mime=mime,
                            key=f"download_{key}", on_click="ignore", width="stretch")


def weekly_bars(bars: pd.DataFrame, y_title: str, color: str | None = None,
                colours: dict[str, Any] | None = None) -> None:
    """Stacked bars per week from summaries.bars (week, series, value), coloured as on the
    map (``colours``: mapapp.style.chart_colours). Axis dates carry their year. A Vega-Lite
    spec of our own: st.bar_chart would import altair, 0.4 s of a first page load. Drawn on
    a canvas: an SVG element per bar made a two-year chart 1,500 nodes of the page."""
    days = (bars["week"].max() - bars["week"].min()).days if len(bars) else 0
    encoding: dict[str, Any] = {
        "x": {"field": "week", "type": "temporal", "title": "week",
              "axis": {"grid": False, "format": "%-d %b %Y" if days < 120 else "%b %Y",
                       "labelOverlap": True},
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
        if colours:
            encoding["color"]["scale"] = colours
    mark = {"type": "bar", "color": color} if color else {"type": "bar"}
    spec = {"mark": mark, "encoding": encoding,
            "usermeta": {"embedOptions": {"renderer": "canvas"}}}  # read by vega-embed
    st.vega_lite_chart(bars, spec, height=300, width="stretch")


MAP_MODES = {"incidents": "Incidents", "areas": "Counts per area"}


def selected_incident(shown: pd.DataFrame) -> str | None:
    """The id of the table row the user clicked (the table widget's state), or None."""
    state = st.session_state.get("incident_table")
    rows = state.get("selection", {}).get("rows", []) if state else []
    if rows and rows[0] < len(shown):
        return str(shown.iloc[rows[0]]["id"])
    return None


def in_view(rows: pd.DataFrame, bounds: dict[str, Any] | None) -> pd.DataFrame:
    """The rows inside the map's current view (st_folium's bounds), all rows without one."""
    try:
        south, west = bounds["_southWest"]["lat"], bounds["_southWest"]["lng"]
        north, east = bounds["_northEast"]["lat"], bounds["_northEast"]["lng"]
    except (TypeError, KeyError):
        return rows
    inside = rows["lat"].between(south, north) & rows["lon"].between(west, east)
    return rows[inside.fillna(False).astype(bool)]


def incident_map(path: str, rev: tuple[int, ...], filters: Filters, tiles: bool,
                 focus: str | None, want_bounds: bool) -> dict[str, Any] | None:
    """The map (incidents, or counts per area) above its mode switches; the map's view
    bounds when ``want_bounds`` (the table follows the view: a rerun on every pan)."""
    params = to_params(filters)
    left, right = st.columns([2, 3])
    mode = left.segmented_control("Map shows", list(MAP_MODES), format_func=MAP_MODES.get,
                                  key="map_mode", default="incidents", required=True)
    # The base map opens on all the incidents and stays put while the filters change: only
    # the incident layer is swapped (feature_group_to_add), keeping the user's pan and zoom.
    centre, zoom = data.opening_view(path, rev)
    if mode == "areas":
        from mapapp.areas import MEASURES

        measure = right.segmented_control("Count", list(MEASURES), key="area_measure",
                                          format_func=lambda k: MEASURES[k].label,
                                          default="incidents", required=True)
        collection, legend = data.area_layer(path, rev, params, measure)
        groups = area_groups(collection, legend)
    else:
        with stage("map payload"):
            payload = data.map_payload(path, rev, params)
        for note in payload.notes:
            st.info(note)
        groups = incident_groups(payload, focus=focus, url=data.layers_url(payload))
    with stage("map"):
        m = base_map(data.outlines(), tiles=tiles, centre=centre, zoom=zoom)
        # render=False: st_folium renders the map itself anyway; rendering the whole figure
        # first as well doubled its cost and changed nothing it sends.
        out = st_folium(m, key="incident_map", height=MAP_HEIGHT, use_container_width=True,
                        returned_objects=["bounds"] if want_bounds else [],
                        feature_group_to_add=groups, render=False)
    return (out or {}).get("bounds") if want_bounds else None


def render(path: str, rev: tuple[int, ...], filters: Filters, tiles: bool) -> None:
    params = to_params(filters)
    n = data.count(path, rev, params)
    st.caption(md_literal(caption(filters, n)), help="What the map, table and downloads hold.")
    shown = data.table(path, rev, params) if n else None
    want_bounds = bool(st.session_state.get("table_in_view"))
    if want_bounds and shown is not None:
        shown = in_view(shown, st.session_state.get("_map_bounds"))
    focus = selected_incident(shown) if shown is not None else None
    bounds = incident_map(path, rev, filters, tiles, focus, want_bounds)
    if want_bounds and bounds != st.session_state.get("_map_bounds"):
        st.session_state["_map_bounds"] = bounds
        st.rerun()  # the table follows the view the map reports
    st.caption(MAP_HELP)
    if not n or shown is None:
        st.info("No incidents match these filters. Widen them, or add articles.")
        return
    with stage("downloads"):
        downloads(path, filters)
    st.subheader("Incidents")
    st.toggle("Only what the map shows", key="table_in_view",
              help="List only the incidents inside the map's current view.")
    if n > TABLE_ROWS:
        st.caption(f"The {TABLE_ROWS:,} most recent of {n:,}; the downloads hold them all.")
    elif want_bounds:
        st.caption(f"{incidents_phrase(len(shown))} in the map's view.")
    with stage("table"):
        st.dataframe(shown[[c for c in TABLE_COLUMNS if c in shown.columns]], hide_index=True,
                     column_config=TABLE_COLUMNS, placeholder="", key="incident_table",
                     on_select="rerun", selection_mode="single-row")
    st.caption("Click a row's left edge to show it on the map.")
    with stage("charts"):
        weekly, displaced = data.chart_data(path, rev, params)
        left, right = st.columns(2)
        with left:
            st.subheader("Incidents per week")
            weekly_bars(weekly, "incidents",
                        colours=chart_colours(list(dict.fromkeys(weekly["series"]))))
        with right:
            st.subheader("People displaced")
            if displaced.empty:
                st.caption("No displacement figures in the filtered incidents.")
            else:
                weekly_bars(displaced, "people", color=LAYER_BY_KEY["displacement"].color)
