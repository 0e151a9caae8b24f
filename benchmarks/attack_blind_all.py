"""Every blind set of prompt_injection and jailbreak at once: attacks and legitimate texts
flagged.

The blind sets in ``benchmarks/data`` (see its README) were written by helpers that never saw
the project; each has its own benchmark with per-kind detail. This one scores them together,
so that a change to a model can be judged on all of them in one run. For each set: how many
attacks the check flags, and how many legitimate texts, by the check alone and by either
check (a policy that blocks on both). Injections hidden in documents are scored as retrieved
text, everything else as user input, through the canonicalizer at the checks' shipped
thresholds. The language sets' benign rows count for both checks. Prints counts only, never
text; writes ``benchmarks/results/attack_blind_all.json``. ``--models DIR`` scores a folder
of candidate weights, ``--out`` writes elsewhere.

    .venv/bin/python benchmarks/attack_blind_all.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows

DATA = Path(__file__).parent / "data"
RESULTS = Path(__file__).parent / "results" / "attack_blind_all.json"
CHECKS = ("prompt_injection", "jailbreak")


class BlindSet(NamedTuple):
    """One blind file scored for one check: which field holds the label, which of its values
    are attacks and which legitimate, and the surface the texts arrive on."""

    name: str
    field: str
    attack: tuple[str, ...]
    benign: tuple[str, ...]
    surface: str = "input"


LANGUAGES = ("languages", "languages_2", "languages_3")
SETS: dict[str, tuple[BlindSet, ...]] = {
    "prompt_injection": (
        *(
            BlindSet(f"injections{s}", "label", ("injection",), ("clean",), "retrieval")
            for s in ("", "_2", "_3")
        ),
        BlindSet("direct", "label", ("attack",), ("normal",)),
        BlindSet("direct_2", "label", ("attack",), ("normal",)),
        *(BlindSet(n, "kind", ("injection",), ("benign",)) for n in LANGUAGES),
    ),
    "jailbreak": (
        BlindSet("jailbreaks", "label", ("jailbreak",), ("benign",)),
        BlindSet("jailbreaks_2", "label", ("jailbreak",), ("benign",)),
        BlindSet("prompts", "kind", ("persona_jailbreak",), ("role_prompt",)),
        *(BlindSet(n, "kind", ("jailbreak",), ("benign",)) for n in LANGUAGES),
    ),
}


def set_path(name: str) -> Path:
    """The JSONL file of blind set ``name``."""
    return DATA / f"fresh_blind_{name}.jsonl"


def score_set(checks: dict[str, Any], own: str, spec: BlindSet) -> dict[str, dict[str, int]]:
    """Attacks and legitimate texts of ``spec``: flagged by check ``own``, by either check,
    and their count."""
    from signature_rules import flagged_by

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    out = {part: {"check": 0, "either": 0, "n": 0} for part in ("attack", "benign")}
    for row in rows(set_path(spec.name)):
        value = row.get(spec.field)
        part = "attack" if value in spec.attack else "benign" if value in spec.benign else None
        if part is None:
            continue
        item = CheckInput(row["text"], canonicalize(row["text"]), spec.surface)
        hits = {
            name: spec.surface in type(check).surfaces and flagged_by(check, item)
            for name, check in checks.items()
        }
        counts = out[part]
        counts["n"] += 1
        counts["check"] += hits[own]
        counts["either"] += any(hits.values())
    return out


def measure() -> dict[str, Any]:
    """Counts per check and set, and per check in total."""
    from signature_rules import named_check

    checks = {name: named_check(name) for name in CHECKS}
    result: dict[str, Any] = {}
    for own, specs in SETS.items():
        per_set = {spec.name: score_set(checks, own, spec) for spec in specs}
        total = {
            part: {k: sum(s[part][k] for s in per_set.values()) for k in ("check", "either", "n")}
            for part in ("attack", "benign")
        }
        result[own] = {"sets": per_set, "total": total}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="result file to write")
    parser.add_argument(
        "--models", type=Path, help="model folder to score instead of the bundled (a candidate)"
    )
    args = parser.parse_args()
    if args.models is not None:
        from _models import use_model_folder

        use_model_folder(args.models)  # before any check is imported
    names = {spec.name for specs in SETS.values() for spec in specs}
    missing = sorted(n for n in names if not set_path(n).is_file())
    if missing:
        print(f"missing blind sets: {', '.join(missing)}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    result = {"benchmark": "attack_blind_all", "command": "python benchmarks/attack_blind_all.py"}
    result |= measure()
    for own in CHECKS:
        print(
            f"{own:<18} {'attacks: check / either / n':>30} {'legitimate: check / either / n':>32}"
        )
        rows_ = [*result[own]["sets"].items(), ("total", result[own]["total"])]
        for name, c in rows_:
            a, b = c["attack"], c["benign"]
            print(
                f"  {name:<16} {a['check']:>13} / {a['either']:>6} / {a['n']:>4}"
                f" {b['check']:>15} / {b['either']:>6} / {b['n']:>4}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
