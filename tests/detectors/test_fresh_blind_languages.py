"""The blind set in eight more languages (``benchmarks/data/fresh_blind_languages.jsonl``) is
well formed and as its README describes. No text is printed."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import fresh_blind_languages as fbl  # noqa: E402
from fresh_blind import rows  # noqa: E402

SIZES = {"injection": 8, "jailbreak": 8, "harmful": 10, "benign": 12}


def test_each_language_holds_every_kind() -> None:
    data = rows(fbl.DATA)
    assert {frozenset(r) for r in data} == {frozenset({"text", "lang", "kind"})}
    counts = Counter((r["lang"], r["kind"]) for r in data)
    assert {lang for lang, _ in counts} == {"ru", "zh", "ja", "ko", "ar", "tr", "vi", "id"}
    assert all(n == SIZES[kind] for (_, kind), n in counts.items()) and len(counts) == 32
    assert len({r["text"] for r in data}) == 304


def test_each_attack_kind_is_owned_by_one_check() -> None:
    assert sorted(fbl.OWN.values()) == sorted(k for k in SIZES if k != "benign")


def test_second_set_holds_every_kind() -> None:
    data = rows(fbl.DATA_2)
    assert {frozenset(r) for r in data} == {frozenset({"text", "lang", "kind"})}
    counts = Counter((r["lang"], r["kind"]) for r in data)
    sizes = SIZES | {"benign": 14}
    assert len(counts) == 32 and all(n == sizes[kind] for (_, kind), n in counts.items())
    assert len({r["text"] for r in data}) == 320


def test_third_set_holds_six_more_languages() -> None:
    data = rows(fbl.DATA_3)
    assert {frozenset(r) for r in data} == {frozenset({"text", "lang", "kind"})}
    counts = Counter((r["lang"], r["kind"]) for r in data)
    assert {lang for lang, _ in counts} == {"hi", "bn", "th", "fa", "sw", "pl"}
    sizes = SIZES | {"benign": 14}
    assert len(counts) == 24 and all(n == sizes[kind] for (_, kind), n in counts.items())
    assert len({r["text"] for r in data}) == 240
