"""``python -m incidents COMMAND``: the command table, each command in its own module."""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import NamedTuple


class Command(NamedTuple):
    name: str
    module: str  # defines configure(parser) and run(args) -> int
    help: str


COMMANDS: tuple[Command, ...] = (
    Command("extract", "incidents.extract.cli",
            "Extract incidents from article files or folders into GeoJSON."),
    Command("ingest", "incidents.store.cli", "Extract articles and store their incidents."),
    Command("export", "incidents.store.cli", "Export the filtered incidents of the store."),
    Command("unplaced", "incidents.store.cli", "List place names the gazetteer could not resolve."),
    Command("import-acled", "incidents.store.cli", "Load an ACLED CSV export into the store."),
    Command("rebuild", "incidents.store.cli",
            "Re-extract every stored article (after a gazetteer change); reviews are kept."),
    Command("migrate", "incidents.store.cli",
            "Copy the store (--db) into an empty one (--to): SQLite <-> PostgreSQL."),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m incidents", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        module = importlib.import_module(command.module)
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        module.configure(command.name, child)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
