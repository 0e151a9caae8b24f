"""The blind set of violent-extremism messages (``benchmarks/data/fresh_blind_extremism.jsonl``)
is well formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_extremism as fbx  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_a_hundred_harmful_and_a_hundred_benign() -> None:
    data = rows(fbx.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "kind"})}
    assert Counter(r["label"] for r in data) == {"benign": 100, "harmful": 100}
    assert len({r["text"] for r in data}) == 200
