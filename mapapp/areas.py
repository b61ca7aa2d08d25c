"""Counts per area, the view analysts know from ACLED's and OCHA's maps: incidents, killed or
displaced per commune, and per communal section in the communes of Port-au-Prince, over the
filtered period. Pure functions (pandas, shapely): the filtered incidents -> a GeoJSON
FeatureCollection whose areas carry their fill colour and tooltip, and the legend's HTML.

Honest about precision: an incident known only to its department is counted in no area (the
legend says how many); in Port-au-Prince's communes, one known only to its commune (or placed
at the commune itself) is counted in no section but named in each section's tooltip.
"""
from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import shapely

from mapapp.outlines import DATA_DIR
from mapapp.summaries import plural


class Measure(NamedTuple):
    key: str
    label: str  # "Incidents"
    column: str | None  # summed per area; None counts incidents
    word: str  # "incident": plural() makes "12 incidents"
    words: str | None = None


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("incidents", "Incidents", None, "incident"),
    Measure("killed", "Killed", "killed", "person killed", "people killed"),
    Measure("displaced", "Displaced", "displaced", "person displaced", "people displaced"),
)}
# The communes of the Port-au-Prince arrondissement (CNIGS codes): shown by communal section.
SPLIT_COMMUNES = ("HT0111", "HT0112", "HT0113", "HT0114", "HT0115", "HT0116", "HT0117", "HT0118")
# Five classes, light to dark (ColorBrewer YlOrRd); an area with nothing stays unfilled.
COLOURS = ("#fed976", "#feb24c", "#fd8d3c", "#e31a1c", "#800026")
_COMMUNE_ROW = re.compile(r"^adm2-[^~]*$")  # a gazetteer id of a commune itself


class Areas(NamedTuple):
    features: list[dict[str, Any]]  # GeoJSON features, properties: key, name, commune
    tree: shapely.STRtree  # of the section features (the split communes only)
    sections: list[int]  # index in features of each tree geometry


@cache
def load_areas(data_dir: Path = DATA_DIR) -> Areas:
    """Communes, with the split communes replaced by their sections (CNIGS 2018)."""
    communes = json.loads((data_dir / "hti_communes.geojson").read_text(encoding="utf-8"))
    sections = json.loads((data_dir / "hti_sections.geojson").read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = []
    for f in communes["features"]:
        p = f["properties"]
        if p["ADM2_PCODE"] not in SPLIT_COMMUNES:
            features.append({"type": "Feature", "geometry": f["geometry"], "properties": {
                "key": p["ADM2_PCODE"], "name": p["ADM2_FR"], "commune": p["ADM2_FR"]}})
    split = []
    for f in sections["features"]:
        p = f["properties"]
        if p["ADM2_PCODE"] in SPLIT_COMMUNES:
            split.append(len(features))
            features.append({"type": "Feature", "geometry": f["geometry"], "properties": {
                "key": p["ADM3_PCODE"], "name": f"{p['ADM2_FR']}: {p['ADM3_FR']}",
                "commune": p["ADM2_FR"]}})
    tree = shapely.STRtree([shapely.geometry.shape(features[i]["geometry"]) for i in split])
    return Areas(features, tree, split)


def assign(incidents: pd.DataFrame, areas: Areas) -> pd.Series:
    """The area key of each incident (index as ``incidents``); NA when it is known only to
    its department, or only to a split commune (then see ``commune_only``)."""
    key_of_commune = {f["properties"]["commune"]: f["properties"]["key"]
                      for f in areas.features if len(f["properties"]["key"]) == 6}
    split_names = {areas.features[i]["properties"]["commune"] for i in areas.sections}
    out = pd.Series(pd.NA, index=incidents.index, dtype="object")
    precision = incidents["geo_precision"].fillna(3).astype(int)
    commune = incidents["commune"].astype(object).where(incidents["commune"].notna(), "")
    whole = precision.le(2) & commune.isin(key_of_commune.keys())
    out[whole] = commune[whole].map(key_of_commune)
    place = incidents["place_id"].astype(object).where(incidents["place_id"].notna(), "")
    exact = (precision.eq(1) & commune.isin(split_names) & ~place.str.match(_COMMUNE_ROW)
             & incidents["lat"].notna())
    if exact.any():
        rows = incidents[exact]
        # shapely: x = lon, y = lat
        points = shapely.points(rows["lon"].to_numpy(float), rows["lat"].to_numpy(float))
        idx = areas.tree.query_nearest(points, all_matches=False)
        found = np.full(len(rows), -1)
        found[idx[0]] = idx[1]
        keys = [areas.features[areas.sections[j]]["properties"]["key"] if j >= 0 else pd.NA
                for j in found]
        out[rows.index] = keys
    return out


def colour_breaks(values: list[float]) -> list[int]:
    """Up to five lower bounds of the colour classes, from the areas' non-zero values."""
    nonzero = sorted(v for v in values if v > 0)
    if not nonzero:
        return []
    qs = np.quantile(nonzero, [0, 0.3, 0.55, 0.75, 0.9])
    return sorted({max(1, round(float(q))) for q in qs})


def colour(value: float, breaks: list[int]) -> str | None:
    if value <= 0 or not breaks:
        return None
    i = sum(1 for b in breaks if value >= b) - 1
    return COLOURS[round(i * (len(COLOURS) - 1) / max(1, len(breaks) - 1))]


def choropleth(incidents: pd.DataFrame, measure: str, period: str,
               areas: Areas | None = None) -> tuple[dict[str, Any], str]:
    """(FeatureCollection of the areas with fill and tooltip, legend HTML)."""
    areas = areas or load_areas()
    spec = MEASURES[measure]
    key = assign(incidents, areas)
    values = (incidents.groupby(key).size() if spec.column is None
              else incidents[spec.column].fillna(0).astype(float).groupby(key).sum())
    counts = incidents.groupby(key).size()
    figures = {k: incidents[k].fillna(0).astype(float).groupby(key).sum()
               for k in ("killed", "displaced")}
    split_names = {areas.features[i]["properties"]["commune"] for i in areas.sections}
    loose = incidents[key.isna() & incidents["commune"].isin(split_names)]
    loose_by_commune = loose.groupby("commune").size()
    breaks = colour_breaks(list(values.to_numpy(float)))
    features = []
    for f in areas.features:
        p = f["properties"]
        k = p["key"]
        v = float(values.get(k, 0))
        parts = [plural(int(counts.get(k, 0)), "incident")]
        parts += [plural(int(figures["killed"].get(k, 0)), "person killed", "people killed"),
                  plural(int(figures["displaced"].get(k, 0)), "person displaced",
                         "people displaced")]
        tip = f"<b>{escape(p['name'])}</b><br>" + " · ".join(parts)
        if k not in set(counts.index) and v == 0:
            tip = f"<b>{escape(p['name'])}</b><br>none"
        if (extra := int(loose_by_commune.get(p["commune"], 0))) and len(k) > 6:
            tip += (f"<br><i>and {plural(extra, 'incident')} known only to the commune of "
                    f"{escape(p['commune'])}</i>")
        features.append({"type": "Feature", "geometry": f["geometry"],
                         "properties": {"fill": colour(v, breaks), "tip": tip}})
    uncounted = int(key.isna().sum()) - len(loose)
    return ({"type": "FeatureCollection", "features": features},
            legend_html(spec, breaks, period, uncounted, len(loose)))


def legend_html(spec: Measure, breaks: list[int], period: str, department_only: int,
                commune_only: int) -> str:
    """Our own legend (no branca colormap: it would fetch d3 from a CDN inside st_folium)."""
    rows = [f"<b>{escape(spec.label)} per commune</b> (per communal section in "
            f"Port-au-Prince's communes), {escape(period)}"]
    for i, lo in enumerate(breaks):
        hi = breaks[i + 1] - 1 if i + 1 < len(breaks) else None
        span = f"{lo:,}" if hi == lo else f"{lo:,}–{hi:,}" if hi else f"{lo:,} or more"
        rows.append(f'<div><i style="background:{colour(lo, breaks)}"></i>{span}</div>')
    rows.append('<div><i style="background:none"></i>none</div>')
    if department_only:
        rows.append(f"<div>Not counted: {plural(department_only, 'incident')} known only to "
                    f"their department.</div>")
    if commune_only:
        rows.append(f"<div>{plural(commune_only, 'incident')} known only to a commune of "
                    f"Port-au-Prince: in the sections' tooltips.</div>")
    if not breaks:
        rows.append("<div>Nothing to count in the filtered incidents.</div>")
    return "".join(rows)
