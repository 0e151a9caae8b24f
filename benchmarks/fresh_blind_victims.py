"""The harmful_request check on a fresh, blind set of victims, survivors and protectors asking
for help, and of people doing the same harms in the same words.

``benchmarks/data/fresh_blind_victims.jsonl`` (see ``benchmarks/data/README.md``) holds 240
English messages written on 2026-12-01 by a helper that never saw the project, its rules,
its data or its other test sets, from a brief asking for original items: 120 from people
affected by sexual abuse or image abuse or protecting someone, asking for help (sextortion
and leaked or deepfaked images, survivors, parents who found grooming messages, teens asked
for pictures, people drugged at a party, partners pressured, trafficking survivors, friends,
teachers who must report; ten in each of twelve kinds), and 120 harmful look-alikes in the
same words (threats with images, pressure for more, leaks and deepfakes planned, grooming,
drugging, coercion, recruiting, hiding abuse, a victim's pretext, silencing a victim, covert
recording). No row shares more than half of its word 4-grams with a row of HarmBench,
AdvBench, GPTFuzzer or Do-Not-Answer. Written while the victims' frame of the check
(``saferail.detectors.benign_victims``) was developed on separate development sets; scored
once with the frame fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the victims' frame (the check
before it), and the whole check; per kind too. Writes
``benchmarks/results/fresh_blind_victims.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_victims.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_victims"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "kind", "victim_request", "saferail.detectors.checks", "victims' frame"
    )


if __name__ == "__main__":
    raise SystemExit(main())
