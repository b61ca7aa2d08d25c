"""Event dates from the words of a sentence, relative to the article's publication date.

The CODEBOOK §5 table, as data: each expression kind gives a date and a precision (day, week,
month). A date is never after the publication date. ``find_dates`` returns every date
expression of a sentence with its offsets; ``pick`` chooses the one that dates an event;
``is_period`` tells a stretch of months or years ("between January 2022 and November 2023",
"in 2023"), which dates a statistic, not an event. A date that heads a line or a bullet
("25 February – ...", "- Feb. 25: ...", "On 3 March, ...") is marked ``heading``: it dates the
whole timeline entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from incidents.extract.date_words import (
    BY,
    CASE_SENSITIVE_MONTH,
    DATE,
    DATE_LOWER,
    HEAD_END,
    HINT,
    JUST_COMMA,
    LINE_OPENING,
    LINE_OPENING_MAX,
    MONTH_PARTS,
    MONTH_WORD,
    MONTHS,
    NEXT_TO,
    OPENING,
    PERIOD_DAYS,
    RANGE_JOIN,
    RANGE_START,
    RELATIVE,
    SINCE,
    STATEMENT,
    STATEMENT_AFTER,
    UNIT_DAYS,
    YEAR_PART_SPAN,
    YEAR_PARTS,
    YEAR_WORD,
    count_word,
    precision_of,
    weekday_back,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: offsets in the searched text, the date it means, how precise."""

    start: int
    end: int
    day: date
    precision: str  # day | week | month
    kind: str  # explicit | weekday | relative (a RANK key)
    role: str = ""  # "" | since | by | range | statement | next (the day after the story's)
    # Days the words cover beyond one point: a range's or an open window's length ("between
    # X and Y", "since X", "earlier this week"), a year's; 0 for a day, a week or a month.
    span_days: int = 0
    heading: bool = False  # opens a line or bullet: it dates the whole timeline entry


def is_period(mention: DateMention) -> bool:
    """Whether the words name a stretch of more than a month ("between January 2022 and
    November 2023", "in 2023", "from March to June"): figures dated so are a statistic, not an
    event. "since X" is not a period: CODEBOOK §5 dates an ongoing event from X."""
    return mention.role != "since" and mention.span_days > PERIOD_DAYS


class _Meaning(NamedTuple):
    day: date
    precision: str
    kind: str
    first: date | None = None  # the stretch the words name, when longer than one point
    last: date | None = None


def _latest(month: int, day: int, pub: date, year: int | None) -> date | None:
    """That month/day in the given year, or the latest one on or before publication."""
    try:
        if year:
            return date(year, month, day)
        found = date(pub.year, month, day)
        return found if found <= pub else date(pub.year - 1, month, day)
    except ValueError:
        return None


def _month_of(day: date) -> tuple[date, date]:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day.replace(day=1), following - timedelta(days=1)


def _interpret(m: re.Match, pub: date, before: str, text: str, joined: bool) -> _Meaning | None:
    """The meaning of a match of DATE (on ``text`` or its lowercase); ``joined``: it ends a
    range whose start was the previous mention."""
    g = m.groupdict()
    if g["iso"]:
        try:
            return _Meaning(date.fromisoformat(g["iso"]), "day", "explicit")
        except ValueError:
            return None
    if g["part"]:
        part = re.sub(r"^the\s+", "", g["part"].lower())
        year = int(g["pyear"]) if g["pyear"] else None
        found = _latest(MONTHS[g["pmonth"].lower()], MONTH_PARTS[part], pub, year)
        return _Meaning(found, "week", "explicit") if found else None
    if g["ypart"]:
        month, day = YEAR_PARTS[re.sub(r"^the\s+|\s+", " ", g["ypart"].lower()).strip()]
        found = date(int(g["pyyear"]), month, day)
        return _Meaning(found, "month", "explicit", found,
                        found + timedelta(days=YEAR_PART_SPAN))
    if g["day"] or g["dday"]:
        year = g["year"] or g["dyear"]
        found = _latest(MONTHS[(g["month"] or g["dmonth"]).lower()], int(g["day"] or g["dday"]),
                        pub, int(year) if year else None)
        return _Meaning(found, "day", "explicit") if found else None
    if g["mmonth"]:
        word = text[m.start("mmonth"):m.end("mmonth")]  # its case tells "May" from "may"
        name = word.rstrip(".").lower()
        if not CASE_SENSITIVE_MONTH.match(word):
            return None  # "march", "may" as verbs
        if name == "may" and not (MONTH_WORD.search(before) or g["myear"]):
            return None
        if len(name) < 5 and name not in ("may", "june", "july") and not g["myear"]:
            return None  # "Jan Egeland": an abbreviation alone is no month
        year = int(g["myear"]) if g["myear"] else None
        found = _latest(MONTHS[name], 15, pub, year)
        return _Meaning(found, "month", "explicit", *_month_of(found)) if found else None
    if g["yyear"]:
        if not (joined or YEAR_WORD.search(before)):
            return None  # a number, or a year named in passing ("the 2021 assassination")
        year = int(g["yyear"])
        return _Meaning(date(year, 7, 1), "month", "explicit", date(year, 1, 1),
                        date(year, 12, 31))
    if g["weekday"]:
        strictly = (g["wmod"] or "").lower() == "last"
        return _Meaning(weekday_back(g["weekday"], pub, strictly), "day", "weekday")
    if g["wn"] or g["fortnight"]:  # "in the past two weeks": the window's start (CODEBOOK §5)
        unit = (g["wunit"] or "weeks").lower().rstrip("s")
        first = pub - timedelta(days=count_word(g["wn"] or "two") * UNIT_DAYS[unit])
        return _Meaning(first, _window(first, pub), "relative", first, pub)
    if g["dmy"]:
        found = _numeric(int(g["dmy"]), int(g["dmy2"]), int(g["dmyyear"]), pub)
        return _Meaning(found, "day", "explicit") if found else None
    if g["ndays"]:  # "two days ago" (a day), "two weeks ago" (a week), "a month ago"
        unit = g["agounit"].lower()
        days = count_word(g["ndays"]) * UNIT_DAYS[unit]
        return _Meaning(pub - timedelta(days=days), "day" if unit == "day" else
                        precision_of(days), "relative")
    if g["rel"]:
        rel = RELATIVE[re.sub(r"\s+", " ", g["rel"].lower())]
        found = rel.when(pub)
        last = pub if rel.window else found + timedelta(days=rel.span)
        return _Meaning(found, rel.precision, "relative", found, last)
    if g["next"]:  # the day after the story's date: resolved by the caller (role "next")
        return _Meaning(pub, "day", "relative")
    return None


def _numeric(a: int, b: int, year: int, pub: date) -> date | None:
    """'14/02/2025' (day first) or '02/14/2025' (month first): the reading that is a date,
    and when both are, the one nearest before publication."""
    found = []
    for day, month in ((a, b), (b, a)):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    before = [d for d in found if d <= pub]
    return max(before) if before else min(found) if found else None


def _window(day: date, pub: date) -> str:
    """Precision of an open window that started on ``day`` (CODEBOOK: 2 weeks or less)."""
    return precision_of((pub - day).days)


def _role(m: re.Match, text: str, start: int, lead: int, before: str) -> str:
    """What the words before a date make of it (CODEBOOK §5)."""
    if SINCE.search(before):
        return "since"
    if BY.search(before):
        return "by"
    if RANGE_START.search(before):
        return "range"
    if m.group("next"):
        return "next"
    if STATEMENT.search(before) or (OPENING.fullmatch(text, lead, start)
                                     and STATEMENT_AFTER.match(text, m.end())):
        return "statement"
    return ""


def _heads_line(text: str, start: int, end: int) -> bool:
    """Whether the date at ``start:end`` opens a line or bullet as a timeline entry's date."""
    window = max(0, start - LINE_OPENING_MAX)
    line = text.rfind("\n", window, start) + 1 or (0 if window == 0 else -1)
    return (line >= 0 and LINE_OPENING.fullmatch(text, line, start) is not None
            and HEAD_END.match(text, end) is not None)


def find_dates(text: str, pub: date) -> list[DateMention]:
    """Every date expression of ``text`` (a sentence), in order, ranges folded to their start."""
    out: list[DateMention] = []
    starts: list[date] = []  # where the stretch of each mention of ``out`` begins
    lower = text.lower()
    if not HINT.search(lower):
        return out
    same = len(lower) == len(text)
    lead = len(text) - len(text.lstrip())
    for m in (DATE_LOWER.finditer(lower) if same else DATE.finditer(text)):
        start = m.start()
        while start < m.end() and text[start].isspace():
            start += 1
        before = text[max(0, start - 40):start]
        joined = bool(out) and RANGE_JOIN.fullmatch(text, out[-1].end, start) is not None
        meaning = _interpret(m, pub, before, text, joined)
        if meaning is None:
            continue
        precision, kind = meaning.precision, meaning.kind
        day = min(meaning.day, pub)  # never after publication
        span = (meaning.last - meaning.first).days if meaning.first else 0
        if (out and out[-1].kind == "weekday" and kind == "explicit"
                and JUST_COMMA.fullmatch(text[out[-1].end:start])):
            # "Wednesday, October 30": the calendar date says it all ("since Friday,
            # February 14": with the weekday's role)
            weekday_role = out.pop().role
            starts.pop()
            joined = False
        else:
            weekday_role = ""
        role = _role(m, text, start, lead, before) or weekday_role
        if role in ("since", "range") and m.group("yyear"):
            day = min(meaning.first, pub)  # "since 2021": from its first day
        if role == "since":
            precision, span = _window(day, pub), (pub - day).days
        elif role == "by":
            precision = "month"
        end_day = m.group("day2") or m.group("dday2")
        if end_day:
            span = max(0, int(end_day) - day.day)
        if end_day and (role == "range" or span > 1):  # "11-14 November": the span decides
            precision = precision_of(span)
        elif end_day:
            precision = "day"  # "March 3-4": a night or two days, the first (±1 day)
        if joined:
            first = out[-1]  # the end of a range: keep its start, widen if it spans weeks
            if first.kind == kind == "weekday" and first.day > day:
                # "from Monday to Tuesday" published on a Monday: the Monday before.
                first = replace(first, day=first.day - timedelta(days=7))
            last = meaning.last or day
            first = replace(first, end=m.end(), span_days=max(first.span_days,
                                                              (last - starts[-1]).days))
            if first.role == "range":
                first = replace(first, precision=precision_of((day - first.day).days))
            out[-1] = first
            continue
        heading = (role == "" and kind != "relative" and span <= PERIOD_DAYS
                   and _heads_line(text, start, m.end()))
        out.append(DateMention(start, m.end(), day, precision, kind, role, span, heading))
        starts.append(min(meaning.first or day, day))
    out = _weekday_of_last_week(text, out)
    return [d if d.role != "range" else replace(d, precision=d.precision if d.precision != "day"
                                                 else "week") for d in out]


def _weekday_of_last_week(text: str, found: list[DateMention]) -> list[DateMention]:
    """'on Wednesday last week', 'last week on Friday': that weekday of the previous calendar
    week, day precision (one mention instead of two)."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        pair = prev and {prev.kind, d.kind} == {"weekday", "relative"} and NEXT_TO.fullmatch(
            text[prev.end:d.start])
        rel = (prev if prev and prev.kind == "relative" else d) if pair else None
        if not rel or text[rel.start:rel.end].lower() != "last week":
            out.append(d)
            continue
        weekday = d if rel is prev else prev
        monday = rel.day - timedelta(days=rel.day.weekday())  # of the week before publication
        day = monday + timedelta(days=weekday.day.weekday())
        out[-1] = replace(prev, end=d.end, day=day, precision="day", kind="weekday",
                          role=weekday.role or rel.role, span_days=0)
    return out


def pick(mentions: list[DateMention], anchor: int,
         skip_roles: tuple[str, ...] = ()) -> DateMention | None:
    """The date that dates an event whose trigger is at ``anchor``: the nearest one; an "as
    of" date, then statement dates, then periods, only when nothing else dates the sentence
    (CODEBOOK §5: the "as of" date of a figure only when no trigger date is given; a period
    still dates a range; a caller that holds figures checks ``is_period``: a statistic)."""
    usable = [d for d in mentions if d.role not in skip_roles]
    primary = ([d for d in usable if d.role not in ("statement", "by") and not is_period(d)]
               or [d for d in usable if d.role != "statement" and not is_period(d)]
               or [d for d in usable if not is_period(d)] or usable)
    if not primary:
        return None
    return min(primary, key=lambda d: (abs(d.start - anchor) if d.start >= anchor
                                       else abs(anchor - d.end)))
