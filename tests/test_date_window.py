"""Dates outside 1900-01-01 … today + 1 year are refused per item, naming where they came
from; nothing overflows and one bad date never sinks a batch (issue 10, items 7 and 8)."""
from __future__ import annotations

from datetime import date

import pytest

from errors import ArticleError
from incidents.extract.article import parse_article
from incidents.filters import Filters
from incidents.formats.acled import import_acled
from incidents.store import open_store
from incidents.window import FIRST_DAY, check_day, in_window, last_day, shift
from tests.test_store_cli import run
from tests.test_store_support import event, line_extractor, make_article

TODAY = date.today()
EDGES = ["0001-01-01", "0001-01-15", "0001-03-01", "1899-12-31", "9999-11-30", "9999-12-31"]


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "w.db", extractor=line_extractor, gazetteer=False)
    yield s
    s.close()


def test_the_window_runs_from_1900_to_a_year_after_today():
    assert in_window(FIRST_DAY) and in_window(last_day()) and in_window(TODAY)
    assert not in_window(date(1899, 12, 31)) and not in_window(shift(last_day(), 1))
    assert shift(date(1, 1, 15), -62) == date.min and shift(date.max, 62) == date.max
    with pytest.raises(ValueError, match=r"^when: expected a date from 1900-01-01 to "
                                         r"\d{4}-\d\d-\d\d, got 9999-12-31$"):
        check_day(date.max, "when")


@pytest.mark.parametrize("day", EDGES)
def test_an_article_date_line_outside_the_window_names_the_file_and_line(day):
    """Issue 10, item 7: the article's date line."""
    with pytest.raises(ArticleError, match=rf"^x\.txt:1: date: expected a date from "
                                           rf"1900-01-01 to .*, got {day}$"):
        parse_article(f" date {day}\nGangs attacked Solino.", "x.txt")


def test_extracted_dates_outside_the_window_are_refused_one_by_one(store):
    """Issue 10, item 7: extracted incidents dated near year 1 or 9999 are left out, each
    named by file and line; the article's other incidents and the batch's other articles
    are stored."""
    mixed = make_article("mixed.txt", "\n".join([
        event("clash_or_attack", "2024-08-26", "solino"),
        event("clash_or_attack", "0001-01-15", "bel-air"),
        event("displacement", "9999-12-20", "tabarre", "month"),
        event("displacement", "2024-08-20", "kenscoff")]))
    ancient = make_article("ancient.txt", event("clash_or_attack", "2024-08-26", "solino"),
                           day="0001-02-01")
    other = make_article("other.txt", event("site_lost", "2024-08-27", "pont-sonde"))
    report = store.ingest([mixed, ancient, other])
    assert [(a.status, a.n_incidents) for a in report] == [("new", 2), ("failed", 0),
                                                           ("new", 1)]
    assert [r.split(" to ")[0] for r in report.articles[0].refused] == [
        "mixed.txt:2: event_date: expected a date from 1900-01-01",
        "mixed.txt:3: event_date: expected a date from 1900-01-01"]
    assert report.articles[0].refused[1].endswith("got 9999-12-20")
    assert report.articles[1].error.startswith("ancient.txt: date: expected a date from")
    assert sorted(store.query().place) == ["Kenscoff", "Pont-Sondé", "Solino"]


def test_acled_rows_dated_outside_the_window_are_refused_with_their_line(store, tmp_path):
    """Issue 10, item 7: the import stores the good rows and names each bad one."""
    path = tmp_path / "acled.csv"
    rows = ["event_id_cnty,event_date,event_type,admin1,admin2,location,latitude,longitude"]
    for i, day in enumerate(["2024-08-01", *EDGES, "2024-08-09"]):
        rows.append(f"HTI{i},{day},Battles,Ouest,Kenscoff,Kenscoff,18.45,-72.28")
    path.write_text("\n".join(rows) + "\n")
    result = import_acled(store, path)
    assert [a.status for a in result.report] == ["new", "new"]
    assert [str(e).split(": expected")[0] for e in result.errors] == [
        f"{path}:{n}: event_date" for n in range(3, 3 + len(EDGES))]
    assert store.count() == 2


def test_a_review_date_outside_the_window_is_refused(store):
    """Issue 10, item 7: review edits."""
    store.ingest([make_article("a.txt", event("clash_or_attack", "2024-08-26", "solino"))])
    target = store.query().id[0]
    for day in ("0001-01-02", "9999-12-31"):
        with pytest.raises(ValueError, match=rf"^event_date: expected a date from 1900-01-01 "
                                             rf"to .*, got {day}$"):
            store.review(target, event_date=day)
    store.review(target, event_date=shift(TODAY, 300).isoformat())  # announced: allowed
    assert store.query().event_date[0].date() == shift(TODAY, 300)


@pytest.mark.parametrize("filters", [
    Filters(date_from=date(1, 1, 15)), Filters(date_to=date.max),
    Filters(date_from=date.min, date_to=date(1, 1, 2)), Filters(date_from=date.max)])
def test_queries_at_the_ends_of_the_calendar_never_overflow(store, filters):
    """Issue 10, item 7: a hand-edited URL or API caller with a year-1 or 9999 date."""
    store.ingest([make_article("a.txt", event("clash_or_attack", "2024-08-26", "solino"))])
    assert store.count(filters) == len(store.query(filters))


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_export_dates_outside_the_window_are_a_usage_error(tmp_path, capsys, option):
    """Issue 10, item 7: `export --from 0001-01-15` is refused with the reason (exit 2)."""
    with pytest.raises(SystemExit) as stop:
        run(["export", option, "0001-01-15", "--db", str(tmp_path / "e.db")])
    assert stop.value.code == 2
    assert "date: expected a date from 1900-01-01" in capsys.readouterr().err
