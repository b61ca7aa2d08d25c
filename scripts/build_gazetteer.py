"""Regenerate data/gazetteer.csv, the boundary layers and data/foreign_places.txt.

Reads only the open data in ../shared/data (see its README and data/README.md here):
the curated reference list, the GeoNames populated places (via Who's On First, and the newer
cities500 points, which win for the same geonameid), the CNIGS 2018 boundaries, and the
GeoNames cities/countries shipped in the geotext package (for the foreign-place decoys).
Nothing is typed in by hand but the tables of gazetteer_build/tables.py and its
curated.csv (see gazetteer_build/README.md): names and spellings (CURATED, COMMUNE_ALIASES)
and the neighbourhoods and sites no file gives a point for, whose rows say so in their
source column and sit at the point of the area that contains them.

    python scripts/build_gazetteer.py [--shared ../shared/data] [--out data]

The steps live in scripts/gazetteer_build/ (tables, sources, names, area_rows, place_rows,
build); this file is the command line.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import pandas as pd  # noqa: E402
from gazetteer_build.build import build, write_foreign, write_gazetteer, write_layers  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    ap.add_argument("--no-layers", action="store_true", help="skip the boundary layers")
    a = ap.parse_args(argv)
    rows = build(a.shared)
    write_gazetteer(rows, a.out)
    write_foreign(a.out)
    if not a.no_layers:
        write_layers(a.shared, a.out)
    counts = pd.Series([r["kind"] for r in rows]).value_counts().to_dict()
    print(f"wrote {len(rows)} rows to {a.out / 'gazetteer.csv'}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
