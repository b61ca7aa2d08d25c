"""The two store backends side by side, on the same synthetic incidents: SQLite (a file) and
PostgreSQL/PostGIS (a throw-away server started for the run, fsync on: bench.pg).

    python3 -m bench.bench_backends                  # 100k incidents, app start included
    python3 -m bench.bench_backends --sizes 100000 1000000 --no-app

Per backend and size: the bulk ingest rate (building the store through ingest_extractions),
a just-opened store's first filtered and full queries, the app's filtered queries on an open
store (the first one held to the targets of bench_store: < 0.2 s at 100k, < 0.5 s at 1M), a
review followed by a query; at 100k, the GeoJSON export of every incident as the CLI makes it
(open, export) and `streamlit run app.py` to the map drawn in headless Chromium. Figures are
medians; a benchmark, never a test.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.bench_store import QUERIES, TARGETS
from bench.measure import row, timed

SECTION = "backends"
BACKENDS = ("sqlite", "postgres")
GEOJSON_TARGET_S = 2.0
APP_TARGET_S = 5.0


def measure(location: str, n: int, repeat: int, app: bool, browser=None,
            folder: Path | None = None) -> dict[str, tuple[float, str, str]]:
    """metric -> (value, unit, note) for one store of about ``n`` incidents at ``location``."""
    from bench.stores import build
    from incidents.filters import Filters
    from incidents.formats import BY_KEY
    from incidents.store import open_store

    out: dict[str, tuple[float, str, str]] = {}
    made = build(location, n)
    out["bulk ingest (store build)"] = (made.reports / made.ingest_s, "reports/s",
                                        f"{made.reports:,} reports -> {made.incidents:,} "
                                        f"incidents in {made.ingest_s:.0f} s")

    def cold(filters):
        with open_store(location) as store:
            secs, _, df = timed(lambda: store.query(filters), repeat=1)
        return secs, len(df)

    for label, filters in (("first query, just opened: 2 months, one type", QUERIES[0][1]),
                           ("first full query, just opened", None)):
        secs, rows = cold(filters)
        out[label] = (secs, "s", f"{rows:,} rows")
    with open_store(location) as store:
        store.query()
        for label, filters in QUERIES:
            secs, _, df = timed(lambda f=filters: store.query(f), repeat=repeat)
            out[f"query: {label}"] = (secs, "s", f"{len(df):,} rows")
        secs, _, got = timed(lambda: store.count(QUERIES[0][1]), repeat=repeat)
        out["count: 2 months, one type"] = (secs, "s", f"{got:,}")
        first = store.query(QUERIES[0][1]).id.iloc[0]

        def review_then_query():
            store.review(first, "verified", note="bench")
            return store.query(QUERIES[0][1])
        secs, _, _ = timed(review_then_query, repeat=repeat)
        out["review one incident, then query"] = (secs, "s", "")
    if n <= 100_000:
        def exported():
            with open_store(location) as store:
                return BY_KEY["geojson"].fn(store, Filters())
        secs, _, data = timed(exported, repeat=repeat)
        out["GeoJSON export of every incident (open + export)"] = (
            secs, "s", f"{len(data) / 1e6:.0f} MB")
    if app and browser is not None and folder is not None:
        from bench.bench_app import time_to_map

        runs = [time_to_map(browser, location, folder / f"app{i}.log")
                for i in range(repeat)]
        runs.sort(key=lambda r: r["seconds"])
        mid = runs[len(runs) // 2]
        out["app start: streamlit run to map drawn"] = (
            mid["seconds"], "s", f"server up {mid['server']:.1f} s; runs "
            + ", ".join(f"{r['seconds']:.1f}" for r in runs))
    return out


def target(metric: str, n: int) -> float | None:
    if metric == f"query: {QUERIES[0][0]}":
        return TARGETS.get(n)
    if metric.startswith("GeoJSON export"):
        return GEOJSON_TARGET_S
    return APP_TARGET_S if metric.startswith("app start") else None


def run(sizes: tuple[int, ...] = (100_000,), repeat: int = 3, app: bool = True,
        echo=None) -> list[dict]:
    """Rows for bench.run: one per metric, size and backend (metric names end in the
    backend); ``echo(table)`` sees the side-by-side table of each size."""
    from contextlib import ExitStack

    from bench.pg import new_database, pg_server

    rows: list[dict] = []
    with ExitStack() as stack:
        server = stack.enter_context(pg_server())
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench_be_")))
        browser = None
        if app:
            from playwright.sync_api import sync_playwright

            from bench.bench_app import CHROMIUM, CHROMIUM_ARGS
            pw = stack.enter_context(sync_playwright())
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        for n in sizes:
            figures = {}
            for backend in BACKENDS:
                location = (str(folder / f"bench_{n}.db") if backend == "sqlite"
                            else new_database(server, f"bench_{n}"))
                figures[backend] = measure(location, n, repeat, app and n <= 100_000,
                                           browser, folder)
            for metric in figures["sqlite"]:
                for backend in BACKENDS:
                    value, unit, note = figures[backend].get(metric, (None, "", ""))
                    goal = target(metric, n)
                    rows.append(row(SECTION, f"{metric} [{backend}]", value, unit, size=n,
                                    target=f"< {goal:g} s" if goal else "",
                                    ok=(value < goal) if goal and value is not None else None,
                                    note=note))
            if echo is not None:
                echo(side_by_side(figures, n))
    return rows


def side_by_side(figures: dict[str, dict], n: int) -> str:
    lines = [f"# {n:,} incidents", f"{'metric':<52} {'sqlite':>12} {'postgres':>12}  unit"]
    for metric, (_, unit, _) in figures["sqlite"].items():
        cells = []
        for backend in BACKENDS:
            value = figures[backend].get(metric, (None,))[0]
            cells.append("—" if value is None else
                         f"{value:,.0f}" if value >= 100 else f"{value:.3f}")
        lines.append(f"{metric:<52} {cells[0]:>12} {cells[1]:>12}  {unit}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-app", action="store_true", help="skip the app start")
    args = parser.parse_args()
    run(tuple(args.sizes), args.repeat, not args.no_app, echo=lambda t: print(t, flush=True))


if __name__ == "__main__":
    main()
