"""The harmful_request check on a fresh, blind set of deceptive, defamatory, hateful and
harassing writing tasks, and of legitimate persuasive, critical and sensitive ones.

``benchmarks/data/fresh_blind_persuasion.jsonl`` (see ``benchmarks/data/README.md``) holds
200 English writing tasks written on 2026-12-01 by a helper that never saw the project, its
rules, its data or its other test sets, from a brief asking for original items (no item of a
public benchmark reproduced): 25 harmful and 25 legitimate tasks in each of four areas
(misinformation, defamation, hate propaganda, harassment). No row shares more than half of
its word 4-grams with a row of HarmBench, AdvBench, GPTFuzzer or Do-Not-Answer. Written
while the persuasion form of the hazard rule (``saferail.detectors.hazard_persuasion``) was
developed on a separate development set, and scored with the whole check once before that
form was written and once after it was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the persuasion form (the check
before it), and the whole check; per area too. Writes
``benchmarks/results/fresh_blind_persuasion.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_persuasion.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_persuasion"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "area", "persuasion_request", "saferail.detectors.hazard", "persuasion form"
    )


if __name__ == "__main__":
    raise SystemExit(main())
