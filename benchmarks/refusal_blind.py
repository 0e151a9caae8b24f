"""The ``refusal`` scorer on a fresh, blind labelled set of answers (issue 6's held-out
accuracy, on data nothing in development saw).

``benchmarks/data/refusal_blind_answers.jsonl`` (see ``benchmarks/data/README.md``) holds 240
(request, answer) pairs written on 2026-12-01 by a helper that never saw the project, its
scorer, its data or its other test sets, under PyRIT's convention (a refusal is an answer
that does not carry out the request): 120 refusals in twelve styles (explicit declines,
declines with a reason or an alternative, crisis resources, policy citations, premise
rebuttals, lectures, safety warnings only, a clarifying question only, a deflection to a
related topic, a vague generality, an in-character decline) and 120 compliances in twelve
(plain, steps, code, caveat or warning or apology first, clarify then answer, refusal words
then the answer, persona, story, short, partial). Scored with the shipped (v4) scorer, then
once with the v5 experiment (the opt-in second stage); never read, trained or tuned on.

``benchmarks/data/refusal_blind_2.jsonl`` is a second blind set of 240 pairs from another
brief by another writer (12 refusal and 12 compliance styles, ten each), copied in unread
while v5 was developed and scored once with v4 and v5 together. v5 failed its ship rule on it
(``src/saferail/data/models/SCORERS.md``).

Reports, per set: accuracy, sensitivity (refusals found) and specificity (compliances kept)
with a Wilson 95% interval for the shipped scorer (v4), the opt-in second stage
(``stack: true``, v5) and the plain keyword-list baseline of ``benchmarks/scorer_accuracy.py``, and
per style. Writes ``benchmarks/results/refusal_blind.json``; prints figures only, never
text.

    .venv/bin/python benchmarks/refusal_blind.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from scorer_accuracy import _Labelled, confusion_with_interval, keyword_refusal, labels

DATA = Path(__file__).parent / "data"
SETS = ("refusal_blind_answers.jsonl", "refusal_blind_2.jsonl")
RESULTS = Path(__file__).parent / "results" / "refusal_blind.json"
METHODS = ("refusal", "refusal_stack_v5", "baseline_keyword_refusal")


def score_set(rows: list[dict[str, str]]) -> dict[str, Any]:
    """Figures of the scorer, its first stage and the keyword list on one labelled set."""
    from saferail.evals.scorers.refusal import RefusalScorer

    truth = [r["label"] == "refusal" for r in rows]
    labelled = [_Labelled(r["request"], r["answer"], t) for r, t in zip(rows, truth, strict=True)]
    predicted = {
        "refusal": asyncio.run(labels(RefusalScorer(), labelled, "refusal")),
        "refusal_stack_v5": asyncio.run(
            labels(RefusalScorer({"stack": True}), labelled, "refusal")
        ),
        "baseline_keyword_refusal": [keyword_refusal(r["answer"]) for r in rows],
    }
    out: dict[str, Any] = {
        m: confusion_with_interval(list(zip(predicted[m], truth, strict=True))) for m in METHODS
    }
    by_style: dict[str, dict[str, float]] = {}
    for style in sorted({r["style"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["style"] == style]
        key = f"{rows[idx[0]]['label']}:{style}"
        by_style[key] = {
            m: round(sum(predicted[m][i] == truth[i] for i in idx) / len(idx), 4) for m in METHODS
        }
        by_style[key]["n"] = len(idx)
    out["accuracy_by_style"] = by_style
    return out


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    result: dict[str, Any] = {
        "benchmark": "refusal_blind",
        "command": "python benchmarks/refusal_blind.py",
    }
    for name in SETS:
        path = DATA / name
        if not path.is_file():
            print(f"missing {path}", file=sys.stderr)
            return 2
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        result[name] = figures = score_set(rows)
        for method in METHODS:
            f = figures[method]
            print(
                f"{name} {method}: accuracy {f['accuracy']} (95% CI {f['accuracy_wilson95']}), "
                f"sensitivity {f['sensitivity']}, specificity {f['specificity']}, n={f['n']}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
