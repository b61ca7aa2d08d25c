"""Map payload: the time to build what the app sends to the browser, and its size, vs the
per-marker folium approach (a MarkerCluster of folium.Marker objects, as most folium
examples do), on the same incidents.

Incidents are what the app gets: the query result of a synthetic store, sampled to size.
"Ours" is the app's own map-building code (mapapp); the per-marker map is rendered to HTML,
which is what st_folium would ship.
"""
from __future__ import annotations

import pandas as pd

from bench.measure import one_core, row, timed

SECTION = "map"
TARGET_S = 1.0
TARGET_MB = 10.0
TARGET_RATIO = 20.0
CENTRE = (18.9, -72.6)
MARKER_BUDGET_S = 15.0  # per-marker maps take seconds each: fewer runs once this is spent


def query_all(pool: int) -> pd.DataFrame:
    """What the app gets for a synthetic store of ``pool`` incidents (bench.stores)."""
    from bench.stores import synthetic_store
    from incidents.store import open_store

    store = open_store(synthetic_store(pool).path)
    try:
        return store.query()
    finally:
        store.close()


def visible(everything: pd.DataFrame, n: int) -> pd.DataFrame:
    """n of the incidents drawn at random (seeded), kept in query order."""
    if n >= len(everything):
        return everything
    return everything.sample(n, random_state=0).sort_index().reset_index(drop=True)


def per_marker(df: pd.DataFrame) -> str:
    """The usual folium way: one Marker with a popup per incident, in a MarkerCluster."""
    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=CENTRE, zoom_start=8, tiles=None)
    cluster = MarkerCluster().add_to(m)
    for r in df.itertuples(index=False):
        popup = f"{r.event_type} {r.event_date:%Y-%m-%d} {r.place_name or r.place}"
        folium.Marker([r.lat, r.lon], popup=popup).add_to(cluster)
    return m.get_root().render()


def ours(df: pd.DataFrame) -> str:
    """What the app sends to the browser for these incidents, built by the app's own code:
    mapapp.payload.build (as mapapp.data.map_payload calls it), then the folium map of
    mapapp.mapview rendered to HTML (outlines loaded once and cached, as in the app)."""
    from mapapp import mapview, payload

    return mapview.browser_payload(payload.build(df))


def baseline_mb(everything: pd.DataFrame) -> float:
    """Size of the same map with no incident: the outlines, legend and scripts."""
    return len(ours(everything.head(0)).encode()) / 1e6


def run(sizes=(1000, 10_000, 100_000), marker_sizes=(1000, 10_000), repeat: int = 3) -> list[dict]:
    rows, ours_s, marker_s = [], {}, {}
    everything = query_all(max(max(sizes), max(marker_sizes)))
    base = baseline_mb(everything)
    for n in sorted(set(sizes) | set(marker_sizes)):
        df = visible(everything, n)
        with one_core():
            if n in sizes:
                secs, runs, out = timed(lambda df=df: ours(df), repeat=repeat, warmup=1)
                ours_s[n] = secs
                mb = len(out.encode()) / 1e6
                big = n >= 100_000
                rows += [
                    row(SECTION, "ours: payload build", secs, "s", size=len(df), runs=runs,
                        target=f"< {TARGET_S:g} s" if big else "",
                        ok=secs < TARGET_S if big else None),
                    row(SECTION, "ours: payload size", mb, "MB", size=len(df),
                        target=f"< {TARGET_MB:g} MB" if big else "",
                        ok=mb < TARGET_MB if big else None,
                        note=f"of which {base:.2f} MB outlines, legend and scripts (any size)"),
                ]
            if n in marker_sizes:
                secs, runs, html = timed(lambda df=df: per_marker(df), repeat=repeat,
                                         budget_s=MARKER_BUDGET_S)
                marker_s[n] = secs
                rows += [
                    row(SECTION, "per-marker folium: MarkerCluster of Markers to HTML", secs,
                        "s", size=len(df), runs=runs),
                    row(SECTION, "per-marker folium: HTML size", len(html.encode()) / 1e6, "MB",
                        size=len(df)),
                ]
    for n in sorted(set(ours_s) & set(marker_s)):
        ratio = marker_s[n] / ours_s[n]
        held = n >= 10_000
        rows.append(row(SECTION, "ratio per-marker/ours build time", ratio, "x", size=n,
                        target=f">= {TARGET_RATIO:g}x" if held else "",
                        ok=ratio >= TARGET_RATIO if held else None))
    return rows
