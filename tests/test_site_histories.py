"""Sites over time (mapapp.site_histories): which sites changed hands, in what order, and
who held them."""
from __future__ import annotations

from datetime import date

import pandas as pd

from mapapp.site_histories import site_histories, timeline_frame
from mapapp.style import LAYER_BY_KEY
from tests.conftest import incident_frame


def _frame():
    return incident_frame([
        {"event_type": "site_recaptured", "event_date": date(2024, 11, 18), "place_id": "s1",
         "place_name": "Station"},
        {"event_type": "site_lost", "event_date": date(2024, 11, 2), "place_id": "s1",
         "place_name": "Station"},
        {"event_type": "clash_or_attack", "event_date": date(2024, 11, 2), "place_id": "s1",
         "place_name": "Station"},
        # decoys: an attack at a place that never changed hands, an operation at the site
        {"event_type": "clash_or_attack", "event_date": date(2024, 11, 5), "place_id": "s2"},
        {"event_type": "armed_operation", "event_date": date(2024, 11, 6), "place_id": "s1"},
    ])


def test_a_site_lost_then_recaptured_has_its_events_in_order_and_its_holders():
    (site,) = site_histories(_frame())
    assert site.key == "s1"
    assert [e.event_type for e in site.events] == [
        "clash_or_attack", "site_lost", "site_recaptured"]  # same day: the attack first
    assert site.held_before == "security forces"  # inferred from the first loss
    assert [h for _, _, h, _ in site.periods()] == ["security forces", "gangs",
                                                     "security forces"]
    assert site.held_on(pd.Timestamp("2024-11-10")) == "gangs"
    assert site.held_on(pd.Timestamp("2024-11-20")) == "security forces"
    assert "2 changes of hands" in site.label


def test_timeline_uses_the_maps_colours():
    (site,) = site_histories(_frame())
    frame = timeline_frame(site)
    held = frame[frame["kind"] == "held"]
    assert list(held["colour"]) == [LAYER_BY_KEY[k].color for k in ("recaptured", "lost",
                                                                      "recaptured")]
    assert held.iloc[0]["what"].endswith("(inferred)")


def test_no_site_without_a_change_of_hands():
    assert site_histories(incident_frame([{"event_type": "clash_or_attack"}])) == []
