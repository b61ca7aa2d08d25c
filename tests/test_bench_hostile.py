"""Issue 10, item 11: the hostile shapes that took the square of their size. Their growth is
measured by `python3 -m bench --only hostile` (fitted k); these tests only check that the
pathological inputs complete with the right result, and that the index behind the linear
resolver answers exactly what a scan of every place answers."""
from __future__ import annotations

import random
from datetime import date

import pytest

from bench import bench_hostile
from errors import ArticleError
from geo.gazetteer import load_gazetteer
from geo.nearest import SCAN_BELOW, PlaceIndex
from geo.place import distance_km
from incidents.extract.article import MAX_ARTICLE_BYTES, clean_text, parse_article, read_article

DAY = date(2024, 10, 19)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(("html", "text"), [
    ("a<script>x</script>b<!-- c -->d", "abd"),
    ("a<SCRIPT type='t'>x</script >b", "ab"),
    ("a<!-- <script> -->b<script>c</script>d", "abd"),  # a script opening inside a comment
    ("a<script>x" + "<script>y" * 3 + "</script>b", "ab"),
    ("a<script>never closed", "anever closed"),  # the tag goes, the text stays (as before)
    ("a<!-- never closed <p>b", "a<!-- never closed b"),
    ("a<style>x</style><!--y-->b<script>z", "abz"),
])
def test_hidden_html_is_cut_in_one_scan(html, text):
    assert clean_text(html) == text


@pytest.mark.parametrize("shape", [bench_hostile.unclosed_script,
                                   bench_hostile.unclosed_comment])
def test_thousands_of_unclosed_openings_complete(shape):
    """Issue 10, item 11: an unclosed `<script>` or `<!--` backtracked quadratically."""
    article = parse_article(shape(40_000), "a.txt", DAY)
    assert article.text.startswith("Gangs attacked Solino on Monday.")


def test_a_sentence_naming_thousands_of_places_completes(gaz):
    """Issue 10, item 11: resolve_all compared every mention with every other."""
    text = bench_hostile.places_sentence(2000)
    resolved = gaz.resolve_all(text)
    assert len(resolved) > 1000 and sum(r.resolved for r in resolved) > len(resolved) / 2


def test_an_article_over_the_limit_is_refused_by_name(tmp_path):
    """Issue 10, item 11: a documented maximum article size, refused with a clear message."""
    big = " date 2024-10-19\n" + "Gangs attacked Solino. " * (MAX_ARTICLE_BYTES // 23 + 1)
    with pytest.raises(ArticleError, match=r"^a\.txt: 2\.0 MB, over the 2 MB an article may "
                                           r"have"):
        parse_article(big.encode(), "a.txt")
    path = tmp_path / "big.txt"
    path.write_text(big)
    with pytest.raises(ArticleError, match=rf"^{path}: 2\.0 MB, over the 2 MB"):
        read_article(path)
    assert parse_article(big[:MAX_ARTICLE_BYTES], "a.txt").date == DAY  # at the limit: read


@pytest.mark.parametrize("n", [10, SCAN_BELOW * 4])
def test_the_place_index_finds_what_a_full_scan_finds(gaz, n):
    rng = random.Random(n)
    places = [p for p in gaz.places if p.kind != "country"]
    chosen = [rng.choice(places) for _ in range(n)]
    index = PlaceIndex(chosen)
    unique = list({p.id: p for p in chosen}.values())
    for probe in rng.sample(places, 200):
        exclude = {p.id for p in rng.sample(unique, 3)}
        for within in (5.0, 30.0, 60.0, float("inf")):
            scan = [(distance_km(probe.lat, probe.lon, p.lat, p.lon), i, p)
                    for i, p in enumerate(unique) if p.id not in exclude]
            scan = [s for s in scan if s[0] <= within]
            want = min(scan, default=None)
            got = index.nearest(probe.lat, probe.lon, within, exclude)
            assert (got and (got[0], got[1].id)) == (want and (want[0], want[2].id))


def test_the_scaling_section_runs_at_toy_sizes():
    shape = bench_hostile.SHAPES[2]
    rows = bench_hostile.run_shape(shape, (100, 200))
    assert [r["metric"] for r in rows][-1] == "unclosed script: fitted k (t ∝ size^k)"
    assert rows[-1]["value"] is not None


@pytest.mark.parametrize("seed", range(4))
def test_holders_is_contains_over_every_pair(gaz, seed):
    """The linear containment used by the extractor's folding agrees with ``contains``."""
    rng = random.Random(seed)
    by_kind: dict[str, list] = {}
    for p in gaz.places:
        by_kind.setdefault(p.kind, []).append(p)
    picked = [rng.choice(v) for v in by_kind.values() for _ in range(15)]
    towns = [p for p in by_kind["town"] if p.department == "Ouest"][:3]
    picked += [gaz.get(f"{p.id}~police-station") for p in towns]  # derived: inside p
    picked += towns[:2]
    if seed == 0:
        picked = [p for p in picked if p.kind != "country"]
    want = {p.id for p in picked if any(o.id != p.id and gaz.contains(p, o) for o in picked)}
    assert gaz.holders(picked) == want
