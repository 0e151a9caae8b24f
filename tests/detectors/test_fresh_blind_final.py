"""The final independent blind set (``benchmarks/data/fresh_blind_final.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_final as fbf  # noqa: E402
from fresh_blind import rows  # noqa: E402


def test_150_of_each_label_over_fifteen_areas_and_five_styles() -> None:
    data = rows(fbf.SET)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area", "style"})}
    assert Counter(r["label"] for r in data) == {"benign": 150, "harmful": 150}
    assert len({r["text"] for r in data}) == 300
    areas = Counter((r["label"], r["area"]) for r in data)
    assert len(areas) == 30 and set(areas.values()) == {10}
    styles = Counter((r["label"], r["style"]) for r in data)
    assert len(styles) == 10 and set(styles.values()) == {30}
