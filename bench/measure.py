"""How the benchmarks measure: median wall time of several runs, on one core, peak memory,
and the row every section returns (one figure, its unit, and the target it is held to)."""
from __future__ import annotations

import os
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The development corpus, scorer and raw open data, beside the checkout; absent on a fresh
# clone, where the sections that need it are skipped (bench.run.Section.needs).
SHARED = ROOT.parent / "shared"


@contextmanager
def one_core() -> Iterator[int | None]:
    """Pin this process to a single CPU for the block (Linux), so figures are per core."""
    if not hasattr(os, "sched_setaffinity"):
        yield None
        return
    before = os.sched_getaffinity(0)
    cpu = max(before)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)


def timed(fn: Callable[[], Any], repeat: int = 3, warmup: int = 0,
          budget_s: float | None = None) -> tuple[float, list[float], Any]:
    """(median seconds, all runs, the last result) of ``fn()`` run ``repeat`` times, or
    fewer once the runs have taken ``budget_s`` (the runs listed say how many were made)."""
    for _ in range(warmup):
        fn()
    runs, result = [], None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
        if budget_s is not None and sum(runs) >= budget_s:
            break
    return statistics.median(runs), runs, result


def peak_python_mb(fn: Callable[[], Any]) -> float:
    """Peak memory Python allocated while ``fn()`` ran (tracemalloc), in MB. Slow: untimed."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def row(section: str, metric: str, value: float | None, unit: str, *, size: int | None = None,
        target: str = "", ok: bool | None = None, note: str = "", runs: list[float] = ()) -> dict:
    """One figure of the results table (and of latest.json)."""
    return {"section": section, "metric": metric, "size": size, "value": value, "unit": unit,
            "target": target, "ok": ok, "note": note,
            "runs": [round(r, 4) for r in runs]}


def git_commit() -> str:
    """The short hash of the checked-out commit the figures come from; "" when git cannot
    tell."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, check=False).stdout.strip()
    except OSError:
        return ""
