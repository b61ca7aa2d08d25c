"""The folium map: offline outlines of Haiti, the incidents clustered (incident_map.js), a
time panel that plays them day by day, a legend, optional OpenStreetMap tiles, and the
choropleth of counts per area.

Built from a :class:`~mapapp.payload.MapPayload`; no streamlit here, so ``m.save()`` works too.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import branca.element
import folium
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.template import Template

from mapapp.assets import use_local_assets
from mapapp.payload import DAY_MS, MapPayload
from mapapp.style import (
    LAYER_BY_KEY,
    LAYERS,
    MARKER_PX,
    SITE_LAYERS,
    TIME_WINDOWS,
    hollow,
    swatch,
)
from mapapp.viewport import HAITI_BOUNDS, HAITI_CENTER, incident_bounds, start_view

# branca compiles a Jinja template for every script link and include of a map at every
# render (a third of st_folium's time on each rerun): one compiled template per source.
# jinja2 templates render safely from many threads; nothing else in branca needs the class.
branca.element.Template = lru_cache(maxsize=512)(branca.element.Template)

SEA_COLOUR = "#cfe1ee"

# (key, label, style) of the base outlines, drawn bottom to top; the keys name data files.
OUTLINE_STYLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("country", "Haiti", {"color": "#6d6d6d", "weight": 1.2, "fillColor": "#f3f0e8",
                          "fillOpacity": 1.0}),
    ("communes", "Communes", {"color": "#b3aca0", "weight": 0.6, "fill": False}),
    ("departments", "Departments", {"color": "#6d6d6d", "weight": 1.4, "fill": False}),
)
OSM_TILES = "OpenStreetMap"


class _Text(Element):
    """Rendered script put into the page as it is. branca would compile it as a Jinja
    template first: 0.1-0.2 s for the communes' outlines or 2,000 incidents' popups, on
    every render."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_as_text(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """What MacroElement.render does for an element with only a script macro, minus the
    Jinja compilation of its output."""
    script = element._template.module.__dict__["script"]
    element.get_root().script.add_child(_Text(script(element, kwargs)), name=element.get_name())


HM_JS = (Path(__file__).with_name("incident_map.js")).read_text(encoding="utf-8")
FIT_ICON = ('<svg width="16" height="16" viewBox="0 0 20 20" style="margin-top:7px">'
            '<path d="M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5" fill="none" stroke="#333" '
            'stroke-width="2"/></svg>')


def _json(value: Any) -> str:
    """JSON for a script: "</" escaped, so no string ends the script element."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


class _RawJson(str):
    """JSON text made (and escaped as _json does) ahead of time: put into the script as it
    is, not encoded again."""


# The outlines' JSON text by the identity of their (lru-cached, never mutated) data: the app
# builds the base map on every rerun, and encoding the communes took ~13 ms each time.
_OUTLINE_TEXT: dict[int, tuple[dict[str, Any], str]] = {}


def _outline_json(data: dict[str, Any]) -> str:
    """Our own committed data; "</" escaped all the same, so no string ends the script."""
    hit = _OUTLINE_TEXT.get(id(data))
    if hit is None or hit[0] is not data:
        if len(_OUTLINE_TEXT) >= 8:
            _OUTLINE_TEXT.clear()
        text = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        hit = _OUTLINE_TEXT[id(data)] = (data, text)
    return hit[1]


def controller_config() -> dict[str, Any]:
    """What the map's script needs from the style tables (mapapp.style): one source for the
    map's symbols, its legend and the charts' colours."""
    return {
        "kinds": [{"key": layer.key, "label": layer.label, "color": layer.color,
                   "svg": swatch(layer, MARKER_PX), "hollow": hollow(layer, MARKER_PX)}
                  for layer in LAYERS],
        "siteKinds": list(SITE_LAYERS), "windows": [list(w) for w in TIME_WINDOWS],
        "px": MARKER_PX, "fitIcon": FIT_ICON,
    }


class _Controller(MacroElement):
    """window.HM (incident_map.js): clusters, popups, the time panel, the kinds' switches.
    Part of the base map, so it lives as long as the map; the incident layer feeds it."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}{{ this.js() }}{% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Controller"
        self.css = MAP_CSS

    def js(self) -> str:
        return (HM_JS.replace("__MAP__", self._parent.get_name())
                .replace("__CONFIG__", _json(controller_config())))

    def render(self, **kwargs: Any) -> None:
        root = self.get_root()
        root.header.add_child(_Text(f"<style>{self.css}</style>"), name=self.get_name())
        _render_as_text(self, kwargs)


class _Data(MacroElement):
    """The filtered incidents handed to window.HM (or, in area mode, the coloured areas)."""

    _template = Template("""
        {% macro script(this, kwargs) %}{{ this.js() }}{% endmacro %}
    """)

    def __init__(self, call: str, *args: Any) -> None:
        super().__init__()
        self._name = "IncidentData"
        self.call, self.args = call, args

    def js(self) -> str:
        args = (a if isinstance(a, _RawJson) else _json(a) for a in self.args)
        return f"window.HM.{self.call}({','.join(args)});"

    def render(self, **kwargs: Any) -> None:
        _render_as_text(self, kwargs)


class _Outline(Layer):
    """One outline of the base map: a plain, non-interactive Leaflet GeoJSON layer with one
    style, that the layer control can toggle. ``data`` is the GeoJSON, put into the script as
    text (see _Text), or the URL the app serves it at (mapapp.assets.published_outlines),
    fetched by the browser. Outlines draw in a pane of their own under the overlays, so one
    that arrives late never covers the incidents' areas or the choropleth, and fetched ones
    are added in page order (the country's fill under the communes' lines). It reports no
    bounds: st_folium asks the map for its bounds on every run, and walking every commune's
    vertices for them took another 0.1 s."""

    _template = Template("""
        {% macro script(this, kwargs) %}
          var map_ = {{ this._parent.get_name() }};
          if (!map_.getPane("hmOutlines")) { map_.createPane("hmOutlines").style.zIndex = 350; }
          var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {style: {{ this.style|tojson }},
              interactive: false, pane: "hmOutlines"});
          {% if this.url %}
          (function (layer, url) {
            var got = fetch(url).then(function (r) {
              if (!r.ok) { throw new Error(r.status + " " + url); }
              return r.json();
            });
            window.hmOutlines = (window.hmOutlines || Promise.resolve())
              .then(function () { return got; })
              .then(function (d) { layer.addData(d); },
                    function (e) { console.warn("outline not loaded:", e); });
          })({{ this.get_name() }}, {{ this.url|tojson }});
          {% endif %}
          if (window.HM) { window.HM.outlines[{{ this.key|tojson }}] = {{ this.get_name() }}; }
          {% if this.show %}{{ this.get_name() }}.addTo(map_);{% endif %}
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any] | str, style: dict[str, Any], name: str,
                 control: bool = True, key: str = "") -> None:
        super().__init__(name=name, overlay=True, control=control)
        self._name = "Outline"
        self.key = key
        self.url = data if isinstance(data, str) else None
        self.data = "null" if self.url else _outline_json(data)
        self.style = style

    def render(self, **kwargs: Any) -> None:
        _render_as_text(self, kwargs)


class _Html(MacroElement):
    """A fixed piece of our own markup: a legend control (and CSS)."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
          var {{ this.get_name() }} = L.control({position: "topleft"});
          {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "hm-legend leaflet-control-layers");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, css: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html, self.css = html, css


MAP_CSS = f"""
.leaflet-container {{ background: {SEA_COLOUR}; }}
.hm-icon {{ background: none; border: none; }}
.leaflet-control-layers, .leaflet-control-scale {{ font: 12px/1.4 sans-serif; }}
.leaflet-control-layers label {{ margin: 0; display: block; }}
.hm-legend {{ padding: 4px 8px; max-width: 380px; }}
.hm-legend summary {{ cursor: pointer; }}
.hm-legend div {{ white-space: normal; }}
.hm-legend .hm-sep {{ margin-top: 4px; }}
.hm-kinds {{ padding: 4px 8px; }}
.hm-kinds .hm-n {{ color: #666; }}
.hm-cluster-icon {{ background: none; border: none; }}
.hm-cluster {{ border-radius: 50%; display: flex; align-items: center; justify-content: center;
  box-shadow: 0 0 0 2px white, 0 1px 4px rgba(0,0,0,.5); }}
.hm-cluster span {{ background: white; border-radius: 50%; min-width: 18px; height: 18px;
  font: bold 11px/18px sans-serif; text-align: center; padding: 0 2px; }}
.leaflet-bottom.leaflet-left {{ width: 100%; }}
.hm-time {{ box-sizing: border-box; width: calc(100% - 20px); padding: 4px 8px; }}
.hm-time-row {{ display: flex; align-items: center; gap: 6px; }}
.hm-slider {{ flex: 1; }}
.hm-date {{ min-width: 84px; font-weight: bold; }}
.hm-hist svg {{ display: block; }}
.hm-hist rect.hm-in {{ fill: #444; }}
.hm-hist rect.hm-out {{ fill: #c8c8c8; }}
.hm-hist-axis {{ display: flex; justify-content: space-between; color: #555; font-size: 11px; }}
.hm-nav {{ font: 12px sans-serif; margin-bottom: 4px; }}
.hm-nav a {{ font-weight: bold; padding: 0 6px; text-decoration: none; }}
.hm-popup {{ font: 12px/1.4 sans-serif; max-height: 260px; overflow-y: auto; }}
.hm-popup blockquote {{ margin: 4px 0; padding-left: 6px; border-left: 3px solid #bbb; }}
.hm-area-legend {{ padding: 4px 8px; }}
.hm-area-legend i {{ display: inline-block; width: 18px; height: 12px; margin-right: 4px;
  vertical-align: middle; border: 1px solid #777; }}
"""


def legend_html() -> str:
    """How to read the map (our markup only): each kind's symbol, the hollow symbol of an
    incident known only to its area, clusters, sizes, sites over time."""
    rows = [f"<div>{swatch(layer)} {layer.label}</div>" for layer in LAYERS]
    example = LAYER_BY_KEY["clashes"]
    rows.append(f"<div class='hm-sep'>{hollow(example)} Hollow, in a dashed ring: known only "
                f"to its commune (or near a town) or department. Hover or click it to see "
                f"the area.</div>")
    rows.append("<div>Numbered circle: several incidents, coloured by kind; click to zoom in "
                "or fan out those at one point.</div>")
    rows.append("<div>Circle size: people displaced, or incidents per area</div>")
    rows.append("<div>Sites show who holds them at the slider's date (lost, then "
                "recaptured).</div>")
    # Closed at first: the kinds' switches already show each symbol.
    return "<details><summary><b>Legend</b></summary>" + "".join(rows) + "</details>"


def base_map(outlines: dict[str, dict[str, Any] | str], tiles: bool = False,
             centre: tuple[float, float] = HAITI_CENTER, zoom: float = 8) -> folium.Map:
    """Haiti from the committed outlines (offline; each the GeoJSON or the URL the app serves it
    at); OpenStreetMap tiles only when asked.
    Carries window.HM (clusters, time panel), which the incident layer feeds."""
    use_local_assets()
    # Zoom limits as map options: folium gives min_zoom/max_zoom only to a tile layer, and
    # the cluster plugin needs the map's maxZoom.
    m = folium.Map(location=centre, zoom_start=zoom, tiles=None, control_scale=True,
                   zoom_snap=0.25, **{"minZoom": 6, "maxZoom": 18})
    if tiles:
        folium.TileLayer(OSM_TILES, name="OpenStreetMap (online)", control=False).add_to(m)
    _Controller().add_to(m)
    _Html(legend_html(), "").add_to(m)
    for key, label, style in OUTLINE_STYLES:
        if key not in outlines:
            continue
        if tiles and style.get("fillOpacity"):
            style = {**style, "fillOpacity": 0.0}  # let the tiles show through
        _Outline(outlines[key], style, name=label, control=key != "country",
                 key=key).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def _group(data: _Data) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="incidents", control=False)
    data.add_to(group)
    return group


def incident_groups(payload: MapPayload, focus: str | None = None, keep_view: bool = False,
                    url: str | None = None) -> list[folium.FeatureGroup]:
    """The layer st_folium swaps in when the filters change: it hands the incidents and
    their time span to window.HM, which keeps the base map, the view, the slider's place
    and the kinds switched off. ``focus``: an incident id to zoom to with its popup open.
    ``url``: where the app serves the payload's layers (mapapp.assets.published_layers),
    fetched by the map instead of carried in the script."""
    span = None
    if payload.start_ms is not None and payload.end_ms is not None:
        span = [payload.start_ms, payload.end_ms - DAY_MS]  # the first and the last day
    options = {"focus": focus, "keepView": keep_view}
    layers = url if url is not None else _RawJson(payload.layers_json)
    return [_group(_Data("setData", layers, span, options))]


def area_groups(collection: dict[str, Any], legend: str) -> list[folium.FeatureGroup]:
    """The choropleth in place of the incidents (see mapapp.areas)."""
    return [_group(_Data("setAreas", collection, legend))]


def point_map(outlines: dict[str, dict[str, Any] | str], lat: float | None, lon: float | None,
              proposed: tuple[float, float] | None = None) -> folium.Map:
    """The Review page's small map: the incident's point (blue) and the place a click or
    typed coordinates propose (orange). Clicks are read back by st_folium."""
    use_local_assets()
    centre = (lat, lon) if lat is not None and lon is not None else HAITI_CENTER
    m = folium.Map(location=centre, zoom_start=13 if lat is not None else 8, tiles=None,
                   control_scale=True, **{"minZoom": 6, "maxZoom": 18})
    for key, label, style in OUTLINE_STYLES:
        if key in outlines:
            _Outline(outlines[key], style, name=label, control=False, key=key).add_to(m)
    if lat is not None and lon is not None:
        folium.CircleMarker((lat, lon), radius=8, color="#1f63b4", fill=True, fill_opacity=0.8,
                            tooltip="The incident's point now").add_to(m)
    if proposed:
        folium.CircleMarker(proposed, radius=9, color="#f28e0c", weight=3, fill=False,
                            tooltip="The place that will be saved").add_to(m)
    return m


def build_map(payload: MapPayload, outlines: dict[str, dict[str, Any]],
              tiles: bool = False) -> folium.Map:
    """The whole map in one object (for m.save() and benchmarks), opened on the incidents,
    or on Haiti when there are none. The app passes the same parts to st_folium separately."""
    centre, zoom = start_view(incident_bounds(payload) or HAITI_BOUNDS)
    m = base_map(outlines, tiles=tiles, centre=centre, zoom=zoom)
    for group in incident_groups(payload):
        group.add_to(m)
    return m


def browser_payload(payload: MapPayload, outlines: dict[str, dict[str, Any]] | None = None,
                    tiles: bool = False) -> str:
    """The map as the browser gets it (HTML with the Leaflet script): for size benchmarks."""
    from mapapp.outlines import load_outlines

    m = build_map(payload, load_outlines() if outlines is None else outlines, tiles=tiles)
    return m.get_root().render()
