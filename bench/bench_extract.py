"""Extraction speed: the development articles repeated to N with shifted dates, on one core.

    python3 bench/bench_extract.py [N] [--corpus DIR] [--repeat R]   # articles/s (>= 500)

Each copy gets its publication date moved by a few days, so relative dates are recomputed
and no result is reused. Reading from disk is not timed (it is the same for any extractor);
the gazetteer is loaded once before the clock starts, as the CLI does.

End to end, growth with input size and the store's rebuild: ``bench_scaling`` (section
``scaling``). Without ``../shared/corpus`` (a fresh clone) the repo's own articles stand in.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # `python3 bench/bench_extract.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import one_core, peak_python_mb, row
from incidents.article import article_id, iter_articles
from incidents.extract import extract
from incidents.model import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
# On a fresh clone (no ../shared): the repo's sample and test articles.
REPO_ARTICLES = (ROOT / "data" / "articles", ROOT / "tests" / "data" / "articles")
TARGET = 500.0  # articles per second on one core


def folders(folder: Path | None = None) -> list[Path]:
    """The benchmark's article folders: the one given, the corpus, or the repo's own."""
    if folder is not None:
        return [folder]
    return [CORPUS] if CORPUS.is_dir() else [p for p in REPO_ARTICLES if p.is_dir()]


def corpus(n: int, folder: Path | None = None) -> list[Article]:
    """``n`` articles: the folder's articles repeated, copy k shifted by k days."""
    base = [a for a in iter_articles(folders(folder)) if isinstance(a, Article)]
    if not base:
        raise SystemExit(f"{folder}: no readable articles")
    out = []
    for i in range(n):
        a = base[i % len(base)]
        day = a.date + timedelta(days=i // len(base))
        out.append(Article(f"{i:05d}_{a.name}", day, a.text, article_id(day, a.text)))
    return out


def measure(n: int, folder: Path | None = None, repeat: int = 3) -> tuple[float, int, float, float]:
    """(articles per CPU second, incidents found, CPU seconds, wall seconds) for n articles on
    one core, best of ``repeat`` runs (the least disturbed one, as timeit does). CPU time is the
    figure: on a shared machine wall time counts other people's work.
    """
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    articles = corpus(n, folder)
    extract(articles[0], gaz)  # warm caches the way a running CLI has them
    runs = []
    with one_core():
        for _ in range(max(1, repeat)):
            t0, c0 = time.perf_counter(), time.process_time()
            found = sum(len(extract(a, gaz).incidents) for a in articles)
            runs.append((time.process_time() - c0, time.perf_counter() - t0))
    cpu, wall = min(runs)
    return n / cpu, found, cpu, wall


def run(sizes: tuple[int, ...] = (100, 1000, 5000)) -> list[dict]:
    """Rows for ``python3 -m bench``: articles/s per size, and peak memory at the smallest."""
    rows = []
    for n in sizes:
        rate, found, cpu, wall = measure(n)
        rows.append(row("extract", "articles per CPU second (one core)", round(rate, 1),
                        "articles/s", size=n, target=f">= {TARGET:.0f}", ok=rate >= TARGET,
                        note=f"{found} incidents; wall {wall:.2f} s", runs=[cpu]))
    articles = corpus(min(sizes))

    def work() -> None:
        from geo.gazetteer import load_gazetteer
        gaz = load_gazetteer()
        for a in articles:
            extract(a, gaz)

    rows.append(row("extract", "peak Python memory", round(peak_python_mb(work), 1), "MB",
                    size=min(sizes)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--corpus", type=Path, default=None,
                    help="article folder (default: ../shared/corpus/articles, else the repo's)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best one is reported")
    args = ap.parse_args(argv)
    rate, found, cpu, wall = measure(args.n, args.corpus, args.repeat)
    print(f"{args.n} articles, {found} incidents in {cpu:.2f} s CPU ({wall:.2f} s wall), best "
          f"of {args.repeat}: {rate:,.0f} articles per CPU second on one core "
          f"(target >= {TARGET:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
