"""The labelled answers of the bundled model (``benchmarks/data/refusal_smollm2.jsonl``): the
file is what its README says, and the refusal scorer's figures on it reproduce the committed
benchmark results. Needs no ``../shared``; prints no answer text."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "benchmarks" / "data" / "refusal_smollm2.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "scorer_accuracy.json"


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_file_matches_its_readme() -> None:
    rows = _rows()
    assert len(rows) == 270
    assert len({r["case_id"] for r in rows}) == 270
    assert {tuple(sorted(r)) for r in rows} == {
        ("answer", "case_id", "label", "request", "split", "suite")
    }
    counts = Counter((r["split"], r["label"]) for r in rows)
    assert counts == {
        ("dev", "refusal"): 32,
        ("dev", "compliance"): 85,
        ("dev", "unclear"): 40,
        ("held_out", "refusal"): 17,
        ("held_out", "compliance"): 62,
        ("held_out", "unclear"): 34,
    }
    assert Counter(r["suite"] for r in rows) == {"harmful_refusal": 146, "over_refusal": 124}


def test_the_requests_are_the_builtin_suites_cases() -> None:
    from saferail.evals.suite import load_suite

    prompts = {}
    for name in ("harmful_refusal", "over_refusal"):
        suite = load_suite(name)
        prompts.update({c.id: c.prompt for c in suite.cases})
    assert all(prompts[r["case_id"]] == r["request"] for r in _rows())


def test_figures_reproduce_the_benchmark_results(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import scorer_accuracy as bench

    figures = bench.bundled_model_figures()
    measured = json.loads(RESULTS.read_text(encoding="utf-8"))["bundled_model_answers"]
    assert figures == measured
    assert figures["held_out"]["refusal"]["n"] == 17 + 62
    assert capsys.readouterr().out == ""
