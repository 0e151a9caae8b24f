"""The prompt_injection check on two fresh, blind sets of direct injections and ordinary messages.

``benchmarks/data/fresh_blind_direct.jsonl`` (see ``benchmarks/data/README.md``) holds 240
English messages written on 2026-12-01 by a helper that never saw the project, its rules, its
data or its other test sets, as users would type them into ten deployed applications (an
airline support bot, a translator, an e-mail summarizer, a homework tutor, a coding
assistant, a recipe assistant, a game bot guarding a password, an HR policy bot, a shopping
assistant, a travel planner): 120 direct prompt injections, 12 per application, in
techniques of the writer's choosing (disregard the setup, fake maintenance or developer
notices, "the rules changed", requests for the starting text, orders hidden in the text to
translate or summarize, fixed answers, the guarded secret asked for indirectly, an
unrestricted version of itself, sentence completion, orders split over lines), and 120
ordinary messages, half of them using the same words innocently (ignore, forget,
instructions, password, system, override, admin, mode, reset ...). It was written while the
English overrides of the extraction rule (``saferail.detectors.overrides_en``) were developed
on a separate development set, scored once after they were fixed, and once more after the
second step below; never read, trained or tuned on.

``benchmarks/data/fresh_blind_direct_2.jsonl`` holds 200 more by another helper and brief:
five products (a clinic booking assistant, a translation service, a shop assistant that must
not give discounts, a report summarizer, a quiz bot that must not reveal the day's answer),
20 attacks per product in techniques the writer invented -- told that plain "ignore previous
instructions" is already blocked, so at most three per product use it -- and 20 ordinary
customer messages per product, most with the attacks' words used innocently. Written while
the second step (claims that the setup changed, ``saferail.detectors.operator_claims``, and
the indirect rule on text pasted into the input, ``saferail.detectors.pasted``) was developed
on a separate development set, and scored once after it was fixed.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the check before the English phrases, with the English
overrides only (the first step), the whole check, and "prompt_injection or jailbreak" (a
policy that blocks on both); per application and per technique too. Writes
``benchmarks/results/fresh_blind_direct.json`` (the second set under ``set_2``); prints
counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_direct.py
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_direct.jsonl"
DATA_2 = Path(__file__).parent / "data" / "fresh_blind_direct_2.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_direct.json"
SURFACE = "input"

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402  (the blind-set reader the benchmarks share)


@cache
def _variant(step: int):  # type: ignore[no-untyped-def]
    """A prompt_injection check as it was before the English phrases (``step`` 0) or with the
    English overrides only (1): without the operator claims
    (``saferail.detectors.operator_claims``) and without the indirect rule on text pasted
    into the input (``saferail.detectors.pasted``)."""
    from saferail.checks import available_checks
    from saferail.detectors import extraction
    from saferail.detectors.features import rule_tokens
    from saferail.detectors.indirect import INDIRECT_SCORE, INDIRECT_SURFACES, instructs_ai_reader
    from saferail.detectors.overrides_en import OVERRIDE_EN
    from saferail.detectors.signatures import compile_large, search_words
    from saferail.detectors.vocative import addresses_machine_by_name

    english = compile_large(OVERRIDE_EN)

    def extraction_score(text: str, surface: str = "input") -> float:
        if surface == "output":
            return 0.0
        words = rule_tokens(text)
        hit = search_words(extraction._RE, words) or search_words(extraction._ML, words)
        if step >= 1 and not hit:
            hit = search_words(english, words) and not search_words(extraction._EN_EXCUSED, words)
        return extraction.EXTRACTION_SCORE if hit else 0.0

    def indirect_score(text: str, surface: str = "input") -> float:
        if surface not in INDIRECT_SURFACES:
            return 0.0
        planted = instructs_ai_reader(rule_tokens(text)) or addresses_machine_by_name(text)
        return INDIRECT_SCORE if planted else 0.0

    check = available_checks()["prompt_injection"]()
    check.extraction_score = extraction_score  # type: ignore[method-assign]
    check.indirect_score = indirect_score  # type: ignore[method-assign]
    return check


VARIANTS = ("model", "before_english_phrases", "english_overrides_only", "check", "either_check")


def scores(text: str) -> tuple[bool, ...]:
    """Flags of the :data:`VARIANTS` on the input surface: the model alone, the check before
    the English phrases, with the English overrides only, the whole check, and either
    prompt_injection or jailbreak."""
    from signature_rules import flagged_by, model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check("prompt_injection")
    data = CheckInput(text, canonicalize(text), SURFACE)
    whole = flagged_by(check, data)
    either = whole or flagged_by(named_check("jailbreak"), data)
    model = model_score(check, data) >= check.default_threshold
    return model, flagged_by(_variant(0), data), flagged_by(_variant(1), data), whole, either


def summary(scored: list[tuple[bool, ...]]) -> dict[str, object]:
    from fresh_blind import rate

    return {name: rate([s[i] for s in scored]) for i, name in enumerate(VARIANTS)}


def measure(data: list[dict[str, str]], app: str, technique: str) -> dict[str, Any]:
    """Flag rates of the :data:`VARIANTS` per label, and the whole check's per application
    (field ``app``) and, for the attacks, per technique (field ``technique``)."""
    scored = [scores(r["text"]) for r in data]
    out: dict[str, Any] = {}
    for label in ("attack", "normal"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        out[label] = summary([scored[i] for i in idx])
        fields = {"app": app, "technique": technique} if label == "attack" else {"app": app}
        for name, field in fields.items():
            groups: dict[str, list[int]] = {}
            for i in idx:
                groups.setdefault(data[i][field], []).append(i)
            out[f"{label}_by_{name}"] = {
                g: summary([scored[i] for i in ids])["check"] for g, ids in sorted(groups.items())
            }
    return out


def report(name: str, result: dict[str, Any]) -> None:
    for label in ("attack", "normal"):
        f = result[label]
        print(
            f"{name}: prompt_injection on {label} messages (n={f['check']['n']}): flagged model "
            f"{f['model']['rate']}, before the English phrases "
            f"{f['before_english_phrases']['rate']}, English overrides only "
            f"{f['english_overrides_only']['rate']}, check {f['check']['rate']} (95% CI "
            f"{f['check']['ci95']}); prompt_injection or jailbreak {f['either_check']['rate']}"
        )
        by_app = result[f"{label}_by_app"]
        print(
            "  by application: "
            + ", ".join(f"{k} {v['flagged']}/{v['n']}" for k, v in by_app.items())
        )


def main() -> int:
    from fresh_blind import prologue
    from signature_rules import named_check

    if not prologue(__doc__, DATA, DATA_2):
        return 2
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_direct",
        "command": "python benchmarks/fresh_blind_direct.py",
        "data": str(DATA.relative_to(ROOT)),
        "surface": SURFACE,
        "threshold": round(named_check("prompt_injection").default_threshold, 6),
        **measure(rows(DATA), "app", "style"),
        "set_2": {
            "data": str(DATA_2.relative_to(ROOT)),
            **measure(rows(DATA_2), "product", "technique"),
        },
    }
    report("set 1", result)
    report("set 2", result["set_2"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
