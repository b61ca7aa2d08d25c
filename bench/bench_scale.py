"""Scale sections measured here: exports of a large store, and the fallbacks for the owners'
extraction and store benchmarks (used only while bench/bench_extract.py or
bench/bench_store.py is missing; the runner notes it in the table).
"""
from __future__ import annotations

import importlib
import os
from datetime import date, timedelta
from pathlib import Path

from bench.measure import one_core, peak_python_mb, row, timed
from bench.synthetic import INCIDENTS_PER_ARTICLE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
SAMPLES = ROOT / "data" / "articles"
EXPORT_FORMATS = ("geojson", "gpkg", "csv")
TARGET_GEOJSON_S = 2.0
TARGET_EXTRACT_RATE = 500.0
TARGET_QUERY_S = 0.5
BIG_RUN_S = 20.0  # stop repeating a measurement once its runs have taken this long


def file_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


# -- 5. exports -------------------------------------------------------------------------
def export(size: int = 100_000, repeat: int = 3) -> list[dict]:
    """GeoJSON, GeoPackage and CSV of a store of ``size`` incidents (no filter: all of it),
    each run opening the store first, as the CLI and the app's download buttons do."""
    from bench.stores import synthetic_store
    from incidents.export import BY_KEY
    from incidents.filters import Filters
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


# -- fallback for 3. store ----------------------------------------------------------------
QUERIES = (
    ("filtered query: Ouest, 2 types, one year",
     dict(departments=("Ouest",), event_types=("clash_or_attack", "displacement"),
          date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))),
    ("filtered query: one commune, one quarter",
     dict(communes=("Port-au-Prince",), date_from=date(2024, 7, 1), date_to=date(2024, 9, 30))),
    ("filtered query: free text 'quartier 12'", dict(text="quartier 12")),
)


def store(sizes=(10_000, 100_000, 1_000_000), repeat: int = 5,
          copy_below: int = 1_000_000) -> list[dict]:
    """Filtered queries on synthetic stores (bench.stores; the runner adds their build
    rates and sizes), and one more article ingested into a copy of each smaller store."""
    import shutil
    import tempfile

    from bench.stores import synthetic_store
    from bench.synthetic import extractions
    from incidents.store import open_store

    rows = []
    one = list(extractions(INCIDENTS_PER_ARTICLE, seed=99))
    with one_core():
        for n in sizes:
            made = synthetic_store(n)
            rows += queries(made.path, made.incidents, repeat)
            if n >= copy_below:
                continue
            with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
                copy = Path(tmp) / "copy.db"
                shutil.copyfile(made.path, copy)
                st = open_store(copy)
                try:
                    secs, runs, _ = timed(lambda st=st: st.ingest_extractions(one), repeat=1)
                finally:
                    st.close()
            rows.append(row("store", "ingest one more article into it", secs, "s",
                            size=made.incidents, runs=runs,
                            note=f"{INCIDENTS_PER_ARTICLE} reports; re-merges their blocks"))
    return rows


def queries(path: Path, count: int, repeat: int = 5) -> list[dict]:
    """Each filtered query on a store just opened (what an app call that opens the store
    pays) and on one already open (the store keeps an in-memory copy after a first query)."""
    from incidents.filters import Filters
    from incidents.store import open_store

    def opened_and_queried(filters):
        st = open_store(path)
        try:
            return st.query(filters)
        finally:
            st.close()

    rows = []
    st = open_store(path)
    try:
        for label, kwargs in QUERIES:
            filters = Filters(**kwargs)
            cold, cold_runs, df = timed(lambda f=filters: opened_and_queried(f),
                                        repeat=max(1, repeat // 2))
            warm, runs, df = timed(lambda f=filters: st.query(f), repeat=repeat, warmup=1)
            held = count >= 500_000 and label == QUERIES[0][0]
            for kind, secs, r in (("store just opened", cold, cold_runs),
                                  ("store open", warm, runs)):
                rows.append(row("store", f"{label} ({kind})", secs, "s", size=count, runs=r,
                                target=f"< {TARGET_QUERY_S:g} s" if held else "",
                                ok=secs < TARGET_QUERY_S if held else None,
                                note=f"{len(df):,} rows returned"))
    finally:
        st.close()
    return rows


# -- fallback for 1. extraction -----------------------------------------------------------
def base_articles() -> list:
    from incidents.article import iter_articles

    folders = [p for p in (CORPUS, SAMPLES) if p.is_dir()]
    return [a for a in iter_articles(folders) if not isinstance(a, Exception)]


def repeated(base: list, n: int) -> list:
    """n articles: the base ones repeated, each copy dated k days later (and so a new id)."""
    from incidents.article import article_id
    from incidents.model import Article

    out = []
    for i in range(n):
        a = base[i % len(base)]
        k = i // len(base)
        day = a.date + timedelta(days=k)
        out.append(Article(f"{k:05d}_{a.name}", day, a.text, article_id(day, a.text)))
    return out


def extract(sizes=(100, 1000, 10_000), repeat: int = 3) -> list[dict]:
    """Articles/s of incidents.extract.extract on one core, and peak memory (tracemalloc,
    measured on a separate untimed pass at the smallest size times ten at most)."""
    from geo.gazetteer import load_gazetteer

    extract_one = importlib.import_module("incidents.extract").extract

    gaz = load_gazetteer()
    base = base_articles()
    rows = []
    with one_core():
        extract_one(base[0], gaz)  # warm caches: the gazetteer's and the regexes'
        for n in sizes:
            arts = repeated(base, n)
            secs, runs, _ = timed(lambda arts=arts: [extract_one(a, gaz) for a in arts],
                                  repeat=repeat if n * repeat <= 3000 else 1)
            rate = n / secs
            rows.append(row("extract", "articles/s (one core)", rate, "articles/s", size=n,
                            runs=runs, target=f">= {TARGET_EXTRACT_RATE:g}/s",
                            ok=rate >= TARGET_EXTRACT_RATE,
                            note=f"{len(base)} base articles repeated with shifted dates"))
        n_mem = min(max(sizes), 1000)
        arts = repeated(base, n_mem)
        peak = peak_python_mb(lambda: [extract_one(a, gaz) for a in arts])
        rows.append(row("extract", "peak Python memory while extracting", peak, "MB",
                        size=n_mem, note="tracemalloc, results kept"))
    rss = _max_rss_mb()
    rows.append(row("extract", "peak RSS of the benchmark process so far", rss, "MB"))
    return rows


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if os.name == "posix" else 0
