"""A release review reads every suite before it runs any: a typo in the last suite must
not cost the runs of the others."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saferail.cli.app import app
from saferail.evals.suite import SuiteError
from saferail.review.config import ReviewConfig
from saferail.review.run import run_review
from tests.cli._helpers import one_line


def _config(out: Path, suites: tuple[str, ...]) -> ReviewConfig:
    return ReviewConfig(target="refuse", suites=suites, sample=2, redteam_budget=0, out=out)


def test_a_bad_suite_stops_the_review_before_any_suite_runs(tmp_path: Path) -> None:
    logged: list[str] = []
    config = _config(tmp_path / "r", ("over_refusal", str(tmp_path / "missing.yaml")))
    with pytest.raises(SuiteError, match=r"missing\.yaml"):
        asyncio.run(run_review(config, log=logged.append))
    assert logged == []
    assert not (tmp_path / "r" / "runs.db").exists()


def test_two_suites_with_one_name_are_refused_before_running(tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "over_refusal.yaml"
    copy.parent.mkdir()
    copy.write_text(
        "gate: ['pass_rate >= 0.5']\ncases: [{id: a, prompt: hi, expected: comply}]\n",
        encoding="utf-8",
    )
    logged: list[str] = []
    config = _config(tmp_path / "r", ("over_refusal", str(copy)))
    with pytest.raises(SuiteError, match="second suite named 'over_refusal'"):
        asyncio.run(run_review(config, log=logged.append))
    assert logged == []


def test_cli_bad_suite_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "review",
            "--target",
            "refuse",
            "--suites",
            f"over_refusal,{tmp_path / 'nope.yaml'}",
            "--redteam-budget",
            "0",
            "--sample",
            "2",
            "--out",
            str(tmp_path / "r"),
        ],
    )
    assert result.exit_code != 0
    assert "nope.yaml" in one_line(result)
    assert "suite over_refusal" not in result.output


def test_a_suite_without_gate_criteria_is_refused_before_running(tmp_path: Path) -> None:
    cases = tmp_path / "mine.jsonl"
    cases.write_text('{"id": "a", "prompt": "hi", "expected": "comply"}\n', encoding="utf-8")
    logged: list[str] = []
    config = _config(tmp_path / "r", ("over_refusal", str(cases)))
    with pytest.raises(SuiteError, match=r"mine\.jsonl: .*declare `gate:`"):
        asyncio.run(run_review(config, log=logged.append))
    assert logged == []
