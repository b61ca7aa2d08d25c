"""``python -m incidents extract PATH... -o OUT.geojson``: articles in, one Feature per
incident and article out (no merging across articles in this command)."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from errors import ArticleError, CrisisMapError
from incidents.extract import extract
from incidents.extract.article import expand_paths, read_article
from incidents.formats.geojson import incidents_collection, write

PROGRESS_DELAY = 1.0  # seconds: a batch done sooner shows no bar


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments and set its runner."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.geojson",
                        help="GeoJSON file to write")
    parser.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="publication date for plain-text articles without a date line")
    parser.add_argument("--gazetteer", metavar="CSV", help="gazetteer file (default: data/)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Extract every readable article; list the unreadable ones on stderr; 1 if any failed."""
    from tqdm import tqdm

    from geo.gazetteer import load_gazetteer

    try:
        gaz = load_gazetteer(args.gazetteer)
    except (CrisisMapError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    paths = expand_paths(args.paths)
    incidents, failed = [], []
    bar = tqdm(paths, unit="article", disable=args.quiet, delay=PROGRESS_DELAY, file=sys.stderr)
    for path in bar:
        try:
            incidents.extend(extract(read_article(path, args.date), gaz).incidents)
        except ArticleError as exc:
            failed.append(str(exc))
    for message in failed:
        print(f"unreadable: {message}", file=sys.stderr)
    try:
        write(incidents_collection(incidents), args.output)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{len(incidents)} incidents from {len(paths) - len(failed)} articles -> "
          f"{args.output}" + (f"; {len(failed)} unreadable" if failed else ""), file=sys.stderr)
    return 1 if failed else 0
