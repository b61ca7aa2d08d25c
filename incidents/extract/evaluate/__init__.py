"""``python -m incidents.extract.evaluate``: how well the extractor on this branch does on the
development corpus, measured by the shared scorer.

It owns the evaluation run: extract every article of ``CORPUS/articles`` (the loaders of
``python -m incidents extract``), write the predictions as GeoJSON, score them with
``score_incidents.py --json --split tune`` and ``--split check`` (the scorer is the source of
truth), compute the tune–check gap, and the per-rule yield on ``tune`` (``match.py``). Only
scores of ``check`` are ever read: never its articles' text, gold rows or misses.
It is keyed on :class:`~incidents.model.Incident` fields only (``rule``, ``evidence``), so it
works with whichever extractor the branch holds.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from errors import ArticleError, CrisisMapError
from incidents.extract.evaluate.match import SPLITS, in_split, rule_yields

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus"
SCORER = ROOT.parent / "shared" / "tools" / "score_incidents.py"
RESULTS = ROOT / "bench" / "results"
GAP_WARNING = 0.10  # SPLITS.md: a larger tune-check gap means rules fitted to sentences
HEADLINE = "merged_commune"  # the view the targets and the gap are stated in
VIEWS = ("merged_commune", "strict_commune", "merged_place", "strict_place")
SCORER_TIMEOUT_S = 300


class EvaluationError(CrisisMapError):
    """The evaluation cannot run: a missing corpus or scorer, or a scorer that failed."""


@dataclass(frozen=True)
class Evaluation:
    """Everything one run measured (``as_dict`` is the JSON results file)."""

    corpus: str
    articles: int
    incidents: int
    unreadable: tuple[str, ...]
    scores: dict[str, dict]  # split -> the scorer's JSON object
    yields: tuple[dict, ...]  # RuleYield.as_dict() rows on tune
    matcher_agrees: bool  # our matching's tune total == the scorer's strict commune count

    @property
    def gap(self) -> float:
        """tune minus check, merged commune F1."""
        return round(self.scores["tune"][HEADLINE]["f1"] - self.scores["check"][HEADLINE]["f1"],
                     3)

    @property
    def gap_too_wide(self) -> bool:
        return self.gap > GAP_WARNING

    def as_dict(self) -> dict:
        return {"corpus": self.corpus, "articles": self.articles, "incidents": self.incidents,
                "unreadable": list(self.unreadable), "scores": self.scores, "gap": self.gap,
                "gap_warning": self.gap_too_wide, "yields": list(self.yields),
                "matcher_agrees": self.matcher_agrees}


def check_inputs(corpus: Path, scorer: Path) -> None:
    """Raise EvaluationError naming what is missing (the corpus lives outside the repo)."""
    for path, what in ((corpus / "articles", "a folder of articles"),
                       (corpus / "gold.jsonl", "the gold rows (JSON Lines)"),
                       (scorer, "the scorer score_incidents.py")):
        if not path.exists():
            raise EvaluationError(f"{path}: not found (expected {what}; the development corpus "
                                  "is not beside this checkout: pass --corpus DIR / --scorer "
                                  "FILE)")


def predict(articles: Path, gazetteer: str | None = None) -> tuple[list[dict], list[str]]:
    """GeoJSON features of every incident of every readable article, and the unreadable ones
    (as ``python -m incidents extract`` reads them)."""
    from geo.gazetteer import load_gazetteer
    from incidents.extract import extract
    from incidents.extract.article import expand_paths, read_article
    from incidents.formats.geojson import incidents_collection

    gaz = load_gazetteer(gazetteer)
    incidents, failed = [], []
    for path in expand_paths([articles]):
        try:
            incidents.extend(extract(read_article(path), gaz).incidents)
        except ArticleError as exc:
            failed.append(str(exc))
    return incidents_collection(incidents)["features"], failed


def score(scorer: Path, gold: Path, pred: Path, articles: Path, split: str) -> dict:
    """The scorer's JSON object for one split (run as its own process, as a user runs it)."""
    cmd = [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred),
           "--articles", str(articles), "--split", split, "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=SCORER_TIMEOUT_S,
                          check=False)
    if done.returncode != 0:
        raise EvaluationError(f"{scorer}: exit status {done.returncode} on --split {split}: "
                              f"{done.stderr.strip()[-500:]}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{scorer}: expected one JSON object on stdout, got "
                              f"{done.stdout[:200]!r} ({exc})") from exc


def tune_gold(gold: Path) -> list[dict]:
    """The gold rows of the tune split only (check rows are dropped unread as they load)."""
    rows = []
    with gold.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{gold}:{n}: not JSON: {exc}") from exc
            if in_split(str(row.get("article", "")), "tune"):
                rows.append(row)
    return rows


def evaluate(corpus: Path = CORPUS, scorer: Path = SCORER,
             gazetteer: str | None = None) -> Evaluation:
    """Extract, score both splits, and the per-rule yield on tune."""
    check_inputs(corpus, scorer)
    articles, gold = corpus / "articles", corpus / "gold.jsonl"
    features, failed = predict(articles, gazetteer)
    with tempfile.TemporaryDirectory(prefix="evaluate-") as tmp:
        pred = Path(tmp) / "predictions.geojson"
        pred.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                        encoding="utf-8")
        scores = {split: score(scorer, gold, pred, articles, split) for split in SPLITS}
    tune_pred = [f["properties"] for f in features
                 if in_split(f["properties"]["article"], "tune")]
    yields = rule_yields(tune_gold(gold), tune_pred)
    agrees = sum(y.tp for y in yields) == scores["tune"]["strict_commune"]["matched"]
    from incidents.extract.article import expand_paths

    shown = os.path.relpath(corpus, ROOT) if corpus.is_absolute() else str(corpus)
    return Evaluation(shown, len(expand_paths([articles])), len(features),
                      tuple(failed), scores, tuple(y.as_dict() for y in yields), agrees)
