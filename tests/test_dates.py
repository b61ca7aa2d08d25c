"""The CODEBOOK §5 date table, relative to a publication date (a Saturday)."""
from __future__ import annotations

from datetime import date

import pytest

from incidents.dates import find_dates, pick

PUB = date(2024, 10, 19)  # a Saturday


def one(text: str, pub: date = PUB) -> tuple[str, str]:
    found = pick(find_dates(text, pub), 0)
    assert found is not None, text
    return found.day.isoformat(), found.precision


@pytest.mark.parametrize("text, expected", [
    ("on July 17, 2024", ("2024-07-17", "day")),
    ("on March 25th", ("2024-03-25", "day")),
    ("on 3 October 2024", ("2024-10-03", "day")),
    ("on Wednesday, October 16, 2024", ("2024-10-16", "day")),
    ("on Thursday", ("2024-10-17", "day")),
    ("on Saturday", ("2024-10-19", "day")),  # the publication day itself
    ("last Saturday", ("2024-10-12", "day")),
    ("on Monday morning", ("2024-10-14", "day")),
    ("overnight", ("2024-10-18", "day")),
    # A weekday after "overnight", "early" or "late" is the date (not the night before pub).
    ("overnight on Tuesday", ("2024-10-15", "day")),
    ("early Monday", ("2024-10-14", "day")),
    ("late Friday", ("2024-10-18", "day")),
    # A weekday of last week: that day of the previous calendar week.
    ("on Wednesday last week", ("2024-10-09", "day")),
    ("last week on Friday", ("2024-10-11", "day")),
    ("from Thursday to Saturday", ("2024-10-17", "week")),
    ("yesterday", ("2024-10-18", "day")),
    ("two days ago", ("2024-10-17", "day")),
    ("3 days earlier", ("2024-10-16", "day")),
    ("during the night of October 10 to 11", ("2024-10-10", "day")),
    ("began on October 12 and lasted into October 13", ("2024-10-12", "day")),
    ("between October 14 and October 18", ("2024-10-14", "week")),
    ("between 11 and 14 October", ("2024-10-11", "week")),
    ("on the night of 5 to 6 October", ("2024-10-05", "day")),
    ("between September 1 and October 18", ("2024-09-01", "month")),
    ("from Thursday to Saturday", ("2024-10-17", "week")),
    ("since October 10", ("2024-10-10", "week")),
    ("since August 2", ("2024-08-02", "month")),
    ("since last week", ("2024-10-12", "week")),
    ("last week", ("2024-10-12", "week")),
    ("this week", ("2024-10-19", "week")),
    ("in recent days", ("2024-10-19", "week")),
    ("over the weekend", ("2024-10-12", "week")),
    ("in early September", ("2024-09-05", "week")),
    ("in mid-August", ("2024-08-15", "week")),
    ("at the end of July", ("2024-07-25", "week")),
    ("in February", ("2024-02-15", "month")),
    ("in May 2023", ("2023-05-15", "month")),
    ("last month", ("2024-09-15", "month")),
    ("by August 1", ("2024-08-01", "month")),
    ("as of October 2", ("2024-10-02", "month")),
])
def test_date_table(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("pub, expected", [
    (date(2025, 3, 12), date(2025, 3, 7)),  # published on a Wednesday
    (date(2025, 3, 9), date(2025, 2, 28)),  # published on a Sunday (weeks start on Monday)
    (date(2025, 3, 10), date(2025, 3, 7)),  # published on a Monday
])
def test_a_weekday_of_last_week_is_in_the_calendar_week_before(pub, expected):
    (found,) = find_dates("on Friday last week", pub)
    assert (found.day, found.precision) == (expected, "day")


@pytest.mark.parametrize("text, pub, expected", [
    # A month and day after publication belong to the previous year ...
    ("on December 28", date(2025, 1, 5), ("2024-12-28", "day")),
    # ... and a date stated after publication is never used as is.
    ("on December 28, 2025", date(2025, 1, 5), ("2025-01-05", "day")),
    ("over the weekend", date(2024, 10, 21), ("2024-10-19", "week")),  # a Monday
    # A range ends on or before publication; its start comes before its end.
    ("from Monday to Tuesday", date(2024, 10, 21), ("2024-10-14", "week")),  # a Monday
])
def test_never_after_publication(text, pub, expected):
    assert one(text, pub) == expected


@pytest.mark.parametrize("text", [
    "Gangs may attack again.",  # "may" the verb
    "They march on the capital.",
    "between 1am and 4am",
    "a 30-day state of emergency",
])
def test_no_date(text):
    assert find_dates(text, PUB) == []


@pytest.mark.parametrize("text, roles", [
    ("On Wednesday, police said three people had been killed.", ["statement"]),
    ("On Wednesday, gangs attacked the town, police said.", [""]),
    ("Gangs struck overnight, officials said.", [""]),
])
def test_a_date_opening_a_statement_dates_the_statement(text, roles):
    assert [d.role for d in find_dates(text, PUB)] == roles


def test_statement_dates_only_when_nothing_else_dates_the_event():
    text = "Gangs struck overnight, officials said on Friday."
    assert [d.role for d in find_dates(text, PUB)] == ["", "statement"]
    assert pick(find_dates(text, PUB), 0).day == date(2024, 10, 18)
    only = "Officials said on Thursday that gangs had struck."
    assert pick(find_dates(only, PUB), 0).day == date(2024, 10, 17)


def test_pick_nearest_and_skip_since():
    text = "A port held since March 6 was retaken on Thursday."
    dates = find_dates(text, PUB)
    assert pick(dates, text.index("retaken"), skip_roles=("since",)).day == date(2024, 10, 17)
    assert pick(dates, text.index("held")).day == date(2024, 3, 6)


def test_the_speed_hints_cover_every_expression():
    from incidents.dates import _HINTS, MONTHS, RELATIVE, WEEKDAYS
    for word in [*RELATIVE, *MONTHS, *WEEKDAYS]:
        assert any(h in word for h in _HINTS), word
