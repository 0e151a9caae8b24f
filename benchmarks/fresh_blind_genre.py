"""The harmful_request check on a fresh, blind set of harmful tasks in the genre of
evaluation and red-teaming sets, and of look-alike tasks a good assistant should do.

``benchmarks/data/fresh_blind_genre.jsonl`` (see ``benchmarks/data/README.md``) holds 240
English task prompts written on 2026-12-01 by a helper that never saw the project, its
rules, its data or its other test sets, from a brief asking for original items (no item of
a public benchmark reproduced): ten harmful tasks and ten look-alike legitimate tasks in
each of twelve areas (misinformation, defamation and harassment, hate and extremism, fraud,
malware, weapons, chemical and biological harm, drugs, violent crime, self-harm, sexual
exploitation, privacy). No row shares more than half of its word 4-grams with a row of
HarmBench, AdvBench, GPTFuzzer or Do-Not-Answer. Written while the genre form of the
hazard rule (``saferail.detectors.hazard_genre``) was developed on a separate development
set, and scored with the whole check once before that form was written and once after it
was fixed; never read, trained or tuned on.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the genre form (the check
before it), and the whole check; per area too. Writes
``benchmarks/results/fresh_blind_genre.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_genre.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import DATA, run_blind

NAME = "fresh_blind_genre"
SET = DATA / f"{NAME}.jsonl"


def main() -> int:
    return run_blind(
        __doc__, NAME, "area", "genre_request", "saferail.detectors.hazard", "genre form"
    )


if __name__ == "__main__":
    raise SystemExit(main())
