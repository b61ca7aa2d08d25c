"""Exports of a large store as the CLI makes them: open the store, export everything.

(bench_store measures the same exports on a store already open and queried, as the app's
download buttons find it.)
"""
from __future__ import annotations

from bench.measure import one_core, row, timed

EXPORT_FORMATS = ("geojson", "gpkg", "csv")
TARGET_GEOJSON_S = 2.0
BIG_RUN_S = 20.0  # stop repeating a measurement once its runs have taken this long


def run(size: int = 100_000, repeat: int = 3) -> list[dict]:
    """GeoJSON, GeoPackage and CSV of a store of ``size`` incidents (no filter: all of it),
    each run opening the store first, as ``python -m incidents export`` does."""
    from bench.stores import synthetic_store
    from incidents.filters import Filters
    from incidents.formats import BY_KEY
    from incidents.store import open_store

    big = synthetic_store(size)
    path = big.path

    def opened_and_exported(fn):
        store = open_store(path)
        try:
            return fn(store, Filters())
        finally:
            store.close()

    rows = []
    with one_core():
        for key in EXPORT_FORMATS:
            fn = BY_KEY[key].fn
            secs, runs, data = timed(lambda fn=fn: opened_and_exported(fn), repeat=repeat,
                                     budget_s=BIG_RUN_S)
            n = big.incidents
            held = key == "geojson"
            rows += [
                row("export", f"{key}: open store and export all", secs, "s", size=n, runs=runs,
                    target=f"< {TARGET_GEOJSON_S:g} s" if held else "",
                    ok=secs < TARGET_GEOJSON_S if held else None,
                    note=big.describe()),
                row("export", f"{key}: file size", len(data) / 1e6, "MB", size=n),
            ]
    return rows
