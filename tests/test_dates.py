"""The CODEBOOK §5 date table, relative to a publication date (a Saturday)."""
from __future__ import annotations

from datetime import date

import pytest

from incidents.extract.dates import find_dates, pick

PUB = date(2024, 10, 19)  # a Saturday


def one(text: str, pub: date = PUB) -> tuple[str, str]:
    found = pick(find_dates(text, pub), 0)
    assert found is not None, text
    return found.day.isoformat(), found.precision


@pytest.mark.parametrize("text, expected", [
    ("on July 17, 2024", ("2024-07-17", "day")),
    ("on March 25th", ("2024-03-25", "day")),
    ("on 3 October 2024", ("2024-10-03", "day")),
    ("on 3 Oct. 2024", ("2024-10-03", "day")),  # day-month with the month abbreviated
    ("from 3 to 18 Oct.", ("2024-10-03", "month")),  # over two weeks
    ("October 3-10", ("2024-10-03", "week")),  # a span of days is a range (CODEBOOK §5)
    ("on October 3-4", ("2024-10-03", "day")),  # a night or two days: the first (±1 day)
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
    ("two weeks ago", ("2024-10-05", "week")),
    ("a month ago", ("2024-09-19", "month")),
    ("in the past two weeks", ("2024-10-05", "week")),  # a window: from its start
    ("over the last 20 days", ("2024-09-29", "month")),
    ("over the past fortnight", ("2024-10-05", "week")),
    ("on 14/10/2024", ("2024-10-14", "day")),  # day first: 14 is no month
    ("on 10/14/2024", ("2024-10-14", "day")),  # month first
    ("on 03/10/2024", ("2024-10-03", "day")),  # either: the reading nearest before publication
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


def test_the_calendar_table_is_in_calendar_order():
    from geo.calendar_words import MONTHS, WEEKDAYS, month_forms
    # strftime in the C locale Python starts in: 2024-10-14 was a Monday
    assert tuple(date(2024, 10, 14 + i).strftime("%A") for i in range(7)) == WEEKDAYS
    assert tuple(date(2024, m, 1).strftime("%B") for m in range(1, 13)) == MONTHS
    forms = month_forms()
    assert forms["sept"] == forms["sep"] == forms["september"] == 9
    assert (forms["may"], forms["mar"], forms["jun"], forms["jul"]) == (5, 3, 6, 7)
    assert len(forms) == 12 + 12  # every name and every abbreviation, no clash


def test_the_speed_hints_cover_every_expression():
    from geo.calendar_words import WEEKDAYS
    from incidents.extract.date_words import HINTS, MONTHS, RELATIVE
    for word in [*RELATIVE, *MONTHS, *WEEKDAYS]:
        assert any(h in word for h in HINTS), word


# --- Issue 9, item 6: the expressions real text uses (own sentences; PUB is a Saturday) ---

@pytest.mark.parametrize("text, expected", [
    # "since X": an ongoing event from X; week if two weeks or less before publication.
    ("Roads have been blocked since Tuesday.", ("2024-10-15", "week")),
    ("Schools have stayed shut since 2 September.", ("2024-09-02", "month")),
    ("The district has been cut off since 2023.", ("2023-01-01", "month")),
    # Parts of a day, and the night: that day (CODEBOOK allows ±1 day).
    ("Shots were heard late Tuesday.", ("2024-10-15", "day")),
    ("The convoy left early Monday.", ("2024-10-14", "day")),
    ("A depot burned Tuesday night.", ("2024-10-15", "day")),
    ("Houses were torched Monday overnight.", ("2024-10-14", "day")),
    ("Fighting went on overnight Monday to Tuesday.", ("2024-10-14", "day")),
    ("A clinic was looted on the night of Wednesday to Thursday.", ("2024-10-16", "day")),
    ("A clinic was looted on the night of October 9.", ("2024-10-09", "day")),
    ("Residents fled overnight.", ("2024-10-18", "day")),
    # Windows before publication.
    ("A bridge was seized earlier this week.", ("2024-10-14", "week")),
    ("A bridge was seized earlier this month.", ("2024-10-15", "month")),
    ("A bridge was seized last month.", ("2024-09-15", "month")),
    ("A bridge was seized this past weekend.", ("2024-10-12", "week")),
    # Orders and ordinals, abbreviations with or without their full stop.
    ("The market burned on October 3rd.", ("2024-10-03", "day")),
    ("The market burned on the 3rd of October.", ("2024-10-03", "day")),
    ("The market burned on Oct. 3.", ("2024-10-03", "day")),
    ("The market burned on Sept 30, 2024.", ("2024-09-30", "day")),
    # Years: given, or inferred as the latest on or before publication.
    ("The market burned on 30 December.", ("2023-12-30", "day")),
    ("The market burned on 30 December 2022.", ("2022-12-30", "day")),
])
def test_expressions_real_text_uses(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text, heading", [
    ("25 September – Gunmen attack a school.", True),
    ("Sept. 25: gunmen attack a school.", True),
    ("- 25 September: gunmen attack a school.", True),
    ("• Sept. 25 – gunmen attack a school.", True),
    ("On 25 September, gunmen attacked a school.", True),
    ("Wednesday: gunmen attack a school.", True),
    ("Gunmen attacked a school on 25 September.", False),  # not at the head of a line
    ("Report\n- 25 September: gunmen attack a school.", True),  # a bullet on its own line
    ("On Wednesday, police said a school was attacked.", False),  # a statement's date
    ("Between 2022 and 2023, schools were attacked.", False),  # a period heads no entry
])
def test_a_date_heading_a_line_or_bullet_dates_the_timeline_entry(text, heading):
    found = find_dates(text, PUB)
    assert found and found[0].heading is heading


@pytest.mark.parametrize("text, period", [
    ("Between January 2022 and November 2023, 1,690 people were killed.", True),
    ("From March to June, 600 people were killed.", True),
    ("In 2023, 4,000 people were killed.", True),
    ("Killings rose sharply in late 2023.", True),
    ("Last year, 5,600 people were killed.", True),
    ("Earlier this year, 2,000 people were killed.", True),
    ("Between 11 and 14 October, 20 people were killed.", False),  # days: an event
    ("From Thursday to Saturday, 20 people were killed.", False),
    ("In September, 20 people were killed in one attack.", False),  # one month: an event
    ("Since March, gangs have held the port.", False),  # ongoing since X: an event (§5)
    ("On October 3, 20 people were killed.", False),
])
def test_a_stretch_of_months_or_years_is_a_period(text, period):
    from incidents.extract.dates import is_period
    (found,) = find_dates(text, PUB)
    assert is_period(found) is period


def test_pick_prefers_any_other_date_to_a_period():
    text = "Between January 2022 and November 2023, 1,690 people were killed."
    assert pick(find_dates(text, PUB), 0).day == date(2022, 1, 15)  # the caller checks it
    both = "Gangs attacked the port on Thursday, after 300 killings in 2023."
    assert pick(find_dates(both, PUB), len(both)).day == date(2024, 10, 17)


@pytest.mark.parametrize("text, span", [
    ("between 11 and 14 October", 3),
    ("between January 2022 and November 2023", 698),
    ("since October 12", 7),
    ("earlier this week", 5),  # from Monday to the Saturday of publication
    ("on October 3", 0),
    ("overnight", 0),
])
def test_span_days_is_the_stretch_the_words_name(text, span):
    (found,) = find_dates(text, PUB)
    assert found.span_days == span


@pytest.mark.parametrize("text", [
    "Protesters joined a march through the city.",  # "march" the noun
    "Gangs may attack again, police warned.",
    "May God protect them, the mayor said.",
    "The Sun newspaper ran the story.",
    "Jan Egeland visited the camps.",  # a first name, not January
    "Route 9 and National Road 2 are closed.",
    "A convoy of 2000 people left the city.",  # a count, not a year
    "Police seized 1990 rounds of ammunition.",  # a number in passing
    "Police recorded 1,995 killings.",
    "The 2021 assassination shook the country.",  # a year in passing, not a date of events
    "between 1am and 4am",
    "Gangs fired 25 shots at 10:30.",
])
def test_decoys_are_not_event_dates(text):
    assert find_dates(text, PUB) == []


def test_a_weekday_named_as_a_possessive_is_still_its_date():
    # "Tuesday's meeting" names Tuesday: a date, which pick may give to a statement.
    (found,) = find_dates("Tuesday's meeting ended without a deal.", PUB)
    assert found.day == date(2024, 10, 15)


@pytest.mark.parametrize("piece", [" ", "- ", ", ", "– ", ": ", "on ", "between ", "late ",
                                   "1 ", "May ", "since ", "\n- ", "2024 and "])
def test_matching_stays_linear_on_long_runs_of_separators(piece):
    # A correctness test: a 200 KB run of separators completes (nested quantifiers would not).
    text = piece * (200_000 // len(piece)) + "on October 3"
    found = find_dates(text, PUB)
    assert found[-1].day == date(2024, 10, 3)
