"""How cost grows with input size: each hostile shape fed at doubling sizes, with the
fitted exponent k of t ∝ size^k (target k ≤ 1.2: doubling the input doubles the time).

    python3 -m bench --only hostile [--quick]

Shapes (issue 10, item 11), each built by a function of its size so a test can check that
the pathological inputs complete:
- ``long article``: the scaling section's paragraphs repeated into one article;
- ``places in one sentence``: one sentence naming N gazetteer places;
- ``unclosed script``: ``<script>`` openings that never close, around article text;
- ``unclosed comment``: ``<!--`` openings that never close.
The first two run the whole extraction; the last two the article reading that strips HTML.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from bench import bench_scaling as scaling
from bench.measure import one_core, row, timed

TARGET_K = 1.2
DAY = date(2024, 10, 19)


class Shape(NamedTuple):
    key: str
    unit: str  # what size counts
    sizes: tuple[int, ...]  # full run
    quick: tuple[int, ...]
    make: Callable[[int], str]  # size -> article text
    work: str  # "extract" or "read"


def long_article(size_kb: int) -> str:
    """About ``size_kb`` KB of news text (the scaling section's paragraphs, repeated)."""
    return scaling.long_article(size_kb * 1024).text


def places_sentence(n: int) -> str:
    """One sentence naming ``n`` places of the gazetteer."""
    from geo.gazetteer import load_gazetteer

    return scaling.places_sentence(n, load_gazetteer()).text


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


def run_shape(shape: Shape, sizes: tuple[int, ...], repeat: int = 1) -> list[dict]:
    """Rows: the time at each size, then the fitted k."""
    from geo.gazetteer import load_gazetteer
    from incidents.extract.article import parse_article
    from incidents.extract.pipeline import extract

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
            rows.append(row("hostile", f"{shape.key}: {shape.work} time", median, "s",
                            size=n, note=shape.unit, runs=runs))
    k = scaling.fitted_exponent(list(sizes), times)
    rows.append(row("hostile", f"{shape.key}: fitted k (t ∝ size^k)", k, "",
                    size=max(sizes), target=f"≤ {TARGET_K}", ok=k is not None and k <= TARGET_K,
                    note=f"sizes {', '.join(map(str, sizes))} {shape.unit}"))
    return rows


def run(quick: bool = False) -> list[dict]:
    rows: list[dict] = []
    for shape in SHAPES:
        rows += run_shape(shape, shape.quick if quick else shape.sizes,
                          repeat=1 if quick else 3)
    return rows
