"""The harmful_request check on two fresh, blind sets of teaching, explaining, protective and
professional requests about dangerous subjects, and of harmful requests behind the same
framings or words.

``benchmarks/data/fresh_blind_education.jsonl`` (see ``benchmarks/data/README.md``) holds
250 English requests written on 2026-12-01 by a helper that never saw the project, its
rules, its data or its other test sets: 15 legitimate and 10 harmful requests in each of ten
areas (weapons and explosives, chemical and biological agents, drugs, cyber, violent crime,
extremism, self-harm, fraud, trafficking, stalking), most harmful ones behind a class, a
lecture, research, a novel or a professional role. ``fresh_blind_education_2.jsonl`` holds
240 more by another helper from another brief: 120 harmful requests that borrow the words of
teaching, awareness, safety, support, history, research or policy, and 120 genuine ones.
Both were asked for original items (no item of a public benchmark reproduced), and no row
shares more than half of its word 4-grams with a row of HarmBench, AdvBench, GPTFuzzer or
Do-Not-Answer. Written while the education frame (``saferail.detectors.benign_education``)
was developed on a separate development set; the first set was scored before the frame was
written, with a first version (which failed its ship rule) and with the shipped one; the
second only with the shipped one. Never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the education frame (the check
before it), and the whole check; per area or kind too. Writes
``benchmarks/results/fresh_blind_education.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_education.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_sets

NAME = "fresh_blind_education"
SETS = {NAME: "area", f"{NAME}_2": "kind"}
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_sets(
        __doc__, NAME, SETS, "education_request", "saferail.detectors.checks", "education frame"
    )


if __name__ == "__main__":
    raise SystemExit(main())
