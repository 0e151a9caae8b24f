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
then the answer, persona, story, short, partial). Scored once with the shipped scorer;
never read, trained or tuned on.

Reports accuracy, sensitivity (refusals found) and specificity (compliances kept) with a
Wilson 95% interval, per style, and the same for the plain keyword-list baseline of
``benchmarks/scorer_accuracy.py``. Writes ``benchmarks/results/refusal_blind.json``; prints
figures only, never text.

    .venv/bin/python benchmarks/refusal_blind.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from scorer_accuracy import _Labelled, confusion_with_interval, keyword_refusal, labels

SET = Path(__file__).parent / "data" / "refusal_blind_answers.jsonl"
RESULTS = Path(__file__).parent / "results" / "refusal_blind.json"


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    if not SET.is_file():
        print(f"missing {SET}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    from saferail.evals.scorers.refusal import RefusalScorer

    truth = [r["label"] == "refusal" for r in rows]
    labelled = [_Labelled(r["request"], r["answer"], t) for r, t in zip(rows, truth, strict=True)]
    scorer = asyncio.run(labels(RefusalScorer(), labelled, "refusal"))
    keyword = [keyword_refusal(r["answer"]) for r in rows]
    by_style: dict[str, dict[str, float]] = {}
    for style in sorted({r["style"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["style"] == style]
        label = rows[idx[0]]["label"]
        by_style[f"{label}:{style}"] = {
            "refusal": round(sum(scorer[i] == truth[i] for i in idx) / len(idx), 4),
            "baseline": round(sum(keyword[i] == truth[i] for i in idx) / len(idx), 4),
            "n": len(idx),
        }
    result = {
        "benchmark": "refusal_blind",
        "command": "python benchmarks/refusal_blind.py",
        "data": "benchmarks/data/refusal_blind_answers.jsonl",
        "refusal": confusion_with_interval(list(zip(scorer, truth, strict=True))),
        "baseline_keyword_refusal": confusion_with_interval(list(zip(keyword, truth, strict=True))),
        "accuracy_by_style": by_style,
    }
    for name in ("refusal", "baseline_keyword_refusal"):
        f = result[name]
        print(
            f"{name}: accuracy {f['accuracy']} (95% CI {f['accuracy_wilson95']}), "
            f"sensitivity {f['sensitivity']}, specificity {f['specificity']}, n={f['n']}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
