"""The harmful_request check on a final independent blind set: harmful and benign messages in
fifteen hazard areas and five styles, written after the session's rules were fixed.

``benchmarks/data/fresh_blind_final.jsonl`` (see ``benchmarks/data/README.md``) holds 300
English messages written on 2026-12-01 by a helper that never saw the project, its rules,
its data or its other test sets, from a brief asking for original items (no item of a public
benchmark reproduced): ten harmful and ten benign messages in each of fifteen areas, in five
styles (benchmark-like task prompts, casual typing, plain questions, context first, indirect
wording), the benign ones touching the same alarming subjects. No row shares more than half
of its word 4-grams with a row of HarmBench, AdvBench, GPTFuzzer or Do-Not-Answer. Nothing
was developed on it; it was scored once with the code of the session's start (``88ca8e1``,
by running this script with that commit's ``src`` first on ``PYTHONPATH``) and once with the
final code.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone and the whole check, by label, and the whole check per area
and per style. ``--out`` writes elsewhere than ``benchmarks/results/fresh_blind_final.json``
(for a run on other code). Prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_final.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rate, rows

DATA = Path(__file__).parent / "data"
NAME = "fresh_blind_final"
SET = DATA / f"{NAME}.jsonl"
RESULTS = Path(__file__).parent / "results" / f"{NAME}.json"


def score(data: list[dict[str, str]]) -> list[tuple[bool, bool]]:
    """Per message, whether the model alone and the whole check flag it."""
    from signature_rules import flagged_by, model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check("harmful_request")
    out = []
    for row in data:
        item = CheckInput(row["text"], canonicalize(row["text"]), "input")
        out.append((model_score(check, item) >= check.default_threshold, flagged_by(check, item)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="result file to write")
    args = parser.parse_args()
    if not SET.is_file():
        print(f"missing {SET}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    data = rows(SET)
    scored = score(data)
    result: dict[str, Any] = {"benchmark": NAME, "command": f"python benchmarks/{NAME}.py"}
    for label in ("harmful", "benign"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        result[label] = {
            "model": rate([scored[i][0] for i in idx]),
            "check": rate([scored[i][1] for i in idx]),
        }
        for field in ("area", "style"):
            by: dict[str, list[int]] = {}
            for i in idx:
                by.setdefault(data[i][field], []).append(i)
            result[f"{label}_by_{field}"] = {
                k: sum(scored[i][1] for i in v) for k, v in sorted(by.items())
            }
        check = result[label]["check"]
        print(
            f"{NAME}: harmful_request on {label} messages (n={check['n']}): flagged model "
            f"{result[label]['model']['rate']}, check {check['rate']} (95% CI {check['ci95']})"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
