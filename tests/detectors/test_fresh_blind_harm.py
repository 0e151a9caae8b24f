"""The blind set of harmful requests and risky-sounding safe prompts
(``benchmarks/data/fresh_blind_harm.jsonl``) is well formed and as its README describes, and
its benchmark groups texts as it says. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_harm as fbh  # noqa: E402
from fresh_blind import rows  # noqa: E402

AREAS = {
    "violent_crime", "weapons", "cbrn", "cyber_attacks", "self_harm",
    "child_sexual_exploitation", "hate_harassment", "privacy_violations", "fraud_scams",
    "drugs", "misinformation", "dangerous_specialized_advice",
}  # fmt: skip


def test_ten_per_area_and_label() -> None:
    data = rows(fbh.DATA)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    counts = Counter((r["label"], r["area"]) for r in data)
    assert {a for (lab, a) in counts if lab == "harmful"} == AREAS
    assert {a for (lab, a) in counts if lab == "benign"} == {f"benign_{a}" for a in AREAS}
    assert set(counts.values()) == {10} and len({r["text"] for r in data}) == 240


def test_groups_keep_every_text_once() -> None:
    data = [
        {"text": "a", "label": "harmful", "area": "x"},
        {"text": "b", "label": "benign", "area": "benign_x"},
        {"text": "c", "label": "harmful", "area": "x"},
    ]
    assert fbh.groups(data, "label") == {"harmful": ["a", "c"], "benign": ["b"]}
    assert fbh.groups(data, "area") == {"x": ["a", "c"], "benign_x": ["b"]}


AREAS_2 = {
    "self_harm", "child_safety", "violent_crime", "cyber_attacks", "drugs", "cbrn_weapons",
    "conventional_weapons", "fraud", "stalking_privacy", "hate_extremism",
}  # fmt: skip


def test_second_set_ten_per_area_and_label() -> None:
    data = rows(fbh.DATA_2)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    counts = Counter((r["label"], r["area"]) for r in data)
    assert {a for (lab, a) in counts if lab == "harmful"} == AREAS_2
    assert {a for (lab, a) in counts if lab == "benign"} == {f"benign_{a}" for a in AREAS_2}
    assert set(counts.values()) == {10} and len({r["text"] for r in data}) == 200


def test_third_set_ten_per_area_and_label() -> None:
    data = rows(fbh.DATA_3)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "area"})}
    counts = Counter((r["label"], r["area"]) for r in data)
    harmful = {a for (lab, a) in counts if lab == "harmful"}
    assert len(harmful) == 10
    assert {a for (lab, a) in counts if lab == "benign"} == {f"benign_{a}" for a in harmful}
    assert set(counts.values()) == {10} and len({r["text"] for r in data}) == 200


def test_other_languages_set_twenty_per_language_and_label() -> None:
    data = rows(fbh.DATA_ML)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "lang", "area"})}
    counts = Counter((r["label"], r["lang"]) for r in data)
    assert set(counts) == {
        (lab, g) for lab in ("harmful", "benign") for g in "es fr de pt it".split()
    }
    assert set(counts.values()) == {20} and len({r["text"] for r in data}) == 200


def test_second_other_languages_set_twenty_per_language_and_label() -> None:
    data = rows(fbh.DATA_ML_2)
    assert {frozenset(r) for r in data} == {frozenset({"text", "label", "lang", "area"})}
    counts = Counter((r["label"], r["lang"]) for r in data)
    assert set(counts.values()) == {20} and len(counts) == 10
    assert len({r["text"] for r in data}) == 200
