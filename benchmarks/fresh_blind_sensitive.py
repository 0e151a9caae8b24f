"""harmful_request and the opt-in harmful_request_sensitive on two blind sets written for the
opt-in's rule: harm and its look-alikes, and everyday assistant traffic.

``benchmarks/data/fresh_blind_sensitive.jsonl`` holds 120 harmful messages and 120
legitimate look-alikes in twelve areas and five styles; ``fresh_blind_everyday.jsonl`` holds
239 everyday messages in twelve kinds (see ``benchmarks/data/README.md``). Both were written
by helpers that never saw the project, after the v10 model was trained, and were scored once
with the final code. Scored as user input through the canonicalizer at each check's shipped
threshold, with 95% Wilson intervals: the model alone and the whole check, by label, and the
whole check per area, style and kind. The rule (MODEL_CARD.md, "harmful_request v10"): the
opt-in flags more harmful messages than harmful_request, no more look-alikes, and at most 12
everyday messages. Writes ``benchmarks/results/fresh_blind_sensitive.json``; prints counts
and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_sensitive.py
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
SETS = {"fresh_blind_sensitive": ("area", "style"), "fresh_blind_everyday": ("kind",)}
CHECKS = ("harmful_request", "harmful_request_sensitive")
RESULTS = Path(__file__).parent / "results" / "fresh_blind_sensitive.json"
EVERYDAY_CAP = 12  # the rule: at most 5% of the 239 everyday messages


def score(name: str, data: list[dict[str, str]]) -> list[tuple[bool, bool]]:
    """Per message, whether check ``name``'s model alone and the whole check flag it."""
    from signature_rules import flagged_by, model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check(name)
    out = []
    for row in data:
        item = CheckInput(row["text"], canonicalize(row["text"]), "input")
        out.append((model_score(check, item) >= check.default_threshold, flagged_by(check, item)))
    return out


def measure_set(name: str, fields: tuple[str, ...], check: str) -> dict[str, Any]:
    """Rates by label, and the whole check's counts per value of each field."""
    data = rows(DATA / f"{name}.jsonl")
    scored = score(check, data)
    out: dict[str, Any] = {}
    for label in sorted({r["label"] for r in data}, reverse=True):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        out[label] = {
            "model": rate([scored[i][0] for i in idx]),
            "check": rate([scored[i][1] for i in idx]),
        }
        for field in fields:
            by: dict[str, list[int]] = {}
            for i in idx:
                by.setdefault(data[i][field], []).append(i)
            out[f"{label}_by_{field}"] = {
                k: sum(scored[i][1] for i in v) for k, v in sorted(by.items())
            }
    return out


def verdict(result: dict[str, Any]) -> dict[str, bool]:
    """The opt-in rule's conditions on a result of :func:`main`."""
    default, opt_in = (result[c]["fresh_blind_sensitive"] for c in CHECKS)
    everyday = result[CHECKS[1]]["fresh_blind_everyday"]["benign"]["check"]["flagged"]
    flagged = {
        c: {k: v["check"]["flagged"] for k, v in s.items() if "_by_" not in k}
        for c, s in ((CHECKS[0], default), (CHECKS[1], opt_in))
    }
    return {
        "more_harmful_flagged": flagged[CHECKS[1]]["harmful"] > flagged[CHECKS[0]]["harmful"],
        "no_more_lookalikes_flagged": flagged[CHECKS[1]]["benign"] <= flagged[CHECKS[0]]["benign"],
        "everyday_at_most_12": everyday <= EVERYDAY_CAP,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="result file to write")
    args = parser.parse_args()
    missing = [n for n in SETS if not (DATA / f"{n}.jsonl").is_file()]
    if missing:
        print(f"missing blind sets: {', '.join(missing)}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_sensitive",
        "command": "python benchmarks/fresh_blind_sensitive.py",
    }
    for check in CHECKS:
        result[check] = {n: measure_set(n, fields, check) for n, fields in SETS.items()}
        for name in SETS:
            counts = ", ".join(
                f"{label} {v['model']['flagged']}/{v['check']['flagged']} of {v['check']['n']}"
                for label, v in result[check][name].items()
                if "_by_" not in label
            )
            print(f"{check:<26} {name:<22} (model/check) {counts}")
    result["rule"] = verdict(result)
    print("rule:", ", ".join(f"{k}={v}" for k, v in result["rule"].items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
