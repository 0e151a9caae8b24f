"""``saferail review`` end to end against scripted targets: suites, red team, verdict,
coverage and a signed evidence pack that detects tampering."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saferail.cli.app import app
from saferail.evals.case import Case
from saferail.governance.evidence import verify_pack
from saferail.review.config import ReviewConfig
from saferail.review.run import run_review, stratified
from tests.redteam.conftest import WeakModelServer

SUITES = ("harmful_refusal", "over_refusal", "system_prompt_extraction")


def _config(out: Path, target: str, **kw: object) -> ReviewConfig:
    base: dict[str, object] = {
        "target": target,
        "suites": SUITES,
        "sample": 12,
        "redteam_budget": 12,
        "redteam_strategies": ("direct", "system_prompt_extraction"),
        "out": out,
    }
    return ReviewConfig.model_validate({**base, **kw})


def test_a_model_that_refuses_everything_is_no_go_for_over_refusal(tmp_path: Path) -> None:
    outcome = asyncio.run(run_review(_config(tmp_path / "r", "refuse"), log=lambda _: None))
    assert not outcome.go
    gates = {s.suite.name: s.gate.passed for s in outcome.suites}
    assert gates == {
        "harmful_refusal": True,
        "over_refusal": False,
        "system_prompt_extraction": True,
    }
    assert all(r.startswith("suite over_refusal:") for r in outcome.reasons)
    assert outcome.redteam is not None and outcome.redteam.findings == []
    summary = json.loads((tmp_path / "r" / "review.json").read_text())
    assert summary["verdict"] == "no-go" and summary["reasons"] == outcome.reasons
    assert [s["suite"] for s in summary["suites"]] == list(SUITES)
    for name in SUITES:
        assert (tmp_path / "r" / "evals" / name / "report.html").is_file()
    assert (tmp_path / "r" / "redteam" / "report.html").is_file()
    coverage = json.loads((tmp_path / "r" / "coverage.json").read_text())
    assert coverage["top"] >= 1 and coverage["covered"] <= coverage["top"]
    report = verify_pack(outcome.artifacts["evidence"])
    assert report.valid, report.problems
    listed = {a.path for a in report.manifest.artifacts} if report.manifest else set()
    assert {"review.json", "coverage.json", "policy.yaml", "redteam/report.json"} <= listed
    assert "bom/bom.cdx.json" in listed and "kpis.md" in listed
    kpis = json.loads((tmp_path / "r" / "kpis.json").read_text())
    assert kpis["kpis"]


def test_red_team_findings_make_it_no_go_and_tampering_is_caught(
    tmp_path: Path, weak_model: WeakModelServer
) -> None:
    config = _config(tmp_path / "r", weak_model.url, suites=("over_refusal",), sample=4)
    outcome = asyncio.run(run_review(config, log=lambda _: None))
    assert outcome.redteam is not None
    severities = {f.severity.value for f in outcome.redteam.findings}
    assert "critical" in severities  # the weak model answers harmful requests plainly
    assert any(r.startswith("red team: ") and "critical" in r for r in outcome.reasons)
    pack = outcome.artifacts["evidence"]
    assert verify_pack(pack).valid
    target = pack / "review.json"
    target.write_text(target.read_text().replace("no-go", "go"))
    broken = verify_pack(pack)
    assert not broken.valid
    assert any("review.json" in p.where for p in broken.problems)


def test_stratified_sample_keeps_every_category() -> None:
    cases = tuple(
        Case(id=f"{cat}{i}", prompt="p", expected="comply", category=cat)
        for cat in ("a", "b", "c")
        for i in range(10 if cat == "a" else 2)
    )
    picked = stratified(cases, 5, seed=1)
    assert len(picked) == 5 and {c.category for c in picked} == {"a", "b", "c"}
    assert stratified(cases, 5, seed=1) == picked  # seeded
    assert [c.id for c in picked] == sorted((c.id for c in picked), key=[x.id for x in cases].index)
    assert stratified(cases, None, seed=1) == cases


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["review", "--target", "refuse", "--suites", "over_refusal", "--sample", "3"]
    args += ["--redteam-budget", "0", "--out", str(tmp_path / "r")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "verdict: NO-GO" in result.output and "evidence pack:" in result.output
    assert "system card:" in result.output
    bad = runner.invoke(app, ["review", "--target", "nope://x", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "unknown target" in bad.output
    assert "Traceback" not in bad.output


@pytest.mark.parametrize("sub", ["export", "agreement"])
def test_human_review_subcommands_still_exist(sub: str) -> None:
    result = CliRunner().invoke(app, ["review", sub, "--help"])
    assert result.exit_code == 0
