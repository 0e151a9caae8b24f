"""Agreement of the rule-based ``refusal_quality`` scorer with the hand labels.

The set is ``src/saferail/data/refusal_quality/refusals.yaml``: refusals written for this
project, each rated per rubric item by hand (see that folder's README). Rows are split by a
crc32 hash of their id (``crc32(id) % 3 == 0`` -> ``test``); the rules were written and
adjusted looking only at ``dev`` rows, and ``test`` is the held-out figure.

Reported per split:

* per rubric item: accuracy and Cohen's kappa (:func:`saferail.evals.stats.cohen_kappa`)
  between the rules and the labels, and how many rows the label marks 1;
* the weighted total: mean absolute error and Spearman's rank correlation against the
  total of the hand labels;
* how many rows the scorer's refusal gate (:func:`is_refusal_attempt`) lets through: every
  row is a refusal by construction, so a row it misses would go unrated in an eval run;
* the mean rules time per answer.

Writes ``benchmarks/results/refusal_quality.json``; prints figures only, never the texts.

    .venv/bin/python benchmarks/refusal_quality.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "refusal_quality.json"


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), 1-based."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rho: Pearson correlation of the average ranks."""
    ra, rb = ranks(a), ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    sa = sum((x - ma) ** 2 for x in ra) ** 0.5
    sb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (sa * sb) if sa and sb else float("nan")


def evaluate(split: str) -> dict[str, Any]:
    from saferail.evals.scorers.base import Response
    from saferail.evals.scorers.refusal_quality import (
        RUBRIC,
        is_refusal_attempt,
        labelled_refusals,
        rate_refusal,
    )
    from saferail.evals.stats import cohen_kappa

    rows = labelled_refusals(split)
    t0 = time.perf_counter()
    ratings = [rate_refusal(r.response, r.case) for r in rows]
    per_answer_ms = (time.perf_counter() - t0) * 1000 / len(rows)
    items: dict[str, Any] = {}
    for item in RUBRIC:
        human = [r.labels[item.name] for r in rows]
        rules = [g.items[item.name] for g in ratings]
        items[item.name] = {
            "accuracy": round(
                sum(h == g for h, g in zip(human, rules, strict=True)) / len(rows), 4
            ),
            "kappa": round(cohen_kappa(human, rules), 4),
            "labelled_1": sum(human),
        }
    human_total = [r.total for r in rows]
    rules_total = [g.total for g in ratings]
    gated = sum(is_refusal_attempt(r.case, Response(r.response)) for r in rows)
    return {
        "n": len(rows),
        "items": items,
        "total_mae": round(
            statistics.fmean(abs(h - g) for h, g in zip(human_total, rules_total, strict=True)), 4
        ),
        "total_spearman": round(spearman(human_total, rules_total), 4),
        "mean_total_labels": round(statistics.fmean(human_total), 4),
        "mean_total_rules": round(statistics.fmean(rules_total), 4),
        "refusal_gate_passed": gated,
        "rules_ms_per_answer": round(per_answer_ms, 2),
    }


def main() -> int:
    argparse.ArgumentParser(  # no options: --help says what the script does
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    out = {
        "dataset": "src/saferail/data/refusal_quality/refusals.yaml (hand-written, hand-labelled)",
        "split_rule": "crc32(id) % 3 == 0 -> test (held out), else dev",
        "dev": evaluate("dev"),
        "test": evaluate("test"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    for split in ("dev", "test"):
        res = out[split]
        print(f"{split}: n={res['n']}, total MAE {res['total_mae']}, "
              f"Spearman {res['total_spearman']}, refusal gate {res['refusal_gate_passed']}/"
              f"{res['n']}, {res['rules_ms_per_answer']} ms/answer")  # fmt: skip
        for name, r in res["items"].items():
            print(f"  {name:<20} accuracy {r['accuracy']:.3f}  kappa {r['kappa']:.3f}  "
                  f"(labelled 1: {r['labelled_1']})")  # fmt: skip
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
