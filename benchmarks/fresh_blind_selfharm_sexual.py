"""The harmful_request check on fresh, blind sets of self-harm and sexual-exploitation
requests and of legitimate messages on the same subjects.

``benchmarks/data/fresh_blind_selfharm_sexual.jsonl`` and ``fresh_blind_selfharm_sexual_2.jsonl``
(see ``benchmarks/data/README.md``) hold 240 English messages each, written on 2026-12-01 by
two helpers that never saw the project, its rules, its data or its other test sets, from two
briefs asking for original items: per set, 60 harmful and 60 legitimate messages in each of
two areas (``self_harm``: means, amounts, timing, concealment, encouragement, disordered
eating, "challenges"; support, helping others, recovery, grief, research, idioms;
``sexual``: minors sexualized or groomed, abuse material, sextortion, undressed or
deepfaked photos, hidden cameras, an ex's images, drugging or pressure, trafficking; sex
education, consent, protecting children, reporting, victims, law, adult fiction). No row
shares more than half of its word 4-grams with a row of HarmBench, AdvBench, GPTFuzzer or
Do-Not-Answer. Written while the self-harm and sexual-exploitation forms of the hazard rule
(``saferail.detectors.hazard_selfharm``, ``hazard_sexual``) were developed on separate
development sets; never read, trained or tuned on. Each scoring is listed in
``MODEL_CARD.md``.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check with both forms switched off in the
hazard rule (the care frame still refuses what they match), and the whole check; per area
too. Writes ``benchmarks/results/fresh_blind_selfharm_sexual.json``; prints counts and rates
only, never text.

    .venv/bin/python benchmarks/fresh_blind_selfharm_sexual.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import run_sets

NAME = "fresh_blind_selfharm_sexual"
SETS = {NAME: "area", f"{NAME}_2": "area"}
FORMS = "self_harm_request,sexual_abuse_request,paired_request"


def main() -> int:
    return run_sets(
        __doc__, NAME, SETS, FORMS, "saferail.detectors.hazard", "self-harm and sexual forms"
    )


if __name__ == "__main__":
    raise SystemExit(main())
