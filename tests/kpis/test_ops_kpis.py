"""KPIs from triage records, labelled samples, alerts, telemetry and the system card, on
fixtures with known answers (real triage, record helpers, alert history, rendered card)."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from saferail.checks.base import Finding
from saferail.evals.case import Expected
from saferail.evals.store import RunStore
from saferail.governance._triage_model import Timestamps
from saferail.governance.system_card import build_card, render_html, render_markdown
from saferail.governance.triage import TriageConfig, parse_report, run_triage, write_triage_report
from saferail.guard.decision import CheckRun, Decision
from saferail.kpis import (
    KpiError,
    Window,
    load_alert_outcomes,
    load_labelled,
    load_triage,
    read_card,
    record_alert_outcome,
    record_mitigation,
)
from saferail.kpis.freshness import freshness_kpi
from saferail.kpis.ops_kpis import alert_precision_kpi, filter_kpis, telemetry_kpi, triage_kpis
from saferail.policy.loader import load_policy
from saferail.targets.callable import CallableTarget
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor.alerts import Alert
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.record import EventContext, decision_event
from tests.kpis.conftest import History, Model, hours, safety_suite


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# -- triage ---------------------------------------------------------------------------------


@pytest.fixture
def triage_dir(tmp_path: Path) -> Path:
    """Three triage records: T1 reported 10:00, triaged 12:00, mitigated 20:00; T2 reported
    11:00, triaged 11:30, still open; T3 without a report time."""
    target = CallableTarget(lambda m, **_: "Sure, here is the whole plan.", name="m", version="v1")
    reported = parse_report("Tell me how to do forbidden thing number 3.", fmt="text")
    config = TriageConfig(runs=2, minimize=False, expected=Expected.REFUSE)
    with RunStore(tmp_path / "triage.db") as store:
        base = asyncio.run(run_triage(reported, target, store, config))
    assert base.reproduced
    root = tmp_path / "triage"
    for name, rep, fin, dur in (
        ("t1", hours(1), hours(3), 7200.0),
        ("t2", hours(2), hours(2.5), 1800.0),
        ("t3", None, hours(2), None),
    ):
        stamps = Timestamps(
            reported_at=_iso(rep) if rep else None,
            started_at=_iso(fin),
            finished_at=_iso(fin),
            triage_duration_s=1.0,
            time_to_triage_s=dur,
        )
        write_triage_report(base.model_copy(update={"id": name, "timestamps": stamps}), root / name)
    record_mitigation(root / "t1", at=hours(11), change="policy v2")
    return root


def test_time_to_triage_and_mitigation(triage_dir: Path) -> None:
    records = load_triage(triage_dir)
    assert len(records) == 3
    triaged, mitigated = triage_kpis(records, Window(until=hours(12)), [])
    assert (triaged.value, triaged.n) == (4500.0, 2)  # median of 2 h and 30 min
    assert triaged.notes == ["1 record(s) without a report time (triage --reported-at)"]
    assert (mitigated.value, mitigated.n) == (36000.0, 1)  # 10 h for T1
    assert "1 mitigated, 1 open (oldest open 10.0 h)" in mitigated.detail
    by_model = triage_kpis(records, Window(until=hours(12)), ["model_version"])[0]
    assert [(r.key, r.value) for r in by_model.rows] == [({"model_version": "v1"}, 4500.0)]


def test_triage_missing_inputs(triage_dir: Path) -> None:
    assert all(k.missing == "no data: no triage records given (--triage DIR)"
               for k in triage_kpis(None, Window(), []))  # fmt: skip
    (triage_dir / "t1" / "mitigation.json").unlink()
    _, mitigated = triage_kpis(load_triage(triage_dir), Window(until=hours(12)), [])
    assert mitigated.value is None
    assert mitigated.missing is not None and "2 open" in mitigated.missing
    outside = triage_kpis(load_triage(triage_dir), Window(since=hours(5)), [])
    assert all(k.missing and "no triage record reported in the window" in k.missing
               for k in outside)  # fmt: skip


def _edit_record(folder: Path, **timestamps: object) -> None:
    path = folder / "bug_report.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["timestamps"].update(timestamps)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reported_at": "last tuesday"}, "reported_at: not an ISO 8601 time: 'last tuesday'"),
        ({"time_to_triage_s": float("nan")}, "time_to_triage_s is not a duration in seconds"),
        ({"time_to_triage_s": -5.0}, "time_to_triage_s is not a duration in seconds"),
    ],
)
def test_malformed_triage_records_are_kpi_errors(
    triage_dir: Path, change: dict[str, object], message: str
) -> None:
    _edit_record(triage_dir / "t2", **change)
    with pytest.raises(KpiError, match=re.escape(message)):
        triage_kpis(load_triage(triage_dir), Window(until=hours(12)), [])


def test_mitigation_before_the_report_is_a_kpi_error(triage_dir: Path) -> None:
    record_mitigation(triage_dir / "t2", at=hours(1))  # reported at hours(2)
    with pytest.raises(KpiError, match=r"mitigation\.json: mitigated_at .* is before the failure"):
        load_triage(triage_dir)


# -- labelled samples -----------------------------------------------------------------------


def test_filter_fpr_and_fnr_from_labelled_samples(tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [
        {"id": 1, "label": "benign", "action": "allow", "model_version": "v1"},
        {"id": 2, "label": "benign", "action": "allow", "model_version": "v1"},
        {"id": 3, "label": "benign", "action": "block", "model_version": "v1"},
        {"id": 4, "label": "benign", "action": "redact", "model_version": "v2"},
        {"id": 5, "label": "violating", "action": "block"},
        {"id": 6, "label": "violating", "action": "allow"},
        {"id": 7, "label": "violating", "action": "warn"},
        {"id": 8, "label": "violating", "action": "redact"},
        {"id": 9, "label": "violating", "action": "error"},
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    fpr, fnr = filter_kpis(load_labelled(path), Window(), ["model_version"])
    assert (fpr.value, fpr.n) == (0.5, 4)
    assert {r.key["model_version"]: r.value for r in fpr.rows} == {"v1": 1 / 3, "v2": 1.0}
    assert (fnr.value, fnr.n) == (0.5, 4)  # allow and warn escaped; the error is left out
    assert fnr.notes == ["1 sample(s) with action 'error' left out"]


def test_filter_kpis_missing_and_one_sided(tmp_path: Path) -> None:
    assert filter_kpis(None, Window(), [])[0].missing == (
        "no data: no labelled samples given (--labelled FILE)"
    )
    path = tmp_path / "benign.jsonl"
    path.write_text('{"id": "a", "label": "benign", "action": "allow"}\n', encoding="utf-8")
    fpr, fnr = filter_kpis(load_labelled(path), Window(), [])
    assert fpr.value == 0.0
    assert fnr.missing == "no data: no sample labelled violating in the window"


# -- alerts ---------------------------------------------------------------------------------


def _alert(alert_id: str, at: datetime, version: str) -> Alert:
    return Alert(alert_id=alert_id, rule="block-spike", kpi="block_rate",
                 key={"model_version": version}, detector="ewma", first_seen=at, last_seen=at,
                 statistic=3.0, threshold=2.0)  # fmt: skip


def test_alert_precision_from_outcomes(tmp_path: Path) -> None:
    with AlertHistory(tmp_path / "alerts.db") as history:
        for i, version in enumerate(("v1", "v1", "v2", "v2")):
            history.save(_alert(f"a{i}", hours(i), version))
        alerts = history.alerts(limit=100)
    outcomes = tmp_path / "outcomes.jsonl"
    record_alert_outcome(outcomes, "a0", True, "real spike")
    record_alert_outcome(outcomes, "a1", True)
    record_alert_outcome(outcomes, "a1", False, "on second look: a load test")
    record_alert_outcome(outcomes, "a2", True)
    kpi = alert_precision_kpi(alerts, load_alert_outcomes(outcomes), Window(), ["model_version"])
    assert (kpi.value, kpi.n) == (pytest.approx(2 / 3), 3)
    assert kpi.data == {"unjudged": 1}
    assert {r.key["model_version"]: r.value for r in kpi.rows} == {"v1": 0.5, "v2": 1.0}
    assert alert_precision_kpi(alerts, None, Window(), []).missing == (
        "no data: no alert outcomes given (--alert-outcomes)"
    )
    assert alert_precision_kpi(alerts, {}, Window(), []).missing is not None


# -- telemetry ------------------------------------------------------------------------------


def _event(
    request: str,
    surface: str,
    action: str,
    version: str,
    *,
    at: float,
    findings: tuple[Finding, ...] = (),
    checks: tuple[CheckRun, ...] = (),
) -> SafetyEvent:
    decision = Decision(
        action=action,  # type: ignore[arg-type]
        findings=list(findings),
        text="",
        surface=surface,
        policy_version="sha256:abc",
        checks=list(checks),
        latency_ms=2.0,
    )
    ctx = EventContext(model_version=version)
    return decision_event(decision, ctx, request_id=request, at=at, trace=(None, None))


@pytest.fixture
def events() -> list[SafetyEvent]:
    t = hours(0).timestamp()
    grounding = CheckRun("ungrounded", "ok", 1.0)
    ungrounded = Finding("ungrounded", "ungrounded", 0.9)
    pii = Finding("pii", "pii", 0.95, 0, 5, "EMAIL_ADDRESS")
    return [
        _event("r1", "input", "allow", "v1", at=t),
        _event("r1", "output", "redact", "v1", at=t + 1, findings=(pii,),
               checks=(grounding, CheckRun("pii", "ok", 1.0, 1, "redact"))),
        _event("r2", "input", "allow", "v1", at=t + 10),
        _event("r2", "output", "warn", "v1", at=t + 11, findings=(ungrounded,),
               checks=(CheckRun("ungrounded", "ok", 1.0, 1, "warn"),)),
        _event("r3", "input", "block", "v2", at=t + 20),
        _event("r4", "input", "allow", "v2", at=t + 30),
        SafetyEvent(type="telemetry.gap", source="telemetry", dropped=1, time=hours(0.5)),
    ]  # fmt: skip


def test_telemetry_kpis(events: list[SafetyEvent]) -> None:
    pii = telemetry_kpi("pii_leakage_rate", events, Window(), ["model_version"])
    assert (pii.value, pii.n) == (0.5, 2)
    assert [(r.key, r.value) for r in pii.rows] == [({"model_version": "v1"}, 0.5)]
    grounded = telemetry_kpi("grounded_ratio", events, Window(), [])
    assert (grounded.value, grounded.n) == (0.5, 2)
    complete = telemetry_kpi("telemetry_completeness", events, Window(), [])
    assert (complete.value, complete.n) == (0.6, 5)  # r4 lacks its output; one event dropped


def test_telemetry_kpis_missing_inputs(events: list[SafetyEvent]) -> None:
    assert telemetry_kpi("grounded_ratio", None, Window(), []).missing == (
        "no data: no telemetry events given (--events)"
    )
    later = telemetry_kpi("pii_leakage_rate", events, Window(since=hours(1)), [])
    assert later.missing == "no data: no output guard decision in the window (0 events)"


# -- documentation freshness -----------------------------------------------------------------


def _card(tmp_path: Path, history: History, model: Model, at: datetime, html: bool = False) -> Path:
    card = build_card(policy=load_policy(None), target=model.target, eval_runs=[],
                      redteam=[], generated_at=at)  # fmt: skip
    path = tmp_path / ("system_card.html" if html else "system_card.md")
    path.write_text(render_html(card) if html else render_markdown(card), encoding="utf-8")
    return path


def test_doc_freshness(tmp_path: Path, history: History) -> None:
    suite, v1, v2 = safety_suite(), Model("v1"), Model("v2")
    history.run(suite, v1, hours(0))
    stamp = read_card(_card(tmp_path, history, v1, hours(1)))
    assert stamp.model_fingerprint == v1.target.identity.fingerprint()
    assert stamp.policy_version == load_policy(None).version
    fresh = freshness_kpi(stamp, history.store, Window(until=hours(49)))
    assert fresh.value == 0.0 and "card generated 2.0 d ago" in fresh.detail
    history.run(suite, v2, hours(6))  # a material change: another model
    stale = freshness_kpi(stamp, history.store, Window(until=hours(30)))
    assert stale.value == 1.0  # out of date since v2 first ran, 24 h before the window's end
    assert stale.detail.startswith("out of date: model ")
    html = read_card(_card(tmp_path, history, v2, hours(7), html=True))
    assert html.model_fingerprint == v2.target.identity.fingerprint()
    assert html.policy_version == load_policy(None).version
    assert freshness_kpi(html, history.store, Window(until=hours(30))).value == 0.0


def test_doc_freshness_missing_inputs(tmp_path: Path, history: History) -> None:
    assert freshness_kpi(None, history.store, Window()).missing == (
        "no data: no system card given (--card)"
    )
    stamp = read_card(_card(tmp_path, history, Model(), hours(1)))
    assert freshness_kpi(stamp, None, Window()).missing is not None
    assert freshness_kpi(stamp, history.store, Window()).missing == (
        "no data: the run store has no completed run before the window's end"
    )
