"""Eval and red-team results as events, the purge job and its command, the package surface."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import saferail.telemetry as telemetry
from saferail.evals.results import CaseResult
from saferail.evals.scorers.base import Score
from saferail.redteam.results import AttemptRecord, StepRecord, TurnRecord
from saferail.telemetry.event import CapturedContent, SafetyEvent
from saferail.telemetry.record import eval_event, redteam_event
from saferail.telemetry.retention import PurgeJob, main
from saferail.telemetry.store import Retention, open_event_store
from tests.telemetry.conftest import pii_guard, pii_in, schema_validator

SECRET_PROMPT = "My card is 4111 1111 1111 1111, Orla Vance speaking"


def test_eval_results_become_events_without_text() -> None:
    result = CaseResult(
        case_id="jb-001",
        case_hash="h1",
        category="jailbreak",
        expected="refuse",
        output=SECRET_PROMPT,
        scores=(Score(scorer="refusal", value=0.1, label="refusal", passed=False),),
        passed=False,
        latency_ms=12.5,
    )
    event = eval_event(result, run_id="run-9", suite="jailbreak smoke")
    assert (event.type, event.verdict, event.check, event.case_id) == (
        "eval.result",
        "fail",
        "refusal",
        "jb-001",
    )
    assert event.risk_categories == ["owasp:llm01:2025"]
    assert event.suite is not None and event.suite.startswith("sha256:")  # a space: digested
    assert pii_in([event.model_dump_json()], pii_guard()) == []
    schema_validator().validate(json.loads(event.model_dump_json()))
    ok = eval_event(result.model_copy(update={"passed": True, "scores": ()}))
    assert ok.verdict == "pass" and ok.categories == []
    errored = eval_event(result.model_copy(update={"error": "timeout", "passed": None}))
    assert errored.verdict == "error"


def test_redteam_attempts_become_events_without_text() -> None:
    step = StepRecord(
        case_id="c1",
        case={"prompt": SECRET_PROMPT},
        turns=[TurnRecord(role="user", content=SECRET_PROMPT)],
        reply="Sure: " + SECRET_PROMPT,
        succeeded=True,
    )
    attempt = AttemptRecord(
        key="roleplay:g1:0",
        strategy="roleplay",
        goal_id="g1",
        kind="jailbreak",
        category="jailbreak",
        variant="v0",
        steps=[step],
        succeeded=True,
    )
    event = redteam_event(attempt, run_id="rt-1", severity="high")
    assert (event.type, event.verdict, event.strategy, event.severity) == (
        "redteam.result",
        "fail",
        "roleplay",
        "high",
    )
    assert pii_in([event.model_dump_json()], pii_guard()) == []
    resisted = redteam_event(attempt.model_copy(update={"succeeded": False}))
    assert resisted.verdict == "pass" and resisted.categories == []


def _old_event(days: float) -> SafetyEvent:
    return SafetyEvent(
        type="guard.decision",
        time=datetime.now(UTC) - timedelta(days=days),
        content=CapturedContent(input="<PERSON_1> asked"),
    )


def test_purge_job_runs_in_the_background(tmp_path: Path) -> None:
    store = open_event_store(tmp_path / "e.db")
    store.write([_old_event(10), _old_event(100)])
    job = PurgeJob(store, Retention(), interval_s=0.05)
    deadline = time.monotonic() + 10
    while job.runs < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    job.stop()
    assert job.runs >= 2 and job.last is not None
    assert store.count(telemetry.Principal(name="x", role="viewer")) == 1
    store.close()


def test_purge_command(tmp_path: Path, capsys: object) -> None:
    db = tmp_path / "e.db"
    with open_event_store(db) as store:
        store.write([_old_event(10), _old_event(100)])
    assert main([str(db), "--event-days", "forever", "--content-days", "5"]) == 0
    out = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert out == {
        "content_cleared": 2,
        "identity_cleared": 0,
        "events_deleted": 0,
        "audit_deleted": 0,
    }
    assert main([str(db), "--content-days", "100", "--event-days", "10"]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and "longer than the events" in err
    bad = subprocess.run(
        [sys.executable, "-m", "saferail.telemetry.retention", "postgresql://x@127.0.0.1:1/y"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_package_exports_resolve() -> None:
    for name in telemetry.__all__:
        assert getattr(telemetry, name) is not None
