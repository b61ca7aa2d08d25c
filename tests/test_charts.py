"""The explore page's weekly charts (mapapp.summaries.bars): one row per bar drawn."""
from __future__ import annotations

import pandas as pd
import pytest

from mapapp.summaries import bars

WEEKS = pd.to_datetime(["2024-03-04", "2024-03-11", "2024-03-18"])


@pytest.mark.parametrize(("wide", "expected"), [
    # two series: a zero bar is no row; rows go series by series, in the columns' order
    (pd.DataFrame({"Attack": [2, 0, 1], "Displacement": [0, 3, 0]}, index=WEEKS),
     [("2024-03-04", "Attack", 2), ("2024-03-18", "Attack", 1),
      ("2024-03-11", "Displacement", 3)]),
    # one series with a quiet week between two
    (pd.DataFrame({"People displaced": [1200, 0, 40]}, index=WEEKS),
     [("2024-03-04", "People displaced", 1200), ("2024-03-18", "People displaced", 40)]),
    # nothing at all
    (pd.DataFrame({"Attack": [0, 0, 0]}, index=WEEKS), []),
])
def test_bars_are_the_non_zero_cells_of_the_weekly_table(wide, expected):
    got = bars(wide)
    assert list(got.columns) == ["week", "series", "value"]
    assert [(w.strftime("%Y-%m-%d"), s, v) for w, s, v in got.itertuples(index=False)] \
        == expected


def test_bars_keep_every_total():
    wide = pd.DataFrame({"Attack": [5, 0, 7], "Arrest": [0, 0, 2]}, index=WEEKS)
    got = bars(wide)
    assert got.groupby("series")["value"].sum().to_dict() == wide.sum().to_dict()
    assert got.groupby("week")["value"].sum().reindex(WEEKS, fill_value=0).tolist() \
        == wide.sum(axis=1).tolist()


def test_bars_of_an_empty_table_are_empty_with_their_columns():
    assert list(bars(pd.DataFrame()).columns) == ["week", "series", "value"]
