"""The map's content (mapapp.payload): layers, escaping, precision, sizes, time intervals."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from mapapp.payload import DAY_MS, build, day_ms, fmt_day
from mapapp.style import LAYER_OF_TYPE, LAYERS, RADIUS_M, displaced_radius_px
from tests.conftest import HOSTILE, incident_frame


def _features(payload, layer: str) -> list[dict]:
    return payload.layers[layer]["features"]


@pytest.mark.parametrize(("event_type", "layer"), [
    ("armed_operation", "operations"),
    ("clash_or_attack", "clashes"),
    ("injury_or_death", "casualties"),
    ("displacement", "displacement"),
    ("site_recaptured", "recaptured"),
    ("site_lost", "lost"),
    ("deployment", "deployments"),
    ("equipment_delivery", "deployments"),
    ("other", "other"),
])
def test_each_event_type_lands_in_its_layer(event_type, layer):
    payload = build(incident_frame([{"event_type": event_type}]))
    assert LAYER_OF_TYPE[event_type] == layer
    assert [k for k, fc in payload.layers.items() if fc["features"]] == [layer]


def test_every_layer_has_a_distinct_colour_and_symbol():
    assert len({(layer.color, layer.shape) for layer in LAYERS}) == len(LAYERS)
    assert len({layer.color for layer in LAYERS}) == len(LAYERS)


@pytest.mark.parametrize("field", ["evidence", "place", "place_name", "actors", "article",
                                   "note", "commune"])
def test_article_text_is_escaped_in_popups_and_tooltips(field):
    payload = build(incident_frame([{field: HOSTILE}]))
    props = _features(payload, "operations")[0]["properties"]
    for text in (props["popup"], props["tip"]):
        if field in ("evidence", "article", "note", "actors") and text is props["tip"]:
            continue  # the tooltip holds type, date and place only
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_popup_lists_every_source_with_article_and_date():
    incidents = incident_frame([{"id": "x1", "killed": 3, "review": "verified",
                                 "date_precision": "week"}])
    sources = pd.DataFrame({
        "incident_id": ["x1", "x1"], "article": ["one.txt", "two & co.txt"],
        "article_date": [date(2024, 8, 28), date(2024, 8, 30)],
        "evidence": ["First report of the raid.", "Second <report>."],
        "evidence_start": [0, 0], "evidence_end": [10, 10], "rule": ["r", "r"]})
    popup = _features(build(incidents, sources), "operations")[0]["properties"]["popup"]
    for expected in ("Security operation", "28 Aug 2024 (week)", "Port-au-Prince, Ouest",
                     "3 killed", "HNP; MSS", "verified", "First report of the raid.",
                     "one.txt", "Second &lt;report&gt;.", "two &amp; co.txt", "30 Aug 2024"):
        assert expected in popup


@pytest.mark.parametrize("precision", [1, 2, 3])
def test_vague_places_are_drawn_as_uncertainty_circles_not_points(precision):
    props = _features(build(incident_frame([{"geo_precision": precision}])),
                      "operations")[0]["properties"]
    assert props.get("r_m", 0) == RADIUS_M[precision]
    assert (precision == 1) == ("r_m" not in props)


def test_displacement_circles_grow_with_people_displaced():
    sizes = [None, 100, 6_000, 100_000, 10_000_000]
    frame = incident_frame([{"event_type": "displacement", "displaced": n} for n in sizes])
    px = [f["properties"]["px"] for f in _features(build(frame), "displacement")]
    assert px == sorted(px) and px[0] < px[2] < px[-1]
    assert px[-1] == displaced_radius_px(10_000_000) <= 30  # capped


def test_site_that_changes_hands_shows_one_state_at_a_time(sample_incidents):
    payload = build(sample_incidents)
    lost = _features(payload, "lost")[0]["properties"]
    retaken = _features(payload, "recaptured")[0]["properties"]
    assert lost["start"] == day_ms(date(2024, 7, 1))
    assert lost["end"] == retaken["start"] == day_ms(date(2024, 7, 19))
    assert retaken["end"] == payload.end_ms == day_ms(date(2024, 8, 1)) + DAY_MS


def test_a_site_lost_again_ends_its_recapture():
    frame = incident_frame([
        {"event_type": "site_lost", "event_date": date(2024, 3, 6), "place_id": "port"},
        {"event_type": "site_recaptured", "event_date": date(2024, 7, 18), "place_id": "port"},
        {"event_type": "site_lost", "event_date": date(2024, 9, 1), "place_id": "port"},
        {"event_type": "site_lost", "event_date": date(2024, 8, 1), "place_id": "other-site"},
    ])
    payload = build(frame)
    retaken = _features(payload, "recaptured")[0]["properties"]
    assert retaken["end"] == day_ms(date(2024, 9, 1))
    ends = {f["properties"]["start"]: f["properties"]["end"]
            for f in _features(payload, "lost")}
    assert ends[day_ms(date(2024, 3, 6))] == day_ms(date(2024, 7, 18))
    assert ends[day_ms(date(2024, 8, 1))] == payload.end_ms  # another site: unaffected


def test_incidents_stay_on_the_map_from_their_day_to_the_end(sample_incidents):
    payload = build(sample_incidents)
    for fc in payload.layers.values():
        for f in fc["features"]:
            assert payload.start_ms <= f["properties"]["start"] < f["properties"]["end"]
    assert payload.start_ms == day_ms(date(2024, 7, 1))


def test_geojson_points_are_lon_lat():
    payload = build(incident_frame([{"lat": 18.5, "lon": -72.3}]))
    assert _features(payload, "operations")[0]["geometry"] == {
        "type": "Point", "coordinates": [-72.3, 18.5]}


def test_unplaced_incidents_are_counted_not_drawn(sample_incidents):
    payload = build(sample_incidents)
    assert payload.n_incidents == len(sample_incidents)
    assert payload.n_mapped == payload.n_features == len(sample_incidents) - 1
    assert "1 incident has no coordinates and is not on the map" in payload.notes[0]


def test_empty_selection_gives_empty_layers():
    payload = build(incident_frame([]))
    assert payload.n_features == 0 and payload.start_ms is None
    assert set(payload.layers) == {layer.key for layer in LAYERS}


def test_many_incidents_are_aggregated_into_counts_per_area():
    n = 5_000
    frame = incident_frame([{"lat": 18.5 + (i % 50) * 0.01, "lon": -72.3 - (i % 7) * 0.01,
                             "event_type": ("armed_operation", "displacement")[i % 2],
                             "displaced": 10, "event_date": date(2024, 1, 1 + i % 28)}
                            for i in range(n)])
    payload = build(frame, aggregate_above=1_000, circles=300)
    assert payload.aggregated and payload.n_features <= 300
    counts = [f["properties"]["n"] for fc in payload.layers.values() for f in fc["features"]]
    assert sum(counts) == n
    assert payload.count("displacement") == n // 2
    assert any("counts per area" in note for note in payload.notes)


def test_below_the_limit_every_incident_is_its_own_feature(sample_incidents):
    assert not build(sample_incidents, aggregate_above=len(sample_incidents)).aggregated


@pytest.mark.parametrize(("day", "shown"), [
    (date(2024, 10, 3), "3 Oct 2024"),
    (pd.Timestamp("2024-10-03"), "3 Oct 2024"),
    ("2024-10-03", "3 Oct 2024"),
    (None, "unknown date"),
    (pd.NaT, "unknown date"),
])
def test_a_day_is_shown_the_same_whatever_its_type(day, shown):
    assert fmt_day(day) == shown
