"""Pure functions: the filtered incidents (a DataFrame with the store's EVENT_COLUMNS) ->
one GeoJSON FeatureCollection per map layer, with escaped popups and time intervals.

Nothing here imports streamlit or folium, so the map's content is testable and benchmarkable
on its own. Every string that comes from an article is passed through :func:`html.escape`
before it reaches a popup or tooltip (Leaflet inserts them as HTML).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from incidents.model import FIGURE_KEYS
from incidents.taxonomy import LABELS
from mapapp.style import (
    AGGREGATE_ABOVE,
    AGGREGATE_CIRCLES,
    LAYER_BY_KEY,
    LAYER_OF_TYPE,
    LAYERS,
    PRECISIONS,
    RADIUS_M,
    SITE_LAYERS,
    displaced_radius_px,
)
from mapapp.summaries import plural

DAY_MS = 86_400_000
PRECISION_LABELS = {p.geo_precision: p.label for p in PRECISIONS}
MAX_SOURCES_IN_POPUP = 5
# Coarser and coarser grid cells (degrees; 0.01 is about 1 km) tried in turn until the
# aggregated map has at most AGGREGATE_CIRCLES circles.
AGGREGATE_CELLS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 180.0)


@dataclass(frozen=True)
class MapPayload:
    """What the map draws: a FeatureCollection per layer key, and the time span."""

    layers: dict[str, dict[str, Any]]
    start_ms: int | None  # first day shown by the time slider (UTC midnight, ms)
    end_ms: int | None  # the day after the last one
    n_incidents: int  # incidents in the filtered set
    n_mapped: int  # of which have coordinates
    aggregated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def n_features(self) -> int:
        return sum(len(fc["features"]) for fc in self.layers.values())

    @cached_property
    def layers_json(self) -> str:
        """The layers as compact JSON, made once per payload: the app hands the same cached
        payload to the map on every rerun of every session, and encoding 2,000 popups took
        ~25 ms each time. "</" is escaped, so no string ends the script element it goes in."""
        return json.dumps(self.layers, separators=(",", ":"),
                          ensure_ascii=False).replace("</", "<\\/")

    @cached_property
    def digest(self) -> str:
        """A name for the layers' JSON by its content (mapapp.assets.published_layers)."""
        return hashlib.sha256(self.layers_json.encode("utf-8")).hexdigest()[:24]

    def count(self, layer: str) -> int:
        """Incidents drawn in a layer (a circle of aggregated incidents counts as many)."""
        return sum(f["properties"].get("n", 1) for f in self.layers[layer]["features"])


def day_ms(day: date | datetime | pd.Timestamp) -> int:
    """UTC midnight of a day, in milliseconds since the epoch (what the map's script reads)."""
    return int(pd.Timestamp(day).normalize().value // 1_000_000)  # .value is always ns


def fmt_day(day: Any) -> str:
    """'3 Oct 2024'. A date is formatted once (a popup lists every source's date: a pandas
    Timestamp and a strftime per call were most of a popup's time)."""
    if day is None or day is pd.NaT:  # NaT passes for a datetime
        return "unknown date"
    if not isinstance(day, date):
        if pd.isna(day):
            return "unknown date"
        day = pd.Timestamp(day)
    return _fmt_date(day)


@lru_cache(maxsize=8192)
def _fmt_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _num(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def place_line(row: Any) -> str:
    """'Solino (Solino) · Port-au-Prince, Ouest' from the row's place fields (not escaped)."""
    words, name = _text(row.place), _text(row.place_name)
    where = words if not name or name == words else f"{words} ({name})" if words else name
    admin = ", ".join(v for v in (_text(row.commune), _text(row.department)) if v)
    return " · ".join(v for v in (where, admin) if v) or "unplaced"


def figures_line(row: Any) -> str:
    return ", ".join(f"{n:,} {k}" for k in FIGURE_KEYS if (n := _num(getattr(row, k))) is not None)


def popup_html(row: Any, sources: list[dict[str, Any]]) -> str:
    """The popup of one incident. Every value is escaped: article text is never markup."""
    label = LABELS.get(row.event_type, row.event_type)
    precision = _num(row.geo_precision)
    lines = [
        f"<b>{escape(label)}</b>",
        f"{escape(fmt_day(row.event_date))} ({escape(_text(row.date_precision) or 'day')})",
        f"{escape(place_line(row))}"
        + (f" <i>[{escape(PRECISION_LABELS.get(precision, str(precision)))}]</i>"
           if precision else ""),
    ]
    if figures := figures_line(row):
        lines.append(f"Figures: {escape(figures)}")
    if actors := _text(row.actors):
        lines.append(f"Actors: {escape(actors)}")
    lines.append(f"Review: {escape(_text(row.review) or 'unreviewed')}")
    if note := _text(getattr(row, "note", "")):
        lines.append(f"Note: {escape(note)}")
    parts = ["<br>".join(lines)]
    for src in sources[:MAX_SOURCES_IN_POPUP]:
        parts.append(
            f"<blockquote>"
            f"{escape(_text(src.get('evidence')))}<br><small>— "
            f"{escape(_text(src.get('article')))}, {escape(fmt_day(src.get('article_date')))}"
            f"</small></blockquote>")
    if len(sources) > MAX_SOURCES_IN_POPUP:
        parts.append(f"<small>and {len(sources) - MAX_SOURCES_IN_POPUP} more sources</small>")
    return '<div class="hm-popup">' + "".join(parts) + "</div>"


def tooltip(row: Any) -> str:
    label = LABELS.get(row.event_type, row.event_type)
    return escape(f"{label} · {fmt_day(row.event_date)} · {place_line(row)}")


def area_of(precision: int, commune: str, department: str) -> str:
    """The outline the map highlights for an incident known only to its area:
    'communes:<name>' or 'departments:<name>' (the keys of mapapp.outlines), or ''."""
    if precision >= 3 and department:
        return f"departments:{department}"
    if precision == 2 and commune:
        return f"communes:{commune}"
    return ""


def sources_by_incident(incidents: pd.DataFrame,
                        sources: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Each incident's sources (from store.sources), or its first source when none given."""
    if sources is not None and len(sources):
        # One pass over the records: a groupby with a frame per incident cost ~10 ms each.
        out: dict[str, list[dict[str, Any]]] = {}
        for rec in sources[["incident_id", "article", "article_date", "evidence"]].to_dict(
                "records"):
            out.setdefault(str(rec.pop("incident_id")), []).append(rec)
        return out
    return {str(r.id): [{"article": r.article, "article_date": r.article_date,
                         "evidence": r.evidence}] for r in incidents.itertuples()}


def site_ends(mapped: pd.DataFrame, default_end: int) -> pd.Series:
    """When each site state stops being shown: the next change of hands at the same place.

    A site lost on 3 Oct and recaptured on 10 Oct shows as lost from 3 to 10 Oct, then as
    recaptured. Every other incident stays on the map until the end of the span, so playing
    the slider adds the incidents day by day.
    """
    ends = pd.Series(default_end, index=mapped.index, dtype="int64")
    sites = mapped[mapped["map_layer"].isin(SITE_LAYERS)]
    if sites.empty:
        return ends
    key = sites["place_id"].astype(object).where(sites["place_id"].notna(),
                                                 sites["lat"].astype(str) + ","
                                                 + sites["lon"].astype(str))
    ordered = sites.assign(site_key=key).sort_values("t_start", kind="stable")
    # Walking each site's changes from the last: the nearest later start of every state.
    nearest: dict[Any, dict[str, int]] = {}
    rows = zip(ordered.index, ordered["site_key"], ordered["t_start"], ordered["map_layer"],
               strict=True)
    for idx, site, start, layer in reversed(list(rows)):
        later = nearest.setdefault(site, {})
        other = [s for lay, s in later.items() if lay != layer]
        if other:
            ends[idx] = max(min(other), int(start) + DAY_MS)
        later[layer] = int(start)
    return ends


def _empty_layers() -> dict[str, dict[str, Any]]:
    return {layer.key: {"type": "FeatureCollection", "features": []} for layer in LAYERS}


def _point(lat: float, lon: float) -> dict[str, Any]:
    # GeoJSON order flips here: [lon, lat].
    return {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}


def build(incidents: pd.DataFrame, sources: pd.DataFrame | None = None,
                  aggregate_above: int = AGGREGATE_ABOVE,
                  circles: int = AGGREGATE_CIRCLES) -> MapPayload:
    """The map's content for the filtered incidents: one FeatureCollection per layer.

    Above ``aggregate_above`` incidents the map shows counts per area (one circle per layer
    and grid cell) instead of one symbol per incident, so any size draws quickly.
    """
    layers = _empty_layers()
    n = len(incidents)
    mapped = incidents[incidents["lat"].notna() & incidents["lon"].notna()].copy()
    if mapped.empty:
        return MapPayload(layers, None, None, n, 0)
    # A few distinct types: look each up once (a missing type is "other").
    codes, types = pd.factorize(mapped["event_type"], use_na_sentinel=False)
    mapped["map_layer"] = np.array([LAYER_OF_TYPE.get(t, "other") for t in types],
                                   dtype=object)[codes]
    mapped["t_start"] = (pd.to_datetime(mapped["event_date"]).dt.normalize()
                        .astype("datetime64[ms]").astype("int64"))
    start_ms, end_ms = int(mapped["t_start"].min()), int(mapped["t_start"].max()) + DAY_MS
    notes: tuple[str, ...] = ()
    if n - len(mapped):
        missing = n - len(mapped)
        notes = (f"{plural(missing, 'incident')} {'has' if missing == 1 else 'have'} no "
                 "coordinates and {} not on the map.".format("is" if missing == 1 else "are"),)
    if len(mapped) > aggregate_above:
        _aggregate(mapped, layers, end_ms, circles)
        notes = (*notes, f"{plural(len(mapped), 'incident')}: circles show counts per area; "
                 "narrow the filters to see single incidents.")
        return MapPayload(layers, start_ms, end_ms, n, len(mapped), True, notes)
    mapped["t_end"] = site_ends(mapped, end_ms)
    by_id = sources_by_incident(mapped, sources)
    for row in mapped.itertuples():
        props: dict[str, Any] = {
            "id": str(row.id),
            "start": int(row.t_start),
            "end": int(row.t_end),
            "popup": popup_html(row, by_id.get(str(row.id), [])),
            "tip": tooltip(row),
        }
        precision = _num(row.geo_precision) or 1
        if radius := RADIUS_M.get(precision, 0):
            props["r_m"] = radius  # a ring this wide when the area's outline is not known
            if area := area_of(precision, _text(row.commune), _text(row.department)):
                props["area"] = area
        if LAYER_BY_KEY[row.map_layer].shape == "sized":
            props["px"] = round(displaced_radius_px(_num(row.displaced)), 1)
        layers[row.map_layer]["features"].append(
            {"type": "Feature", "geometry": _point(row.lat, row.lon), "properties": props})
    return MapPayload(layers, start_ms, end_ms, n, len(mapped), False, notes)


def _cell_keys(layers: np.ndarray, lat: np.ndarray, lon: np.ndarray, size: float) -> np.ndarray:
    """One integer per (layer, grid cell of ``size`` degrees): cheap to count distinct."""
    offset = 1 << 20  # |lat or lon| / 0.002 < 2**20: each cell index fits in 21 bits
    cell_lat = np.round(lat / size).astype(np.int64) + offset
    cell_lon = np.round(lon / size).astype(np.int64) + offset
    return (layers.astype(np.int64) << 42) | (cell_lat << 21) | cell_lon


def _aggregate(mapped: pd.DataFrame, layers: dict[str, dict[str, Any]], end_ms: int,
               limit: int) -> None:
    """Fill ``layers`` with one circle per (layer, grid cell), sized by its incident count."""
    codes, names = pd.factorize(mapped["map_layer"])
    lat, lon = mapped["lat"].to_numpy(float), mapped["lon"].to_numpy(float)
    for size in AGGREGATE_CELLS:
        keys = _cell_keys(codes, lat, lon, size)
        if len(pd.unique(keys)) <= limit:
            break
    cells = pd.DataFrame({"cell": keys, "map_layer": names[codes], "lat": lat, "lon": lon,
                          **{k: mapped[k].array  # keeps the nullable dtypes
                             for k in ("t_start", "killed", "displaced", "place_name")}})
    figures = {k: (k, "sum") for k in ("killed", "displaced")}
    groups = cells.groupby("cell", sort=False).agg(
        map_layer=("map_layer", "first"), n=("lat", "size"), lat=("lat", "mean"),
        lon=("lon", "mean"), first=("t_start", "min"), last=("t_start", "max"), **figures)
    # The place named most often in each cell, to say where the circle is.
    named = (cells.dropna(subset=["place_name"]).groupby(["cell", "place_name"]).size()
             .sort_values(ascending=False).reset_index().drop_duplicates("cell")
             .set_index("cell")["place_name"])
    groups["place"] = named.reindex(groups.index)
    for g in groups.itertuples():
        count = int(g.n)
        label = LAYER_BY_KEY[g.map_layer].label
        span = f"{fmt_day(pd.Timestamp(g.first, unit='ms'))} – " \
               f"{fmt_day(pd.Timestamp(g.last, unit='ms'))}"
        extra = ", ".join(f"{int(v):,} {k}" for k in ("killed", "displaced")
                          if (v := getattr(g, k)) and not pd.isna(v))
        text = f"{count:,} × {label} near {_text(g.place) or 'here'}"
        popup = "<br>".join(escape(v) for v in (text, span, extra) if v)
        layers[g.map_layer]["features"].append({
            "type": "Feature", "geometry": _point(g.lat, g.lon),
            "properties": {"n": count, "start": int(g.first), "last": int(g.last),
                           "end": end_ms,
                           "px": round(float(min(30.0, 4 + 2.2 * np.sqrt(count))), 1),
                           "popup": f'<div class="hm-popup">{popup}</div>',
                           "tip": escape(text)}})
