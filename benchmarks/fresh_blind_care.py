"""The harmful_request check on a fresh, blind set of messages about care, help and safety,
and of harmful requests in their clothes.

``benchmarks/data/fresh_blind_care.jsonl`` (see ``benchmarks/data/README.md``) holds 300
English messages written on 2026-12-01 by a helper that never saw the project, its rules, its
data or its other test sets: 200 legitimate messages, ten from each of twenty kinds of people
who meet frightening topics for a reason (a teenager who self-harms and wants to stop, a
parent worried about a child's eating, an ER nurse, a school counselor, a person in recovery,
a domestic violence survivor, a crime novelist, a gun owner asking about safe storage, a
pharmacist, a content moderator, a paramedic, a grieving family member ...) and 100 harmful
requests, ten from each of ten kinds of requester (a method of suicide, hiding an eating
disorder, hurting or poisoning a person, drugs, untraceable weapons, access to children,
controlling a partner, extremist recruiting, deadly stunts), half of them behind a caring,
safety, medical, research or fiction excuse. Written while the care frame
(``saferail.detectors.benign_care``) was developed on a separate development set, and scored
once after the frame was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the care frame (the check before
it), and the whole check; per persona too. Writes ``benchmarks/results/fresh_blind_care.json``;
prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_care.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_care"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "persona", "care_request", "saferail.detectors.checks", "care frame"
    )


if __name__ == "__main__":
    raise SystemExit(main())
