"""``python -m incidents ingest | export | unplaced | import-acled | rebuild | migrate``: the
store's commands.

Each command is a row of :data:`COMMANDS` (arguments, run function); ``configure(name,
parser)`` is what incidents/__main__.py calls.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from errors import CrisisMapError
from incidents.filters import REVIEW_STATES, Filters, caption, parse_filters
from incidents.store import open_store
from incidents.window import check_day


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None,
                        help="store: a file, or a postgresql:// URL for a team's shared store "
                             "(default: $HAITI_MAP_DB or data/incidents.db)")


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    try:
        return check_day(day, "date")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _words(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable, comma-separated option values as one tuple."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


# -- ingest --------------------------------------------------------------------------------
def _ingest_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")
    parser.add_argument("--date", type=_day, default=None,
                        help="publication date for articles without a date line")
    _nice_arg(parser)
    _db(parser)


# Extraction in a batch command is background work: on a machine that also serves the app,
# the sessions' reruns go first (the app's upload worker steps back as far). Idle cycles are
# all the batch's, so alone it runs as fast.
BATCH_NICE = int(os.environ.get("HAITI_MAP_BATCH_NICE", "19"))


def _nice_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nice", type=int, default=BATCH_NICE, metavar="N",
                        help="lower this command's CPU priority by N while it extracts, so "
                        f"an open app stays responsive (default {BATCH_NICE}; 0: do not)")


def _step_back(nice: int) -> None:
    """Run at niceness ``nice`` or lower priority (never lower it again: a second command
    run in the same process does not add up)."""
    if hasattr(os, "nice") and (now := os.nice(0)) < nice:  # POSIX only
        os.nice(nice - now)


def _primed(store: Any) -> Any:
    """The store with its copy of the incidents loaded (from the snapshot file when it is
    current), so its write re-reads only the incidents it rewrote and leaves a current
    snapshot behind: an open app then reloads once, from that file, not row by row."""
    store.query()
    return store


def run_ingest(args: argparse.Namespace) -> int:
    from incidents.extract.article import iter_articles

    _step_back(args.nice)
    with open_store(args.db) as store:
        report = _primed(store).ingest(iter_articles(args.paths, default_date=args.date))
        for a in report:
            if a.error:
                print(f"{a.status:<9} {a.error}", file=sys.stderr)
                continue
            line = f"{a.status:<9} {a.name}: {a.n_incidents} incidents"
            if a.unplaced:
                line += f"; places not found: {', '.join(a.unplaced)}"
            print(line)
            for why in a.refused:
                print(f"refused   {why}", file=sys.stderr)
        counts = {s: len(report.by_status(s)) for s in ("new", "replaced", "unchanged",
                                                        "failed")}
        print(", ".join(f"{n} {s}" for s, n in counts.items()) +
              f"; {store.count()} incidents in {store.path}")
    return 1 if report.failed else 0


# -- export --------------------------------------------------------------------------------
def _export_args(parser: argparse.ArgumentParser) -> None:
    from incidents.formats import EXPORTS

    parser.add_argument("--from", dest="date_from", type=_day, help="first date (inclusive)")
    parser.add_argument("--to", dest="date_to", type=_day, help="last date (inclusive)")
    parser.add_argument("--type", dest="event_types", action="append",
                        help="event type(s), repeat or comma-separate")
    parser.add_argument("--department", dest="departments", action="append")
    parser.add_argument("--commune", dest="communes", action="append")
    parser.add_argument("--actor", dest="actors", action="append")
    parser.add_argument("--max-precision", dest="max_geo_precision", type=int,
                        choices=(1, 2, 3), help="keep incidents at least this precise")
    parser.add_argument("--review", action="append",
                        help=f"review state(s): {', '.join(REVIEW_STATES)}")
    parser.add_argument("--text", default="", help="words in place, actors or evidence")
    parser.add_argument("--format", default=None, choices=[e.key for e in EXPORTS],
                        help="default: from -o's extension (.geojson/.json, .gpkg, .csv), "
                             "else geojson; ACLED's CSV needs --format acled")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="output file (default: a name made from the filters)")
    _db(parser)


def filters_of(args: argparse.Namespace) -> Filters:
    return Filters(date_from=args.date_from, date_to=args.date_to,
                   event_types=_words(args.event_types), departments=_words(args.departments),
                   communes=_words(args.communes), actors=_words(args.actors),
                   max_geo_precision=args.max_geo_precision, review=_words(args.review),
                   text=args.text)


def run_export(args: argparse.Namespace) -> int:
    from incidents.formats import BY_KEY, export_name, format_for

    try:
        key = args.format or (format_for(args.output.name) if args.output else "geojson")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with open_store(args.db) as store:
        try:  # typed values become keys; an unknown one lists the valid ones
            filters = parse_filters(filters_of(args), store.options())
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        data = BY_KEY[key].fn(store, filters)
        n = store.count(filters)
    output = args.output or Path(export_name(key, filters))
    output.write_bytes(data)
    print(f"wrote {output} ({BY_KEY[key].label}): {caption(filters, n)}")
    return 0


# -- unplaced ------------------------------------------------------------------------------
def _unplaced_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=0, help="show only the N most frequent")
    _db(parser)


def run_unplaced(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        df = store.unplaced()
    if args.limit:
        df = df.head(args.limit)
    if df.empty:
        print("no unresolved place names")
    for row in df.itertuples(index=False):
        print(f"{row.count:>4}  {row.text}  ({row.articles})\n      e.g. {row.example}")
    return 0


# -- import-acled --------------------------------------------------------------------------
def _acled_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="an ACLED CSV export")
    _db(parser)


def run_import_acled(args: argparse.Namespace) -> int:
    from incidents.formats.acled import import_acled

    with open_store(args.db) as store:
        result = import_acled(_primed(store), args.file)
        total = store.count()
    for error in result.errors:
        print(f"skipped {error}", file=sys.stderr)
    counts = {s: len(result.report.by_status(s)) for s in ("new", "replaced", "unchanged")}
    print(f"{args.file}: " + ", ".join(f"{n} {s}" for s, n in counts.items()) +
          f", {result.summary()}; {total} incidents in the store")
    return 1 if result.errors else 0


# -- rebuild -------------------------------------------------------------------------------
def _rebuild_args(parser: argparse.ArgumentParser) -> None:
    _nice_arg(parser)
    _db(parser)


def run_rebuild(args: argparse.Namespace) -> int:
    _step_back(args.nice)
    with open_store(args.db) as store:
        report = store.rebuild()
        print(f"re-extracted {len(report)} articles: {report.n_incidents} reports; "
              f"{store.count()} incidents in {store.path}")
    return 1 if report.failed else 0


# -- migrate ------------------------------------------------------------------------------
def _migrate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, dest="to",
                        help="the empty store to copy into: a postgresql:// URL or a file")
    _db(parser)


def run_migrate(args: argparse.Namespace) -> int:
    from incidents.store.copy import copy_store

    with open_store(args.db) as source, open_store(args.to) as dest:
        copied = copy_store(source, dest)
        print(f"copied {source.path} into {dest.path}, counts verified: " +
              ", ".join(f"{c.rows} {c.table}" for c in copied))
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None],
                          Callable[[argparse.Namespace], int]]] = {
    "ingest": (_ingest_args, run_ingest),
    "export": (_export_args, run_export),
    "unplaced": (_unplaced_args, run_unplaced),
    "import-acled": (_acled_args, run_import_acled),
    "rebuild": (_rebuild_args, run_rebuild),
    "migrate": (_migrate_args, run_migrate),
}


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Errors we raise on purpose become one clear line and exit status 2."""
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (CrisisMapError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return wrapper


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    """Add the arguments of command ``name`` and set its run function."""
    add_arguments, run = COMMANDS[name]
    add_arguments(parser)
    parser.set_defaults(run=_guarded(run))
