"""The blind set of lethal-means asks (``benchmarks/data/fresh_blind_lethal.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_lethal as fbl  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_a_hundred_harmful_and_two_hundred_benign_over_twenty_topics() -> None:
    data = rows(fbl.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "topic"})}
    assert Counter(r["label"] for r in data) == {"benign": 200, "harmful": 100}
    assert len({r["text"] for r in data}) == 300
    topics = Counter((r["label"], r["topic"]) for r in data)
    assert len(topics) == 20
    assert {n for (label, _), n in topics.items() if label == "harmful"} == {10}
    assert {n for (label, _), n in topics.items() if label == "benign"} == {20}
