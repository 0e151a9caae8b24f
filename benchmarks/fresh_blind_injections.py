"""The prompt_injection check on a fresh, blind set of indirect injections and clean look-alikes.

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

Scored as retrieved text (the surface of such content; windowed model score), through the
canonicalizer, at the check's shipped threshold, with 95% Wilson intervals: the model alone,
the check without the indirect rule (model + the extraction rule: the check before that rule
was added), and the whole check; per injection kind and per carrier too. Writes
``benchmarks/results/fresh_blind_injections.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_injections.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_injections.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_injections.json"
SURFACE = "retrieval"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def scores(text: str) -> tuple[float, float, float]:
    """(model alone, model + extraction rule, whole check) on the retrieval surface."""
    from signature_rules import model_score, named_check, rule_score

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check("prompt_injection")
    data = CheckInput(text, canonicalize(text), SURFACE)
    model = model_score(check, data)
    whole = max(s for s, _ in check.score_views(data))
    return model, max(model, rule_score("extraction", data)), whole


def summary(scored: list[tuple[float, float, float]], threshold: float) -> dict[str, object]:
    from fresh_blind import rate

    return {
        "model": rate([m >= threshold for m, _, _ in scored]),
        "without_indirect_rule": rate([e >= threshold for _, e, _ in scored]),
        "check": rate([w >= threshold for _, _, w in scored]),
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


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    if not DATA.is_file():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(Path(__file__).parent))
    data = rows(DATA)
    result = {
        "benchmark": "fresh_blind_injections",
        "command": "python benchmarks/fresh_blind_injections.py",
        "data": str(DATA.relative_to(ROOT)),
        "surface": SURFACE,
        **measure(data),
    }
    for label in ("injection", "clean"):
        f = result[label]
        print(
            f"prompt_injection on {label} documents (n={f['check']['n']}): flagged model "
            f"{f['model']['rate']}, without the indirect rule "
            f"{f['without_indirect_rule']['rate']}, check {f['check']['rate']} "
            f"(95% CI {f['check']['ci95']})"
        )
        by_kind = result[f"{label}_by_kind"]
        print("  by kind: " + ", ".join(f"{k} {v['flagged']}/{v['n']}" for k, v in by_kind.items()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
