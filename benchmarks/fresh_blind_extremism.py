"""The harmful_request check on a fresh, blind set of violent-extremism requests and of
legitimate messages on the same subject.

``benchmarks/data/fresh_blind_extremism.jsonl`` (see ``benchmarks/data/README.md``) holds
200 English messages written on 2026-12-01 by a helper that never saw the project, its
rules, its data or its other test sets, from a brief asking for original items (no item of a
public benchmark reproduced): 100 harmful requests (recruiting, glorifying attacks, planning
or preparing an attack, funding or joining a violent group, pushing someone toward violence,
hiding such activity, threats, coaching an attacker; many casual, indirect or coded) and 100
legitimate ones (history and analysis, counter-extremism and moderation, journalism, law and
policy, fiction, worried families, venue security, exit support, definitions). No row shares
more than half of its word 4-grams with a row of HarmBench, AdvBench, GPTFuzzer or
Do-Not-Answer. Written while the extremism form of the hazard rule
(``saferail.detectors.hazard_extremism``) was developed on a separate development set, and
scored with the whole check once before that form was written and once after it was fixed;
never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the extremism form (the check
before it), and the whole check; per kind too. Writes
``benchmarks/results/fresh_blind_extremism.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_extremism.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_extremism"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "kind", "extremism_request", "saferail.detectors.hazard", "extremism form"
    )


if __name__ == "__main__":
    raise SystemExit(main())
