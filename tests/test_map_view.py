"""The folium map (mapapp.mapview) and its vendored assets: offline, one incident layer
that feeds the map's script (clusters, time panel), a legend that is not a branca colormap,
tiles only when asked."""
from __future__ import annotations

import json
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
    incident_groups,
)
from mapapp.outlines import OUTLINE_FILES, find_outline, load_outlines
from mapapp.payload import build
from mapapp.style import LAYERS
from mapapp.viewport import frame_bounds, incident_bounds
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
    frame = incident_frame([{"geo_precision": p, "lat": lat, "lon": lon}
                            for p, (lat, lon) in zip(precisions, places, strict=True)])
    # from the payload (build_map) and from the rows (the app's opening view): the same
    assert incident_bounds(build(frame)) == bounds == frame_bounds(frame)


@pytest.mark.parametrize(("places", "bounds"), [
    ([(18.5, -72.4), (-18.5, -72.4)], [[18.5, -72.4], [18.5, -72.4]]),  # latitude's sign lost
    ([(18.5, -72.4), (0.0, 0.0)], [[18.5, -72.4], [18.5, -72.4]]),
    ([(-72.4, 18.5)], None),  # swapped: nothing in Haiti, the caller opens on Haiti
])
def test_one_bad_point_does_not_move_the_opening_view(places, bounds):
    """Issue 10, item 9: one point at (0, 0) or out of Haiti opened the map on the South
    Atlantic."""
    frame = incident_frame([{"geo_precision": 1, "lat": lat, "lon": lon}
                            for lat, lon in places])
    assert incident_bounds(build(frame)) == bounds == frame_bounds(frame)


# -- outlines served as files: sent once per browser, not in every rerun's map script --

def test_outlines_are_published_as_static_copies_and_named_by_url(tmp_path):
    from mapapp.assets import OUTLINES_DIR, published_outlines
    from mapapp.outlines import outline_files

    static = tmp_path / "static"
    urls = published_outlines(outline_files(), static)
    assert set(urls) == {key for key, _ in outline_files()}
    for key, path in outline_files():
        copy = static / OUTLINES_DIR / f"{key}.json"
        assert copy.read_bytes() == path.read_bytes()
        assert urls[key] == URL_PREFIX + f"{OUTLINES_DIR}/{key}.json"


def test_a_stale_outline_copy_is_replaced_and_an_equal_one_kept(tmp_path):
    from mapapp.assets import OUTLINES_DIR, published_outlines

    source = tmp_path / "communes.geojson"
    source.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    copy = tmp_path / "static" / OUTLINES_DIR / "communes.json"
    copy.parent.mkdir(parents=True)
    copy.write_text("stale", encoding="utf-8")
    published_outlines((("communes", source),), tmp_path / "static")
    assert copy.read_bytes() == source.read_bytes()
    before = copy.stat().st_mtime_ns
    published_outlines((("communes", source),), tmp_path / "static")
    assert copy.stat().st_mtime_ns == before


def test_an_outline_that_cannot_be_published_stays_inline(tmp_path):
    from mapapp.assets import published_outlines

    source = tmp_path / "country.geojson"
    source.write_text("{}", encoding="utf-8")
    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert published_outlines((("country", source),), blocked) == {}


def test_an_outline_given_by_url_is_fetched_not_inlined(sample_incidents):
    from mapapp.mapview import base_map

    inline = base_map(load_outlines()).get_root().render()
    by_url = base_map({key: f"../../app/static/outlines/{key}.json"
                       for key in load_outlines()}).get_root().render()
    if not load_outlines():
        pytest.skip("data/ has no outlines")
    assert '"coordinates"' in inline and '"coordinates"' not in by_url
    assert 'fetch(url)' in by_url and '"../../app/static/outlines/communes.json"' in by_url
    assert len(by_url) < len(inline) / 5
    # Drawn under the overlays, whatever order they arrive in.
    assert 'pane: "hmOutlines"' in by_url and 'pane: "hmOutlines"' in inline


def test_st_folium_sends_the_same_map_without_rendering_the_figure_first(sample_incidents,
                                                                          monkeypatch):
    """The explore page calls st_folium(render=False): st_folium renders the map itself, and
    rendering the whole figure first doubled its cost. Guards an upgrade that changes that."""
    import streamlit_folium

    from mapapp.mapview import base_map

    sent = []

    def call(render: bool) -> dict:
        sent.clear()
        m = base_map(load_outlines(), centre=(18.9, -72.5), zoom=8)
        streamlit_folium.st_folium(m, key="k", returned_objects=[], render=render,
                                   feature_group_to_add=incident_groups(build(sample_incidents)))
        args = dict(sent[0])
        args.pop("on_change")
        return {k: re.sub(r"[0-9a-f]{32}", "<id>", str(v)) for k, v in args.items()}

    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.append(kw))
    assert call(render=False) == call(render=True)


# -- the incident layers served as files: a rerun sends their URL, not 400 KB of popups --

def test_incident_layers_are_published_by_content_and_fetched_by_url(sample_incidents,
                                                                     tmp_path):
    from mapapp.assets import INCIDENTS_DIR, published_layers

    payload = build(sample_incidents)
    url = published_layers(payload.layers_json, payload.digest, tmp_path)
    assert url == f"{URL_PREFIX}{INCIDENTS_DIR}/{payload.digest}.json"
    copy = tmp_path / INCIDENTS_DIR / f"{payload.digest}.json"
    assert json.loads(copy.read_text(encoding="utf-8")) == payload.layers
    group = incident_groups(payload, url=url)[0]
    html = folium.Map(tiles=None).add_child(group).get_root().render()
    assert f'window.HM.setData("{url}",' in html and '"popup"' not in html
    inline = folium.Map(tiles=None).add_child(incident_groups(payload)[0]).get_root().render()
    assert '"popup"' in inline  # without a URL the layers travel in the script


def test_other_filters_get_other_files_and_the_same_filter_the_same(sample_incidents):
    everything, one = build(sample_incidents), build(sample_incidents.head(1))
    assert everything.digest != one.digest
    assert build(sample_incidents).digest == everything.digest


def test_a_layer_file_unused_for_an_hour_is_pruned_when_another_is_published(tmp_path):
    from mapapp.assets import INCIDENTS_DIR, PUBLISHED_MAX_AGE_S, published_layers

    folder = tmp_path / INCIDENTS_DIR
    t0 = 1_000_000.0
    published_layers("{}", "old", tmp_path, now=t0)
    published_layers("[]", "kept", tmp_path, now=t0)
    later = t0 + PUBLISHED_MAX_AGE_S + 1
    published_layers("[]", "kept", tmp_path, now=later - 10)  # shown again: in use
    published_layers('{"a":1}', "new", tmp_path, now=later)
    assert sorted(p.stem for p in folder.glob("*.json")) == ["kept", "new"]


def test_layers_that_cannot_be_published_travel_inline(tmp_path):
    from mapapp.assets import published_layers

    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert published_layers("{}", "abc", blocked) is None
