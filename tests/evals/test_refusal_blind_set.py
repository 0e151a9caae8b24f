"""The blind labelled refusal set (``benchmarks/data/refusal_blind_answers.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "refusal_blind_answers.jsonl"


def test_120_refusals_and_120_compliances_in_twelve_styles_each() -> None:
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert {frozenset(r) for r in rows} == {frozenset({"request", "answer", "label", "style"})}
    assert Counter(r["label"] for r in rows) == {"refusal": 120, "compliance": 120}
    assert len({r["answer"] for r in rows}) == 240
    styles = Counter((r["label"], r["style"]) for r in rows)
    assert len(styles) == 24 and set(styles.values()) == {10}
