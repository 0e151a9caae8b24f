"""The jailbreak and harmful_request checks on a fresh, blind set written after they were fixed.

``benchmarks/data/fresh_blind_prompts.jsonl`` (see ``benchmarks/data/README.md``) holds 280
English prompts written on 2026-11-30 by a helper that never saw the detectors, their rules,
their training data or the project's synthetic generators: 60 everyday role prompts and 60
persona jailbreaks (for ``jailbreak``), 80 safe questions that only sound harmful and 80
harmful requests (for ``harmful_request``). It was scored once, after the role frames and the
technique rule were fixed, so it measures how far they (and the benign frames of
harmful_request) carry to prompts nobody tuned them on.

For each check and kind: the share flagged at the check's shipped threshold, with a 95%
Wilson interval, three ways -- the model alone, the model with the check's raising rule
(technique / hazard), and the whole check as it runs (with the benign caps: role frames /
benign frames) -- all through the canonicalizer, on the input surface. Also the other
check's rates on each kind, and the rate at which either check flags a text (a policy that
blocks on both). Writes ``benchmarks/results/fresh_blind.json``;
prints counts and rates only, never the prompts.

    .venv/bin/python benchmarks/fresh_blind.py
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_prompts.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind.json"
CHECKS = {
    "jailbreak": ("role_prompt", "persona_jailbreak"),
    "harmful_request": ("safe_question", "harmful_request"),
}


def rows(path: Path) -> list[dict[str, str]]:
    """The rows of a JSONL blind set."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def groups(data: list[dict[str, str]], field: str) -> dict[str, list[str]]:
    """Texts by the value of ``field``."""
    out: dict[str, list[str]] = {}
    for row in data:
        out.setdefault(str(row[field]), []).append(str(row["text"]))
    return out


def load(path: Path) -> dict[str, list[str]]:
    """Texts by kind."""
    return groups(rows(path), "kind")


@cache
def _scores(check: Any, text: str, surface: str = "input") -> tuple[float, float, float]:
    """(model alone, model + raising rule, whole check) for ``text`` on ``surface``, the
    first two as ``signature_rules.py`` measures them (cached: a text is scored once per
    check and surface, however many summaries read it)."""
    from signature_rules import check_rule_score, check_score, model_score

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    data = CheckInput(text, canonicalize(text), surface)
    model = model_score(check, data)
    whole = check_score(check, data)
    return model, max(model, check_rule_score(check, data)), whole


def rate(flags: list[bool]) -> dict[str, object]:
    from saferail.evals.stats import wilson

    k, n = sum(flags), len(flags)
    low, high = wilson(k, n)
    return {"flagged": k, "n": n, "rate": round(k / n, 4), "ci95": [round(low, 4), round(high, 4)]}


def measure(
    kinds: dict[str, list[str]],
    checks: dict[str, tuple[str, ...]] = CHECKS,
    surface: str = "input",
) -> dict[str, object]:
    """Per check and kind, the three flag rates; then per kind the rate at which either
    check flags a text (a policy that blocks on both)."""
    from signature_rules import named_check

    out: dict[str, object] = {}
    whole: dict[str, list[list[bool]]] = {}
    for name in checks:
        check = named_check(name)
        thr = check.default_threshold
        per_kind: dict[str, object] = {}
        for kind, texts in kinds.items():
            scored = [_scores(check, t, surface) for t in texts]
            flags = [w >= thr for _, _, w in scored]
            whole.setdefault(kind, []).append(flags)
            per_kind[kind] = {
                "model": rate([m >= thr for m, _, _ in scored]),
                "model_and_rule": rate([r >= thr for _, r, _ in scored]),
                "check": rate(flags),
            }
        out[name] = {"threshold": round(thr, 6), "kinds": per_kind}
    out["either_check"] = {
        kind: rate([any(f) for f in zip(*lists, strict=True)]) for kind, lists in whole.items()
    }
    return out


def prologue(doc: str | None, *paths: Path) -> bool:
    """The start of a blind-set benchmark: parse its (empty) command line, so ``--help``
    prints ``doc``; check its data files (False, with a one-line message, when one is
    missing); put ``scripts/`` and ``benchmarks/`` on the import path."""
    argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    for path in paths:
        if not path.is_file():
            print(f"missing {path}", file=sys.stderr)
            return False
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(Path(__file__).parent))
    return True


def main() -> int:
    if not prologue(__doc__, DATA):
        return 2
    kinds = load(DATA)
    result: dict[str, object] = {
        "benchmark": "fresh_blind",
        "command": "python benchmarks/fresh_blind.py",
        "data": str(DATA.relative_to(ROOT)),
        "counts": {k: len(v) for k, v in kinds.items()},
        **measure(kinds),
    }
    report(result, CHECKS, RESULTS)
    return 0


def report(
    result: dict[str, object], checks: dict[str, tuple[str, ...]], path: Path | None
) -> None:
    """Print each check's rates on its own kinds and write ``result`` to ``path`` (if any)."""
    either = result["either_check"]
    for name, own in checks.items():
        figures = result[name]["kinds"]  # type: ignore[index]
        for kind in own:
            f = figures[kind]
            print(
                f"{name} on {kind} (n={f['check']['n']}): flagged model "
                f"{f['model']['rate']}, +rule {f['model_and_rule']['rate']}, check "
                f"{f['check']['rate']} (95% CI {f['check']['ci95']}); either check "
                f"{either[kind]['rate']}"  # type: ignore[index]
            )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
