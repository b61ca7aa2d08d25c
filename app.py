"""Haiti incident map: `streamlit run app.py`.

On a fresh checkout the first run creates the store (env HAITI_MAP_DB, default
data/incidents.db) and ingests the sample articles in data/articles/.
"""
from __future__ import annotations

import streamlit as st

from mapapp.timing import stage

with stage("imports"):
    from mapapp import data
    from mapapp.failsafe import failsafe
    from mapapp.pages import add, explore, review, sites
    from mapapp.sidebar import VIEW_PARAM, filter_sidebar, sync_url, tiles_toggle

VIEWS = {"explore": ":material/map: Map", "sites": ":material/flag: Sites",
         "review": ":material/fact_check: Review", "add": ":material/note_add: Add articles"}

# Less blank space above the caption and the sidebar title, so a laptop screen shows the
# whole map. While a script runs, the corner says "Running…" in still text: the animated
# running-man icon and the header's decoration bar repainted for the whole run, which
# doubled a waiting page's CPU (0.06 -> 0.03 CPU s per s, measured in headless Chromium)
# and, with many sessions on one machine, slowed every response further.
PAGE_CSS = """
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0; }
[data-testid="stStatusWidgetRunningIcon"], [data-testid="stDecoration"] { display: none; }
[data-testid="stStatusWidget"] { display: flex; align-items: center; }
[data-testid="stStatusWidget"]::before { content: "Running…"; margin-right: 0.5rem;
  font-size: 0.875rem; opacity: 0.6; }
"""

# A local icon: an emoji or material icon would be fetched from a font CDN.
st.set_page_config(page_title="Haiti incident map", layout="wide",
                   page_icon=str(data.ROOT / "static" / "favicon.png"))
st.html(f"<style>{PAGE_CSS}</style>")

path = data.store_path()
with stage("open store, seed if new"):
    seeded = data.seed_if_new(path)
if seeded:
    st.toast(f"Created the store and read {len(seeded)} sample articles "
             f"({seeded.n_incidents} incidents).")
rev = data.revision(path)

if "view" not in st.session_state:
    wanted = st.query_params.get(VIEW_PARAM, "explore")
    st.session_state["view"] = wanted if wanted in VIEWS else "explore"
st.sidebar.title("Haiti incident map")
view = st.sidebar.segmented_control("View", list(VIEWS), format_func=VIEWS.__getitem__,
                                    key="view", required=True, label_visibility="collapsed")
with stage("sidebar"):
    filters = filter_sidebar(data.options(str(path), rev))
tiles = tiles_toggle()
sync_url(filters, view, tiles)

with failsafe(VIEWS[view].split(" ", 1)[1].lower() + " page"):
    if view == "review":
        review.render(str(path), rev, filters)
    elif view == "sites":
        sites.render(str(path), rev, filters, tiles)
    elif view == "add":
        add.render(str(path))
    else:
        explore.render(str(path), rev, filters, tiles)
