"""Bad and odd input over small real stores (SQLite, in a temporary directory): query
parameters the API does not take, blank filters and run ids, an empty login form, run
manifests of another shape, run lists where the other kind of run is newer, and
``saferail telemetry keys create`` pointed at some other SQLite database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from saferail.cli.app import app as cli_app
from saferail.dashboard import DashboardConfig, create_dashboard
from saferail.evals.results import RunInfo
from saferail.evals.store import RunStore
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.store import EventStore, open_event_store


@dataclass
class Small:
    events: EventStore
    runs: RunStore
    keys: dict[str, str]

    def client(self, role: str | None = "admin", **config: Any) -> TestClient:
        app = create_dashboard(self.events, self.runs, config=DashboardConfig(**config))
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return TestClient(app, headers=headers)

    def add_run(self, run_id: str, suite: str, manifest: dict[str, Any], day: int = 1) -> None:
        self.runs.create_run(
            RunInfo(
                run_id=run_id,
                suite_name=suite,
                suite_version="1",
                target_fingerprint="fp",
                created_at=f"2025-01-{day:02d}T00:00:00+00:00",
                manifest=manifest,
            )
        )


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Small]:
    events = open_event_store(tmp_path / "events.db")
    runs = RunStore(tmp_path / "runs.db")
    keys = {role: events.create_api_key(role, role) for role in ("viewer", "analyst", "admin")}
    events.write(
        [
            SafetyEvent(type="guard.decision", surface="input", action="block", verdict="fail"),
            SafetyEvent(type="guard.decision", surface="output", action="allow"),
        ]
    )
    yield Small(events, runs, keys)
    events.close()
    runs.close()


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    message: str = response.json()["error"]["message"]
    return message


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/events?categry=pii", "categry"),  # a misspelt filter answered every event
        ("/api/kpis?kpi=block_rate&model_version=v2", "model_version"),  # not a KPI filter
        ("/api/aggregate?group_by=action&tenantt=a", "tenantt"),
        ("/api/alerts?limt=5", "limt"),
        ("/api/runs/r1?run=r2", "run"),
    ],
)
def test_a_query_parameter_a_route_does_not_take_is_a_400(
    small: Small, path: str, name: str
) -> None:
    message = _error(small.client().get(path), 400)
    assert message.startswith(f"{name}: unknown parameter (this route takes: ")


def test_known_parameters_still_work_and_unknown_ones_need_a_login_first(small: Small) -> None:
    admin = small.client()
    path = "/api/events?type=guard.decision&surface=input&limit=5&range=24h&include_content=false"
    assert len(admin.get(path).json()["events"]) == 1
    assert admin.get("/api/health?probe=1").json() == {"status": "ok"}  # no login, no check
    assert _error(small.client(None).get("/api/events?categry=pii"), 401)


def test_a_list_filter_of_only_commas_is_no_filter(small: Small) -> None:
    admin = small.client()
    everything = admin.get("/api/events").json()["events"]
    assert len(everything) == 2
    assert admin.get("/api/events?type=,").json()["events"] == everything  # was: none
    (blocked,) = admin.get("/api/events?action=block,,").json()["events"]
    assert blocked["action"] == "block"


def test_compare_with_a_blank_run_id_is_a_400(small: Small) -> None:
    small.add_run("only", "suite", {})  # "" is a prefix of it: it was compared with itself
    message = _error(small.client("viewer").get("/api/compare?run=&baseline=%20"), 400)
    assert "name a run id" in message
    page = small.client("viewer").get("/runs/compare?run=&baseline=only")
    assert page.status_code == 400 and "name a run id" in page.text


def test_login_with_an_empty_key_asks_for_one(small: Small) -> None:
    client = small.client(None)
    for form in ({"key": ""}, {"key": "   "}, {}):
        response = client.post("/login", data=form, follow_redirects=False)
        assert response.status_code == 401
        assert "paste an API key" in response.text and "malformed" not in response.text


ODD_EVAL = {
    "target": "openai:gpt",  # not an object
    "suite": {"gate": "pass_rate >= 0.9", "cases": 3},  # a string, not a list of criteria
    "policy_version": "p1",
}
ODD_REDTEAM = {
    "redteam": {
        "asr": "high",
        "budget": -1,
        "calls": 12,
        "strategies": {"a": ["x", 1], "b": [3, 1], "c": [1, 4], "d": [1]},
        "findings": ["f1", None, {"id": "f2", "severity": "high"}],
    }
}


def test_run_manifests_of_another_shape_do_not_fail_the_pages(small: Small) -> None:
    small.add_run("ev-odd", "suite", ODD_EVAL)
    small.add_run("ev-suite", "suite", {"suite": "smoke"})
    small.add_run("rt-odd", "redteam", ODD_REDTEAM)
    small.add_run("rt-list", "redteam", {"redteam": {"strategies": [1, 2], "findings": {}}})
    viewer = small.client("viewer")
    for path in ("/runs", "/runs/ev-odd", "/runs/ev-suite", "/redteam", "/redteam/rt-odd",
                 "/redteam/rt-list", "/api/runs", "/api/runs/ev-odd", "/api/runs/ev-suite",
                 "/api/redteam", "/api/redteam/rt-odd", "/api/redteam/rt-list"):  # fmt: skip
        assert viewer.get(path).status_code == 200, path  # were 500s
    run = viewer.get("/api/runs/ev-odd").json()
    assert run["run"]["target"] == "?/?" and run["gate"] is None
    assert run["gate_error"] == "the run's manifest has no list of gate criteria"
    view = viewer.get("/api/redteam/rt-odd").json()
    assert [(s["strategy"], s["k"], s["n"]) for s in view["strategies"]] == [("c", 1, 4)]
    assert view["findings"] == [{"id": "f2", "strategy": None, "kind": None, "severity": "high"}]
    assert view["calls"] == {} and view["budget"] is None
    (row,) = [r for r in viewer.get("/api/redteam").json()["runs"] if r["run_id"] == "rt-odd"]
    assert (row["asr"], row["findings"], row["severity_counts"]["high"]) == (None, 1, 1)


def test_run_lists_read_past_newer_runs_of_the_other_kind(small: Small) -> None:
    for day in range(1, 5):
        small.add_run(f"eval-{day}", "suite", {}, day=day)
        small.add_run(f"rt-{day}", "redteam", {}, day=day + 4)
        small.add_run(f"eval-{day + 8}", "suite", {}, day=day + 8)
    small.add_run("rt-late", "redteam", {}, day=28)
    small.add_run("rt-later", "redteam", {}, day=29)
    viewer = small.client("viewer", runs_limit=3)
    evals = [r["run_id"] for r in viewer.get("/api/runs").json()["runs"]]
    assert evals == ["eval-12", "eval-11", "eval-10"]  # was only eval-12
    redteam = [r["run_id"] for r in viewer.get("/api/redteam").json()["runs"]]
    assert redteam == ["rt-later", "rt-late", "rt-4"]  # was two: eval runs are newer
    assert "eval-10" in viewer.get("/runs").text and "rt-4" in viewer.get("/redteam").text
    everything = small.client("viewer", runs_limit=100)
    assert len(everything.get("/api/runs").json()["runs"]) == 8
    assert len(everything.get("/api/redteam").json()["runs"]) == 6


def test_keys_create_refuses_some_other_sqlite_database(tmp_path: Path) -> None:
    app_db = tmp_path / "app.db"
    with sqlite3.connect(app_db) as db:
        db.execute("CREATE TABLE users (id INTEGER)")
    args = ["telemetry", "keys", "create", "ops", "--events", str(app_db)]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        f"saferail: error: {app_db} is a SQLite database but not a saferail event store: "
        "it holds some other database"
    )
    with sqlite3.connect(app_db) as db:  # it was migrated: telemetry tables added to it
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"users"}
    empty = tmp_path / "empty.db"
    empty.touch()  # an empty file is a database without tables: it becomes the store
    made = CliRunner().invoke(
        cli_app, ["telemetry", "keys", "create", "ops", "--events", str(empty)]
    )
    assert made.exit_code == 0 and made.stdout.startswith("srk_")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/kpis?range=99999999999d", "range: duration out of range (got '99999999999d')"),
        ("/api/summary?range=9999999999w", "range: duration out of range"),
        ("/api/kpis?bucket=99999999999d", "bucket: duration out of range"),
        ("/api/kpis?range=soon", "range: expected a duration such as"),
        ("/api/kpis?range=0s", "range: expected a duration such as"),
    ],
)
def test_a_duration_too_large_to_represent_says_so(small: Small, path: str, message: str) -> None:
    assert message in _error(small.client("viewer").get(path), 400)  # was "expected a duration"


def test_a_summary_over_a_range_wider_than_the_widest_bucket_is_answered(small: Small) -> None:
    # the whole-window "bucket" (range + 1 day) passed the monitor's widest: a 500
    body = small.client("viewer").get("/api/summary?range=700000d").json()
    rates = {k["kpi"]: k for k in body["kpis"]}
    assert body["events"] == 2
    assert rates["block_rate"]["hits"] == 1 and rates["block_rate"]["total"] == 2
    assert rates["telemetry_completeness"]["computed"] is True


def test_safety_kpis_api_refuses_a_parameter_it_does_not_take(small: Small) -> None:
    message = _error(small.client("viewer").get("/api/safety-kpis?since=1d"), 400)
    assert message.startswith("since: unknown parameter")


def test_aggregate_refuses_a_repeated_group_by_key(small: Small) -> None:
    message = _error(small.client("viewer").get("/api/aggregate?group_by=action,action"), 400)
    assert "group_by" in message and "action" in message


def test_aggregate_answers_at_most_the_configured_number_of_rows(small: Small) -> None:
    client = small.client("viewer", aggregate_rows_max=1)
    assert len(client.get("/api/aggregate").json()["rows"]) == 1
    message = _error(client.get("/api/aggregate?group_by=action"), 400)  # two rows
    assert "more than 1" in message and "narrow" in message
    kpis = client.get("/api/kpis?kpi=block_rate&by=surface")  # two series
    assert "more than 1" in _error(kpis, 400)
