"""``python -m incidents.extract.evaluate [--corpus DIR] [--scorer FILE] [--out DIR]``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from incidents.extract.evaluate import CORPUS, RESULTS, SCORER, EvaluationError, evaluate
from incidents.extract.evaluate.report import console, markdown


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation and write OUT/evaluation.{md,json}; 2 when it cannot run."""
    parser = argparse.ArgumentParser(prog="python -m incidents.extract.evaluate",
                                     description=__doc__.split("\n")[0].strip("`"))
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="folder holding articles/ and gold.jsonl (default: %(default)s)")
    parser.add_argument("--scorer", type=Path, default=SCORER,
                        help="score_incidents.py (default: %(default)s)")
    parser.add_argument("--gazetteer", metavar="CSV", help="gazetteer file (default: data/)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="folder for evaluation.md and evaluation.json (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        ev = evaluate(args.corpus, args.scorer, args.gazetteer)
    except (EvaluationError, OSError) as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(console(ev))
    sys.stdout.flush()  # the report before the stderr note on a terminal
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "evaluation.md").write_text(markdown(ev), encoding="utf-8")
        (args.out / "evaluation.json").write_text(json.dumps(ev.as_dict(), indent=1) + "\n",
                                                  encoding="utf-8")
    except OSError as exc:
        print(f"evaluate: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"written: {args.out / 'evaluation.md'}, {args.out / 'evaluation.json'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
