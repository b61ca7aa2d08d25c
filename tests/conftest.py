"""Shared fixtures of the app and browser tests (others may add theirs below)."""
from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

# The store's query columns (TEAM.md contract: incidents.store EVENT_COLUMNS).
EVENT_COLUMNS = (
    "id", "event_type", "event_date", "date_precision", "place", "place_id", "place_name",
    "department", "commune", "lat", "lon", "geo_precision", "killed", "injured", "displaced",
    "officers", "actors", "review", "note", "n_sources", "evidence", "article", "article_date",
    "merge_reason", "conflicts",
)
HOSTILE = "Gunmen <script>alert(1)</script> attacked <img src=x onerror=alert(1)> the station."

DEFAULTS: dict[str, Any] = {
    "event_type": "armed_operation", "event_date": date(2024, 8, 28), "date_precision": "day",
    "place": "Solino", "place_id": "nbh-solino", "place_name": "Solino",
    "department": "Ouest", "commune": "Port-au-Prince", "lat": 18.5535, "lon": -72.3225,
    "geo_precision": 1, "killed": None, "injured": None, "displaced": None, "officers": None,
    "actors": "HNP; MSS", "review": "unreviewed", "note": "", "n_sources": 1,
    "evidence": "Police carried out an operation in Solino.", "article": "a.txt",
    "article_date": date(2024, 8, 28), "merge_reason": "", "conflicts": "",
}


def incident_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame shaped like store.query's result, from partial rows (ids numbered)."""
    full = [{**DEFAULTS, "id": f"inc{i:03d}", **row} for i, row in enumerate(rows)]
    df = pd.DataFrame(full, columns=list(EVENT_COLUMNS))
    df["event_date"] = pd.to_datetime(df["event_date"])
    for key in ("killed", "injured", "displaced", "officers"):
        df[key] = df[key].astype("Int64")
    return df


@pytest.fixture
def sample_incidents() -> pd.DataFrame:
    """Seven kinds at exact and vague places, a site that changes hands, hostile text."""
    return incident_frame([
        {"event_type": "armed_operation", "event_date": date(2024, 7, 10)},
        {"event_type": "clash_or_attack", "event_date": date(2024, 7, 12), "evidence": HOSTILE,
         "place": "<b>Delmas</b>", "killed": 2},
        {"event_type": "injury_or_death", "event_date": date(2024, 7, 12), "injured": 3},
        {"event_type": "displacement", "event_date": date(2024, 7, 20), "displaced": 6000,
         "geo_precision": 2, "place": "Cabaret", "commune": "Cabaret", "lat": 18.73,
         "lon": -72.42},
        {"event_type": "site_lost", "event_date": date(2024, 7, 1), "place": "port",
         "place_id": "fac-port", "lat": 18.55, "lon": -72.35},
        {"event_type": "site_recaptured", "event_date": date(2024, 7, 19), "place": "port",
         "place_id": "fac-port", "lat": 18.55, "lon": -72.35},
        {"event_type": "deployment", "event_date": date(2024, 7, 16), "officers": 200,
         "geo_precision": 3, "place": "Ouest", "commune": "", "lat": 18.6, "lon": -72.3},
        {"event_type": "equipment_delivery", "event_date": date(2024, 8, 1)},
        {"event_type": "other", "event_date": date(2024, 8, 2), "lat": None, "lon": None},
    ])
