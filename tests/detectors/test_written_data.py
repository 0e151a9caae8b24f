"""The texts written for this project in ``scripts/data`` are well formed and as described.

One half of the first jailbreak file trains the shipped jailbreak model; the rest trains
nothing shipped (see ``scripts/data/README.md``) but is measured against the shipped checks
and scorer (``benchmarks/written_sets.py``, ``benchmarks/scorer_accuracy.py``),
so their shape and counts are part of what those figures mean. No text is printed.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import written_data as wd  # noqa: E402

SUBTLE = "subtle_injections.jsonl"  # development data of the indirect-injection rule
FRAUD = "fraud_advice_requests.jsonl"  # development data of the hazard rule's 2026-11-30 phrases

HARM_AREAS = {
    "harm_requests_a.jsonl": {
        "violent_crime", "weapons", "cbrn", "cyber_attack", "self_harm", "drugs",
    },
    "harm_requests_b.jsonl": {
        "hate_harassment", "privacy", "fraud_scams", "misinformation",
        "extremism_trafficking", "dangerous_advice",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HARM_AREAS))
def test_harm_files_have_40_of_each_label_per_area(name: str) -> None:
    rows = wd.read(name)
    assert {frozenset(r) for r in rows} == {frozenset({"text", "label", "area", "style"})}
    counts = Counter((r["area"], r["label"]) for r in rows)
    expected = {(a, lab): 40 for a in HARM_AREAS[name] for lab in ("harmful", "benign")}
    assert dict(counts) == expected
    assert len({r["text"].strip().lower() for r in rows}) == len(rows)


@pytest.mark.parametrize("name", wd.JAILBREAK_FILES)
def test_jailbreak_files_have_180_of_each_label_and_frames_per_label(name: str) -> None:
    rows = wd.read(name)
    assert {frozenset(r) for r in rows} == {frozenset({"text", "label", "frame"})}
    assert Counter(r["label"] for r in rows) == {"jailbreak": 180, "benign": 180}
    frames = Counter((r["frame"], r["label"]) for r in rows)
    jailbreak_frames = {f for f, lab in frames if lab == "jailbreak"}
    assert len(jailbreak_frames) == 15
    assert all(frames[(f, "jailbreak")] == 12 for f in jailbreak_frames)
    # a frame belongs to one label only: the benign frames mirror the techniques by name
    assert not jailbreak_frames & {f for f, lab in frames if lab == "benign"}
    assert len({r["text"] for r in rows}) == len(rows)


def test_injection_file_has_180_of_each_label_in_15_kinds_each() -> None:
    rows = wd.read(wd.INJECTION_FILE)
    assert {frozenset(r) for r in rows} == {frozenset({"text", "label", "kind"})}
    kinds = Counter((r["kind"], r["label"]) for r in rows)
    for label in ("injection", "benign"):
        assert sorted(n for (_, lab), n in kinds.items() if lab == label) == [12] * 15
    assert not {k for k, lab in kinds if lab == "injection"} & {
        k for k, lab in kinds if lab == "benign"
    }
    assert len({r["text"] for r in rows}) == len(rows)


def test_refusal_file_has_200_of_each_label_in_15_styles_each() -> None:
    rows = wd.refusal_answers()
    assert Counter(r["label"] for r in rows) == {"refusal": 200, "compliance": 200}
    styles = {
        lab: {r["style"] for r in rows if r["label"] == lab} for lab in ("refusal", "compliance")
    }
    assert len(styles["refusal"]) == len(styles["compliance"]) == 15
    assert not styles["refusal"] & styles["compliance"]
    assert len({r["answer"] for r in rows}) == len(rows)


def test_subtle_injection_file_has_80_of_each_label_in_16_styles() -> None:
    rows = wd.read(SUBTLE)
    assert {frozenset(r) for r in rows} == {frozenset({"text", "label", "style"})}
    counts = Counter((r["style"], r["label"]) for r in rows)
    assert sorted(counts.values()) == [5] * 32
    assert {s for s, _ in counts} == {s for s, lab in counts if lab == "injection"}
    assert len({r["text"] for r in rows}) == len(rows)


def test_fraud_advice_file_has_60_per_area_and_label() -> None:
    rows = wd.read(FRAUD)
    assert {frozenset(r) for r in rows} == {frozenset({"text", "label", "area", "style"})}
    counts = Counter((r["area"], r["label"]) for r in rows)
    assert counts == {
        (a, lab): 60 for a in ("fraud", "dangerous_advice") for lab in ("harmful", "benign")
    }
    for area in ("fraud", "dangerous_advice"):
        styles = {r["style"] for r in rows if r["area"] == area and r["label"] == "harmful"}
        assert len(styles) >= 10
    assert len({r["text"] for r in rows}) == len(rows)


def test_the_files_do_not_share_texts() -> None:
    names = (*wd.HARM_FILES, *wd.JAILBREAK_FILES, wd.INJECTION_FILE, SUBTLE, FRAUD)
    texts = [r["text"] for name in names for r in wd.read(name)]
    assert len(set(texts)) == len(texts)


def test_halves_are_stable_and_both_used() -> None:
    texts = wd.harm_requests("harmful")
    train, dev = wd.harm_requests("harmful", "train"), wd.harm_requests("harmful", "dev")
    assert sorted(train + dev) == sorted(texts)
    assert train and dev and not set(train) & set(dev)
    assert all(wd.half(t) == "train" for t in train)


def test_readme_counts_match_the_files() -> None:
    readme = (SCRIPTS / "data" / "README.md").read_text(encoding="utf-8")
    names = (*wd.HARM_FILES, *wd.JAILBREAK_FILES, wd.INJECTION_FILE, wd.REFUSAL_FILE)
    for name in (*names, SUBTLE, FRAUD):
        assert f"| `{name}` | {len(wd.read(name))} |" in readme
