"""Smoke tests of the benchmark suite at toy sizes: the synthetic generator and the runner.

No timing assertions: benchmarks print figures, tests only check they can be produced."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from bench import run as bench_run
from bench import synthetic
from bench.measure import row
from incidents.taxonomy import EVENT_TYPE_KEYS


@pytest.fixture(scope="module")
def toy():
    return synthetic.frame(300, seed=7)


def test_synthetic_is_deterministic_per_seed(toy):
    again = synthetic.frame(300, seed=7)
    other = synthetic.frame(300, seed=8)
    assert toy.equals(again)
    assert not toy[["lat", "lon"]].equals(other[["lat", "lon"]])


def test_synthetic_columns_are_incident_fields(toy):
    from incidents.model import INCIDENT_FIELDS

    assert tuple(toy.columns) == INCIDENT_FIELDS
    assert set(toy["event_type"]) <= set(EVENT_TYPE_KEYS)
    assert set(synthetic.TYPE_SHARES) == set(EVENT_TYPE_KEYS)
    assert toy["id"].is_unique


def test_synthetic_spans_three_years_and_never_dates_after_the_article(toy):
    assert toy["event_date"].min().year == 2023 and toy["event_date"].max().year == 2025
    assert (toy["event_date"] <= toy["article_date"]).all()


def test_exact_points_lie_in_their_commune(toy):
    gdf = synthetic.communes().set_index("commune")
    exact = toy[toy["geo_precision"] == 1]
    assert len(exact) > 100
    inside = shapely.contains_xy(gdf.geometry.loc[exact["commune"]].to_numpy(),
                                 exact["lon"].to_numpy(), exact["lat"].to_numpy())
    # coordinates are rounded to 5 decimals (~1 m): a point on a border may step out
    assert inside.mean() > 0.98


def test_extractions_group_incidents_with_offsets_into_the_article_text():
    got = list(synthetic.extractions(12, seed=1))
    assert [len(e.incidents) for e in got] == [5, 5, 2]
    for ex in got:
        assert len({i.article for i in ex.incidents}) == 1
        for inc in ex.incidents:
            assert ex.article.text[inc.evidence_start:inc.evidence_end] == inc.evidence
            assert inc.event_date <= ex.article.date == inc.article_date


def test_synthetic_store_tops_up_to_n_incidents_and_is_cached(tmp_path, monkeypatch):
    from bench import stores

    monkeypatch.setenv("HAITI_BENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(stores, "_MEMO", {})
    first = stores.synthetic_store(60, seed=5)
    assert first.incidents >= 60 and first.reports >= 60 and not first.cached
    assert stores.count(first.path) == first.incidents
    monkeypatch.setattr(stores, "_MEMO", {})
    again = stores.synthetic_store(60, seed=5, fresh=False)  # small ones are rebuilt by default
    assert again.cached and again.path == first.path and again.incidents == first.incidents
    assert not list(first.path.parent.glob("*.building*"))


def _toy_sections():
    def good(quick):
        n = len(synthetic.frame(20 if quick else 40))
        return [row("toy", "rows generated", n, "rows", size=n, target=">= 10", ok=n >= 10)]

    def broken(quick):
        raise RuntimeError("boom")

    return (bench_run.Section("toy", "a toy section", good),
            bench_run.Section("broken", "a section that fails", broken))


def test_runner_writes_json_and_markdown_and_reports_a_failed_section(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_run, "SECTIONS", _toy_sections())
    status = bench_run.main(["--quick", "--out", str(tmp_path)])
    assert status == 1  # one section failed
    doc = json.loads((tmp_path / "latest.json").read_text())
    assert doc["machine"]["mode"] == "quick" and doc["machine"]["nproc"] >= 1
    by_section = {r["section"]: r for r in doc["rows"]}
    assert by_section["toy"]["value"] == 20 and by_section["toy"]["ok"] is True
    assert by_section["broken"]["ok"] is False and "boom" in by_section["broken"]["note"]
    md = (tmp_path / "latest.md").read_text()
    assert "| toy | rows generated | 20 | 20 | rows | >= 10 | ok |" in md
    assert "MISS" in md


def test_runner_rejects_an_unknown_section(tmp_path):
    with pytest.raises(SystemExit):
        bench_run.main(["--only", "nope", "--out", str(tmp_path)])


def test_owner_rows_are_normalised_to_the_table_shape():
    got = bench_run._normalise({"name": "articles/s", "n": 100, "value": 812.5,
                                "unit": "articles/s"}, "bench.bench_extract")
    assert got["section"] == "extract" and got["metric"] == "articles/s"
    assert got["size"] == 100 and got["ok"] is None and got["runs"] == []


# -- a fresh clone: no ../shared beside the checkout ------------------------------------------

def test_a_section_needing_shared_is_skipped_and_says_what_it_needs(tmp_path):
    absent = tmp_path / "no-shared"
    lines: list[str] = []
    rows = bench_run.run_sections(["geoparse"], quick=True, shared=absent,
                                  log=lambda *parts, **_: lines.append(" ".join(parts)))
    assert [(r["section"], r["metric"], r["ok"]) for r in rows] == [
        ("geoparse", "skipped", None)]
    assert str(absent / "corpus" / "gold.jsonl") in rows[0]["note"]
    assert str(absent / "tools" / "score_incidents.py") in rows[0]["note"]
    assert any(line.startswith("   skipped: needs ") and
               "../shared is not beside this checkout" in line for line in lines)


def test_a_skipped_section_is_no_failure_and_the_others_still_run(tmp_path, monkeypatch):
    toy, _ = _toy_sections()
    needy = bench_run.Section("needy", "needs the corpus", toy.call,
                              needs=("no-such-folder/gold.jsonl",))
    monkeypatch.setattr(bench_run, "SECTIONS", (needy, toy))
    assert bench_run.main(["--quick", "--out", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "latest.json").read_text())["rows"]
    assert [(r["section"], r["metric"]) for r in rows] == [
        ("needy", "skipped"), ("toy", "rows generated")]


def test_only_the_geoparse_section_needs_shared():
    assert {s.key for s in bench_run.SECTIONS if s.needs} == {"geoparse"}


def test_without_shared_the_sections_read_the_repos_own_articles_and_boundaries(monkeypatch):
    from bench import bench_extract, bench_store

    monkeypatch.setattr(bench_extract, "CORPUS", Path("/nonexistent/corpus/articles"))
    monkeypatch.setattr(bench_store, "CORPUS", Path("/nonexistent/corpus/articles"))
    repo = Path(bench_run.ROOT)
    assert bench_extract.folders() and all(repo in f.parents for f in bench_extract.folders())
    assert len(bench_extract.corpus(3)) == 3
    assert len(bench_store.corpus_articles(3)) == 3
    assert repo / "data" in synthetic.commune_file().parents
