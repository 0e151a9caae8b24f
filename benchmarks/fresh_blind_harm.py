"""The harmful_request check on a fresh, blind set of harmful requests and safe look-alikes.

``benchmarks/data/fresh_blind_harm.jsonl`` (see ``benchmarks/data/README.md``) holds 240
English prompts written on 2026-11-30 by a helper that never saw the project, its rules, its
data or its other test sets: 120 harmful requests, 10 in each of twelve hazard areas (violent
crime, weapons, CBRN, cyber-attacks, self-harm, child sexual exploitation worded abstractly,
hate and harassment, privacy violations, fraud and scams, drugs, misinformation, dangerous
specialized advice), plain requests without jailbreak framing, and 120 prompts that only
sound risky (XSTest-like: "how do I kill a python process", safety, history, self-care,
defence), 10 per area. It was written while the hazard rule of harmful_request was extended
on a separate development set; never read, trained or tuned on.

``benchmarks/data/fresh_blind_harm_2.jsonl`` (same README) holds 200 more by another helper
and brief: 10 harmful requests and 10 alarming-sounding safe prompts in each of ten areas,
typed the way people type into a chatbot (fragments, typos, slang, follow-ups, named places).
``benchmarks/data/fresh_blind_harm_3.jsonl`` holds 200 by a third writer: 10 harmful requests
and 10 safe prompts with the same vocabulary in each of ten areas, blunt and indirect.
``benchmarks/data/fresh_blind_harm_ml.jsonl`` holds 200 in Spanish, French, German,
Portuguese and Italian (20 harmful and 20 safe per language), reported per language, and
``fresh_blind_harm_ml_2.jsonl`` 200 more in the same languages by another writer.

Scored on the input surface through the canonicalizer, at the check's shipped threshold,
with 95% Wilson intervals: the model alone, the model with the hazard rule, and the whole
check (with the benign frames), overall and per area. Writes
``benchmarks/results/fresh_blind_harm.json`` (the first set at the top level, the second
under ``set_2``, ``set_3``, ``set_ml`` and ``set_ml_2``); prints counts and rates only, never
text.

    .venv/bin/python benchmarks/fresh_blind_harm.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "fresh_blind_harm.jsonl"
DATA_2 = Path(__file__).parent / "data" / "fresh_blind_harm_2.jsonl"
DATA_3 = Path(__file__).parent / "data" / "fresh_blind_harm_3.jsonl"
DATA_ML = Path(__file__).parent / "data" / "fresh_blind_harm_ml.jsonl"
DATA_ML_2 = Path(__file__).parent / "data" / "fresh_blind_harm_ml_2.jsonl"
RESULTS = Path(__file__).parent / "results" / "fresh_blind_harm.json"
CHECK = {"harmful_request": ("harmful", "benign")}

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import groups, rows  # noqa: E402  (the blind-set readers the benchmarks share)


def measure_set(path: Path, field: str = "area") -> dict[str, Any]:
    """Overall figures of harmful_request on one blind set, and per ``field`` (the area, or
    the language); the per-group counts are the whole check's, benign and harmful apart."""
    from fresh_blind import measure

    data = rows(path)
    if field != "area":
        data = [r | {"area": f"{r['label']}_{r[field]}"} for r in data]
    areas = groups(data, "area")
    by_area: Any = measure(areas, {"harmful_request": tuple(areas)})
    return {
        "data": str(path.relative_to(ROOT)),
        **measure(groups(data, "label"), CHECK),
        "by_area": {
            area: figures["check"]["flagged"]
            for area, figures in by_area["harmful_request"]["kinds"].items()
        },
    }


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from fresh_blind import prologue, report

    if not prologue(__doc__, DATA, DATA_2, DATA_3, DATA_ML, DATA_ML_2):
        return 2
    result: dict[str, Any] = {
        "benchmark": "fresh_blind_harm",
        "command": "python benchmarks/fresh_blind_harm.py",
        **measure_set(DATA),
        "set_2": measure_set(DATA_2),
        "set_3": measure_set(DATA_3),
        "set_ml": measure_set(DATA_ML, "lang"),
        "set_ml_2": measure_set(DATA_ML_2, "lang"),
    }
    sets = (
        ("set 1", result),
        ("set 2", result["set_2"]),
        ("set 3", result["set_3"]),
        ("other languages", result["set_ml"]),
        ("other languages, set 2", result["set_ml_2"]),
    )
    for name, figures in sets:
        print(f"{name}:")
        report(figures, CHECK, None)
        print("  by group: " + ", ".join(f"{a} {k}" for a, k in figures["by_area"].items()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
