"""The words of dates (CODEBOOK §5) as data: month and weekday forms, relative expressions
with the date and precision each means, parts of months and years, the units of windows and
lags, and the patterns that find them and read the words before them ("since", "as of", "said
on"). incidents.extract.dates reads a sentence with them."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from geo.calendar_words import MONTH_ABBREVIATIONS, WEEKDAYS, month_forms
from geo.calendar_words import MONTHS as MONTH_NAMES
from incidents.extract.casefold import lowered

MONTHS = month_forms()  # "january", "jan", "sept" ... -> 1..12
# Rank of each kind when several rows of one event disagree: higher is more trustworthy.
RANK = {"explicit": 4, "weekday": 3, "relative": 2, "inherited": 1, "default": 0}
# Precision of a part of a month, and the day that stands for it.
MONTH_PARTS = {"early": 5, "beginning of": 5, "start of": 5, "mid": 15, "middle of": 15,
               "late": 25, "end of": 25}
# Units of a window, a lag or a time ago, in days ("the past two weeks", "hours after", "a
# month ago"); a count without a number ("days after", "the past few weeks") counts FEW.
UNIT_DAYS = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}
FEW = 3
WEEK_DAYS_MAX = 14  # a stretch of up to two weeks dates with a week's precision, longer a month's
PERIOD_DAYS = 31  # a stretch longer than this is a period: it dates a statistic, not an event


def _back(days: int) -> Callable[[date], date]:
    return lambda pub: pub - timedelta(days=days)


def _saturday_before(pub: date) -> date:
    return weekday_back("saturday", pub - timedelta(days=1), False)


def _mid_last_month(pub: date) -> date:
    return (pub.replace(day=1) - timedelta(days=1)).replace(day=15)


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative expression: the date it means from the publication date, its precision,
    and how long a stretch it names (``window``: from that date up to publication;
    ``span``: a fixed number of days; neither: a point)."""

    when: Callable[[date], date]
    precision: str
    help: str
    window: bool = False
    span: int = 0


MONDAY = Relative(lambda pub: pub - timedelta(days=pub.weekday()), "week",
                   "start of the window: the Monday of the publication week", window=True)
WEEKEND = Relative(_saturday_before, "week", "the Saturday before publication")
RELATIVE: dict[str, Relative] = {
    **{k: Relative(_back(0), "day", "the publication day") for k in (
        "today", "this morning", "this afternoon", "this evening", "tonight")},
    **{k: Relative(_back(1), "day", "the night before publication (±1 day)") for k in (
        "yesterday", "overnight", "last night")},
    "last week": Relative(_back(7), "week", "publication − 7 days"),
    **{k: Relative(_back(0), "week", "the publication date") for k in (
        "this week", "in the past week", "in the last week", "in recent days")},
    "earlier this week": MONDAY,
    **{k: Relative(_back(3), "week", "a few days before publication") for k in (
        "a few days ago", "a few days earlier", "days earlier", "days ago")},
    **{k: WEEKEND for k in ("over the weekend", "last weekend", "this weekend",
                             "during the weekend", "this past weekend", "the past weekend")},
    "last month": Relative(_mid_last_month, "month", "the 15th of the previous month"),
    "earlier this month": Relative(lambda pub: pub.replace(day=min(15, pub.day)), "month",
                                   "the 15th of the month (or publication if sooner)"),
    **{k: Relative(lambda pub: pub.replace(day=1), "month", "the first of the month",
                   window=True) for k in ("beginning of the month", "start of the month",
                                          "beginning of this month", "start of this month")},
    **{k: Relative(lambda pub: pub.replace(month=1, day=1), "month", "1 January", window=True)
       for k in ("beginning of the year", "start of the year", "beginning of this year",
                 "start of this year")},
    "earlier this year": Relative(lambda pub: pub.replace(month=1, day=1), "month",
                                  "start of the window: 1 January", window=True),
    "last year": Relative(lambda pub: date(pub.year - 1, 7, 1), "month",
                          "the middle of the previous year", span=365),
}
# Parts of a year ("early 2023", "mid-2023", "late 2023"): the day that stands for each.
YEAR_PARTS = {"early": (2, 15), "mid": (7, 1), "late": (11, 15), "end of": (11, 15)}
YEAR_PART_SPAN = 120

MONTH = r"(?P<{}>" + "|".join((*MONTH_NAMES, *MONTH_ABBREVIATIONS)) + r")\.?"
ORD = r"(?:st|nd|rd|th)?"
YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
# Nouns a number counts: "2000 people" is a count, not a year.
COUNT_NOUNS = ("people", "persons", "residents", "families", "households", "homes", "houses",
               "children", "officers", "troops", "soldiers", "police", "members", "dead",
               "deaths", "victims", "killed", "injured", "displaced", "cases", "dollars")
# The lookahead lets the engine skip spaces and punctuation fast (3x faster on news text).
DATE = re.compile(
    r"(?=[0-9A-Za-z])\b(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)[\s-]+{MONTH.format('pmonth')}"
    rf"(?:\s+(?P<pyear>(?:19|20)\d\d))?"
    r"|(?P<ypart>early|mid|late|(?:the\s+)?end\s+of)[\s-]+(?P<pyyear>(?:19|20)\d\d)(?![\w-]|[.,]\d)"
    rf"|{MONTH.format('month')}\s+(?P<day>\d{{1,2}}){ORD}"
    rf"(?:\s*(?:to|-|–|and|through|until)\s*(?P<day2>\d{{1,2}}){ORD})?{YEAR}(?!\s*(?:%|:\d|\d))"
    rf"|(?P<dday>\d{{1,2}}){ORD}(?:\s*(?:to|-|–|and|through|until)\s*(?P<dday2>\d{{1,2}}){ORD})?"
    rf"\s+(?:of\s+)?{MONTH.format('dmonth')}(?![\w-])(?:,?\s+(?P<dyear>(?:19|20)\d\d))?"
    rf"|(?<![-\w]){MONTH.format('mmonth')}(?:\s+(?P<myear>(?:19|20)\d\d))?(?![\w-])"
    r"|(?<![\w.,$-])(?P<yyear>(?:19|20)\d\d)(?![\w-]|[.,]\d|\s*%|[\s-]+(?:"
    + "|".join(COUNT_NOUNS) + r")\b)"
    r"|(?:(?P<wmod>last|this|on|past)|(?:overnight|early|late)(?:\s+(?:on|into))?)?\s*"
    r"(?P<weekday>" + "|".join(WEEKDAYS) + r")s?"
    r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
    r"|(?P<ndays>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|an?)\s+"
    r"(?P<agounit>day|week|month)s?\s+(?:ago|earlier|before)"
    r"|(?:in|over|during|within|for)\s+the\s+(?:past|last|previous)\s+"
    r"(?P<wn>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(?P<wunit>days|weeks|months)|(?:in|over|during|within|for)\s+the\s+(?:past|last|previous)"
    r"\s+(?P<fortnight>fortnight)"
    r"|(?P<dmy>\d{1,2})/(?P<dmy2>\d{1,2})/(?P<dmyyear>(?:19|20)\d\d)(?![\d/])"
    r"|(?P<next>the\s+(?:next|following)\s+(?:day|morning|evening|night)|a\s+day\s+later|"
    r"the\s+day\s+after)"
    r"|(?P<rel>" + "|".join(sorted((re.escape(k) for k in RELATIVE), key=len, reverse=True))
    + r"))\b", re.IGNORECASE | re.ASCII)  # date words are ASCII; ASCII matching is faster
DATE_LOWER = re.compile(lowered(DATE.pattern), re.ASCII)
# What comes just before a date decides its kind ("since", "by", a statement's "said on").
SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:night\s+of\s+)?\Z", re.IGNORECASE)
BY = re.compile(r"\b(?:by|as of|as at|until)\s+\Z", re.IGNORECASE)
RANGE_START = re.compile(r"\b(?:between|from)\s+(?:the\s+night\s+of\s+)?(?:on\s+)?\Z",
                          re.IGNORECASE)
STATEMENT = re.compile(r"\b(?:said|says|announced|reported|confirmed|stated|told\s+\w+)"
                        r"(?:\s+\w+)?\s+(?:on\s+|late\s+|early\s+)?\Z", re.IGNORECASE)
# "On Wednesday, police said ...": a date that opens a sentence and a statement dates the
# statement.
OPENING = re.compile(r"(?:(?:late|early)\s+)?(?:on\s+)?", re.IGNORECASE)
STATEMENT_AFTER = re.compile(r",?\s*(?:the\s+)?(?:[\w.'’-]+\s+){0,4}?(?:said|says|announced|"
                              r"reported|confirmed|stated|told)\b", re.IGNORECASE)
# A timeline entry: a date after at most a bullet and "On" at the start of a line, followed by
# a dash, a colon, a comma or a full stop ("- Feb. 25: ...", "25 February – ...").
LINE_OPENING = re.compile(r"[ \t]*(?:[-–—•*·▪‣◦]+[ \t]*)?(?:on[ \t]+)?", re.IGNORECASE)
LINE_OPENING_MAX = 12  # characters: a bullet and "On"
HEAD_END = re.compile(r"[ \t]*(?:[-–—:,]|\.(?:\s|\Z))")
# Between two dates: the end of a range ("May 10 to 11", "began on X and lasted into Y").
RANGE_JOIN = re.compile(r"\s*(?:to|and|until|through|into|-|–|and\s+(?:lasted|continued|went\s+on)"
                         r"\s+(?:into|until|through)(?:\s+the\s+(?:early\s+)?hours\s+of)?)"
                         r"\s*(?:on\s+)?\Z", re.IGNORECASE)
SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(word: str) -> int:
    """How many a word of a date counts: "12", "a"/"an" (1), "two" ... "ten", else a few."""
    word = word.lower()
    return (int(word) if word.isdigit() else 1 if word in ("a", "an")
            else SMALL.index(word) + 2 if word in SMALL else FEW)


def precision_of(days: int) -> str:
    """The precision of a stretch or lag of ``days`` (CODEBOOK §5: two weeks or less, a week)."""
    return "week" if days <= WEEK_DAYS_MAX else "month"
CASE_SENSITIVE_MONTH = re.compile(r"[A-Z]")
MONTH_WORD = re.compile(r"\b(?:in|during|since|by|until|from|last|this|of|early|late|mid)\s+\Z",
                         re.IGNORECASE)
# A bare year is a date only after one of these ("in 2023", "since 2021", "between 2022").
YEAR_WORD = re.compile(r"\b(?:in|during|since|by|until|from|between|through|throughout|of|"
                        r"before|after)\s+\Z", re.IGNORECASE)
JUST_COMMA = re.compile(r",?\s*")


def weekday_back(name: str, pub: date, strictly_before: bool) -> date:
    back = (pub.weekday() - [d.lower() for d in WEEKDAYS].index(name.lower())) % 7
    if back == 0 and strictly_before:
        back = 7
    return pub - timedelta(days=back)


# Speed: a sentence without any of these (lowercase) has no date expression.
HINTS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "jan", "feb", "mar", "apr", "may",
          "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day", "week", "month", "year",
          "night", "morning", "evening", "afternoon", "early", "mid", "late", "end of")
HINT = re.compile("|".join(map(re.escape, HINTS)))

NEXT_TO = re.compile(r"[\s,]*(?:of\s+|on\s+)?", re.IGNORECASE)
