"""The folium map (mapapp.mapview) and its vendored assets: offline, one incident layer
that feeds the map's script (clusters, time panel), a legend that is not a branca colormap,
tiles only when asked."""
from __future__ import annotations

import re

import branca.colormap
import folium
import pytest

from mapapp.assets import ASSETS, STATIC_DIR, URL_PREFIX, vendored_files
from mapapp.mapview import (
    area_groups,
    browser_payload,
    build_map,
    controller_config,
    incident_bounds,
    incident_groups,
)
from mapapp.outlines import OUTLINE_FILES, find_outline, load_outlines
from mapapp.payload import build
from mapapp.style import LAYERS
from tests.conftest import incident_frame

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^)"']+)""")


def _html(payload, **kw) -> str:
    return build_map(payload, load_outlines(), **kw).get_root().render()


def test_every_asset_the_map_loads_is_vendored():
    for path in vendored_files():
        assert path.is_file() and path.stat().st_size > 500, path


def test_rendered_map_loads_only_vendored_files(sample_incidents):
    html = _html(build(sample_incidents))
    urls = [u for a, b in URL.findall(html) if not (u := a or b).startswith("#")]
    assert urls, "the map should load Leaflet"
    for u in urls:
        assert u.startswith(URL_PREFIX), u
        assert (STATIC_DIR / u.removeprefix(URL_PREFIX)).is_file(), u
    assert "http://" not in html and "https://" not in html
    assert "openstreetmap" not in html.lower()


def test_vendored_css_pulls_nothing_from_another_host():
    for css in STATIC_DIR.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_asset_table_covers_every_folium_class_on_the_map(sample_incidents):
    m = build_map(build(sample_incidents), load_outlines())
    covered = {cls for cls, _, _ in ASSETS}

    def walk(el):
        yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(m):
        assert not isinstance(el, branca.colormap.ColorMap)  # would pull d3 from a CDN
        if getattr(type(el), "default_js", None) or getattr(type(el), "default_css", None):
            assert any(isinstance(el, cls) for cls in covered), type(el)


def test_osm_tiles_only_when_switched_on(sample_incidents):
    assert "tile.openstreetmap.org" in _html(build(sample_incidents), tiles=True)


def test_one_incident_layer_feeds_the_maps_script(sample_incidents):
    payload = build(sample_incidents)
    m = build_map(payload, load_outlines())
    groups = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert len(groups) == 1 and groups[0].control is False  # the kinds' switches are ours
    html = m.get_root().render()
    assert html.count("L.markerClusterGroup(") == 1
    assert html.count("window.HM.setData(") == 1
    # The slider spans the filtered data's days: first and last incident day.
    starts = [f["properties"]["start"] for fc in payload.layers.values() for f in fc["features"]]
    assert f"[{min(starts)},{max(starts)}]" in html


def test_a_table_row_is_focused_by_id(sample_incidents):
    group = incident_groups(build(sample_incidents), focus="inc003")[0]
    html = folium.Map(tiles=None).add_child(group).get_root().render()
    assert '"focus":"inc003"' in html


def test_the_maps_symbols_come_from_the_style_table():
    config = controller_config()
    assert [k["key"] for k in config["kinds"]] == [layer.key for layer in LAYERS]
    for kind, layer in zip(config["kinds"], LAYERS, strict=True):
        assert kind["color"] == layer.color and layer.color in kind["hollow"]
        assert 'fill="white"' in kind["hollow"]  # an area's symbol hides nothing under it
    assert config["siteKinds"] == ["recaptured", "lost"]


def test_legend_names_every_kind_and_how_to_read_an_area(sample_incidents):
    html = _html(build(sample_incidents))
    assert "hm-legend" in html
    for layer in LAYERS:
        assert layer.label in html
    assert "known only to its commune" in html


def test_areas_replace_the_incidents_with_their_own_legend():
    group = area_groups({"type": "FeatureCollection", "features": []}, "<b>legend</b>")[0]
    html = folium.Map(tiles=None).add_child(group).get_root().render()
    assert "window.HM.setAreas(" in html and "<b>legend<\\/b>" in html


def test_no_time_span_without_incidents():
    html = _html(build(incident_frame([])))
    assert "window.HM.setData({" in html and ",null," in html


@pytest.mark.parametrize("key", [k for k, _ in OUTLINE_FILES])
def test_outlines_are_committed_under_data(key):
    path = find_outline(key)
    if path is None:
        pytest.skip(f"data/ has no {key} outline yet (the geo engineer commits them)")
    assert load_outlines()[key]["type"] == "FeatureCollection"


def test_browser_payload_is_the_rendered_map(sample_incidents):
    text = browser_payload(build(sample_incidents), outlines={})
    assert "window.HM.setData(" in text and "<script>alert" not in text


@pytest.mark.parametrize(("precisions", "bounds"), [
    # A department-level incident far north does not pull the view from the exact ones.
    ((1, 1, 3), [[18.5, -72.4], [18.6, -72.3]]),
    ((1, 2, 3), [[18.5, -72.4], [18.5, -72.4]]),
    # With no exact place, the view takes in every incident.
    ((2, 3, 3), [[18.5, -72.4], [19.5, -72.2]]),
])
def test_opening_view_fits_the_exact_incidents_when_there_are_some(precisions, bounds):
    places = [(18.5, -72.4), (18.6, -72.3), (19.5, -72.2)]
    payload = build(incident_frame([{"geo_precision": p, "lat": lat, "lon": lon}
                                    for p, (lat, lon) in zip(precisions, places, strict=True)]))
    assert incident_bounds(payload) == bounds


@pytest.mark.parametrize(("places", "bounds"), [
    ([(18.5, -72.4), (-18.5, -72.4)], [[18.5, -72.4], [18.5, -72.4]]),  # latitude's sign lost
    ([(18.5, -72.4), (0.0, 0.0)], [[18.5, -72.4], [18.5, -72.4]]),
    ([(-72.4, 18.5)], None),  # swapped: nothing in Haiti, the caller opens on Haiti
])
def test_one_bad_point_does_not_move_the_opening_view(places, bounds):
    """Issue 10, item 9: one point at (0, 0) or out of Haiti opened the map on the South
    Atlantic."""
    payload = build(incident_frame([{"geo_precision": 1, "lat": lat, "lon": lon}
                                    for lat, lon in places]))
    assert incident_bounds(payload) == bounds
