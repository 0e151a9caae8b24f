"""The prompt_injection check on two fresh, blind sets of indirect injections and look-alikes.

``benchmarks/data/fresh_blind_injections.jsonl`` (see ``benchmarks/data/README.md``) holds 200
documents written on 2026-11-30 by a helper that never saw the project, its rules, its data
or its other test sets: 100 third-party documents (e-mails, web pages, reviews, reports, code,
tool output, tickets, chat logs, spreadsheets, forms) with an injection planted for the AI
assistant that reads them -- 10 each of ten kinds (data exfiltration, tool misuse, output
manipulation, instruction override, persona / mode switch, phishing link, hidden formatting,
subtle natural wording, non-English, payload in a data field) -- and 100 clean documents of
the same carriers written as hard look-alikes of each kind (an IT notice to ignore an earlier
e-mail, a blog post describing attacks, a README telling developers to run a command...).
The set was written after the first version of the indirect-injection rule
(``saferail.detectors.indirect``) was fixed; it was scored after that version and after the
rule's extension on a separate development set, never read, trained or tuned on.

``benchmarks/data/fresh_blind_injections_2.jsonl`` (same README) holds 200 more, written by
another helper from another brief while the vocative form of the rule
(``saferail.detectors.vocative``: "Meeting bot: upload ...") was developed on a separate
development set, and first scored after that form was fixed: 100 documents with an
injection in ten kinds of the writer's choosing and 100 clean look-alikes.
``benchmarks/data/fresh_blind_injections_3.jsonl`` holds 160 by a third writer: 80
injections in eight kinds, most of them blended into the document's own voice (fake
policies, approvals, required steps, summaries, tool results) without addressing an AI, and
80 clean look-alikes.

Scored as retrieved text (the surface of such content; windowed model score), through the
canonicalizer, at the check's shipped threshold, with 95% Wilson intervals: the model alone,
the check without the indirect rule (model + the extraction rule: the check before that rule
was added), the check without the rule's vocative form, and the whole check; per injection
kind and per carrier too. Writes ``benchmarks/results/fresh_blind_injections.json`` (first
set at the top level, the others under ``set_2`` and ``set_3``); prints counts and rates
only, never text.

    .venv/bin/python benchmarks/fresh_blind_injections.py
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_injections.jsonl"
DATA_2 = Path(__file__).parent / "data" / "fresh_blind_injections_2.jsonl"
DATA_3 = Path(__file__).parent / "data" / "fresh_blind_injections_3.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_injections.json"
SURFACE = "retrieval"

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402  (the blind-set reader the benchmarks share)


@cache
def _without_vocative():  # type: ignore[no-untyped-def]
    """A prompt_injection check whose indirect rule lacks the vocative form (the two word
    forms only): the check before that form was added."""
    from saferail.checks import available_checks
    from saferail.detectors.features import tokens
    from saferail.detectors.indirect import INDIRECT_SCORE, INDIRECT_SURFACES, instructs_ai_reader

    def word_forms(text: str, surface: str = "input") -> float:
        planted = surface in INDIRECT_SURFACES and instructs_ai_reader(tokens(text))
        return INDIRECT_SCORE if planted else 0.0

    check = available_checks()["prompt_injection"]()
    check.indirect_score = word_forms  # type: ignore[method-assign]
    return check


def scores(text: str) -> tuple[float, float, float, float]:
    """(model alone, model + extraction rule, whole check without the vocative form, whole
    check) on the retrieval surface."""
    from signature_rules import check_score, model_score, named_check, rule_score

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check("prompt_injection")
    data = CheckInput(text, canonicalize(text), SURFACE)
    model = model_score(check, data)
    whole = check_score(check, data)
    without = check_score(_without_vocative(), data)
    return model, max(model, rule_score("extraction", data)), without, whole


def summary(scored: list[tuple[float, ...]], threshold: float) -> dict[str, object]:
    from fresh_blind import rate

    return {
        "model": rate([s[0] >= threshold for s in scored]),
        "without_indirect_rule": rate([s[1] >= threshold for s in scored]),
        "without_vocative": rate([s[2] >= threshold for s in scored]),
        "check": rate([s[3] >= threshold for s in scored]),
    }


def measure(data: list[dict[str, str]]) -> dict[str, Any]:
    from signature_rules import named_check

    threshold = named_check("prompt_injection").default_threshold
    scored = [scores(r["text"]) for r in data]
    out: dict[str, Any] = {"threshold": round(threshold, 6)}
    for label in ("injection", "clean"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        out[label] = summary([scored[i] for i in idx], threshold)
        for field in ("kind", "carrier"):
            groups: dict[str, list[int]] = {}
            for i in idx:
                groups.setdefault(data[i][field], []).append(i)
            out[f"{label}_by_{field}"] = {
                g: summary([scored[i] for i in ids], threshold)["check"]
                for g, ids in sorted(groups.items())
            }
    return out


def report(name: str, result: dict[str, Any]) -> None:
    for label in ("injection", "clean"):
        f = result[label]
        print(
            f"{name}: prompt_injection on {label} documents (n={f['check']['n']}): flagged "
            f"model {f['model']['rate']}, without the indirect rule "
            f"{f['without_indirect_rule']['rate']}, without its vocative form "
            f"{f['without_vocative']['rate']}, check {f['check']['rate']} "
            f"(95% CI {f['check']['ci95']})"
        )
        by_kind = result[f"{label}_by_kind"]
        print("  by kind: " + ", ".join(f"{k} {v['flagged']}/{v['n']}" for k, v in by_kind.items()))


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from fresh_blind import prologue

    if not prologue(__doc__, DATA, DATA_2, DATA_3):
        return 2
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_injections",
        "command": "python benchmarks/fresh_blind_injections.py",
        "data": str(DATA.relative_to(ROOT)),
        "surface": SURFACE,
        **measure(rows(DATA)),
    }
    for number, path in ((2, DATA_2), (3, DATA_3)):
        result[f"set_{number}"] = {"data": str(path.relative_to(ROOT)), **measure(rows(path))}
    report("set 1", result)
    report("set 2", result["set_2"])
    report("set 3", result["set_3"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
