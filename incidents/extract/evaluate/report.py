"""An :class:`~incidents.extract.evaluate.Evaluation` as text: the console report and the Markdown
results file (same tables, same figures)."""
from __future__ import annotations

from incidents.extract.evaluate import GAP_WARNING, HEADLINE, VIEWS, Evaluation


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def score_rows(ev: Evaluation) -> list[list[str]]:
    """One row per split and view: F1, P, R, matched/gold/predicted, figures exact."""
    rows = []
    for split, result in ev.scores.items():
        for view in VIEWS:
            r = result[view]
            rows.append([split, view, _f(r["f1"]), _f(r["precision"]), _f(r["recall"]),
                         f"{r['matched']}/{r['gold']}/{r['pred']}", _f(r["figures_exact"])])
        g = result["geoparsing"]
        rows.append([split, "geoparsing recall", "", "", "",
                     f"{g['places']} places",
                     f"commune {_f(g['commune_recall'])}, place {_f(g['place_recall'])}"])
    return rows


SCORE_HEAD = ["split", "view", "F1", "P", "R", "matched/gold/pred", "figures exact"]
YIELD_HEAD = ["rule", "TP", "FP", "TP sentences", "note"]


def yield_rows(ev: Evaluation) -> list[list[str]]:
    return [[y["rule"], str(y["tp"]), str(y["fp"]), str(y["tp_sentences"]),
             "suspect: one sentence" if y["suspect"] else ("no hit" if not y["tp"] else "")]
            for y in ev.yields]


def gap_line(ev: Evaluation) -> str:
    line = (f"tune–check gap ({HEADLINE} F1): {ev.gap:+.3f}"
            f" (tune {_f(ev.scores['tune'][HEADLINE]['f1'])}, "
            f"check {_f(ev.scores['check'][HEADLINE]['f1'])})")
    if ev.gap_too_wide:
        line += (f"\nWARNING: the gap is above {GAP_WARNING:.2f}: the rules fit the tune "
                 "sentences, not the language (SPLITS.md)")
    return line


def notes(ev: Evaluation) -> list[str]:
    out = [f"{ev.incidents} incidents from {ev.articles} articles of {ev.corpus}"]
    out += [f"unreadable: {u}" for u in ev.unreadable]
    if not ev.matcher_agrees:
        out.append("WARNING: the yield table's matching disagrees with the scorer's strict "
                   "commune count on tune (incidents/extract/evaluate/match.py is out of date)")
    return out


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(c) for c in col) for col in zip(head, *rows, strict=True)]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in [head, *rows]]


def _markdown(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows)]


def console(ev: Evaluation) -> str:
    """The report the command prints."""
    return "\n".join([*notes(ev), "", *_table(SCORE_HEAD, score_rows(ev)), "", gap_line(ev),
                      "", "Per-rule yield on tune (strict, commune level):",
                      *_table(YIELD_HEAD, yield_rows(ev))]) + "\n"


def markdown(ev: Evaluation) -> str:
    """bench/results/evaluation.md."""
    return "\n".join([
        "# Extraction on the development corpus", "",
        "Written by `python -m incidents.extract.evaluate` (scores by "
        "`score_incidents.py --split`; see `../shared/corpus/SPLITS.md`). Do not edit by hand.",
        "",
        *(f"- {n}" for n in notes(ev)), "", "## Scores", "",
        *_markdown(SCORE_HEAD, score_rows(ev)), "", gap_line(ev).replace("\n", "\n\n"), "",
        "## Per-rule yield on `tune`", "",
        "True and false positives of each `Incident.rule`, matched to gold rows as the scorer "
        "matches them (strict view, commune level). *Suspect*: every true positive comes from "
        "one sentence, so the entry may describe that sentence rather than English.", "",
        *_markdown(YIELD_HEAD, yield_rows(ev)), ""])
