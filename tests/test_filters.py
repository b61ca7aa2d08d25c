from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents.filters import Filters, caption, clean_search, from_params, slug, to_params

JUL1, AUG31 = date(2024, 7, 1), date(2024, 8, 31)


@pytest.mark.parametrize(
    ("filters", "count", "expected"),
    [
        (Filters(), 0, "0 incidents"),
        (Filters(), 1, "1 incident"),
        (Filters(JUL1, AUG31, ("displacement", "site_recaptured"), ("Ouest",)), 42,
         "42 incidents · displacement, site_recaptured · Ouest · 1 Jul – 31 Aug 2024"),
        (Filters(date_from=JUL1), 3, "3 incidents · from 1 Jul 2024"),
        (Filters(date(2023, 12, 30), date(2024, 1, 2)), 2,
         "2 incidents · 30 Dec 2023 – 2 Jan 2024"),
        (Filters(review=("verified",), text="Solino"), 5, "5 incidents · verified · “Solino”"),
    ],
)
def test_caption_says_what_is_shown(filters, count, expected):
    assert caption(filters, count) == expected


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=12)


@given(
    st.builds(
        Filters,
        date_from=st.none() | st.dates(),
        date_to=st.none() | st.dates(),
        event_types=st.lists(words, max_size=3).map(tuple),
        departments=st.lists(words, max_size=3).map(tuple),
        max_geo_precision=st.none() | st.integers(1, 3),
        text=st.text(alphabet="abc xyz", max_size=10).map(clean_search),
    )
)
def test_filters_round_trip_through_url_params(filters):
    assert from_params(to_params(filters)) == filters


def test_malformed_url_params_are_ignored_not_fatal():
    assert from_params({"date_from": "yesterday", "max_geo_precision": "x"}) == Filters()


def test_slug_is_file_name_safe():
    s = slug(Filters(JUL1, AUG31, ("displacement",), text="a/b c"))
    assert "/" not in s and " " not in s and s.startswith("date_from-2024-07-01")
