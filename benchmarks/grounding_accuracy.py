"""Accuracy of the ``grounding`` scorer on HaluEval QA (answers labelled supported or not by
their knowledge passage), ``../shared/datasets/halueval_qa``.

The threshold (``min_support``) is chosen on a dev half (crc32 of the row id) and the
accuracy reported on the other half; citations and reference figures are not checked
(HaluEval answers carry neither).

    .venv/bin/python benchmarks/grounding_accuracy.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "halueval_qa" / "data.jsonl"
OUT = ROOT / "benchmarks" / "results" / "grounding_accuracy.json"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _confusion(rows: list[dict[str, Any]], threshold: float) -> dict[str, float]:
    from saferail.evals.case import Case
    from saferail.evals.scorers.base import Response
    from saferail.evals.scorers.grounding import GroundingScorer

    scorer = GroundingScorer(
        {"require_citation": False, "check_reference_numbers": False, "min_support": threshold}
    )
    tp = fp = tn = fn = 0
    for r in rows:
        case = Case(id=r["id"], prompt=r["question"], context=[r["context"]], expected="grounded")
        passed = asyncio.run(scorer.score(case, Response(r["answer"]))).passed
        gold = r["label"] == "supported"
        tp += gold and bool(passed)
        fn += gold and not passed
        fp += (not gold) and bool(passed)
        tn += (not gold) and not passed
    n = tp + fp + tn + fn
    return {
        "n": n,
        "accuracy": round((tp + tn) / n, 4),
        # positive = an UNgrounded answer caught (the scorer's job)
        "sensitivity": round(tn / (tn + fp), 4),
        "specificity": round(tp / (tp + fn), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"no data at {args.data}: ../shared/datasets is needed", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    dev = [r for r in rows if zlib.crc32(r["id"].encode()) % 2 == 0]
    test = [r for r in rows if zlib.crc32(r["id"].encode()) % 2 == 1]
    sweep = {str(t): _confusion(dev, t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: sweep[str(t)]["accuracy"])
    result = {
        "benchmark": "grounding_accuracy",
        "command": "python benchmarks/grounding_accuracy.py",
        "dataset": "halueval_qa (HaluEval QA, MIT): answers vs knowledge passages",
        "split": "dev = crc32(id) even (threshold chosen here), test = odd (reported)",
        "positive_class": "ungrounded answer (sensitivity = ungrounded answers caught)",
        "dev_sweep": sweep,
        "chosen_min_support": best,
        "test": _confusion(test, best),
        "test_at_default_0.8": _confusion(test, 0.8),
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("chosen_min_support", "test", "test_at_default_0.8")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
