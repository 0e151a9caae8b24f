"""The blind set of cyber-attack requests (``benchmarks/data/fresh_blind_cyber.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_cyber as fbc  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_a_hundred_of_each_label() -> None:
    data = rows(fbc.DATA)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "topic"})}
    assert Counter(r["label"] for r in data) == {"harmful": 100, "benign": 100}
    assert len({r["text"] for r in data}) == 200
