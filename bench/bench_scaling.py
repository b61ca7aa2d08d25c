"""How cost grows with input size: each hostile shape fed at doubling sizes, with the
fitted exponent k of t ∝ size^k (target k ≤ 1.2: doubling the input doubles the time).

    python3 -m bench --only scaling [--quick]

Shapes (issue 10, item 11), each built by a function of its size so a test can check that
the pathological inputs complete:
- ``long article``: the test articles (tests/data/articles) repeated into one article;
- ``places in one sentence``: one sentence naming N gazetteer places;
- ``unclosed script``: ``<script>`` openings that never close, around article text;
- ``unclosed comment``: ``<!--`` openings that never close.
The first two run the whole extraction; the last two the article reading that strips HTML.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from bench.measure import one_core, row, timed

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"
TARGET_K = 1.2
DAY = date(2024, 10, 19)


class Shape(NamedTuple):
    key: str
    unit: str  # what size counts
    sizes: tuple[int, ...]  # full run
    quick: tuple[int, ...]
    make: Callable[[int], str]  # size -> article text
    work: str  # "extract" or "read"


def _sample_text() -> str:
    from incidents.article import read_article

    return "\n\n".join(read_article(p).text for p in sorted(ARTICLES.glob("*.txt")))


def long_article(size_kb: int) -> str:
    """About ``size_kb`` KB of news text: the test articles over and over."""
    base = _sample_text()
    return (base + "\n\n") * (size_kb * 1024 // (len(base) + 2) + 1)


def places_sentence(n: int) -> str:
    """One sentence naming ``n`` places of the gazetteer (communes, sections, towns...)."""
    from geo.gazetteer import load_gazetteer

    names = list(dict.fromkeys(p.name for p in load_gazetteer().places
                               if p.kind != "country" and p.name.isascii()))
    picked = [names[i % len(names)] for i in range(n)]
    return "Gangs attacked " + ", ".join(picked) + " on Monday, police said."


def unclosed_script(n: int) -> str:
    return "Gangs attacked Solino on Monday. " + "<script>var x = 1; " * n


def unclosed_comment(n: int) -> str:
    return "Gangs attacked Solino on Monday. " + "<!-- note " * n


SHAPES: tuple[Shape, ...] = (
    Shape("long article", "KB", (64, 128, 256, 512, 1024), (32, 64, 128), long_article,
          "extract"),
    Shape("places in one sentence", "places", (500, 1000, 2000, 4000), (250, 500, 1000),
          places_sentence, "extract"),
    Shape("unclosed script", "openings", (5000, 10_000, 20_000, 40_000),
          (2000, 4000, 8000), unclosed_script, "read"),
    Shape("unclosed comment", "openings", (5000, 10_000, 20_000, 40_000),
          (2000, 4000, 8000), unclosed_comment, "read"),
)


def fitted_k(sizes: list[float], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) on log(size): t ∝ size^k."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def run_shape(shape: Shape, sizes: tuple[int, ...], repeat: int = 1) -> list[dict]:
    """Rows: the time at each size, then the fitted k."""
    from geo.gazetteer import load_gazetteer
    from incidents.article import parse_article
    from incidents.extract import extract

    gaz = load_gazetteer()

    def work(text: str) -> Callable[[], object]:
        if shape.work == "read":
            return lambda: parse_article(text, "bench.txt", DAY)
        article = parse_article(text, "bench.txt", DAY)
        return lambda: extract(article, gaz)

    rows, times = [], []
    with one_core():
        for n in sizes:
            median, runs, _ = timed(work(shape.make(n)), repeat=repeat, budget_s=60)
            times.append(median)
            rows.append(row("scaling", f"{shape.key}: {shape.work} time", median, "s",
                            size=n, note=shape.unit, runs=runs))
    k = fitted_k(list(sizes), times)
    rows.append(row("scaling", f"{shape.key}: fitted k (t ∝ size^k)", k, "",
                    size=max(sizes), target=f"≤ {TARGET_K}", ok=k <= TARGET_K,
                    note=f"sizes {', '.join(map(str, sizes))} {shape.unit}"))
    return rows


def run(quick: bool = False) -> list[dict]:
    rows: list[dict] = []
    for shape in SHAPES:
        rows += run_shape(shape, shape.quick if quick else shape.sizes,
                          repeat=1 if quick else 3)
    return rows
