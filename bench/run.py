"""Run every benchmark section, print one table, write bench/results/latest.{json,md}.

    python3 -m bench            # full sizes (a few minutes on 2 cores)
    python3 -m bench --quick    # smaller sizes, one run each: a quick look
    python3 -m bench --only map,store

Each section is a function returning rows (bench.measure.row): one figure, its unit, and the
target it is held to. A section that fails is reported as a failed row; the others still run.
A section that needs ../shared (the development corpus and its scorer) says so and is
skipped when it is not beside the checkout (a fresh clone); the others run on data the repo
has (data/, tests/data/) or makes (bench.synthetic).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

if __package__ in (None, ""):  # `python3 bench/run.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import SHARED, git_commit, row

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


class Section(NamedTuple):
    key: str
    title: str
    call: Callable[[bool], list[dict]]  # quick -> rows
    needs: tuple[str, ...] = ()  # paths under ../shared the section reads


def missing(section: Section, shared: Path = SHARED) -> list[Path]:
    """What the section needs from ../shared (``shared``) that is not there."""
    return [shared / p for p in section.needs if not (shared / p).exists()]


def skipped(section: Section, absent: list[Path]) -> dict:
    """The row of a section skipped for want of ../shared, naming what it needs."""
    return row(section.key, "skipped", None, "", note="needs " + ", ".join(map(str, absent))
               + " (../shared is not beside this checkout)")


def _call(module: str, **kwargs) -> list[dict]:
    """One of our section modules' ``run(**kwargs)``."""
    return importlib.import_module(module).run(**kwargs)


def _owned(module: str, sizes: tuple[int, ...], **kwargs) -> list[dict]:
    """An owner's ``run(sizes)`` (bench_extract, bench_store), rows in our shape."""
    return [_normalise(r, module) for r in
            importlib.import_module(module).run(sizes, **kwargs)]


def _normalise(r: dict, module: str) -> dict:
    """Rows from the owners' modules, in our row shape whatever keys they chose."""
    base = row(module.rsplit("_", 1)[-1], str(r.get("metric", r.get("name", "?"))),
               r.get("value"), str(r.get("unit", "")), size=r.get("size", r.get("n")),
               target=str(r.get("target", "")), ok=r.get("ok"), note=str(r.get("note", "")),
               runs=r.get("runs", ()))
    return {**base, "section": r.get("section", base["section"])}


def _extract(sizes: tuple[int, ...]) -> list[dict]:
    """The extraction owner's figures, and the peak resident memory of this process after
    them (the runner runs this section first: interpreter, gazetteer and extraction)."""
    import resource

    rows = _owned("bench.bench_extract", sizes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    rows.append(row("extract", "peak RSS of the process after extracting", peak, "MB",
                    size=max(sizes), note="ru_maxrss: interpreter, gazetteer, extraction"))
    return rows


def _store(sizes: tuple[int, ...], articles: int) -> list[dict]:
    """The store owner's figures, then what building each synthetic store cost (the ingest
    rate of the bulk path at that size) and its file size."""
    from bench.stores import file_mb, synthetic_store

    rows = _owned("bench.bench_store", sizes, articles=articles)
    for n in sizes:
        made = synthetic_store(n)  # built (or found in the cache) by the section above
        when = "recorded when built: " if made.cached else ""
        rows.append(row("store", "bulk ingest of synthetic reports (store build)",
                        made.reports / made.ingest_s, "reports/s", size=made.incidents,
                        note=f"{when}{made.ingest_s:.0f} s in {made.batches} batch(es); "
                             f"{made.describe()}"))
        rows.append(row("store", "database file size", file_mb(made.path), "MB",
                        size=made.incidents))
    return rows


SECTIONS: tuple[Section, ...] = (
    Section("extract", "Extraction: articles/s and peak memory",
            lambda q: _extract((100,) if q else (100, 1000))),
    Section("scaling", "Extraction end to end, growth with input size, store rebuild",
            lambda q: _call("bench.bench_scaling", quick=q)),
    Section("geoparse", "Geoparsing: ours vs geotext on the development corpus",
            lambda q: _call("bench.bench_geoparse", repeat=1 if q else 5),
            needs=("corpus/articles", "corpus/gold.jsonl", "tools/score_incidents.py")),
    Section("store", "Store: ingest, filtered query, size",
            lambda q: _store((10_000, 100_000) if q else (10_000, 100_000, 1_000_000),
                             articles=1000 if q else 5000)),
    Section("map", "Map payload: ours vs per-marker folium",
            lambda q: _call("bench.bench_map", sizes=(1000, 10_000) if q else
                            (1000, 10_000, 100_000), marker_sizes=(1000,) if q else (1000, 10_000),
                            repeat=1 if q else 3)),
    Section("export", "Export: GeoJSON, GeoPackage, CSV",
            lambda q: _call("bench.bench_export", size=10_000 if q else 100_000,
                            repeat=1 if q else 3)),
    Section("hostile", "Hostile shapes at doubling sizes, fitted k of t ∝ size^k",
            lambda q: _call("bench.bench_hostile", quick=q)),
    Section("app", "App: `streamlit run app.py` to map drawn in headless Chromium",
            lambda q: _call("bench.bench_app", big=10_000 if q else 100_000,
                            repeat=1 if q else 3)),
    Section("backends", "Store backends side by side: SQLite and PostgreSQL/PostGIS",
            lambda q: _call("bench.bench_backends", sizes=(10_000,) if q else (100_000,),
                            repeat=1 if q else 3, echo=print)),
)


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(),
            "load_avg_1m": round(load[0], 2),  # other work on the machine skews the figures
            "python": platform.python_version(), "platform": platform.platform(),
            "commit": git_commit(), "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value == float("inf"):
            return "∞"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def verdict(r: dict) -> str:
    return {True: "ok", False: "MISS", None: ""}[r.get("ok")]


COLUMNS = ("section", "metric", "size", "value", "unit", "target", "ok", "note")


def table(rows: list[dict]) -> list[list[str]]:
    return [[r["section"], r["metric"], fmt(r["size"]), fmt(r["value"]), r["unit"],
             r["target"], verdict(r), r["note"]] for r in rows]


def markdown(rows: list[dict], info: dict) -> str:
    lines = [f"Machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']} "
             f"({info['platform']}); commit {info['commit']}, {info['date']}; "
             f"mode {info['mode']}, {info['seconds']:.0f} s in all; load average "
             f"{info['load_avg_1m_at_start']} at start, {info['load_avg_1m']} at end.", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for cells in table(rows):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def text_table(rows: list[dict]) -> str:
    cells = [list(COLUMNS), *table(rows)]
    widths = [min(60, max(len(c[i]) for c in cells)) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c[i][:60].ljust(widths[i]) for i in range(len(COLUMNS))).rstrip()
                     for c in cells)


def run_sections(keys: list[str], quick: bool, log=print,
                 shared: Path = SHARED) -> list[dict]:
    rows: list[dict] = []
    for section in SECTIONS:
        if section.key not in keys:
            continue
        log(f"== {section.key}: {section.title}", flush=True)
        if absent := missing(section, shared):
            rows.append(skipped(section, absent))
            log(f"   skipped: {rows[-1]['note']}", flush=True)
            continue
        t0 = time.perf_counter()
        try:
            got = section.call(quick)
        except Exception as exc:  # a broken section is a result too; the others still run
            traceback.print_exc()
            got = [row(section.key, "section failed", None, "", ok=False,
                       note=f"{type(exc).__name__}: {exc}"[:300])]
        for r in got:
            log(f"   {r['metric']} [{fmt(r['size'])}] = {fmt(r['value'])} {r['unit']} "
                f"{r['target']} {verdict(r)}", flush=True)
        log(f"   ({time.perf_counter() - t0:.1f} s)", flush=True)
        rows += got
        gc.collect()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one run each")
    parser.add_argument("--only", default="", help="comma-separated sections: " +
                        ",".join(s.key for s in SECTIONS))
    parser.add_argument("--rebuild-stores", action="store_true",
                        help="rebuild the cached 100k and 1M synthetic stores too (many minutes)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="folder for latest.json and latest.md (default bench/results)")
    args = parser.parse_args(argv)
    keys = [k for k in args.only.split(",") if k] or [s.key for s in SECTIONS]
    unknown = set(keys) - {s.key for s in SECTIONS}
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; "
                     f"expected some of {[s.key for s in SECTIONS]}")
    if args.rebuild_stores:
        os.environ["HAITI_BENCH_REBUILD"] = "1"
    load_before = machine()["load_avg_1m"]
    t0 = time.perf_counter()
    rows = run_sections(keys, args.quick)
    info = {**machine(), "load_avg_1m_at_start": load_before,
            "mode": "quick" if args.quick else "full",
            "seconds": time.perf_counter() - t0, "sections": keys}
    print()
    print(text_table(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(
        json.dumps({"machine": info, "rows": rows}, indent=1, default=str) + "\n")
    (args.out / "latest.md").write_text(markdown(rows, info))
    print(f"\nwrote {args.out / 'latest.json'} and {args.out / 'latest.md'}")
    return 1 if any(r["metric"] == "section failed" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
