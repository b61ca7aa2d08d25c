"""Which predictions match a gold row: the scorer's rule, for the per-rule yield table.

``../shared/tools/score_incidents.py`` is the source of truth for the scores and its
``--json`` output carries no per-prediction result, so its strict commune-level matching is
restated here (read from its source): same article and event type, the date within the gold
row's tolerance, the same commune (the same department for a gold row coded at department or
region level), and a maximum one-to-one matching per article that tries first the candidates
whose figures agree. ``evaluate`` checks that the total agrees with the scorer's own count.

Rows are plain dicts: gold rows as in ``gold.jsonl``, predictions as GeoJSON properties
(``incidents.formats.geojson.incident_properties``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31}  # CODEBOOK §5
FIGURES = ("killed", "injured", "displaced", "officers")
CHECK_ARTICLES = range(313, 325)  # ../shared/corpus/SPLITS.md: articles 313-324 are `check`
SPLITS = ("tune", "check")


def in_split(article: str, split: str) -> bool:
    """Whether an article (by its three-digit number prefix) belongs to the named split."""
    number = article[:3]
    is_check = number.isdigit() and int(number) in CHECK_ARTICLES
    return is_check if split == "check" else not is_check


def norm(text: object) -> str:
    """Accents, case, parentheses and punctuation off (the scorer's normalisation)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\(.*?\)", " ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def same_commune(gold: dict, pred: dict) -> bool:
    """The commune agrees, or the department for a gold row coded at department level."""
    if re.search(r"department|region", gold.get("admin2_or_city") or "", re.IGNORECASE):
        return norm(gold.get("department")) != "" and (
            norm(gold.get("department")) == norm(pred.get("admin1")))
    return norm(gold.get("admin2_or_city")) == norm(pred.get("admin2"))


def date_ok(gold: dict, pred: dict) -> bool:
    """The predicted date lies within the gold row's tolerance."""
    g, p = _day(gold.get("event_date")), _day(pred.get("event_date"))
    tolerance = TOLERANCE_DAYS.get(gold.get("date_precision", "day"), 1)
    return g is not None and p is not None and abs((g - p).days) <= tolerance


def matches(gold: dict, pred: dict) -> bool:
    """Whether a prediction may stand for a gold row (commune level)."""
    return (gold.get("event_type") == pred.get("event_type") and date_ok(gold, pred)
            and same_commune(gold, pred))


def _figures_agree(gold: dict, pred: dict) -> bool:
    figures = gold.get("figures") or {}
    return all(str(pred.get(k)) == str(v) for k, v in figures.items() if v is not None)


def _max_matching(gold: list[dict], pred: list[dict],
                  ok: Callable[[dict, dict], bool]) -> dict[int, int]:
    """Prediction index -> gold index of a maximum matching (augmenting paths)."""
    edges = {i: sorted((j for j, p in enumerate(pred) if ok(g, p)),
                       key=lambda j, g=g: not _figures_agree(g, pred[j]))
             for i, g in enumerate(gold)}
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in edges:
        augment(i, set())
    return owner


def matched_predictions(gold: Iterable[dict], pred: Iterable[dict]) -> list[bool]:
    """For each prediction, in order, whether the matching pairs it with a gold row."""
    pred = list(pred)
    gold = list(gold)
    hit = [False] * len(pred)
    for article in {p.get("article") for p in pred}:
        p_idx = [j for j, p in enumerate(pred) if p.get("article") == article]
        g_rows = [g for g in gold if g.get("article") == article]
        for j in _max_matching(g_rows, [pred[k] for k in p_idx], matches):
            hit[p_idx[j]] = True
    return hit


@dataclass
class RuleYield:
    """True and false positives of one extractor rule (lexicon entry)."""

    rule: str
    tp: int = 0
    fp: int = 0
    tp_sentences: set[str] = field(default_factory=set)  # evidence of its true positives

    @property
    def suspect(self) -> bool:
        """Every true positive comes from one sentence: the entry may fit that sentence only."""
        return len(self.tp_sentences) == 1

    def as_dict(self) -> dict:
        return {"rule": self.rule, "tp": self.tp, "fp": self.fp,
                "tp_sentences": len(self.tp_sentences), "suspect": self.suspect}


def rule_yields(gold: Iterable[dict], pred: Iterable[dict]) -> list[RuleYield]:
    """Per ``rule`` of the predictions: matched (tp) and unmatched (fp) counts, most
    productive first."""
    pred = list(pred)
    table: dict[str, RuleYield] = {}
    for p, hit in zip(pred, matched_predictions(gold, pred), strict=True):
        entry = table.setdefault(p.get("rule") or "(none)", RuleYield(p.get("rule") or "(none)"))
        if hit:
            entry.tp += 1
            entry.tp_sentences.add(p.get("evidence") or "")
        else:
            entry.fp += 1
    return sorted(table.values(), key=lambda y: (-y.tp, y.fp, y.rule))
