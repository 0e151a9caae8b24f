"""KPIs from the run store on a fixture history with known answers (see conftest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saferail.evals.results import RunInfo
from saferail.governance.risks import RiskRegister
from saferail.kpis import Window, compute_kpis_report, load_reviews
from saferail.kpis.eval_kpis import (
    coverage_kpi,
    gate_kpi,
    refusal_quality_kpi,
    reproducibility_kpi,
)
from saferail.kpis.regression import regression_kpi
from tests.kpis.conftest import History, Model, hours, safety_suite

Hist = tuple[History, list[RunInfo]]


def test_regression_lead_time_from_run_history(regression_history: Hist) -> None:
    history, runs = regression_history
    kpi = regression_kpi(history.store, Window(until=hours(6)), [])
    episodes = kpi.data["episodes"]
    assert [(e["introduced_by"], e["detected_at"]) for e in episodes] == [
        (runs[1].run_id, runs[2].run_id),  # B introduced, C significant
        (runs[4].run_id, runs[4].run_id),  # E significant at once
    ]
    assert [e["lead_time_s"] for e in episodes] == [7200.0, 0.0]
    assert episodes[0]["runs_until_detected"] == 1
    assert episodes[0]["regressed_cases"] == [f"c0{i}" for i in range(7)]
    assert kpi.value == 3600.0 and kpi.n == 2  # median of 2 h and 0


def test_regression_window_counts_detections_inside_it(regression_history: Hist) -> None:
    history, _ = regression_history
    kpi = regression_kpi(history.store, Window(since=hours(4.5), until=hours(6)), [])
    assert kpi.value == 0.0 and kpi.n == 1
    before = regression_kpi(history.store, Window(until=hours(2)), [])
    assert before.value is None and before.missing is None
    assert "no significant regression" in before.detail


def test_gate_pass_rate_counts_gated_runs(regression_history: Hist) -> None:
    history, _ = regression_history
    kpi = gate_kpi(history.store, None, Window(), [])
    assert (kpi.value, kpi.n) == (0.4, 5)  # A and D pass
    late = gate_kpi(history.store, None, Window(since=hours(3.5)), [])
    assert (late.value, late.n) == (0.5, 2)


def test_gate_pass_rate_counts_a_review_once(regression_history: Hist, tmp_path: Path) -> None:
    history, runs = regression_history
    review = tmp_path / "review"
    review.mkdir()
    body = {
        "verdict": "no-go",
        "target": {"provider": "callable", "model": "scripted", "version": "v1", "params": {}},
        "suites": [{"suite": "safety", "run_id": runs[3].run_id, "gate_passed": True}],
        "redteam": None,
    }
    (review / "review.json").write_text(json.dumps(body), encoding="utf-8")
    (review / "evidence").mkdir()  # the evidence pack holds a copy: one review, not two
    (review / "evidence" / "review.json").write_text(json.dumps(body), encoding="utf-8")
    reviews = load_reviews([tmp_path])
    assert len(reviews) == 1
    kpi = gate_kpi(history.store, reviews, Window(), [])
    # run D is judged by its review (no-go), not again as a gated run: A passes, 1 of 5
    assert (kpi.value, kpi.n) == (0.2, 5)
    assert kpi.data == {"reviews": 1, "gated_runs": 4}


def test_reproducibility_compares_replays_with_the_first_run(regression_history: Hist) -> None:
    history, _ = regression_history
    kpi = reproducibility_kpi(history.store, Window(), [])
    assert (kpi.value, kpi.n) == (0.25, 4)  # only D repeats A's outcomes
    assert kpi.data["case_agreement"] == pytest.approx((10 + 5 + 12 + 4) / 48)


def test_refusal_quality_of_the_latest_run(regression_history: Hist) -> None:
    history, _ = regression_history
    kpi = refusal_quality_kpi(history.store, Window(), [])
    # run E: cases 8-11 refuse; 8 and 10 well (1.0), 9 and 11 curtly (0.45)
    assert kpi.n == 4
    assert kpi.value == pytest.approx(0.725)
    assert kpi.data["items"]["offers_alternative"] == 0.5
    assert kpi.data["items"]["no_harmful_content"] == 1.0


def _register() -> RiskRegister:
    risk = {"nist": ["information_security"], "owner": "safety team"}
    return RiskRegister.model_validate(
        {
            "name": "test register",
            "risks": [
                {**risk, "id": "R1", "title": "harmful help", "owasp": "LLM01",
                 "likelihood": "likely", "impact": "high", "tests": [{"suite": "safety"}]},
                {**risk, "id": "R2", "title": "data leak", "owasp": "LLM02",
                 "likelihood": "likely", "impact": "high", "tests": [{"suite": "leaks"}]},
                {**risk, "id": "R3", "title": "minor", "owasp": "LLM09",
                 "likelihood": "rare", "impact": "low"},
            ],
        }
    )  # fmt: skip


def test_coverage_by_risk_category(regression_history: Hist) -> None:
    history, _ = regression_history
    # as of 4.5 h the newest run of "safety" is D, which passed its gate
    kpi = coverage_kpi(history.store, _register(), Window(until=hours(4.5)), [])
    assert (kpi.value, kpi.n) == (0.5, 2)
    rows = {r.key["risk_category"]: r.value for r in kpi.rows}
    assert rows == {"LLM01": 1.0, "LLM02": 0.0}
    # as of 6 h it is E, which failed: nothing covered
    assert coverage_kpi(history.store, _register(), Window(until=hours(6)), []).value == 0.0


def test_breakdown_by_model_version_and_prompt_version(history: History) -> None:
    suite = safety_suite()
    old, new = Model("v1", prompt_version="p1"), Model("v2", prompt_version="p2")
    history.run(suite, old, hours(0))
    history.run(suite, new, hours(1), {0, 1, 2})
    kpi = gate_kpi(history.store, None, Window(), ["model_version", "prompt_version"])
    rows = {(r.key["model_version"], r.key["prompt_version"]): r.value for r in kpi.rows}
    assert rows == {("v1", "p1"): 1.0, ("v2", "p2"): 0.0}
    cov = coverage_kpi(history.store, _register(), Window(until=hours(2)), ["model_version"])
    by_model = {(r.key.get("model_version"), r.key["risk_category"]): r.value for r in cov.rows}
    assert by_model[("v1", "LLM01")] == 1.0 and by_model[("v2", "LLM01")] == 0.0


def test_run_store_kpis_say_when_there_is_no_store() -> None:
    report = compute_kpis_report(register=_register())
    for name in ("eval_coverage", "gate_pass_rate", "regression_lead_time",
                 "refusal_quality", "eval_reproducibility"):  # fmt: skip
        kpi = report.get(name)
        assert kpi.value is None and kpi.missing is not None
        assert kpi.missing.startswith("no data: ")


def test_empty_store_is_no_data_not_zero(history: History) -> None:
    report = compute_kpis_report(store=history.store, register=_register())
    assert report.get("gate_pass_rate").missing == (
        "no data: no review and no gated eval run in the window"
    )
    assert report.get("eval_reproducibility").value is None
    assert report.get("refusal_quality").missing is not None
    assert report.get("eval_coverage").value == 0.0  # the top risks exist; no test ran
