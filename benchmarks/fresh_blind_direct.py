"""The prompt_injection check on a fresh, blind set of direct injections and ordinary messages.

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
on a separate development set, and scored once after they were fixed; never read, trained or
tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the check without the English overrides (the check before
them), the whole check, and "prompt_injection or jailbreak" (a policy that blocks on both);
per application and per technique too. Writes ``benchmarks/results/fresh_blind_direct.json``;
prints counts and rates only, never text.

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
RESULTS = Path(__file__).parent / "results" / "fresh_blind_direct.json"
SURFACE = "input"

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402  (the blind-set reader the benchmarks share)


@cache
def _without_english():  # type: ignore[no-untyped-def]
    """A prompt_injection check whose extraction rule lacks the English overrides."""
    from saferail.checks import available_checks
    from saferail.detectors import extraction
    from saferail.detectors.features import rule_tokens
    from saferail.detectors.signatures import search_words

    def older(text: str, surface: str = "input") -> float:
        if surface == "output":
            return 0.0
        words = rule_tokens(text)
        hit = search_words(extraction._RE, words) or search_words(extraction._ML, words)
        return extraction.EXTRACTION_SCORE if hit else 0.0

    check = available_checks()["prompt_injection"]()
    check.extraction_score = older  # type: ignore[method-assign]
    return check


def scores(text: str) -> tuple[bool, bool, bool, bool]:
    """Flags of (model alone, check without the English overrides, whole check, either
    prompt_injection or jailbreak) on the input surface."""
    from signature_rules import model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check("prompt_injection")
    jailbreak = named_check("jailbreak")
    data = CheckInput(text, canonicalize(text), SURFACE)
    threshold = check.default_threshold
    whole = max(s for s, _ in check.score_views(data)) >= threshold
    before = max(s for s, _ in _without_english().score_views(data)) >= threshold
    either = whole or max(s for s, _ in jailbreak.score_views(data)) >= jailbreak.default_threshold
    return model_score(check, data) >= threshold, before, whole, either


def summary(scored: list[tuple[bool, ...]]) -> dict[str, object]:
    from fresh_blind import rate

    return {
        name: rate([s[i] for s in scored])
        for i, name in enumerate(("model", "without_english_overrides", "check", "either_check"))
    }


def measure(data: list[dict[str, str]]) -> dict[str, Any]:
    scored = [scores(r["text"]) for r in data]
    out: dict[str, Any] = {}
    for label in ("attack", "normal"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        out[label] = summary([scored[i] for i in idx])
        fields = ("app", "style") if label == "attack" else ("app",)
        for field in fields:
            groups: dict[str, list[int]] = {}
            for i in idx:
                groups.setdefault(data[i][field], []).append(i)
            out[f"{label}_by_{field}"] = {
                g: summary([scored[i] for i in ids])["check"] for g, ids in sorted(groups.items())
            }
    return out


def main() -> int:
    from fresh_blind import prologue
    from signature_rules import named_check

    if not prologue(__doc__, DATA):
        return 2
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_direct",
        "command": "python benchmarks/fresh_blind_direct.py",
        "data": str(DATA.relative_to(ROOT)),
        "surface": SURFACE,
        "threshold": round(named_check("prompt_injection").default_threshold, 6),
        **measure(rows(DATA)),
    }
    for label in ("attack", "normal"):
        f = result[label]
        print(
            f"prompt_injection on {label} messages (n={f['check']['n']}): flagged model "
            f"{f['model']['rate']}, without the English overrides "
            f"{f['without_english_overrides']['rate']}, check {f['check']['rate']} (95% CI "
            f"{f['check']['ci95']}); prompt_injection or jailbreak {f['either_check']['rate']}"
        )
        by_app = result[f"{label}_by_app"]
        print(
            "  by application: "
            + ", ".join(f"{k} {v['flagged']}/{v['n']}" for k, v in by_app.items())
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
