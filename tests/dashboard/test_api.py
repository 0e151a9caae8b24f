"""The JSON API over the seeded stores: every endpoint for every role, the numbers it
answers (checked against the monitor's own KPI code on the same stored events), content
reads audited, and structured errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from saferail.dashboard import create_dashboard
from saferail.telemetry.access import Principal, Role
from saferail.telemetry.monitor import compute_kpis
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import open_event_store
from tests.dashboard.conftest import Dashboard
from tests.dashboard.seed import RAW_PII, World
from tests.pg import pg_schema_url

RANK = {"viewer": 0, "analyst": 1, "admin": 2}
ANALYST = Principal(name="test", role="analyst")


def _routes(dash: Dashboard) -> list[tuple[str, str]]:
    w = dash.world
    run, rt = w.regressed_id, w.redteam.run_id
    return [
        ("/api/me", "viewer"),
        ("/api/summary?range=24h", "viewer"),
        ("/api/kpis?kpi=block_rate&by=model_version", "viewer"),
        ("/api/kpis?kpi=grounded_ratio", "viewer"),
        ("/api/options", "viewer"),
        ("/api/aggregate?group_by=action,model_version", "viewer"),
        ("/api/alerts", "viewer"),
        ("/api/runs", "viewer"),
        (f"/api/runs/{run}", "viewer"),
        (f"/api/compare?run={run}&baseline={w.baseline_id}", "viewer"),
        ("/api/redteam", "viewer"),
        (f"/api/redteam/{rt}", "viewer"),
        ("/api/events?limit=5", "analyst"),
        ("/api/events?limit=5&include_content=true", "admin"),
        ("/api/audit", "admin"),
        ("/api/keys", "admin"),
        ("/api/safety-kpis", "viewer"),
    ]


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_route_enforces_its_role(dash: Dashboard, role: str) -> None:
    client = dash.client(role)
    for path, least in _routes(dash):
        response = client.get(path)
        if RANK[role] >= RANK[least]:
            assert response.status_code == 200, (path, response.text)
        else:
            assert response.status_code == 403, path
            error = response.json()["error"]
            needed = error["message"].rsplit("(needs ", 1)[1].rstrip(")")
            assert error["code"] == "forbidden" and RANK[role] < RANK[needed] <= RANK[least]


def test_anonymous_and_bad_keys_get_401_with_a_bearer_challenge(dash: Dashboard) -> None:
    anonymous = dash.client()
    assert anonymous.get("/api/health").json() == {"status": "ok"}
    for path, _ in _routes(dash):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "unauthenticated"
    for header, message in [
        ("Bearer srk_nope", "malformed API key"),
        ("Bearer srk_000000000000_" + "a" * 43, "unknown API key"),
        ("Basic dXNlcjpwYXNz", "expected 'Authorization: Bearer <API key>'"),
    ]:
        response = anonymous.get("/api/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["error"]["message"] == message


def test_a_revoked_key_stops_working_at_once(dash: Dashboard) -> None:
    key = dash.key("short-lived", "analyst")
    client = dash.client()
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/me", headers=headers).json() == {
        "name": "short-lived",
        "role": "analyst",
    }
    assert dash.events.revoke_api_key("short-lived")
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401 and response.json()["error"]["message"] == "revoked API key"


def test_events_for_analysts_carry_no_content(dash: Dashboard) -> None:
    body = dash.client("analyst").get("/api/events?limit=1000").json()
    assert body["content"] is False
    assert len(body["events"]) == dash.events.count(ANALYST)
    assert not any("content" in e for e in body["events"])
    text = str(body)
    assert not any(value in text for value in RAW_PII)
    blocked = dash.client("analyst").get("/api/events?action=block&model_version=v2").json()
    assert blocked["events"] and all(e["action"] == "block" for e in blocked["events"])
    assert {e["model_version"] for e in blocked["events"]} == {"v2"}


def test_admin_reads_redacted_content_and_the_read_is_audited(dash: Dashboard) -> None:
    name = "dpo-audit-test"
    client = dash.client()
    client.headers["Authorization"] = f"Bearer {dash.key(name, 'admin')}"
    body = client.get("/api/events?include_content=true&limit=1000").json()
    with_content = [e for e in body["events"] if "content" in e]
    assert len(with_content) == 3  # the instrumented guard's decisions
    texts = " ".join(str(e["content"]) for e in with_content)
    assert "<EMAIL_ADDRESS_1>" in texts or "<PERSON_1>" in texts
    assert not any(value in texts for value in RAW_PII)
    entries = client.get("/api/audit").json()["entries"]
    mine = [e for e in entries if e["principal"] == name]
    assert len(mine) == 1 and mine[0]["action"] == "read_content"
    assert mine[0]["detail"]["events"] == 3
    plain = client.get("/api/events?limit=5").json()  # without the flag: no audit entry
    assert not any("content" in e for e in plain["events"])
    again = client.get("/api/audit").json()["entries"]
    assert len([e for e in again if e["principal"] == name]) == 1


def _events_in(dash: Dashboard, body: dict[str, object]) -> list[object]:
    since = datetime.fromisoformat(str(body["start"]))
    until = datetime.fromisoformat(str(body["end"]))
    query = EventQuery(since=since, until=until, limit=100_000)
    return list(dash.events.events(ANALYST, query))


@pytest.mark.parametrize(
    "kpi",
    [
        "block_rate",
        "violation_rate",
        "uncertain_rate",
        "error_rate",
        "violation_rate:banned_topic",
        "violation_rate:pii",
        "pii_leakage_rate",
        "refusal_rate",
        "grounded_ratio",
        "telemetry_completeness",
    ],
)
@pytest.mark.parametrize("by", ["", "model_version", "prompt_version,feature_flag"])
def test_kpi_series_match_the_monitor_on_the_same_events(
    dash: Dashboard, kpi: str, by: str
) -> None:
    body = dash.client("viewer").get(f"/api/kpis?kpi={kpi}&by={by}&range=24h").json()
    assert body["bucket_seconds"] == 3600 and body["by"] == [b for b in by.split(",") if b]
    events = _events_in(dash, body)
    expected = compute_kpis(events, [kpi], by=body["by"], bucket=timedelta(hours=1))  # type: ignore[arg-type]
    want = {
        tuple(s.key.items()): [(p.start.isoformat(), p.hits, p.total) for p in s.points]
        for s in expected.series
    }
    got = {
        tuple(s["key"].items()): [(p["start"], p["hits"], p["total"]) for p in s["points"]]
        for s in body["series"]
    }
    assert got == want


def test_the_block_rate_shift_of_v2_shows_in_the_series(dash: Dashboard) -> None:
    body = dash.client("viewer").get("/api/kpis?kpi=block_rate&by=model_version").json()
    series = {s["key"]["model_version"]: s for s in body["series"]}
    assert set(series) == {"v1", "v2"}
    v1 = [(p["hits"], p["total"]) for p in series["v1"]["points"]]
    v2 = [(p["hits"], p["total"]) for p in series["v2"]["points"]]
    assert v1 == [(1, 23)] * 12  # per hour: 12 requests (one blocked) and 11 answers
    assert v2[:12] == [(1, 23)] * 6 + [(6, 18)] * 6
    assert v2[12:] == [(1, 3)]  # this hour: the instrumented guard's three decisions
    assert series["v2"]["label"] == "model_version=v2"
    assert body["better"] == "lower" and body["description"]


def test_summary_totals_and_rates(dash: Dashboard) -> None:
    body = dash.client("viewer").get("/api/summary?range=24h").json()
    assert body["events"] == dash.events.count(ANALYST)
    rates = {k["kpi"]: k for k in body["kpis"]}
    decisions = dash.events.count(ANALYST, EventQuery(types=["guard.decision"]))
    assert rates["block_rate"]["total"] == decisions
    blocked = dash.events.count(ANALYST, EventQuery(actions=["block"]))
    assert rates["block_rate"]["hits"] == blocked
    assert rates["pii_leakage_rate"]["hits"] >= 24 and rates["pii_leakage_rate"]["rate"] > 0
    assert "violation_rate:banned_topic" in rates
    assert rates["telemetry_completeness"]["computed"] is True
    assert 0 < rates["telemetry_completeness"]["rate"] <= 1


def test_event_kpis_are_skipped_over_the_limit(make_dashboard: object) -> None:
    from saferail.dashboard import DashboardConfig

    dash = make_dashboard(config=DashboardConfig(event_kpi_limit=10))  # type: ignore[operator]
    body = dash.client("viewer").get("/api/kpis?kpi=grounded_ratio").json()
    assert body["series"] == [] and "more than 10 events" in body["note"]
    summary = dash.client("viewer").get("/api/summary").json()
    completeness = next(k for k in summary["kpis"] if k["kpi"] == "telemetry_completeness")
    assert completeness["computed"] is False and completeness["rate"] is None
    fast = dash.client("viewer").get("/api/summary?event_kpis=false").json()
    skipped = next(k for k in fast["kpis"] if k["kpi"] == "telemetry_completeness")
    assert skipped["computed"] is None and skipped["total"] == 0


def test_options_and_aggregate(dash: Dashboard) -> None:
    client = dash.client("viewer")
    options = client.get("/api/options").json()
    assert "banned_topic" in options["categories"] and "pii" in options["categories"]
    assert "violation_rate:pii" in options["kpis"] and "model_version" in options["breakdowns"]
    rows = client.get("/api/aggregate?group_by=action&type=guard.decision").json()["rows"]
    counts = {r["group"]["action"]: r["events"] for r in rows}
    assert counts["block"] == dash.events.count(ANALYST, EventQuery(actions=["block"]))
    bucketed = client.get("/api/aggregate?group_by=model_version&bucket=6h&range=24h").json()
    assert all(r["bucket"] is not None for r in bucketed["rows"])


def test_alerts_from_the_history(dash: Dashboard, make_dashboard: object) -> None:
    body = dash.client("viewer").get("/api/alerts").json()
    assert body["configured"] is True and body["alerts"]
    alert = body["alerts"][0]
    assert alert["rule"] == "block-spike" and alert["key"] == {"model_version": "v2"}
    assert alert["severity"] == "high" and alert["message"].startswith("[high] block-spike")
    none = make_dashboard(with_alerts=False)  # type: ignore[operator]
    assert none.client("viewer").get("/api/alerts").json() == {"configured": False, "alerts": []}


def test_eval_runs_metrics_and_comparison(dash: Dashboard) -> None:
    w, client = dash.world, dash.client("viewer")
    runs = client.get("/api/runs").json()["runs"]
    assert [r["run_id"] for r in runs] == [w.regressed_id, w.baseline_id]
    assert runs[0]["suite"] == "support-leaks" and runs[0]["cases"] == 24
    assert runs[0]["target"] == "callable/bot-v2"
    detail = client.get(f"/api/runs/{w.regressed_id[:-2]}").json()  # a unique prefix works
    rate = detail["metrics"]["pass_rate"]
    assert (rate["k"], rate["n"]) == (12, 24) and rate["low"] < 0.5 < rate["high"]
    assert detail["metrics"]["categories"]["leaks"]["pass_rate"]["k"] == 0
    compared = client.get(f"/api/compare?run={w.regressed_id}&baseline={w.baseline_id}").json()
    c = compared["comparison"]
    assert c["regressed"] == ["overall", "leaks"]
    leaks = next(d for d in c["categories"] if d["category"] == "leaks")
    assert (leaks["baseline_rate"], leaks["run_rate"], leaks["regressions"]) == (1.0, 0.0, 12)
    assert leaks["significant_regression"] and leaks["p_adjusted"] < 0.01
    assert leaks["baseline_interval"][0] > 0.7 and leaks["run_interval"][1] < 0.3
    reverse = client.get(f"/api/compare?run={w.baseline_id}&baseline={w.regressed_id}").json()
    assert reverse["comparison"]["regressed"] == []


def test_redteam_runs_and_findings(dash: Dashboard, make_dashboard: object) -> None:
    w, client = dash.world, dash.client("viewer")
    (row,) = client.get("/api/redteam").json()["runs"]
    assert row["run_id"] == w.redteam.run_id and row["findings"] == 2
    assert row["severity_counts"] == {"critical": 1, "high": 1, "medium": 0, "low": 0}
    assert row["asr"] == pytest.approx(0.4)
    view = client.get(f"/api/redteam/{w.redteam.run_id}").json()
    assert view["report"] is True
    assert [(f["id"], f["severity"], f["strategy"]) for f in view["findings"]] == [
        ("F-001", "critical", "d_pretend"),
        ("F-002", "high", "d_verbatim"),
    ]
    assert view["findings"][0]["title"] == "d_pretend: the target answers harmful requests"
    asr = {s["strategy"]: (s["k"], s["n"]) for s in view["strategies"]}
    assert asr == {"d_pretend": (1, 2), "d_verbatim": (1, 1), "d_plain": (0, 2)}
    assert (view["asr"]["k"], view["asr"]["n"]) == (2, 5)
    assert "transcript" not in str(view) and "CANARY-77aa" not in str(view)
    bare = make_dashboard(reports_dir=None)  # type: ignore[operator]
    summary_only = bare.client("viewer").get(f"/api/redteam/{w.redteam.run_id}").json()
    assert summary_only["report"] is False
    assert [f["severity"] for f in summary_only["findings"]] == ["critical", "high"]
    assert {s["strategy"] for s in summary_only["strategies"]} == set(asr)


def test_admin_lists_keys_without_secrets(dash: Dashboard) -> None:
    keys = dash.client("admin").get("/api/keys").json()["keys"]
    assert {"viewer-1", "analyst-1", "admin-1"} <= {k["name"] for k in keys}
    text = str(keys)
    assert not any(key in text for key in dash.world.keys.values())
    assert "key_hash" not in text


@pytest.mark.parametrize(
    ("path", "status", "code", "message"),
    [
        ("/api/kpis?kpi=nope", 400, "bad_request", "kpi: unknown KPI 'nope'"),
        ("/api/kpis?by=color", 400, "bad_request", "by: cannot break down by 'color'"),
        ("/api/kpis?range=soon", 400, "bad_request", "range: expected a duration"),
        ("/api/kpis?range=30d&bucket=1m", 400, "bad_request", "more than 2000 points"),
        # ranges and buckets past the dates Python can represent (were 500s)
        ("/api/kpis?range=1000000d", 400, "bad_request", "range: 1000000d reaches back before"),
        ("/api/summary?range=1000000d", 400, "bad_request", "reaches back before the year 1"),
        ("/api/aggregate?range=1000000d", 400, "bad_request", "reaches back before the year 1"),
        ("/api/kpis?range=1000d&bucket=999d", 400, "bad_request", "bucket: must be at most 366"),
        ("/api/events?limit=zero", 422, "invalid_parameter", "limit: "),
        ("/api/events?action=explode", 400, "bad_request", "actions.0: Input should be"),
        ("/api/aggregate?group_by=secret", 400, "bad_request", "group_by: unknown key"),
        ("/api/runs/nope", 404, "not_found", "no run matches 'nope'"),
        ("/api/compare?run=nope&baseline=nope", 404, "not_found", "no run matches"),
        ("/api/compare?run=x", 422, "invalid_parameter", "baseline: Field required"),
        ("/api/redteam/nope", 404, "not_found", "no run matches"),
        ("/api/nowhere", 404, "not_found", "no such page"),
    ],
)
def test_errors_are_structured_json(
    dash: Dashboard, path: str, status: int, code: str, message: str
) -> None:
    response = dash.client("admin").get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert message in error["message"] and "\n" not in error["message"]


def test_a_redteam_run_is_not_an_eval_run_and_back(dash: Dashboard) -> None:
    w, client = dash.world, dash.client("viewer")
    response = client.get(f"/api/redteam/{w.baseline_id}")
    assert response.status_code == 404 and "not a red-team run" in response.text
    response = client.get(f"/api/compare?run={w.redteam.run_id}&baseline={w.baseline_id}")
    assert response.status_code == 400 and "red-team runs are under /redteam" in response.text


def test_without_a_run_store_the_run_routes_say_so(make_dashboard: object) -> None:
    dash = make_dashboard(with_runs=False)  # type: ignore[operator]
    response = dash.client("viewer").get("/api/runs")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_configured"


@pytest.fixture(scope="module")
def pg_events(world: World) -> Iterator[tuple[str, dict[str, str]]]:
    """The seeded events (content included) copied into a PostgreSQL event store, with a
    key per role."""
    with pg_schema_url() as url:
        admin = Principal(name="copy", role="admin")
        with open_event_store(world.events_path) as source, open_event_store(url) as target:
            target.write(source.events(admin, EventQuery(limit=100_000), include_content=True))
            roles: tuple[Role, ...] = ("viewer", "analyst", "admin")
            keys = {role: target.create_api_key(f"pg-{role}", role) for role in roles}
        yield url, keys


def test_a_postgresql_store_answers_the_same(
    dash: Dashboard, pg_events: tuple[str, dict[str, str]]
) -> None:
    url, keys = pg_events
    with open_event_store(url) as store:
        app = create_dashboard(store)
        for role, key in keys.items():
            pg = TestClient(app, headers={"Authorization": f"Bearer {key}"})
            lite = dash.client(role)
            for path in (
                "/api/kpis?kpi=block_rate&by=model_version",
                "/api/kpis?kpi=violation_rate:pii&by=prompt_version,feature_flag&range=7d",
                "/api/kpis?kpi=pii_leakage_rate&by=model_version&bucket=3h",
                "/api/kpis?kpi=telemetry_completeness&by=model_version",
                "/api/aggregate?group_by=category,surface",
            ):
                a, b = pg.get(path).json(), lite.get(path).json()
                for body in (a, b):
                    body.pop("start", None), body.pop("end", None)
                    body.get("rows", []).sort(key=json.dumps)  # NULLs sort apart by back-end
                assert a == b, path
            summary = pg.get("/api/summary").json()["kpis"]
            assert summary == lite.get("/api/summary").json()["kpis"]
            events = pg.get("/api/events?limit=1000&include_content=true")
            assert events.status_code == (200 if role == "admin" else 403)


def test_safety_kpis_panel_matches_saferail_kpis(dash: Dashboard) -> None:
    from saferail.governance.register import load_register
    from saferail.kpis import compute_kpis_report

    body = dash.client("viewer").get("/api/safety-kpis").json()
    shown = {k["name"]: k for k in body["kpis"]}
    expected = compute_kpis_report(store=dash.runs, register=load_register(None))
    for kpi in expected.kpis:
        assert shown[kpi.name]["value"] == kpi.value, kpi.name
        assert shown[kpi.name]["missing"] == kpi.missing, kpi.name
    # the two eval runs of one suite give the regression KPI its input; triage does not exist
    assert shown["time_to_triage"]["missing"].startswith("no data")
    page = dash.client("viewer").get("/safety-kpis")
    assert page.status_code == 200 and "Safety eval coverage" in page.text


def test_a_century_range_gets_buckets_of_at_most_a_year(dash: Dashboard) -> None:
    response = dash.client("viewer").get("/api/kpis?range=36600d")
    assert response.status_code == 200, response.text
    assert response.json()["bucket_seconds"] == 366 * 86_400
