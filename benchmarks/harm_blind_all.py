"""Every blind set of harmful_request at once: harmful and legitimate messages flagged.

The blind sets in ``benchmarks/data`` (see its README) were written by helpers that never saw
the project; each has its own benchmark with per-area detail. This one scores the twenty
sets that label messages ``harmful`` / ``benign`` together, with the check as it ships (or
as ``--params`` set it), so that a change to the model or the rules can be judged on all of
them in one run: per set and in total, how many harmful messages the whole check flags and
how many legitimate ones, plus the model alone. Scored as user input through the
canonicalizer at the check's shipped threshold. Prints counts only, never text; writes
``benchmarks/results/harm_blind_all.json``. ``--check harmful_request_sensitive`` scores the
opt-in check, ``--models DIR`` a folder of candidate weights, ``--out`` writes elsewhere.

    .venv/bin/python benchmarks/harm_blind_all.py
    .venv/bin/python benchmarks/harm_blind_all.py --check harmful_request_sensitive \\
        --out benchmarks/results/harm_blind_all_sensitive.json
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
RESULTS = Path(__file__).parent / "results" / "harm_blind_all.json"
SETS = (
    "care",
    "covert",
    "cyber",
    "education",
    "education_2",
    "extremism",
    "final",
    "genre",
    "harm",
    "harm_2",
    "harm_3",
    "harm_ml",
    "harm_ml_2",
    "lethal",
    "persuasion",
    "security",
    "selfharm_sexual",
    "selfharm_sexual_2",
    "victims",
    "sensitive",
)
LABELS = ("harmful", "benign")


def set_path(name: str) -> Path:
    """The JSONL file of blind set ``name``."""
    return DATA / f"fresh_blind_{name}.jsonl"


def score_set(check: Any, data: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """Per label, messages flagged by the model alone and by the whole check, and the count."""
    from signature_rules import flagged_by, model_score

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    out = {label: {"model": 0, "check": 0, "n": 0} for label in LABELS}
    for row in data:
        counts = out[row["label"]]
        item = CheckInput(row["text"], canonicalize(row["text"]), "input")
        counts["n"] += 1
        counts["model"] += model_score(check, item) >= check.default_threshold
        counts["check"] += flagged_by(check, item)
    return out


CHECKS = ("harmful_request", "harmful_request_sensitive")


def measure(params: dict[str, Any] | None = None, name: str = "harmful_request") -> dict[str, Any]:
    """Counts per set and in total, for check ``name`` built with ``params``."""
    from saferail.checks import available_checks

    cls = available_checks()[name]
    check = cls(cls.Params.model_validate(params)) if params else cls()
    per_set = {set_name: score_set(check, rows(set_path(set_name))) for set_name in SETS}
    total: dict[str, dict[str, Any]] = {}
    for label in LABELS:
        n = sum(s[label]["n"] for s in per_set.values())
        total[label] = {"n": n}
        for part in ("model", "check"):
            k = sum(s[label][part] for s in per_set.values())
            total[label][part] = rate([True] * k + [False] * (n - k))
    return {"sets": per_set, "total": total}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="result file to write")
    parser.add_argument(
        "--params", type=json.loads, default=None, help="check params as JSON (opt-ins)"
    )
    parser.add_argument("--check", choices=CHECKS, default=CHECKS[0], help="check to score")
    parser.add_argument(
        "--models", type=Path, help="model folder to score instead of the bundled (a candidate)"
    )
    args = parser.parse_args()
    if args.models is not None:
        from _models import use_model_folder

        use_model_folder(args.models)  # before any check is imported
    missing = [name for name in SETS if not set_path(name).is_file()]
    if missing:
        print(f"missing blind sets: {', '.join(missing)}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    result = {"benchmark": "harm_blind_all", "command": "python benchmarks/harm_blind_all.py"}
    result |= {"check": args.check, "params": args.params} | measure(args.params, args.check)
    print(f"{'set':<20} {'harmful: model / check / n':>28} {'legitimate: model / check / n':>31}")
    for name, counts in result["sets"].items():
        h, b = counts["harmful"], counts["benign"]
        print(
            f"{name:<20} {h['model']:>12} / {h['check']:>4} / {h['n']:>4}"
            f" {b['model']:>14} / {b['check']:>4} / {b['n']:>4}"
        )
    h, b = result["total"]["harmful"], result["total"]["benign"]
    print(
        f"{'total':<20} {h['model']['flagged']:>12} / {h['check']['flagged']:>4} / {h['n']:>4}"
        f" {b['model']['flagged']:>14} / {b['check']['flagged']:>4} / {b['n']:>4}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
