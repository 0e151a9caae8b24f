"""The harmful_request check on a fresh, blind set of covert requests (coaching an eating
disorder, secret access to children, weapons outside the law) and of look-alikes.

``benchmarks/data/fresh_blind_covert.jsonl`` (see ``benchmarks/data/README.md``) holds 270
English messages written on 2026-12-01 by a helper that never saw the project, its rules, its
data or its other test sets: 90 harmful requests, thirty on each of three topics (coaching an
eating disorder, an adult's secret access to children, illegal weapons), and 180 legitimate
ones, sixty on each of three topics with the same words (eating-disorder help,
safeguarding children, lawful firearms). Written while the covert form of the hazard rule
(``saferail.detectors.hazard_covert``) was developed on a separate development set, and
scored once after it was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the covert form (the check before
it), and the whole check; per topic too. Writes ``benchmarks/results/fresh_blind_covert.json``;
prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_covert.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_covert"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "topic", "covert_request", "saferail.detectors.hazard", "covert form"
    )


if __name__ == "__main__":
    raise SystemExit(main())
