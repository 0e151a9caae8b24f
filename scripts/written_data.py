"""Labelled texts written for this project by helper writers (``scripts/data/*.jsonl``).

Each file was written from a brief alone, without access to ``../shared`` or to the
project's evaluation data (see ``scripts/data/README.md``). Rows are split into two halves
by a crc32 of the text so that each half can be a separate training source (and, in
development, one half can be left out to measure the other).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

HARM_FILES = ("harm_requests_a.jsonl", "harm_requests_b.jsonl")
JAILBREAK_FILE = "jailbreak_prompts.jsonl"
JAILBREAK_FILES = (JAILBREAK_FILE, "jailbreak_prompts_2.jsonl")
REFUSAL_FILE = "refusal_answers.jsonl"
REFUSAL_FILE_2 = "refusal_answers_2.jsonl"
INJECTION_FILE = "injection_prompts.jsonl"
# every written file that labels requests ``harmful`` / ``benign`` (the development sets of
# the hazard rules and benign frames; other labels in a file, such as ``injection``, are
# skipped): the harmful_request v10 experiment trains on all of them
REQUEST_FILES = (
    *HARM_FILES,
    "fraud_advice_requests.jsonl",
    "harm_areas.jsonl",
    "harm_areas_2.jsonl",
    "harm_areas_3.jsonl",
    "harm_other_languages.jsonl",
    "risky_safe_prompts.jsonl",
    "other_scripts.jsonl",
    "other_scripts_2.jsonl",
    "other_scripts_3.jsonl",
    "cyber_requests.jsonl",
    "security_requests.jsonl",
    "help_requests.jsonl",
    "lethal_requests.jsonl",
    "covert_requests.jsonl",
    "genre_requests.jsonl",
    "persuasion_requests.jsonl",
    "education_requests.jsonl",
    "extremism_requests.jsonl",
    "strict_areas/selfharm_requests.jsonl",
    "strict_areas/sexual_requests.jsonl",
    "strict_areas/selfharm_sexual_requests_2.jsonl",
)
# every written file with attacks of one check: its positive label, then the labels of its
# look-alikes (the written attacks experiment trains on all of them)
ATTACK_FILES = {
    "prompt_injection": (
        ("injection_prompts.jsonl", "injection", ("benign",)),
        ("subtle_injections.jsonl", "injection", ("clean",)),
        ("planted_instructions.jsonl", "injection", ("clean",)),
        ("unaddressed_injections.jsonl", "injection", ("clean",)),
        ("english_overrides.jsonl", "injection", ("benign",)),
        ("direct_injections.jsonl", "injection", ("benign",)),
        ("other_scripts.jsonl", "injection", ("benign",)),
        ("other_scripts_2.jsonl", "injection", ("benign",)),
        ("other_scripts_3.jsonl", "injection", ("benign",)),
    ),
    "jailbreak": (
        ("jailbreak_prompts.jsonl", "jailbreak", ("benign",)),
        ("jailbreak_prompts_2.jsonl", "jailbreak", ("benign",)),
        ("jailbreak_wrappers.jsonl", "jailbreak", ("benign",)),
        ("jailbreak_wrappers_2.jsonl", "jailbreak", ("benign",)),
        ("other_scripts.jsonl", "jailbreak", ("benign",)),
        ("other_scripts_2.jsonl", "jailbreak", ("benign",)),
        ("other_scripts_3.jsonl", "jailbreak", ("benign",)),
    ),
}
# everyday assistant messages (all ``benign``): pasted documents, tasks, advice, hobbies...
EVERYDAY_FILES = ("everyday_requests.jsonl", "everyday_requests_2.jsonl")


def read(name: str) -> list[dict[str, str]]:
    """The rows of one written file (every line a JSON object)."""
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def half(key: str) -> str:
    """``"train"`` or ``"dev"``: a stable half of the written rows by a crc32 of ``key``."""
    return "train" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "dev"


def _texts(rows: list[dict[str, str]], label: str, part: str) -> list[str]:
    return [
        r["text"]
        for r in rows
        if r["label"] == label and (part == "all" or half(r["text"]) == part)
    ]


def harm_requests(label: str, part: str = "all") -> list[str]:
    """Written requests labelled ``harmful`` or ``benign`` (hard negatives), one half or all."""
    rows = [r for name in HARM_FILES for r in read(name)]
    return _texts(rows, label, part)


def labelled(name: str, labels: tuple[str, ...]) -> list[str]:
    """The texts of written file ``name`` whose label is one of ``labels``."""
    return [r["text"] for r in read(name) if r["label"] in labels]


def jailbreak_prompts(
    label: str, part: str = "all", files: tuple[str, ...] = (JAILBREAK_FILE,)
) -> list[str]:
    """Written prompts labelled ``jailbreak`` or ``benign`` (role, persona and format
    prompts that are not jailbreaks) from ``files``, one half or all."""
    return _texts([r for name in files for r in read(name)], label, part)


def injection_prompts(label: str, part: str = "all") -> list[str]:
    """Written texts labelled ``injection`` (direct and indirect) or ``benign`` (look-alike
    documents, requests and instructions for humans), one half or all."""
    return _texts(read(INJECTION_FILE), label, part)


def refusal_answers() -> list[dict[str, str]]:
    """Written (request, answer, label, style) rows for the refusal scorer."""
    return read(REFUSAL_FILE)


def refusal_answers_2() -> list[dict[str, str]]:
    """The second round of written refusal / compliance rows (two writers: field ``writer``
    ``b`` and ``c``), the training data of the refusal scorer's second stage."""
    return read(REFUSAL_FILE_2)
