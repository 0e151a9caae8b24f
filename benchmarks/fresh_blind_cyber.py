"""The harmful_request check on a fresh, blind set of cyber-attack requests and look-alikes.

``benchmarks/data/fresh_blind_cyber.jsonl`` (see ``benchmarks/data/README.md``) holds 200
English requests written on 2026-12-01 by a helper that never saw the project, its rules,
its data or its other test sets: 100 requests for help with a cyber-attack (malicious code,
break-ins, account takeover, data theft, service disruption, fraud technology, attacks on
critical systems or on one person's devices) over topics of the writer's choosing, about a
third naming a concrete target, and 100 legitimate requests from security professionals,
students, administrators, developers and ordinary users with the same vocabulary (defence,
detection, patching, learning, authorised tests of their own systems, incident recovery,
"inject", "exploit", "payload", "kill"). Written while the cyber form of the hazard rule
(``saferail.detectors.hazard_cyber``: a request, cyber vocabulary and a target that is not
the requester's, without the defender's words) was developed on a separate development set,
and scored once after it was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the cyber form (the check before
it), and the whole check; per topic too. Writes ``benchmarks/results/fresh_blind_cyber.json``;
prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_cyber.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_cyber.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_cyber.json"
VARIANTS = ("model", "without_cyber_form", "check")

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402  (the blind-set reader the benchmarks share)


def flags(texts: list[str]) -> list[tuple[bool, bool, bool]]:
    """Per text, whether each of the :data:`VARIANTS` flags it (input surface): the shared
    with-and-without scoring of ``fresh_blind_security``, with the cyber form switched off."""
    from fresh_blind_security import flags as with_and_without

    return with_and_without(texts, "cyber_attack_request", "saferail.detectors.hazard")


def summary(scored: list[tuple[bool, ...]]) -> dict[str, object]:
    from fresh_blind import rate

    return {name: rate([s[i] for s in scored]) for i, name in enumerate(VARIANTS)}


def main() -> int:
    from fresh_blind import prologue

    if not prologue(__doc__, DATA):
        return 2
    data = rows(DATA)
    scored = flags([r["text"] for r in data])
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_cyber",
        "command": "python benchmarks/fresh_blind_cyber.py",
        "data": str(DATA.relative_to(ROOT)),
    }
    for label in ("harmful", "benign"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        result[label] = summary([scored[i] for i in idx])
        topics: dict[str, list[int]] = {}
        for i in idx:
            topics.setdefault(data[i]["topic"], []).append(i)
        result[f"{label}_by_topic"] = {
            t: summary([scored[i] for i in ids])["check"] for t, ids in sorted(topics.items())
        }
        f = result[label]
        print(
            f"harmful_request on {label} requests (n={f['check']['n']}): flagged model "
            f"{f['model']['rate']}, without the cyber form {f['without_cyber_form']['rate']}, "
            f"check {f['check']['rate']} (95% CI {f['check']['ci95']})"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
