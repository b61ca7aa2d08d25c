"""One query function for every filter: each Filters field, alone and combined, on both
backends (the ``module_location`` fixture)."""
from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest

from incidents.filters import REVIEW_STATES, Filters
from incidents.store import open_store
from tests.test_store_support import event, line_extractor, make_article

ARTICLES = [
    make_article("a.txt", "\n".join([
        event("clash_or_attack", "2024-08-26", "solino", "day", "actors=Viv_Ansanm"),
        event("displacement", "2024-06-28", "bel-air", "week", "displaced=900"),
        event("deployment", "2024-07-15", "ouest", "month", "officers=200", "actors=MSS"),
    ]), "2024-08-28"),
    make_article("b.txt", "\n".join([
        event("site_recaptured", "2024-07-11", "kenscoff", "day", "actors=HNP,MSS"),
        event("site_lost", "2024-10-03", "pont-sonde", "day", "actors=Gran_Grif"),
        event("clash_or_attack", "2024-09-01", "nowhere", "day"),
    ]), "2024-10-04"),
]
# label -> place of each incident, to name expectations readably
NAMES = {"Solino", "Bel Air", "Ouest", "Kenscoff", "Pont-Sondé", "nowhere"}


@pytest.fixture(scope="module")
def store(module_location):
    s = open_store(module_location, extractor=line_extractor, gazetteer=False)
    s.ingest(ARTICLES)
    s.review(s.query(Filters(event_types=("site_lost",))).id.item(), "verified")
    s.review(s.query(Filters(event_types=("deployment",))).id.item(), "rejected")
    yield s
    s.close()


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), NAMES - {"Ouest"}),  # the rejected deployment is hidden by default
    (Filters(review=REVIEW_STATES), NAMES),
    # a date range keeps every incident whose date span overlaps it: the week of 28 June
    # reaches into July, the month from 15 July reaches into August
    (Filters(date_from=date(2024, 7, 1), date_to=date(2024, 7, 31), review=REVIEW_STATES),
     {"Bel Air", "Ouest", "Kenscoff"}),
    (Filters(date_from=date(2024, 8, 10)), {"Solino", "Pont-Sondé", "nowhere"}),
    (Filters(date_to=date(2024, 6, 30)), {"Bel Air"}),
    (Filters(event_types=("clash_or_attack", "displacement")), {"Solino", "Bel Air", "nowhere"}),
    (Filters(departments=("Artibonite",)), {"Pont-Sondé"}),
    (Filters(communes=("Port-au-Prince", "Kenscoff")), {"Solino", "Bel Air", "Kenscoff"}),
    (Filters(actors=("MSS",)), {"Kenscoff"}),
    (Filters(actors=("MSS",), review=("rejected",)), {"Ouest"}),
    (Filters(actors=("Gran Grif", "Viv Ansanm")), {"Pont-Sondé", "Solino"}),
    (Filters(max_geo_precision=1), {"Solino", "Bel Air", "Pont-Sondé"}),
    (Filters(max_geo_precision=2), {"Solino", "Bel Air", "Pont-Sondé", "Kenscoff"}),
    (Filters(review=("verified",)), {"Pont-Sondé"}),
    (Filters(review=("unreviewed", "verified")), NAMES - {"Ouest"}),
    (Filters(text="SOLINO"), {"Solino"}),  # case-insensitive
    (Filters(text="displaced=900"), {"Bel Air"}),  # words of the evidence sentence
    (Filters(text="b.txt kenscoff"), {"Kenscoff"}),  # every word must occur
    (Filters(text="100%"), set()),  # LIKE wildcards are literal
    (Filters(event_types=("clash_or_attack",), date_from=date(2024, 8, 27)), {"nowhere"}),
])
def test_each_filter_selects_exactly_its_incidents(store, filters, expected):
    df = store.query(filters)
    assert set(df["place"]) == expected
    assert store.count(filters) == len(df)


def test_query_is_sorted_by_date(store):
    dates = list(store.query()["event_date"])
    assert dates == sorted(dates)



@pytest.mark.parametrize("key", ["geojson", "gpkg", "csv", "acled"])
def test_rejected_incidents_are_hidden_from_every_export_by_default(store, key, tmp_path):
    """Issue 10, item 6: a rejected incident (the deployment, at Ouest) is not on the map
    and not in any download unless the review filter names it."""
    from incidents.formats import BY_KEY

    def n_rows(data: bytes) -> int:
        if key == "geojson":
            return len(json.loads(data)["features"])
        if key == "gpkg":
            import geopandas
            (tmp_path / "x.gpkg").write_bytes(data)
            return len(geopandas.read_file(tmp_path / "x.gpkg", layer="incidents"))
        return len(pd.read_csv(io.BytesIO(data)))

    assert "Ouest" not in set(store.query()["place"])
    assert store.count() == store.count(Filters()) == len(NAMES) - 1
    assert n_rows(BY_KEY[key].fn(store, Filters())) == len(NAMES) - 1
    assert n_rows(BY_KEY[key].fn(store, Filters(review=("rejected",)))) == 1
    assert n_rows(BY_KEY[key].fn(store, Filters(review=REVIEW_STATES))) == len(NAMES)
