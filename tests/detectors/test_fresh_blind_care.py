"""The blind set of care and help messages (``benchmarks/data/fresh_blind_care.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_care as fbc  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_two_hundred_benign_and_a_hundred_harmful_from_thirty_personas() -> None:
    data = rows(fbc.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "persona"})}
    assert Counter(r["label"] for r in data) == {"benign": 200, "harmful": 100}
    assert len({r["text"] for r in data}) == 300
    personas = Counter((r["label"], r["persona"]) for r in data)
    assert len(personas) == 30 and set(personas.values()) == {10}
