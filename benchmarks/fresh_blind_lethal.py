"""The harmful_request check on a fresh, blind set of asks for the means of a death or an
injury, and of look-alikes with the same frightening words.

``benchmarks/data/fresh_blind_lethal.jsonl`` (see ``benchmarks/data/README.md``) holds 300
English messages written on 2026-12-01 by a helper that never saw the project, its rules, its
data or its other test sets: 100 harmful requests, ten on each of ten topics (suicide, self
injury, overdose amounts, poisoning someone, hiding a killing, assault technique, animal
cruelty, acquiring lethal substances, an attempt in progress, excuses asking for exact lethal
details), and 200 ordinary messages, twenty on each of ten topics (a pet or a child that
swallowed something, safe medicine use, household chemical safety, food poisoning, emergency
medicine, famous poisonings, help with suicidal feelings, murder mysteries without method
details, figures of speech). Written while the lethal-means form of the hazard rule
(``saferail.detectors.hazard_lethal``) was developed on a separate development set, and
scored once after it was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the lethal-means form (the check
before it), and the whole check; per topic too. Writes
``benchmarks/results/fresh_blind_lethal.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_lethal.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_lethal"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "topic", "lethal_request", "saferail.detectors.hazard", "lethal-means form"
    )


if __name__ == "__main__":
    raise SystemExit(main())
