"""The folium map: offline outlines of Haiti, one time-aware layer per kind of incident,
a time slider that plays them day by day, a legend, and optional OpenStreetMap tiles.

Built from a :class:`~mapapp.payload.MapPayload`; no streamlit here, so ``m.save()`` works too.
"""
from __future__ import annotations

import json
import math
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.map import Layer
from folium.plugins import Timeline
from folium.template import Template
from folium.utilities import JsCode

from mapapp.assets import use_local_assets
from mapapp.payload import DAY_MS, MapPayload
from mapapp.style import LAYERS, MARKER_PX, PRECISIONS, LayerStyle, swatch

HAITI_CENTER = (18.95, -72.75)  # lat, lon
HAITI_BOUNDS = [[17.95, -74.55], [20.15, -71.6]]  # [[south, west], [north, east]]
SEA_COLOUR = "#cfe1ee"
SLIDER_PX = 90  # the time slider's height at the bottom of the map
MAP_HEIGHT = 600  # pixels: with the caption above it, fits a 1280x800 laptop screen
MIN_START_ZOOM, MAX_START_ZOOM = 7.5, 11  # a lone incident opens on its town, not a street

# (key, label, style) of the base outlines, drawn bottom to top; the keys name data files.
OUTLINE_STYLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("country", "Haiti", {"color": "#6d6d6d", "weight": 1.2, "fillColor": "#f3f0e8",
                          "fillOpacity": 1.0}),
    ("communes", "Communes", {"color": "#b3aca0", "weight": 0.6, "fill": False}),
    ("departments", "Departments", {"color": "#6d6d6d", "weight": 1.4, "fill": False}),
)
OSM_TILES = "OpenStreetMap"

# One function per layer turns a feature into Leaflet layers: a symbol for an exact place,
# a dashed uncertainty circle (in metres) for geo_precision 2/3, a sized circle where the
# feature has a pixel radius (people displaced, or a count of aggregated incidents).
POINT_TO_LAYER = """
function (feature, latlng) {
  var p = feature.properties, s = %(style)s, layers = [];
  if (p.r_m) {
    layers.push(L.circle(latlng, {radius: p.r_m, color: s.color, weight: 1.5,
      dashArray: "5 4", fillColor: s.color, fillOpacity: 0.12}));
  }
  if (p.px) {
    layers.push(L.circleMarker(latlng, {radius: p.px, color: s.color, weight: 1.2,
      fillColor: s.color, fillOpacity: 0.45, dashArray: p.r_m ? "3 3" : null}));
  } else if (!p.r_m) {
    layers.push(L.marker(latlng, {keyboard: false, icon: L.divIcon({className: "hm-icon",
      html: s.svg, iconSize: [%(px)d, %(px)d], iconAnchor: [%(half)d, %(half)d]})}));
  }
  var layer = layers.length === 1 ? layers[0] : L.featureGroup(layers);
  layer.bindPopup(p.popup, {maxWidth: 380});
  if (p.tip) { layer.bindTooltip(p.tip); }
  return layer;
}
"""


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


class _Timeline(Timeline):
    """folium's Timeline that also registers itself, so the one slider finds the live ones."""

    _template = Template("""
        {% macro script(this, kwargs) %}
          var {{ this.get_name() }} = L.timeline(
              {{ this.data|tojson }}, {{ this.options|tojavascript }});
          {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
          window.hmTimelines = (window.hmTimelines || []).concat([{{ this.get_name() }}]);
        {% endmacro %}
    """)

    def render(self, **kwargs: Any) -> None:
        _render_as_text(self, kwargs)  # the template adds the layer to its group itself


# "18 Nov 2024" in UTC, without loading moment.js for it.
SLIDER_DATE = """function (t) {
  var d = new Date(t);
  return d.getUTCDate() + " " + "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")[
    d.getUTCMonth()] + " " + d.getUTCFullYear();
}"""


class _Slider(MacroElement):
    """One time slider for every incident layer on the map, opened on the last day, and a
    button that zooms to the incidents.

    Both replace those of the previous filter (st_folium swaps the incident layers in place)
    and drive only the timelines still on the map. When no incident of the new filter is in
    view, the map moves to them; otherwise it keeps the user's view. Dates are shown in UTC
    so a day never slips to the one before in the Americas.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
          (function (map) {
            if (window.hmSlider) { window.hmSlider.remove(); window.hmFit.remove(); }
            var live = (window.hmTimelines || []).filter(function (t) { return t._map; });
            window.hmTimelines = live;
            var slider = L.timelineSliderControl({{ this.options|tojavascript }});
            slider.addTo(map);
            slider.addTimelines.apply(slider, live);
            slider.setTime(slider.end);
            function bounds() {  // the exact places when there are some, else every area
              var exact = L.latLngBounds([]), all = L.latLngBounds([]);
              live.forEach(function (t) { t.eachLayer(function (l) {
                all.extend(l.getBounds ? l.getBounds() : l.getLatLng());
                if (!(l.feature && l.feature.properties.r_m)) {
                  exact.extend(l.getBounds ? l.getBounds() : l.getLatLng());
                }
              }); });
              return exact.isValid() ? exact : all;
            }
            function fit() {
              var b = bounds();
              if (b.isValid()) { map.fitBounds(b, {padding: [40, 40], maxZoom: 13}); }
            }
            var button = L.control({position: "topleft"});
            button.onAdd = function () {
              var bar = L.DomUtil.create("div", "leaflet-bar");
              var a = L.DomUtil.create("a", "hm-fit", bar);
              a.href = "#"; a.title = "Zoom to the incidents"; a.setAttribute("role", "button");
              a.innerHTML = {{ this.icon|tojson }};
              L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); fit(); });
              return bar;
            };
            button.addTo(map);
            var b = bounds();
            if (b.isValid() && !map.getBounds().intersects(b)) { fit(); }
            window.hmSlider = slider;
            window.hmFit = button;
          })({{ this._parent._parent.get_name() }});  // the group's map
        {% endmacro %}
    """)
    icon = ('<svg width="16" height="16" viewBox="0 0 20 20" style="margin-top:7px">'
            '<path d="M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5" fill="none" stroke="#333" '
            'stroke-width="2"/></svg>')

    def __init__(self, start_ms: int, end_ms: int, days: int) -> None:
        super().__init__()
        self._name = "Slider"
        self.options = {
            "auto_play": False, "start": start_ms, "end": end_ms, "steps": days,
            "duration": int(min(30_000, max(3_000, days * 120))),  # ms for the whole span
            "enable_playback": True, "enable_keyboard_controls": False, "show_ticks": False,
            "format_output": JsCode(SLIDER_DATE),
        }


class _Outline(Layer):
    """One outline file of the base map: a plain, non-interactive Leaflet GeoJSON layer with
    one style, that the layer control can toggle. Its GeoJSON goes into the script as text
    (see _Text), and it reports no bounds: st_folium asks the map for its bounds on every
    run, and walking every commune's vertices for them took another 0.1 s."""

    _template = Template("""
        {% macro script(this, kwargs) %}
          var {{ this.get_name() }} = L.geoJSON({{ this.data }},
              {style: {{ this.style|tojson }}, interactive: false});
          {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any], style: dict[str, Any], name: str,
                 control: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=control)
        self._name = "Outline"
        # Our own committed data; "</" escaped all the same, so no string ends the script.
        self.data = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        self.style = style

    def render(self, **kwargs: Any) -> None:
        _render_as_text(self, kwargs)


class _Html(MacroElement):
    """A fixed piece of our own markup: a legend control and the map's CSS."""

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
.leaflet-control-layers label {{ margin: 0; }}
.hm-legend {{ padding: 4px 8px; max-width: 360px; }}
.hm-legend summary {{ cursor: pointer; }}
.hm-legend div {{ white-space: nowrap; }}
.hm-legend .hm-sep {{ margin-top: 4px; }}
.leaflet-bottom.leaflet-left {{ width: 100%; }}
.leaflet-timeline-control {{ box-sizing: border-box; width: calc(100% - 20px); }}
.hm-popup {{ font: 12px/1.4 sans-serif; max-height: 260px; overflow-y: auto; }}
"""


def legend_html() -> str:
    """How to read the map (our markup only); the layer control beside it names each kind
    with its symbol and count, and toggles it."""
    rows = [f"<div>{swatch(layer)} {layer.label}</div>" for layer in LAYERS]
    dashed = ('<svg width="16" height="16" viewBox="0 0 20 20" style="vertical-align:middle">'
              '<circle cx="10" cy="10" r="8" fill="#888" fill-opacity="0.15" stroke="#555" '
              'stroke-dasharray="3 2"/></svg>')
    rows.append(f"<div class='hm-sep'>{dashed} {PRECISIONS[1].label} or "
                f"{PRECISIONS[2].label.lower()}: an area, not a point</div>")
    rows.append("<div>Circle size: people displaced, or incidents per area</div>")
    rows.append("<div>Sites lost / recaptured change as the time slider moves</div>")
    # Closed at first: the layer control already shows each kind with its symbol.
    return "<details><summary><b>Legend</b></summary>" + "".join(rows) + "</details>"


def point_to_layer(layer: LayerStyle) -> JsCode:
    svg = swatch(layer, MARKER_PX)
    style = json.dumps({"color": layer.color, "svg": svg})
    return JsCode(POINT_TO_LAYER % {"style": style, "px": MARKER_PX, "half": MARKER_PX // 2})


def base_map(outlines: dict[str, dict[str, Any]], tiles: bool = False,
             centre: tuple[float, float] = HAITI_CENTER, zoom: float = 8) -> folium.Map:
    """Haiti from the committed outlines (offline); OpenStreetMap tiles only when asked."""
    use_local_assets()
    m = folium.Map(location=centre, zoom_start=zoom, tiles=None, min_zoom=6, max_zoom=18,
                   control_scale=True, zoom_snap=0.25)
    if tiles:
        folium.TileLayer(OSM_TILES, name="OpenStreetMap (online)", control=False).add_to(m)
    _Html(legend_html(), MAP_CSS).add_to(m)
    for key, label, style in OUTLINE_STYLES:
        if key not in outlines:
            continue
        if tiles and style.get("fillOpacity"):
            style = {**style, "fillOpacity": 0.0}  # let the tiles show through
        _Outline(outlines[key], style, name=label, control=key != "country").add_to(m)
    return m


def incident_groups(payload: MapPayload) -> list[folium.FeatureGroup]:
    """One toggleable group per non-empty kind (a Timeline inside), then one that holds the
    time slider for them all. st_folium swaps these in place when the filters change, so
    the base map (and the user's pan and zoom) stays."""
    groups = []
    for layer in LAYERS:
        features = payload.layers[layer.key]["features"]
        if not features:
            continue
        group = folium.FeatureGroup(
            name=f"{swatch(layer)} {layer.label} ({payload.count(layer.key):,})")
        _Timeline(payload.layers[layer.key], point_to_layer=point_to_layer(layer)).add_to(group)
        groups.append(group)
    if groups and payload.start_ms is not None and payload.end_ms is not None:
        days = max(1, (payload.end_ms - payload.start_ms) // DAY_MS)
        holder = folium.FeatureGroup(name="time slider", control=False)
        # The slider ends on the last day; every feature lasts until the day after it.
        _Slider(payload.start_ms, payload.end_ms - DAY_MS, days).add_to(holder)
        groups.append(holder)
    return groups


def layer_control() -> folium.LayerControl:
    return folium.LayerControl(collapsed=False, position="topright")


def incident_bounds(payload: MapPayload) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the incidents at exact places, or around every
    incident when none is exact, or None. A department-level incident (a 25 km circle at
    the department's centre) must not pull the opening view away from the exact ones, nor
    can one point outside HAITI_BOUNDS (a bad coordinate in an old store) open the map on
    the South Atlantic: such points are left out of the view."""
    (south, west), (north, east) = HAITI_BOUNDS
    # GeoJSON order flips here: coordinates are [lon, lat].
    features = [f for fc in payload.layers.values() for f in fc["features"]
                if west <= f["geometry"]["coordinates"][0] <= east
                and south <= f["geometry"]["coordinates"][1] <= north]
    exact = [f for f in features if not f["properties"].get("r_m")]
    points = [f["geometry"]["coordinates"] for f in exact or features]
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def start_view(bounds: list[list[float]], width_px: int = 720, height_px: int = MAP_HEIGHT,
               bottom_px: int = SLIDER_PX,
               padding_px: int = 30) -> tuple[tuple[float, float], float]:
    """Centre and zoom that show ``bounds`` above the time slider, with a margin, in a map of
    about this size.

    Computed here rather than with Leaflet's fitBounds, which runs before the st_folium
    iframe has its final height and so opens on the wrong view.
    """
    (south, west), (north, east) = bounds

    def y(lat: float) -> float:  # Web Mercator, in units of the world's width
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    def lat(y_: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y_ * 2 * math.pi)) - math.pi / 2)

    span_x = max((east - west) / 360, 1e-6)
    span_y = max(y(north) - y(south), 1e-6)
    room_x, room_y = width_px - 2 * padding_px, height_px - bottom_px - 2 * padding_px
    zoom = math.log2(min(room_x / span_x, room_y / span_y) / 256)
    zoom = max(MIN_START_ZOOM, min(MAX_START_ZOOM, math.floor(zoom * 4) / 4))
    # Move the centre down by half the slider's height, so nothing opens under it.
    centre_y = (y(north) + y(south)) / 2 - bottom_px / 2 / (256 * 2 ** zoom)
    return (lat(centre_y), (west + east) / 2), zoom


def build_map(payload: MapPayload, outlines: dict[str, dict[str, Any]],
              tiles: bool = False) -> folium.Map:
    """The whole map in one object (for m.save() and benchmarks), opened on the incidents,
    or on Haiti when there are none. The app passes the same parts to st_folium separately."""
    centre, zoom = start_view(incident_bounds(payload) or HAITI_BOUNDS)
    m = base_map(outlines, tiles=tiles, centre=centre, zoom=zoom)
    for group in incident_groups(payload):
        group.add_to(m)
    layer_control().add_to(m)
    return m


def browser_payload(payload: MapPayload, outlines: dict[str, dict[str, Any]] | None = None,
                    tiles: bool = False) -> str:
    """The map as the browser gets it (HTML with the Leaflet script): for size benchmarks."""
    from mapapp.outlines import load_outlines

    m = build_map(payload, load_outlines() if outlines is None else outlines, tiles=tiles)
    return m.get_root().render()
