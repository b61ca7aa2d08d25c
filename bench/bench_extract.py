"""Extraction speed: the development articles repeated to N with shifted dates, on one core.

    python3 bench/bench_extract.py [N] [--corpus DIR] [--repeat R] [--cache MODE]  # >= 50/s

Each copy gets its publication date moved by a few days, so relative dates are recomputed
and no result is reused. Copies repeat the same sentences, so the parse cache is set per
mode (``MODES``): cold parses every sentence (no cache: the figure issue 9 holds to >= 50
articles/s per core), warm serves parses from memory, disk from the per-article files (a
new process, a rebuild). Reading from disk is not timed (it is the same for any extractor);
the gazetteer and the pipeline are loaded before the clock starts, as the CLI has them.

End to end, growth with input size and the store's rebuild: ``bench_scaling`` (section
``scaling``). Without ``../shared/corpus`` (a fresh clone) the repo's own articles stand in.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # `python3 bench/bench_extract.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import SHARED, one_core, peak_python_mb, row
from incidents.extract import nlp
from incidents.extract.article import article_id, iter_articles
from incidents.extract.pipeline import extract
from incidents.model import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = SHARED / "corpus" / "articles"
# On a fresh clone (no ../shared): the repo's sample and test articles.
REPO_ARTICLES = (ROOT / "data" / "articles", ROOT / "tests" / "data" / "articles")
TARGET = 50.0  # articles per second on one core, cold (issue 9)
MODES = {
    "cold": "every sentence parsed (no parse cache)",
    "warm": "parses served from the in-memory cache",
    "disk": "parses read from the per-article cache files, none kept in memory",
}


def folders(folder: Path | None = None) -> list[Path]:
    """The benchmark's article folders: the one given, the corpus, or the repo's own."""
    if folder is not None:
        return [folder]
    return [CORPUS] if CORPUS.is_dir() else [p for p in REPO_ARTICLES if p.is_dir()]


def corpus(n: int, folder: Path | None = None) -> list[Article]:
    """``n`` articles: the folder's articles repeated, copy k shifted by k days."""
    base = [a for a in iter_articles(folders(folder)) if isinstance(a, Article)]
    if not base:
        # an exception, not SystemExit: the runner reports the section failed, runs the rest
        raise FileNotFoundError(f"{', '.join(map(str, folders(folder)))}: no readable articles")
    out = []
    for i in range(n):
        a = base[i % len(base)]
        day = a.date + timedelta(days=i // len(base))
        out.append(Article(f"{i:05d}_{a.name}", day, a.text, article_id(day, a.text)))
    return out


def measure(n: int, folder: Path | None = None, repeat: int = 3,
            mode: str = "cold") -> tuple[float, int, float, float]:
    """(articles per CPU second, incidents found, CPU seconds, wall seconds) for n articles on
    one core with the parse cache of ``mode`` (MODES), best of ``repeat`` runs (the least
    disturbed one, as timeit does). CPU time is the figure: on a shared machine wall time
    counts other people's work.
    """
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    articles = corpus(n, folder)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-parses-") as tmp, nlp.parse_cache(
            nlp.MEMORY_ITEMS if mode == "warm" else 0, tmp if mode == "disk" else None):
        extract(articles[0], gaz)  # the pipeline loaded, as a running CLI has it
        if mode != "cold":
            for a in articles:  # fill the cache, untimed
                extract(a, gaz)
        with one_core():
            for _ in range(max(1, repeat)):
                t0, c0 = time.perf_counter(), time.process_time()
                found = sum(len(extract(a, gaz).incidents) for a in articles)
                runs.append((time.process_time() - c0, time.perf_counter() - t0))
    cpu, wall = min(runs)
    return n / cpu, found, cpu, wall


def run(sizes: tuple[int, ...] = (100, 1000)) -> list[dict]:
    """Rows for ``python3 -m bench``: articles/s cold per size, warm and disk at the largest,
    and peak Python memory at the smallest."""
    rows = []
    for mode, n in [("cold", n) for n in sizes] + [("warm", sizes[-1]), ("disk", sizes[-1])]:
        rate, found, cpu, wall = measure(n, mode=mode)
        rows.append(row("extract", f"articles per CPU second (one core), {mode}: {MODES[mode]}",
                        round(rate, 1), "articles/s", size=n,
                        target=f">= {TARGET:.0f}" if mode == "cold" else "",
                        ok=rate >= TARGET if mode == "cold" else None,
                        note=f"{found} incidents; wall {wall:.2f} s", runs=[cpu]))
    articles = corpus(min(sizes))

    def work() -> None:
        from geo.gazetteer import load_gazetteer
        gaz = load_gazetteer()
        with nlp.parse_cache(0):
            for a in articles:
                extract(a, gaz)

    rows.append(row("extract", "peak Python memory (cold)", round(peak_python_mb(work), 1),
                    "MB", size=min(sizes)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=None,
                    help="article folder (default: ../shared/corpus/articles, else the repo's)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best one is reported")
    ap.add_argument("--cache", choices=MODES, default="cold", help="parse cache: " + "; ".join(
        f"{k}: {v}" for k, v in MODES.items()))
    args = ap.parse_args(argv)
    rate, found, cpu, wall = measure(args.n, args.corpus, args.repeat, args.cache)
    print(f"{args.n} articles ({args.cache}), {found} incidents in {cpu:.2f} s CPU ({wall:.2f} s "
          f"wall), best of {args.repeat}: {rate:,.0f} articles per CPU second on one core "
          f"(target >= {TARGET:.0f} cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
