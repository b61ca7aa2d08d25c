"""Command line for people who maintain the gazetteer.

    python -m geo lookup "Bel Air" "Delmas 30"
    python -m geo lookup - < names.txt          (one name per line)
    python -m geo find < article.txt            (every mention, resolved, with offsets)

Each name prints one JSON object on its own line: query, id, name, kind, lat, lon,
department, commune, geo_precision, reason; or query, error and nearest candidates.
Exit status 1 when some name did not resolve, 2 when the gazetteer itself is broken.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from errors import GazetteerError
from geo.gazetteer import load_gazetteer
from geo.place import Resolution


def record(query: str, res: Resolution) -> dict[str, object]:
    """The JSON object printed for one resolution."""
    p = res.place
    if p is None:
        return {"query": query, "error": res.reason,
                "candidates": [{"id": c.id, "name": c.name, "kind": c.kind,
                                "commune": c.commune, "department": c.department}
                               for c in res.candidates[:5]]}
    return {"query": query, "id": p.id, "name": p.name, "kind": p.kind, "lat": p.lat,
            "lon": p.lon, "department": p.department, "commune": p.commune,
            "geo_precision": res.geo_precision, "reason": res.reason}


def _names(args: list[str]) -> Iterable[str]:
    for a in args:
        if a == "-":
            yield from (line.strip() for line in sys.stdin if line.strip())
        else:
            yield a


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer CSV (default data/gazetteer.csv)")
    sub = ap.add_subparsers(dest="command", required=True)
    lk = sub.add_parser("lookup", help="resolve names; '-' reads names from stdin")
    lk.add_argument("names", nargs="+")
    sub.add_parser("find", help="find and resolve every place mention in stdin's text")
    args = ap.parse_args(argv)
    try:
        gaz = load_gazetteer(args.gazetteer)
    except GazetteerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed = False
    if args.command == "lookup":
        for name in _names(args.names):
            res = gaz.lookup(name)
            failed |= not res.resolved
            print(json.dumps(record(name, res), ensure_ascii=False))
    else:
        for res in gaz.resolve_all(sys.stdin.read()):
            failed |= not res.resolved
            out = {"start": res.mention.start, "end": res.mention.end,
                   **record(res.mention.text, res)}
            print(json.dumps(out, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
