"""The blind set of victims and harmful look-alikes (``benchmarks/data/fresh_blind_victims.jsonl``)
is well formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_victims as fbv  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_120_benign_and_120_harmful_in_twelve_kinds_each() -> None:
    data = rows(fbv.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "kind"})}
    assert Counter(r["label"] for r in data) == {"benign": 120, "harmful": 120}
    kinds = Counter((r["label"], r["kind"]) for r in data)
    assert len(kinds) == 24 and set(kinds.values()) == {10}
    assert len({r["text"] for r in data}) == 240
