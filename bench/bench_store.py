"""Store benchmark: ingest 5,000 articles; query and export 100,000 (and 1,000,000) incidents.

    python3 -m bench.bench_store                 # 5,000 articles; 100k and 1M incidents
    python3 -m bench.bench_store --sizes 100000  # skip the 1M store (minutes to build)

1. Ingest: the development corpus articles repeated with shifted dates (each copy a new
   article) into a fresh store, with the real extractor; then the same articles, extracted
   beforehand, through the bulk path, so the store's own share shows.
2. Queries on synthetic stores (bench.stores, cached between runs): the first query of a
   freshly opened store (a filtered one reads its rows from SQLite; a full one loads the
   in-memory copy, from SQLite or from the columnar snapshot beside the database), then
   the same filters on an open store.
3. Exports of the 100,000-incident store, and a review followed by a query (the refresh of
   one block). Targets (issue 4): filtered query of 100k < 0.2 s, of 1M < 0.5 s; GeoJSON
   export of 100k < 2 s. Figures are medians; a benchmark, never a test.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.measure import SHARED, row, timed
from incidents.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
CORPUS = SHARED / "corpus" / "articles"
SAMPLES = ROOT / "data" / "articles"
TARGETS = {100_000: 0.2, 1_000_000: 0.5}  # filtered query, seconds
GEOJSON_TARGET_S = 2.0
# a just-opened store's first query, filtered or full from its snapshot: seconds
COLD_TARGETS = {100_000: 0.3, 1_000_000: 1.0}
# (label, filters): what the app asks for. The first one is held to the target.
QUERIES: tuple[tuple[str, Filters], ...] = (
    ("2 months, one type", Filters(date_from=date(2024, 7, 1), date_to=date(2024, 8, 31),
                                   event_types=("displacement",))),
    ("one department", Filters(departments=("Artibonite",))),
    ("text search", Filters(text="quartier 1")),
    ("actors, precision 1", Filters(actors=("HNP",), max_geo_precision=1)),
    ("everything", Filters()),
)


def corpus_articles(n: int) -> list:
    """n articles: the corpus (and sample) articles, each copy dated 7 days later."""
    from incidents.extract.article import article_id, iter_articles
    from incidents.model import Article

    folders = [p for p in (CORPUS, SAMPLES) if p.is_dir()]
    base = [a for a in iter_articles(folders) if not isinstance(a, Exception)]
    out = []
    for i in range(n):
        a = base[i % len(base)]
        day = a.date + timedelta(days=7 * (i // len(base)))
        out.append(Article(f"{i // len(base):04d}_{a.name}", day, a.text,
                           article_id(day, a.text)))
    return out


def ingest(n_articles: int) -> list[dict]:
    from incidents.extract.pipeline import extract
    from incidents.store import open_store

    articles = corpus_articles(n_articles)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        store = open_store(Path(tmp) / "a.db")
        secs, _, report = timed(lambda: store.ingest(articles), repeat=1)
        rows.append(row("store", "ingest articles (extraction included)", n_articles / secs,
                        "articles/s", size=n_articles,
                        note=f"{secs:.1f} s; {report.n_incidents:,} reports -> "
                             f"{store.count():,} incidents; {len(report.failed)} failed"))
        again, _, _ = timed(lambda: store.ingest(articles), repeat=1)
        rows.append(row("store", "re-ingest the same articles (all unchanged)", again, "s",
                        size=n_articles))
        store.close()
        extractions = [extract(a) for a in articles]
        bulk = open_store(Path(tmp) / "b.db")
        secs, _, _ = timed(lambda: bulk.ingest_extractions(extractions), repeat=1)
        rows.append(row("store", "ingest articles, store only (extracted beforehand)",
                        n_articles / secs, "articles/s", size=n_articles,
                        note=f"{secs:.1f} s"))
        bulk.close()
    return rows


def queries(n: int, repeat: int = 5) -> tuple[list[dict], Path]:
    """Queries on a synthetic store of at least n incidents (built once, then cached)."""
    from bench.stores import synthetic_store

    made = synthetic_store(n)
    head = [row("store", "synthetic store", made.incidents, "incidents", size=made.incidents,
                note=made.describe())]
    return head + queries_on(made.path, TARGETS.get(n), repeat, COLD_TARGETS.get(n)), made.path


def queries_on(path: Path, target: float | None, repeat: int = 5,
               cold_target: float | None = None) -> list[dict]:
    """Just-opened stores (what the app's start and a CLI export pay): a filtered query, a
    full query without the columnar snapshot, and one with it; then each of QUERIES on an
    open store. ``cold_target`` holds the first and the last of the just-opened figures."""
    from incidents.store import open_store, snapshot

    def cold(filters: Filters | None) -> tuple[float, int, int]:
        store = open_store(path)
        try:
            secs, _, df = timed(lambda: store.query(filters), repeat=1)
            return secs, len(df), store.count()
        finally:
            store.close()

    snapshot.path_for(path).unlink(missing_ok=True)  # a derived file: measure without it
    rows = []
    for label, filters, held in (
            ("first query of a just-opened store (2 months, one type)", QUERIES[0][1], True),
            ("first full query, no snapshot (reads SQLite, writes one)", None, False),
            ("first full query of a just-opened store (from snapshot)", None, True)):
        secs, n, size = cold(filters)
        held = held and cold_target is not None
        rows.append(row("store", label, secs, "s", size=size,
                        target=f"< {cold_target:g} s" if held else "",
                        ok=secs < cold_target if held else None, note=f"{n:,} rows"))
    store = open_store(path)
    size = store.count()
    store.query()
    for i, (label, filters) in enumerate(QUERIES):
        secs, runs, df = timed(lambda f=filters: store.query(f), repeat=repeat)
        held = i == 0 and target is not None
        rows.append(row("store", f"query: {label}", secs, "s", size=size, runs=runs,
                        target=f"< {target:g} s" if held else "",
                        ok=secs < target if held else None, note=f"{len(df):,} rows"))
    store.close()
    return rows


def exports(path: Path, repeat: int = 3) -> list[dict]:
    from incidents.formats import EXPORTS
    from incidents.store import open_store

    store = open_store(path)
    size = store.count()
    store.query()
    rows = []
    for spec in EXPORTS:
        secs, runs, data = timed(lambda s=spec: s.fn(store, Filters()), repeat=repeat)
        held = spec.key == "geojson"
        rows.append(row("store", f"export {spec.label}, every incident", secs, "s", size=size,
                        runs=runs, target=f"< {GEOJSON_TARGET_S:g} s" if held else "",
                        ok=secs < GEOJSON_TARGET_S if held else None,
                        note=f"{len(data) / 1e6:.1f} MB"))
    return rows + review_then_query(store, size)


def review_then_query(store, size: int) -> list[dict]:
    """A reviewer's edit, then the next query (re-reads the edited incident's block)."""
    first = store.query(QUERIES[0][1])
    incident = first.id.iloc[0] if len(first) else store.query().id.iloc[0]

    def edit_and_query():
        store.review(incident, "verified", note="bench")
        return store.query(QUERIES[0][1])

    secs, runs, _ = timed(edit_and_query, repeat=3)
    store.close()
    return [row("store", "review one incident, then query again", secs, "s", size=size,
                runs=runs)]


def run(sizes=(100_000, 1_000_000), articles: int = 5000, echo=None) -> list[dict]:
    """Every figure, as rows for bench.run (sizes: synthetic store sizes); ``echo(rows)``
    sees each part as soon as it is measured."""
    rows: list[dict] = []

    def add(part: list[dict]) -> None:
        rows.extend(part)
        if echo is not None:
            echo(part)

    if articles:
        add(ingest(articles))
    export_from = None
    for n in sizes:
        got, path = queries(n)
        add(got)
        if n == 100_000 or (export_from is None and n == max(sizes)):
            export_from = path
            add(exports(path))
    return rows


def show(rows: list[dict]) -> None:
    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    for r in rows:
        value = r["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) and value < 100 else f"{value:,.0f}"
        verdict = {True: "ok", False: "MISSED", None: ""}[r["ok"]]
        print(f"{r['metric']:<55} {r['size'] or '':>9} {shown:>10} {r['unit']:<11} "
              f"{r['target']:<8} {verdict:<6} {r['note']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--store", type=Path, action="append", default=[],
                        help="also measure queries (and exports) on this existing store file")
    args = parser.parse_args()
    run(tuple(args.sizes), args.articles, echo=show)
    for path in args.store:
        show(queries_on(path, None))
        show(exports(path))


if __name__ == "__main__":
    main()
