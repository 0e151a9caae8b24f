"""The blind set of writing tasks (``benchmarks/data/fresh_blind_persuasion.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_persuasion as fbp  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_a_hundred_harmful_and_a_hundred_benign_over_four_areas() -> None:
    data = rows(fbp.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    assert Counter(r["label"] for r in data) == {"benign": 100, "harmful": 100}
    assert len({r["text"] for r in data}) == 200
    areas = Counter((r["label"], r["area"]) for r in data)
    assert len(areas) == 8
    assert set(areas.values()) == {25}
