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
Do-Not-Answer. Written while the self-harm and sexual-exploitation forms
(``saferail.detectors.hazard_selfharm``, ``hazard_sexual``, ``hazard_pairs``) were developed
on separate development sets; never read, trained or tuned on. The forms failed the default
check's ship rule and are the opt-in ``strict_areas`` parameter of ``harmful_request``
(``saferail.detectors.strict_areas``). Each scoring is listed in ``MODEL_CARD.md``.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the shipped check (printed as "without the opt-in
forms"), and the check with ``strict_areas: true``; per area too. Writes
``benchmarks/results/fresh_blind_selfharm_sexual.json``; prints counts and rates only, never
text.

    .venv/bin/python benchmarks/fresh_blind_selfharm_sexual.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind_security import run_sets

NAME = "fresh_blind_selfharm_sexual"
SETS = {NAME: "area", f"{NAME}_2": "area"}
FORMS = "strict_area_request"  # switched off in the check: the shipped default
PARAMS = {"strict_areas": True}


def main() -> int:
    return run_sets(__doc__, NAME, SETS, FORMS, "saferail.detectors.checks", "opt-in forms", PARAMS)


if __name__ == "__main__":
    raise SystemExit(main())
