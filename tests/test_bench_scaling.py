"""The scaling benchmark's arithmetic and inputs (no timing asserted: it prints figures)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_extract, bench_scaling


@pytest.mark.parametrize("seconds, k", [
    ([1.0, 2.0, 4.0, 8.0], 1.0),  # doubling the input doubles the time: linear
    ([1.0, 4.0, 16.0, 64.0], 2.0),  # ... quadruples it: quadratic
    ([3.0, 3.0, 3.0, 3.0], 0.0),
])
def test_the_fitted_exponent_of_a_doubling_series(seconds, k):
    assert bench_scaling.fitted_exponent([1, 2, 4, 8], seconds) == pytest.approx(k)


def test_the_fitted_exponent_needs_two_timed_sizes():
    assert bench_scaling.fitted_exponent([1, 2], [0.0, 1.0]) is None


def test_without_the_shared_corpus_the_repo_articles_stand_in(monkeypatch):
    monkeypatch.setattr(bench_extract, "CORPUS", Path("/nonexistent/corpus/articles"))
    assert bench_extract.folders() == [p for p in bench_extract.REPO_ARTICLES if p.is_dir()]
    assert len(bench_extract.corpus(3)) == 3


def test_the_growth_inputs_have_the_size_asked(monkeypatch):
    from geo.gazetteer import load_gazetteer

    monkeypatch.setattr(bench_extract, "CORPUS", Path("/nonexistent/corpus/articles"))
    assert len(bench_scaling.long_article(5000).text) >= 5000
    doubled = bench_scaling.long_article(10_000).text
    assert 10_000 <= len(doubled) < 10_000 + max(map(len, doubled.split("\n\n"))) + 2
    sentence = bench_scaling.places_sentence(40, load_gazetteer()).text
    assert sentence.count(", ") >= 39 and sentence.startswith("Armed gangs attacked ")
