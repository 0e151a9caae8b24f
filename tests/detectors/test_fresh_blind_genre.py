"""The blind set of evaluation-genre tasks (``benchmarks/data/fresh_blind_genre.jsonl``) is
well formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_genre as fbg  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_a_hundred_and_twenty_harmful_and_benign_over_twelve_areas() -> None:
    data = rows(fbg.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    assert Counter(r["label"] for r in data) == {"benign": 120, "harmful": 120}
    assert len({r["text"] for r in data}) == 240
    areas = Counter((r["label"], r["area"]) for r in data)
    assert len(areas) == 24
    assert set(areas.values()) == {10}
