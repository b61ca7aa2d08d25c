"""Synthetic stores for the sections that read a big store (store queries, exports, the app).

Stores are loaded through the store's public bulk path (``ingest_extractions``), so they hold
what the real code makes of the reports: the store merges reports of one event (same type,
same place or commune, dates within their precision), and dense synthetic data has many such
pairs. ``at_least=True`` tops reports up until the store holds n incidents: further batches
under new seeds, of exact places only (each its own site, so they seldom merge and the
top-up converges in a round or two); ``at_least=False`` ingests exactly n reports.

A 1,000,000-incident store takes minutes to build, so built stores are kept in a cache folder
(``$HAITI_BENCH_CACHE``, default ``~/.cache/haiti-map-bench``) keyed by the synthetic data
version and build recipe (an older schema is migrated on reuse), with a JSON record of how
the build went (reports, incidents, ingest seconds, the commit that built it). A build goes
to a temporary name first, so a killed build leaves no half store behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.measure import git_commit
from bench.synthetic import INCIDENTS_PER_ARTICLE, SYNTHETIC_VERSION, extractions

TOP_UP_ROUNDS = 4
CACHE_FROM = 100_000  # stores this big take minutes to build: reuse them across runs
RECIPE = 2  # bump when build() changes what a store holds: cached stores are keyed on it
EXACT_ONLY = (1.0, 0.0, 0.0)


@dataclass(frozen=True)
class SyntheticStore:
    path: Path
    reports: int  # synthetic reports ingested
    incidents: int  # incidents the store holds after merging
    ingest_s: float  # seconds spent in ingest_extractions, all batches
    batches: int
    commit: str  # the commit whose store code built it
    built_at: str
    cached: bool = False  # True when reused from an earlier run

    def describe(self) -> str:
        where = f"cached, built {self.built_at} by {self.commit}" if self.cached else "built now"
        return (f"{self.reports:,} synthetic reports merged into {self.incidents:,} incidents "
                f"({where})")


def cache_dir() -> Path:
    """Keyed on what the stores hold, not on the schema: an older cached store is migrated
    forward when reused, as the store migrates any user's file."""
    base = os.environ.get("HAITI_BENCH_CACHE") or Path.home() / ".cache" / "haiti-map-bench"
    recipe = repr((SYNTHETIC_VERSION, RECIPE))
    digest = hashlib.sha256(recipe.encode()).hexdigest()
    return Path(base) / digest[:12]


def file_mb(path: Path) -> float:
    """Size of a store file with its write-ahead log, in MB."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


def count(path: Path) -> int:
    """How many incidents the store at ``path`` holds."""
    from incidents.store import open_store

    store = open_store(path)
    try:
        return store.count()
    finally:
        store.close()


def build(path: Path, n: int, seed: int = 0, at_least: bool = True) -> SyntheticStore:
    """Fill a new store at ``path`` (see the module docstring)."""
    from incidents.store import open_store

    store = open_store(path)
    reports, batch, seconds, batches = 0, n, 0.0, 0
    try:
        for round_ in range(TOP_UP_ROUNDS if at_least else 1):
            options = {"precision_shares": EXACT_ONLY} if round_ else {}
            items = list(extractions(batch, seed + 1000 * round_, **options))  # off the clock
            t0 = time.perf_counter()
            store.ingest_extractions(items)
            seconds += time.perf_counter() - t0
            reports, batches = reports + batch, batches + 1
            have = store.count()
            if have >= n:
                break
            batch = int((n - have) * 1.05) + INCIDENTS_PER_ARTICLE
        have = store.count()
    finally:
        store.close()
    return SyntheticStore(path, reports, have, seconds, batches, git_commit() or "?",
                          time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))


def _self_contained(path: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone can be renamed or copied."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


_MEMO: dict[tuple, SyntheticStore] = {}


def synthetic_store(n: int, seed: int = 0, at_least: bool = True,
                    fresh: bool | None = None) -> SyntheticStore:
    """A synthetic store, built once per process. Stores below ``CACHE_FROM`` incidents are
    rebuilt by each process (so their build rate is the current code's), bigger ones come
    from the cache when there (``fresh=True`` rebuilds any, or set $HAITI_BENCH_REBUILD)."""
    key = (n, seed, at_least)
    if key in _MEMO:
        return _MEMO[key]
    if fresh is None:
        fresh = n < CACHE_FROM or bool(os.environ.get("HAITI_BENCH_REBUILD"))
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"synthetic_{n}_{seed}_{'atleast' if at_least else 'reports'}"
    path, record = folder / f"{name}.db", folder / f"{name}.json"
    if not fresh and path.exists() and record.exists():
        got = SyntheticStore(**{**json.loads(record.read_text()), "path": path, "cached": True})
        count(path)  # opening it migrates an older schema now, before anything is timed
    else:
        for p in folder.glob(f"{name}*"):
            p.unlink()
        tmp = folder / f"{name}.building.db"
        built = build(tmp, n, seed, at_least)
        _self_contained(tmp)
        tmp.rename(path)
        got = SyntheticStore(**{**asdict(built), "path": path})
        record.write_text(json.dumps({**asdict(got), "path": str(path)}, indent=1))
    _MEMO[key] = got
    return got
