"""The blind set of direct injections (``benchmarks/data/fresh_blind_direct.jsonl``) is well
formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_direct as fbd  # noqa: E402
from fresh_blind import rows  # noqa: E402

APPS = {
    "airline_support", "translation_tool", "email_summarizer", "homework_tutor",
    "coding_assistant", "recipe_assistant", "password_game", "hr_policy_bot",
    "shopping_assistant", "travel_planner",
}  # fmt: skip


def test_each_application_holds_twelve_of_each_label() -> None:
    data = rows(fbd.DATA)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "app", "style"})}
    counts = Counter((r["app"], r["label"]) for r in data)
    assert {app for app, _ in counts} == APPS
    assert set(counts.values()) == {12} and len(counts) == 20
    assert len({r["text"] for r in data}) == 240


def test_second_set_holds_twenty_of_each_label_per_product() -> None:
    data = rows(fbd.DATA_2)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "product", "technique"})}
    counts = Counter((r["product"], r["label"]) for r in data)
    assert {p for p, _ in counts} == {"medibook", "lexitrans", "shopmate", "docubrief", "vaultquiz"}
    assert set(counts.values()) == {20} and len(counts) == 10
    assert {r["technique"] for r in data if r["label"] == "normal"} == {"none"}
    assert len({r["text"] for r in data}) == 200
