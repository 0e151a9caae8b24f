"""The jailbreak check on a fresh, blind set of jailbreaks in ten techniques and look-alikes.

``benchmarks/data/fresh_blind_jailbreaks.jsonl`` (see ``benchmarks/data/README.md``) holds 200
English prompts written on 2026-11-30 by a helper that never saw the project, its rules, its
data or its other test sets: 100 jailbreaks, 10 each of ten techniques the writer chose
(persona role-play, fictional framing, authority claims, emotional manipulation, encoding
and obfuscation, fake system messages, refusal suppression, prefix forcing, payload
splitting, game and reward framing), and 100 benign prompts of ten kinds written as their
look-alikes (harmless personas, dark fiction, system prompts for harmless bots, security
questions, translation and decoding tasks, games with points, developers testing their own
model, emotional messages, format constraints, professional context). It was written while
the wrapper rule of ``jailbreak`` (``saferail.detectors.wrappers``) was being developed on a
separate development set, and first scored after that rule was fixed; never read, trained
or tuned on. ``benchmarks/data/fresh_blind_jailbreaks_2.jsonl`` holds 160 more by another
writer: 80 jailbreaks in eight kinds and 80 benign look-alikes, written while a second round
of wrapper phrases was developed; first scored before that round and again after it.

Scored on the input surface through the canonicalizer, at the check's shipped threshold,
with 95% Wilson intervals: the model alone, the check without the wrapper rule (the check
before that rule was added: model, technique rule, role frames), the whole check, and the
share that any of the three input detectors (jailbreak, harmful_request, prompt_injection)
flags -- a policy that blocks on all of them; per kind too. Writes
``benchmarks/results/fresh_blind_jailbreaks.json`` (the second set under ``set_2``); prints
counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_jailbreaks.py
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_jailbreaks.jsonl"
DATA_2 = Path(__file__).parent / "data" / "fresh_blind_jailbreaks_2.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_jailbreaks.json"
COLUMNS = ("model", "without_wrapper_rule", "check", "any_input_check")


@cache
def _without_wrappers():  # type: ignore[no-untyped-def]
    """A jailbreak check whose wrapper rule never fires: the check before the rule."""
    from saferail.checks import available_checks

    check = available_checks()["jailbreak"]()
    check.wrapper_score = lambda text, surface="input": 0.0  # type: ignore[method-assign]
    return check


def flags(text: str) -> dict[str, bool]:
    """Whether each column flags ``text``."""
    from signature_rules import flagged_by, model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    data = CheckInput(text, canonicalize(text), "input")
    check = named_check("jailbreak")

    others = [named_check(n) for n in ("harmful_request", "prompt_injection")]
    flagged = flagged_by(check, data)
    return {
        "model": model_score(check, data) >= check.default_threshold,
        "without_wrapper_rule": flagged_by(_without_wrappers(), data),
        "check": flagged,
        "any_input_check": flagged or any(flagged_by(c, data) for c in others),
    }


def measure(rows: list[dict[str, str]]) -> dict[str, Any]:
    from fresh_blind import rate

    flagged = [flags(r["text"]) for r in rows]
    out: dict[str, Any] = {}
    for label in ("jailbreak", "benign"):
        idx = [i for i, r in enumerate(rows) if r["label"] == label]
        out[label] = {c: rate([flagged[i][c] for i in idx]) for c in COLUMNS}
        kinds: dict[str, list[int]] = {}
        for i in idx:
            kinds.setdefault(rows[i]["kind"], []).append(i)
        out[f"{label}_by_kind"] = {
            k: {c: rate([flagged[i][c] for i in ids])["flagged"] for c in COLUMNS} | {"n": len(ids)}
            for k, ids in sorted(kinds.items())
        }
    return out


def report(name: str, result: dict[str, Any]) -> None:
    for label in ("jailbreak", "benign"):
        f = result[label]
        print(
            f"{name}: jailbreak on {label} prompts (n={f['check']['n']}): flagged model "
            f"{f['model']['rate']}, without the wrapper rule {f['without_wrapper_rule']['rate']}, "
            f"check {f['check']['rate']} (95% CI {f['check']['ci95']}), any input check "
            f"{f['any_input_check']['rate']}"
        )
        by_kind = result[f"{label}_by_kind"]
        print(
            "  by kind (without rule -> check): "
            + ", ".join(
                f"{k} {v['without_wrapper_rule']}->{v['check']}/{v['n']}"
                for k, v in by_kind.items()
            )
        )


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from fresh_blind import prologue

    if not prologue(__doc__, DATA, DATA_2):
        return 2
    from fresh_blind import rows

    result: dict[str, Any] = {
        "benchmark": "fresh_blind_jailbreaks",
        "command": "python benchmarks/fresh_blind_jailbreaks.py",
        "data": str(DATA.relative_to(ROOT)),
        **measure(rows(DATA)),
    }
    result["set_2"] = {"data": str(DATA_2.relative_to(ROOT)), **measure(rows(DATA_2))}
    report("set 1", result)
    report("set 2", result["set_2"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
