"""The window of dates the product accepts: 1900-01-01 to one year after today.

A date outside it is a typo or hostile input (year 1, 9999), never a Haitian incident, and
date arithmetic near the ends of the calendar overflows. Every entrance checks it, per item,
naming where the date came from: an article's date line, extracted incidents, ACLED rows,
review edits, CLI date options. Pure functions; ``today`` may be given for tests.
"""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from incidents.model import Extraction, Incident

FIRST_DAY = date(1900, 1, 1)
AHEAD = timedelta(days=366)  # how far past today a date may be (announced deployments)


def last_day(today: date | None = None) -> date:
    return (today or date.today()) + AHEAD


def in_window(day: date, today: date | None = None) -> bool:
    return FIRST_DAY <= day <= last_day(today)


def check_day(day: date, what: str, today: date | None = None) -> date:
    """``day`` if it is in the window, else ValueError: '<what>: expected a date from
    1900-01-01 to <last>, got <day>'."""
    if not in_window(day, today):
        raise ValueError(f"{what}: expected a date from {FIRST_DAY} to {last_day(today)}, "
                         f"got {day.isoformat()}")
    return day


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the ends of the calendar (never overflows)."""
    return date.fromordinal(min(max(day.toordinal() + days, 1), date.max.toordinal()))


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, max(offset, 0)) + 1


def keep_in_window(extraction: Extraction,
                   today: date | None = None) -> tuple[Extraction, tuple[str, ...]]:
    """The extraction without its incidents dated outside the window, and one message per
    incident left out ('a.txt:3: event_date: expected a date from … got 9999-12-01')."""
    kept: list[Incident] = []
    refused: list[str] = []
    article = extraction.article
    for inc in extraction.incidents:
        try:
            check_day(inc.event_date, "event_date", today)
            check_day(inc.article_date, "article_date", today)
        except ValueError as exc:
            refused.append(f"{article.name}:{line_of(article.text, inc.evidence_start)}: {exc}")
        else:
            kept.append(inc)
    if not refused:
        return extraction, ()
    return dataclasses.replace(extraction, incidents=tuple(kept)), tuple(refused)
