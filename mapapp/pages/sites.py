"""Sites: every site that changed hands, its timeline (who held it when, lost / recaptured /
attacked), its sources, and the map with the chosen site highlighted at its last event."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from incidents.filters import Filters, caption, to_params
from mapapp import data
from mapapp.mapview import base_map, incident_groups
from mapapp.payload import build, fmt_day
from mapapp.site_histories import CHANGES, Site, site_histories, timeline_frame
from mapapp.summaries import md_literal, plural
from mapapp.viewport import MAP_HEIGHT, start_view


def timeline_chart(site: Site) -> None:
    """Holding periods as bars (coloured by holder), events as symbols over them."""
    frame = timeline_frame(site)
    x = {"field": "start", "type": "temporal", "title": None,
         "axis": {"format": "%-d %b %Y", "labelOverlap": True, "grid": False}}
    tooltip = [{"field": "what", "title": "what"},
               {"field": "start", "type": "temporal", "format": "%-d %b %Y", "title": "from"}]
    spec: dict[str, Any] = {"layer": [
        {"transform": [{"filter": "datum.kind == 'held'"}],
         "mark": {"type": "bar", "height": 18, "opacity": 0.55},
         "encoding": {"x": x, "x2": {"field": "end"},
                      "color": {"field": "colour", "type": "nominal", "scale": None},
                      "tooltip": tooltip}},
        {"transform": [{"filter": "datum.kind == 'event'"}],
         "mark": {"type": "point", "shape": "diamond", "size": 160, "filled": True,
                  "stroke": "white"},
         "encoding": {"x": x, "color": {"field": "colour", "type": "nominal", "scale": None},
                      "tooltip": tooltip}},
    ]}
    st.vega_lite_chart(frame, spec, height=70, width="stretch")
    st.caption("Bars: who held the site (green: security forces, purple: gangs; before the "
               "first event, inferred). Diamonds: events, coloured as on the map.")


def event_lines(site: Site) -> str:
    """The site's events in order, each with the side holding it after, and its source."""
    lines = [f"- **{md_literal(fmt_day(e.date))}** · {md_literal(e.label)} · "
             + (f"held by {e.held_after} from then" if e.event_type in CHANGES
                else f"while held by {e.held_after}")
             + f" · _{md_literal(e.article)}_" for e in site.events]
    return "\n".join(lines)


def render(path: str, rev: tuple[int, ...], filters: Filters, tiles: bool) -> None:
    incidents = data.query(path, to_params(filters))
    sites = site_histories(incidents)
    st.caption(md_literal(caption(filters, len(incidents))))
    st.subheader("Sites that changed hands")
    if not sites:
        st.info("No site was lost or recaptured in the filtered incidents.")
        return
    by_key = {s.key: s for s in sites}
    key = st.selectbox(plural(len(sites), "site"), list(by_key),
                       format_func=lambda k: by_key[k].label, key="site_pick")
    site = by_key[key]
    st.markdown(f"**{md_literal(site.name)}** · {md_literal(site.where)} · held by "
                f"{md_literal(site.held_on(site.events[-1].date))} after its last event")
    timeline_chart(site)
    st.markdown(event_lines(site))
    with st.expander(f"Sources ({len(site.events)})"):
        for e in site.events:
            st.text(e.evidence)  # article text shown as text, never rendered
            st.caption(md_literal(f"{fmt_day(e.date)} · {e.label} · {e.article}"))
    ids = {e.id for e in site.events} | {e.id for s in sites for e in s.events}
    shown = incidents[incidents["id"].astype(str).isin(ids)]
    payload = build(shown)
    lat, lon = (site.lat, site.lon) if pd.notna(site.lat) else (18.95, -72.75)
    centre, zoom = start_view([[lat, lon], [lat, lon]])
    m = base_map(data.outlines(), tiles=tiles, centre=centre, zoom=zoom)
    st_folium(m, key="sites_map", height=MAP_HEIGHT, use_container_width=True,
              returned_objects=[], feature_group_to_add=incident_groups(
                  payload, focus=site.events[-1].id))
    st.caption("The map shows every site's events; the chosen site's last event is open. "
               "Move the slider to see who held each site on a date.")
