"""Weekday and month names: the one table every reader of dates and places imports.

English names as written in text, in calendar order (``WEEKDAYS.index`` is
``date.weekday()``, ``MONTHS.index`` + 1 the month's number), their abbreviations, and the
French forms wire copy uses. Read by geo.decoys (a calendar word is no place: "attacked
Carrefour Monday"), geo.descriptors, incidents.extract.dates (reading "on Monday",
"Sept. 3"), incidents.extract.sentences ("Sept." does not end a sentence) and
incidents.extract.candidates. It imports nothing, so any package may import it.
"""
from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
                         "Sun")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# "Sept" before "Sep": a regular expression's alternation takes the first that fits.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct",
                       "Nov", "Dec")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


def month_forms() -> dict[str, int]:
    """Every English month name and abbreviation, lower case -> the month's number."""
    return {form.lower(): number for number, month in enumerate(MONTHS, 1)
            for form in (month, *(a for a in MONTH_ABBREVIATIONS if month.startswith(a)))}
