"""``python -m incidents.extract.evaluate``: its matcher (the scorer's rule, restated), the per-rule
yield table, and the command's plumbing on a two-article fixture corpus (tests/data/evaluate)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.extract.evaluate import EvaluationError, evaluate, tune_gold
from incidents.extract.evaluate.__main__ import main
from incidents.extract.evaluate.match import in_split, matched_predictions, rule_yields

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "evaluate" / "corpus"
SCORER = ROOT.parent / "shared" / "tools" / "score_incidents.py"
needs_scorer = pytest.mark.skipif(
    not SCORER.exists(), reason="the shared scorer (../shared/tools) is not beside the checkout")

GOLD = {"article": "201_a.txt", "event_type": "clash_or_attack", "event_date": "2025-03-12",
        "date_precision": "day", "admin2_or_city": "Hinche", "department": "Centre",
        "figures": {}}
PRED = {"article": "201_a.txt", "event_type": "clash_or_attack", "event_date": "2025-03-12",
        "admin1": "Centre", "admin2": "Hinche", "rule": "r.attack", "evidence": "S1"}


def _with(row: dict, **changes) -> dict:
    return {**row, **changes}


@pytest.mark.parametrize("gold, pred, hit", [
    (GOLD, PRED, True),
    (GOLD, _with(PRED, event_date="2025-03-13"), True),  # day: ±1
    (GOLD, _with(PRED, event_date="2025-03-14"), False),
    (_with(GOLD, date_precision="week"), _with(PRED, event_date="2025-03-19"), True),
    (_with(GOLD, date_precision="week"), _with(PRED, event_date="2025-03-20"), False),
    (_with(GOLD, date_precision="month"), _with(PRED, event_date="2025-04-12"), True),
    (GOLD, _with(PRED, event_type="armed_operation"), False),
    (GOLD, _with(PRED, admin2="Mirebalais"), False),
    (GOLD, _with(PRED, article="202_b.txt"), False),
    (GOLD, _with(PRED, event_date=None), False),
    # Commune names compare without accents, case or parentheses.
    (_with(GOLD, admin2_or_city="Gonaïves"), _with(PRED, admin2="GONAIVES (city)"), True),
    # A gold row coded at department level matches any commune of that department.
    (_with(GOLD, admin2_or_city="Centre department"), _with(PRED, admin2="Mirebalais"), True),
    (_with(GOLD, admin2_or_city="Centre department"), _with(PRED, admin1="Nord"), False),
])
def test_a_prediction_matches_a_gold_row_as_the_scorer_says(gold, pred, hit):
    assert matched_predictions([gold], [pred]) == [hit]


def test_matching_is_one_to_one_and_maximal():
    # Two predictions, one gold row: one of them is a false positive.
    assert sorted(matched_predictions([GOLD], [PRED, PRED])) == [False, True]
    # A greedy pass would give PRED the first gold row it fits and leave `late` (which fits
    # only the week-precise row) unmatched if PRED took that one; the matching is maximal.
    wide = _with(GOLD, date_precision="week")
    late = _with(PRED, event_date="2025-03-18")
    assert matched_predictions([wide, GOLD], [PRED, late]) == [True, True]


def test_a_prediction_whose_figures_agree_is_matched_first():
    gold = _with(GOLD, event_type="injury_or_death", figures={"killed": 4})
    wrong = _with(PRED, event_type="injury_or_death", killed=3)
    right = _with(PRED, event_type="injury_or_death", killed=4)
    assert matched_predictions([gold], [wrong, right]) == [False, True]


def test_rule_yields_counts_hits_and_flags_one_sentence_rules():
    other = _with(GOLD, event_date="2025-03-01")
    preds = [PRED, _with(PRED, event_date="2025-03-01", evidence="S2"),
             _with(PRED, rule="r.burn", evidence="S3"),  # one of three on the first gold row
             _with(PRED, rule="r.burn", event_date="2025-01-01", evidence="S3")]
    table = {y.rule: y for y in rule_yields([GOLD, other], preds)}
    assert (table["r.attack"].tp, table["r.attack"].fp, table["r.attack"].suspect) == (2, 0, False)
    assert (table["r.burn"].tp, table["r.burn"].fp) == (0, 2)
    assert not table["r.burn"].suspect  # no hit at all is not "one sentence"
    single = rule_yields([GOLD], [PRED])
    assert single[0].suspect and single[0].as_dict()["tp_sentences"] == 1


@pytest.mark.parametrize("article, split", [
    ("313_x.txt", "check"), ("324_x.txt", "check"), ("312_x.txt", "tune"),
    ("325_x.txt", "tune"), ("000_x.txt", "tune"), ("notes.txt", "tune"),
])
def test_splits_follow_splits_md(article, split):
    assert in_split(article, split) and not in_split(article, {"tune": "check",
                                                               "check": "tune"}[split])


def test_check_gold_rows_are_dropped_as_they_load():
    rows = tune_gold(FIXTURE / "gold.jsonl")
    assert rows and all(not r["article"].startswith("320_") for r in rows)


def test_a_bad_gold_line_is_named(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"article": "201_a.txt"}\n{not json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"gold\.jsonl:2: not JSON"):
        tune_gold(bad)


def test_a_missing_corpus_is_a_clear_message(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "nowhere/articles: not found" in err and "--corpus" in err
    assert not (tmp_path / "evaluation.md").exists()


FAKE_SCORER = '''
import json, sys
split = sys.argv[sys.argv.index("--split") + 1]
f1 = {"tune": 0.9, "check": 0.6}[split]
view = {"gold": 1, "pred": 1, "matched": MATCHED, "precision": f1, "recall": f1, "f1": f1,
        "figures_exact": None}
print(json.dumps({"articles": 1, **{k: view for k in ("strict_commune", "merged_commune",
      "strict_place", "merged_place")}, "geoparsing": {"places": 1, "commune_recall": 1.0,
      "place_recall": 1.0}}))
'''


def test_the_gap_and_its_warning(tmp_path, capsys):
    # A stand-in scorer with known figures: tune 0.9, check 0.6 -> gap 0.3, above 0.10.
    fake = tmp_path / "fake_scorer.py"
    fake.write_text(FAKE_SCORER.replace("MATCHED", "0"), encoding="utf-8")
    assert main(["--corpus", str(FIXTURE), "--scorer", str(fake), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "gap (merged_commune F1): +0.300" in out and "WARNING: the gap is above 0.10" in out
    saved = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert (saved["gap"], saved["gap_warning"]) == (0.3, True)


def test_a_failing_scorer_is_reported(tmp_path):
    fake = tmp_path / "broken.py"
    fake.write_text("import sys; sys.exit('no such gold file')\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"broken\.py: exit status 1 on --split tune"):
        evaluate(FIXTURE, fake)


@needs_scorer
def test_our_matcher_agrees_with_the_scorer_on_hand_made_files(tmp_path):
    gold = [GOLD, _with(GOLD, event_date="2025-03-01", admin2_or_city="Centre department"),
            _with(GOLD, event_type="injury_or_death", figures={"killed": 4})]
    preds = [PRED, PRED, _with(PRED, admin2="Mirebalais", event_date="2025-02-28"),
             _with(PRED, event_type="injury_or_death", killed=3),
             _with(PRED, event_type="injury_or_death", killed=4, event_date="2025-03-13")]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    (tmp_path / "pred.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": p} for p in preds]}))
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(tmp_path / "gold.jsonl"),
                           "--pred", str(tmp_path / "pred.geojson"), "--json"],
                          capture_output=True, text=True, check=True)
    assert sum(matched_predictions(gold, preds)) == json.loads(done.stdout)[
        "strict_commune"]["matched"] == 3


@needs_scorer
def test_the_command_on_the_fixture_corpus(tmp_path, capsys):
    assert main(["--corpus", str(FIXTURE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    saved = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert saved["articles"] == 2 and saved["scores"]["tune"]["articles"] == 1
    assert saved["scores"]["check"]["articles"] == 1
    assert saved["matcher_agrees"]  # the yield table counts what the scorer counts
    assert saved["gap"] == round(saved["scores"]["tune"]["merged_commune"]["f1"]
                                 - saved["scores"]["check"]["merged_commune"]["f1"], 3)
    for text in (out, (tmp_path / "evaluation.md").read_text(encoding="utf-8")):
        assert "merged_commune" in text and "strict_place" in text and "geoparsing" in text
        assert "Per-rule yield" in text
