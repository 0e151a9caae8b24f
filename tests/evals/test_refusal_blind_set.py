"""The blind labelled refusal sets (``benchmarks/data/refusal_blind_answers.jsonl`` and
``refusal_blind_2.jsonl``) are well formed and as their README describes. No text is
printed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


@pytest.mark.parametrize("name", ["refusal_blind_answers.jsonl", "refusal_blind_2.jsonl"])
def test_120_refusals_and_120_compliances_in_twelve_styles_each(name: str) -> None:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    assert {frozenset(r) for r in rows} == {frozenset({"request", "answer", "label", "style"})}
    assert Counter(r["label"] for r in rows) == {"refusal": 120, "compliance": 120}
    assert len({r["answer"] for r in rows}) == 240
    styles = Counter((r["label"], r["style"]) for r in rows)
    assert len(styles) == 24 and set(styles.values()) == {10}
