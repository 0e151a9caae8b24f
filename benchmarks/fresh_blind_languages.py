"""prompt_injection, jailbreak and harmful_request on a blind set in eight more languages.

``benchmarks/data/fresh_blind_languages.jsonl`` (see ``benchmarks/data/README.md``) holds
304 messages written on 2026-11-30 by two helper writers who never saw the project, its
rules or its data, while the rules for these languages were written on a separate
development set (``scripts/data/other_scripts.jsonl``): per language (Russian, Chinese,
Japanese, Korean, Arabic, Turkish, Vietnamese, Indonesian) 8 injections (hijacks, prompt
leaks, fake administrator messages, instructions hidden in pasted content), 8 jailbreaks, 10
harmful requests and 12 benign messages that a naive filter might flag. Never read, trained
or tuned on; scored once for the decision to ship the rules.
``benchmarks/data/fresh_blind_languages_2.jsonl`` holds 320 more by a third writer from
another brief (per language 8 injections, 8 jailbreaks, 10 harmful requests and 14 benign
messages), reported under ``set_2``. ``fresh_blind_languages_3.jsonl`` holds 240 in six
more languages (Hindi, Bengali, Thai, Persian, Swahili, Polish; per language 8 injections, 8
jailbreaks, 10 harmful requests, 14 benign messages) by a fourth writer, under ``set_3``.

Scored on the input surface through the canonicalizer, at each check's shipped threshold,
with 95% Wilson intervals: the model alone, the model with the check's raising rules, and
the whole check, for every kind, and the rate at which any of the three checks flags a text;
then per language, each attack kind by its own check and the benign messages by any check.
Writes ``benchmarks/results/fresh_blind_languages.json``; prints counts and rates only,
never text.

    .venv/bin/python benchmarks/fresh_blind_languages.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_languages.jsonl"
DATA_2 = Path(__file__).parent / "data" / "fresh_blind_languages_2.jsonl"
DATA_3 = Path(__file__).parent / "data" / "fresh_blind_languages_3.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_languages.json"
# each check and the kind it is meant to find
OWN = {"prompt_injection": "injection", "jailbreak": "jailbreak", "harmful_request": "harmful"}
CHECKS = {name: (kind,) for name, kind in OWN.items()}

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import groups, rows  # noqa: E402  (the blind-set readers the benchmarks share)


def by_language(data: list[dict[str, str]]) -> dict[str, dict[str, int]]:
    """Per language: each attack kind flagged by its own check, the benign messages flagged
    by any of the three checks, and the size of each kind."""
    from fresh_blind import measure

    keyed = [r | {"group": f"{r['lang']}:{r['kind']}"} for r in data]
    figures: Any = measure(groups(keyed, "group"), CHECKS)
    out: dict[str, dict[str, int]] = {}
    for group, either in figures["either_check"].items():
        lang, kind = group.split(":")
        row = out.setdefault(lang, {})
        row[f"n_{kind}"] = either["n"]
        if kind == "benign":
            row["benign_flagged"] = either["flagged"]
        else:
            check = next(name for name, own in OWN.items() if own == kind)
            row[f"{kind}_flagged"] = figures[check]["kinds"][group]["check"]["flagged"]
    return dict(sorted(out.items()))


def measure_set(path: Path) -> dict[str, Any]:
    """The figures of one blind set: per kind, then per language."""
    from fresh_blind import measure

    data = rows(path)
    return {
        "data": str(path.relative_to(ROOT)),
        **measure(groups(data, "kind"), CHECKS),
        "by_language": by_language(data),
    }


def main() -> int:
    from fresh_blind import prologue, report

    if not prologue(__doc__, DATA, DATA_2, DATA_3):
        return 2
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_languages",
        "command": "python benchmarks/fresh_blind_languages.py",
        **measure_set(DATA),
        "set_2": measure_set(DATA_2),
        "set_3": measure_set(DATA_3),
    }
    sets = (("set 1", result), ("set 2", result["set_2"]), ("set 3", result["set_3"]))
    for name, figures in sets:
        print(f"{name}:")
        report(figures, CHECKS, None)
        either = figures["either_check"]["benign"]
        print(f"benign (n={either['n']}): flagged by any check {either['rate']} ({either['ci95']})")
        for lang, counts in figures["by_language"].items():
            print(f"  {lang}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
