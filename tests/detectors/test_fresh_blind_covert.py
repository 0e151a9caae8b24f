"""The blind set of covert requests (``benchmarks/data/fresh_blind_covert.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_covert as fbc  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_ninety_harmful_and_a_hundred_and_eighty_benign_over_six_topics() -> None:
    data = rows(fbc.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "topic"})}
    assert Counter(r["label"] for r in data) == {"benign": 180, "harmful": 90}
    assert len({r["text"] for r in data}) == 270
    topics = Counter((r["label"], r["topic"]) for r in data)
    assert len(topics) == 6
    assert {n for (label, _), n in topics.items() if label == "harmful"} == {30}
    assert {n for (label, _), n in topics.items() if label == "benign"} == {60}
