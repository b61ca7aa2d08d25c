"""Extraction end to end, how its cost grows with input size, and the store's rebuild.

    python3 -m bench --only scaling [--quick]
    python3 bench/bench_scaling.py [--quick]

- end to end: the benchmark's articles written as files and run through ``python -m incidents
  extract DIR -o OUT.geojson`` in this process (files read, gazetteer loaded, GeoJSON written),
  cold (no parse cache: the copies repeat sentences), articles per CPU second on one core,
  and the process's peak RSS after it; cached figures: ``bench_extract`` (section extract);
- growth: one article made of the benchmark's paragraphs at ×1, ×2, ×4, ×8 its length, and one
  sentence naming 500, 1,000, 2,000, 4,000 gazetteer places; CPU time per size and the exponent
  k fitted to t ∝ size^k (k ≈ 1: linear; k ≈ 2: doubling the input quadruples the time);
- rebuild: a store holding 5,000 articles re-extracted by ``Store.rebuild`` (what a gazetteer
  or lexicon change costs).

Figures only, no targets asserted here: the issue's targets are in the row's ``target``.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # `python3 bench/bench_scaling.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_extract import TARGET as SPEED_TARGET  # issue 9: articles/s per core, cold
from bench.bench_extract import corpus, folders
from bench.measure import one_core, row

SECTION = "scaling"
LENGTH_FACTORS = (1, 2, 4, 8)
BASE_CHARS = 20_000  # the ×1 article: about four news articles
PLACE_COUNTS = (500, 1000, 2000, 4000)
REBUILD_ARTICLES = 5000
END_TO_END_ARTICLES = 1000
RSS_TARGET_MB = 600.0


def fitted_exponent(sizes: list[float], seconds: list[float]) -> float | None:
    """k of t ∝ size^k: the least-squares slope of log t on log size (None if undefined)."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, seconds, strict=True) if t > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu(fn) -> tuple[float, object]:
    """CPU seconds of ``fn()`` on one core, and its result."""
    with one_core():
        c0 = time.process_time()
        result = fn()
        return time.process_time() - c0, result


def end_to_end(n: int) -> list[dict]:
    """``python -m incidents extract`` over n article files, in this process."""
    from incidents.__main__ import main as incidents_main
    from incidents.extract import nlp

    articles = corpus(n)
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp, nlp.parse_cache(0):
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for a in articles:  # the corpus file format: " date YYYY-MM-DD" opens the first line
            (folder / f"{a.name}.txt").write_text(f" date {a.date.isoformat()} {a.text}\n",
                                                  encoding="utf-8")
        out = Path(tmp) / "out.geojson"
        cpu, status = _cpu(lambda: incidents_main(["extract", str(folder), "-o", str(out),
                                                   "--quiet"]))
    rate = n / cpu
    rss = peak_rss_mb()
    return [row(SECTION, "end to end (files -> GeoJSON), cold: articles per CPU second, one core",
                round(rate, 1), "articles/s", size=n, target=f">= {SPEED_TARGET:.0f}",
                ok=rate >= SPEED_TARGET and status == 0,
                note=f"{cpu:.2f} s CPU; every sentence parsed (no parse cache); gazetteer "
                     f"load included; exit {status}"),
            row(SECTION, "peak RSS of the process after it", round(rss, 1), "MB", size=n,
                target=f"<= {RSS_TARGET_MB:.0f}", ok=rss <= RSS_TARGET_MB,
                note="ru_maxrss: interpreter, gazetteer, extraction")]


def long_article(chars: int):
    """One article of about ``chars`` characters: the benchmark's paragraphs, in order, each
    article's own (so its sentences, dates and places are real-looking), repeated as needed."""
    from incidents.extract.article import article_id, iter_articles
    from incidents.model import Article

    base = [a for a in iter_articles(folders()) if isinstance(a, Article)]
    paragraphs = [p for a in base for p in a.text.split("\n\n") if p.strip()]
    parts, size, i = [], 0, 0
    while size < chars:
        parts.append(paragraphs[i % len(paragraphs)])
        size += len(parts[-1]) + 2
        i += 1
    text = "\n\n".join(parts)
    day = max(a.date for a in base)
    return Article(f"long_{chars}.txt", day, text, article_id(day, text))


def _names() -> list[Path]:
    """The benchmark's article files."""
    return [p for f in folders() for p in sorted(f.iterdir()) if p.suffix == ".txt"]


def places_sentence(count: int, gaz):
    """One article whose one sentence names ``count`` gazetteer places (names cycled)."""
    from datetime import date

    from incidents.extract.article import article_id
    from incidents.model import Article

    names = [p.name for p in gaz.places if p.kind not in ("country", "department")]
    text = ("Armed gangs attacked " + ", ".join(names[i % len(names)] for i in range(count))
            + " on Tuesday, residents said.")
    day = date(2025, 3, 14)
    return Article(f"places_{count}.txt", day, text, article_id(day, text))


def series(metric: str, unit: str, sizes: list[int], articles: list, gaz) -> list[dict]:
    """CPU time of extracting each article (best of a few runs for the short ones), and k."""
    from incidents.extract.pipeline import extract

    seconds = []
    rows = []
    for size, article in zip(sizes, articles, strict=True):
        runs = []
        while len(runs) < 3 and sum(runs) < 2.0:  # repeat the cheap sizes: less noise
            cpu, found = _cpu(lambda a=article: extract(a, gaz))
            runs.append(cpu)
        seconds.append(min(runs))
        rows.append(row(SECTION, f"{metric}: CPU time", round(min(runs), 4), "s", size=size,
                        note=f"{unit}; {len(article.text):,} chars; "
                             f"{len(found.incidents)} incidents", runs=runs))
    k = fitted_exponent([float(s) for s in sizes], seconds)
    rows.append(row(SECTION, f"{metric}: fitted k of t ∝ size^k", None if k is None
                    else round(k, 2), "", size=sizes[-1], target="≈ 1 (linear)",
                    ok=None if k is None else k <= 1.3,
                    note=f"sizes {', '.join(map(str, sizes))} {unit}"))
    return rows


def rebuild(n: int) -> list[dict]:
    """Ingest n articles into a fresh store, then time ``rebuild`` (re-extract them all) as a
    new process would: no parse in memory, each article's parses read from its cache file."""
    from incidents.extract import nlp
    from incidents.store import PARSE_CACHE_VAR, open_store

    articles = corpus(n)
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        path = Path(tmp) / "rebuild.db"
        store = open_store(path)
        try:
            store.ingest(articles)
            parsed = nlp.sentences_parsed()
            where = os.environ.get(PARSE_CACHE_VAR) or f"{path}.parses"  # as open_store has it
            with nlp.parse_cache(0, where):
                t0 = time.perf_counter()
                cpu, report = _cpu(store.rebuild)
                wall = time.perf_counter() - t0
            parsed = nlp.sentences_parsed() - parsed
        finally:
            store.close()
    return [row(SECTION, "store rebuild (re-extract every stored article)", round(wall, 2), "s",
                size=n, note=f"{n / cpu:,.0f} articles per CPU second; {cpu:.1f} s CPU; "
                             f"{report.n_incidents} incidents; {parsed} sentences parsed "
                             f"(parses read from the per-article cache files)", runs=[wall])]


def run(quick: bool = False) -> list[dict]:
    """Rows for ``python3 -m bench``; quick mode halves the series and the article counts."""
    from geo.gazetteer import load_gazetteer

    if not _names():
        return [row(SECTION, "skipped", None, "", note="no benchmark articles: neither "
                    "../shared/corpus/articles nor data/articles")]
    where = ", ".join(str(f) for f in folders())
    gaz = load_gazetteer()
    counts = PLACE_COUNTS[:-1] if quick else PLACE_COUNTS
    factors = LENGTH_FACTORS[:-1] if quick else LENGTH_FACTORS
    rows = end_to_end(END_TO_END_ARTICLES // (10 if quick else 1))
    rows[0]["note"] += f"; articles from {where}"
    rows += series("article length", "× the base article", list(factors),
                   [long_article(BASE_CHARS * f) for f in factors], gaz)
    rows += series("one sentence naming N places", "places", list(counts),
                   [places_sentence(c, gaz) for c in counts], gaz)
    rows += rebuild(REBUILD_ARTICLES // (10 if quick else 1))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller series and article counts")
    args = ap.parse_args(argv)
    for r in run(args.quick):
        print(f"{r['metric']} [{r['size']}] = {r['value']} {r['unit']} {r['target']} "
              f"{'' if r['ok'] is None else ('ok' if r['ok'] else 'MISS')}  {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
