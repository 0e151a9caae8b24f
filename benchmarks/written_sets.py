"""The shipped jailbreak, harmful_request and prompt_injection checks on the texts written
for this project from a brief (``scripts/data``).

``scripts/data/README.md`` says how they were written: by helper writers working from a short
brief, without access to ``../shared`` or to the project's source and evaluation data.
``jailbreak_prompts.jsonl`` holds 180 original jailbreaks in 15 techniques and 180 role,
persona, format and game prompts that are not jailbreaks; ``jailbreak_prompts_2.jsonl`` as
many from a second writer and brief (15 other techniques, 20 benign kinds);
``harm_requests_a/b.jsonl`` hold 480 harmful requests over twelve hazard areas and 480
benign look-alikes; ``injection_prompts.jsonl`` 180 direct and indirect prompt injections
and 180 look-alikes, scored by prompt_injection as retrieved text (windowed, as
``detectors.py`` scores it). Measured here, like ``fresh_blind.py``: the share flagged at each
check's shipped threshold with a 95% Wilson interval (model alone, model + raising rule,
whole check), the rate at which either check flags a text, and the whole check's rate per
technique / hazard area. (The refusal scorer's figures on ``refusal_answers.jsonl`` are in
``scorer_accuracy.py``.)

The shipped jailbreak model (v7) was trained on one half of the first jailbreak file (by a
hash of the text, ``written_data.half``): its figures are given per half, and only the
``_unseen`` half and the second file (``written2_``, never trained on) measure it. No
shipped harmful_request model was trained on the harm files (the v9 experiment in the model
card was). Writes ``benchmarks/results/written_sets.json``; prints counts and rates only,
never the texts.

    .venv/bin/python benchmarks/written_sets.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "written_sets.json"
CHECKS = {
    "jailbreak": (
        "written_role_format_unseen",
        "written_jailbreak_unseen",
        "written2_role_format",
        "written2_jailbreak",
        "written_role_format_trained_on",
        "written_jailbreak_trained_on",
    ),
    "harmful_request": ("written_harm_lookalike", "written_harmful"),
}
# prompt_injection is scored as benchmarks/detectors.py scores it: as retrieved text
INJECTION_CHECKS = {"prompt_injection": ("written_injection_lookalike", "written_injection")}
KIND = {
    ("injection_prompts.jsonl", "injection"): "written_injection",
    ("injection_prompts.jsonl", "benign"): "written_injection_lookalike",
    ("jailbreak_prompts.jsonl", "jailbreak"): "written_jailbreak",
    ("jailbreak_prompts.jsonl", "benign"): "written_role_format",
    ("jailbreak_prompts_2.jsonl", "jailbreak"): "written2_jailbreak",
    ("jailbreak_prompts_2.jsonl", "benign"): "written2_role_format",
    ("harm", "harmful"): "written_harmful",
    ("harm", "benign"): "written_harm_lookalike",
}


def load() -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    """(texts by kind, (group, text) pairs by kind; the group is a technique or area)."""
    import written_data as wd

    kinds: dict[str, list[str]] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in (*wd.JAILBREAK_FILES, wd.INJECTION_FILE, *wd.HARM_FILES):
        for row in wd.read(name):
            file_key = name if name in (*wd.JAILBREAK_FILES, wd.INJECTION_FILE) else "harm"
            kind = KIND[(file_key, row["label"])]
            if name == wd.JAILBREAK_FILE:  # jailbreak v7 trained on one half
                seen = wd.half(row["text"]) == "train"
                kind += "_trained_on" if seen else "_unseen"
            kinds.setdefault(kind, []).append(row["text"])
            group = row.get("frame") or row.get("kind") or row["area"]
            groups.setdefault(kind, []).append((group, row["text"]))
    return kinds, groups


def by_group(groups: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, object]]:
    """The whole check's flag rate per technique / area of its own kinds (the scores
    ``measure`` computed, from ``_scores``' cache)."""
    from fresh_blind import _scores, rate
    from signature_rules import named_check

    out: dict[str, dict[str, object]] = {}
    for name, own in {**CHECKS, **INJECTION_CHECKS}.items():
        check = named_check(name)
        thr = check.default_threshold
        surface = "retrieval" if name in INJECTION_CHECKS else "input"
        for kind in own:
            flags: dict[str, list[bool]] = {}
            for group, text in groups[kind]:
                flags.setdefault(group, []).append(_scores(check, text, surface)[2] >= thr)
            out[f"{name}:{kind}"] = {g: rate(f) for g, f in sorted(flags.items())}
    return out


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(Path(__file__).parent))
    from fresh_blind import measure, report

    kinds, groups = load()
    injected = {k: kinds.pop(k) for k in INJECTION_CHECKS["prompt_injection"]}
    retrieval = measure(injected, INJECTION_CHECKS, "retrieval")
    report(retrieval, INJECTION_CHECKS, None)
    result: dict[str, object] = {
        "benchmark": "written_sets",
        "command": "python benchmarks/written_sets.py",
        "data": "scripts/data (see its README)",
        "counts": {k: len(v) for k, v in (kinds | injected).items()},
        **measure(kinds, CHECKS),
        "prompt_injection_as_retrieved_text": retrieval,
        "check_by_group": by_group(groups),
    }
    report(result, CHECKS, RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
