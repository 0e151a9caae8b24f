"""Recall, false-positive rate and speed of the ``secret`` check on gitleaks' rule examples.

The dataset (``shared/datasets/gitleaks_rule_examples/data.jsonl``) holds the true- and
false-positive examples that gitleaks' rules are validated with: one row per example,
labelled ``secret`` or ``not_secret`` and tagged with the gitleaks rule (``category``).
A row counts as detected when the check reports at least one finding on it.

Some ``secret`` rows are the rule's own regular expression rather than a secret (for
example ``AIza[\\w-]{35}``); the script also reports recall without them.

Prints counts only (never a row's text) and writes ``benchmarks/results/secret_recall.json``.

    .venv/bin/python benchmarks/secret_recall.py
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import re2

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from saferail.checks.base import CheckInput  # noqa: E402
from saferail.checks.canonical import canonicalize  # noqa: E402
from saferail.checks.secrets import Secrets  # noqa: E402

DATASET = REPO.parent / "shared" / "datasets" / "gitleaks_rule_examples" / "data.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "secret_recall.json"
COMMAND = ".venv/bin/python benchmarks/secret_recall.py"

# A row whose text is a regular expression (a character class with a count, \w, (?:...)).
REGEX_ROW = re2.compile(r"\[[^\]\s]{1,40}\]\{\d+(?:,\d*)?\}|\\[wbd]|\(\?:|\{\d+,\d*\}")


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _metrics(tp: int, fn: int, fp: int, tn: int) -> dict[str, Any]:
    return {
        "secret_rows": tp + fn,
        "not_secret_rows": fp + tn,
        "true_positives": tp,
        "false_negatives": fn,
        "false_positives": fp,
        "true_negatives": tn,
        "recall": _rate(tp, tp + fn),
        "false_positive_rate": _rate(fp, fp + tn),
        "precision": _rate(tp, tp + fp),
    }


def main() -> int:
    argparse.ArgumentParser(  # no options: --help says what the script does
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    if not DATASET.is_file():
        print(f"dataset not found: {DATASET} (nothing to measure)", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    check = Secrets()

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp, fn, fp, tn
    overall = [0, 0, 0, 0]
    without_regex = [0, 0, 0, 0]
    regex_rows = 0
    check_us: list[float] = []
    total_us: list[float] = []
    for row in rows:
        text = row["text"]
        t0 = time.perf_counter()
        data = CheckInput(text=text, canonical=canonicalize(text), surface="input")
        t1 = time.perf_counter()
        flagged = bool(check.run(data))
        t2 = time.perf_counter()
        check_us.append((t2 - t1) * 1e6)
        total_us.append((t2 - t0) * 1e6)

        is_secret = row["label"] == "secret"
        slot = (0 if flagged else 1) if is_secret else (2 if flagged else 3)
        counts[row["category"]][slot] += 1
        overall[slot] += 1
        if is_secret and REGEX_ROW.search(text) is not None:
            regex_rows += 1
        else:
            without_regex[slot] += 1

    # warm timing: the DFA caches are built now; time every row again, check only
    warm_us: list[float] = []
    for row in rows:
        data = CheckInput(text=row["text"], canonical=canonicalize(row["text"]), surface="input")
        t1 = time.perf_counter()
        check.run(data)
        warm_us.append((time.perf_counter() - t1) * 1e6)

    per_category = {name: _metrics(*c) for name, c in sorted(counts.items())}
    result = {
        "check": "secret",
        "dataset": "gitleaks_rule_examples",
        "rows": len(rows),
        "command": COMMAND,
        "python": platform.python_version(),
        "overall": _metrics(*overall),
        "excluding_regex_source_rows": {"regex_rows": regex_rows, **_metrics(*without_regex)},
        "median_us_per_row_check": round(statistics.median(warm_us), 1),
        "p95_us_per_row_check": round(sorted(warm_us)[int(0.95 * (len(warm_us) - 1))], 1),
        "median_us_per_row_first_pass_check": round(statistics.median(check_us), 1),
        "median_us_per_row_with_canonicalize": round(statistics.median(total_us), 1),
        "per_category": per_category,
    }

    print(f"secret check on {len(rows)} gitleaks rule examples ({COMMAND})")
    print(f"{'category':45} {'secret':>6} {'found':>6} {'not':>5} {'flagged':>7}")
    for name, m in per_category.items():
        print(
            f"{name[:45]:45} {m['secret_rows']:6d} {m['true_positives']:6d} "
            f"{m['not_secret_rows']:5d} {m['false_positives']:7d}"
        )
    o = result["overall"]
    x = result["excluding_regex_source_rows"]
    print()
    print(
        f"overall: recall {o['recall']:.3f} ({o['true_positives']}/{o['secret_rows']}), "
        f"false positive rate {o['false_positive_rate']:.3f} "
        f"({o['false_positives']}/{o['not_secret_rows']}), precision {o['precision']:.3f}"
    )
    print(
        f"without the {regex_rows} secret rows that are a regex: recall {x['recall']:.3f} "
        f"({x['true_positives']}/{x['secret_rows']})"
    )
    print(
        f"median {result['median_us_per_row_check']} us per row (check only, warm), "
        f"p95 {result['p95_us_per_row_check']} us; "
        f"{result['median_us_per_row_with_canonicalize']} us with canonicalization (first pass)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
