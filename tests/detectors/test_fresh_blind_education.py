"""The blind sets of educational and protective requests
(``benchmarks/data/fresh_blind_education.jsonl`` and ``fresh_blind_education_2.jsonl``) are
well formed and as their README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_education as fbe  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_first_set_150_benign_and_100_harmful_over_ten_areas() -> None:
    data = rows(fbe.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    assert Counter(r["label"] for r in data) == {"benign": 150, "harmful": 100}
    assert len({r["text"] for r in data}) == 250
    areas = Counter((r["label"], r["area"]) for r in data)
    assert len(areas) == 20
    assert {n for (label, _), n in areas.items() if label == "benign"} == {15}
    assert {n for (label, _), n in areas.items() if label == "harmful"} == {10}


def test_second_set_120_of_each_label() -> None:
    data = rows(fbe.DATA / "fresh_blind_education_2.jsonl")
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "kind"})}
    assert Counter(r["label"] for r in data) == {"benign": 120, "harmful": 120}
    assert len({r["text"] for r in data}) == 240
    assert list(fbe.SETS) == ["fresh_blind_education", "fresh_blind_education_2"]
