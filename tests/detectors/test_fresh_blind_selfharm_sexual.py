"""The blind sets of self-harm and sexual-exploitation messages
(``benchmarks/data/fresh_blind_selfharm_sexual.jsonl`` and ``..._2.jsonl``) are well formed
and as their README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_selfharm_sexual as fbs  # noqa: E402
from fresh_blind import rows  # noqa: E402
from fresh_blind_security import DATA  # noqa: E402


@pytest.mark.parametrize(("name", "kind"), [(fbs.NAME, "kind"), (f"{fbs.NAME}_2", "style")])
def test_sixty_of_each_label_in_each_area(name: str, kind: str) -> None:
    data = rows(DATA / f"{name}.jsonl")
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area", kind})}
    counts = Counter((r["area"], r["label"]) for r in data)
    assert counts == {
        ("self_harm", "harmful"): 60,
        ("self_harm", "benign"): 60,
        ("sexual", "harmful"): 60,
        ("sexual", "benign"): 60,
    }
    assert len({r["text"] for r in data}) == 240


def test_the_benchmark_scores_both_sets_with_the_opt_in() -> None:
    assert {fbs.NAME: "area", f"{fbs.NAME}_2": "area"} == fbs.SETS
    assert fbs.FORMS == "strict_area_request"
    assert fbs.PARAMS == {"strict_areas": True}
