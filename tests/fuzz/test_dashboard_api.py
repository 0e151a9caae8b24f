"""schemathesis against the dashboard's own OpenAPI schema (FastAPI's ``/openapi.json``):
generated requests to every GET route of its JSON API on a live loopback server, with an
admin key. No request may produce a server error (5xx), valid or not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis.errors import Unsatisfiable

from saferail.dashboard import DashboardConfig, create_dashboard
from saferail.evals.store import RunStore
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.store import open_event_store
from tests.dashboard.conftest import world  # noqa: F401  (the seeded stores)
from tests.dashboard.seed import World
from tests.fuzz._profile import FUZZ
from tests.gateway.conftest import serve_in_thread

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402


@pytest.fixture(scope="module")
def live_dashboard(world: World) -> Iterator[tuple[str, dict[str, Any], str]]:  # noqa: F811
    events = open_event_store(world.events_path)
    runs = RunStore(world.runs_path)
    alerts = AlertHistory(world.alerts_path)
    app = create_dashboard(
        events, runs, alerts=alerts, reports_dir=world.reports_dir, config=DashboardConfig()
    )
    server, thread, port = serve_in_thread(app)
    try:
        yield f"http://127.0.0.1:{port}", app.openapi(), world.keys["admin"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        events.close()
        runs.close()


def _get_routes(schema: dict[str, Any]) -> list[str]:
    return sorted(p for p, ops in schema["paths"].items() if p.startswith("/api/") and "get" in ops)


def test_dashboard_api_never_fails_with_a_server_error(
    live_dashboard: tuple[str, dict[str, Any], str],
) -> None:
    base, document, key = live_dashboard
    schema = schemathesis.openapi.from_dict(document)
    routes = _get_routes(document)
    assert "/api/kpis" in routes and "/api/safety-kpis" in routes
    headers = {"Authorization": f"Bearer {key}"}
    tried: list[tuple[str, str]] = []
    no_invalid: list[str] = []
    for path in routes:
        has_params = bool(document["paths"][path]["get"].get("parameters"))
        for mode in ("positive", "negative") if has_params else ("positive",):
            strategy = schema[path]["GET"].as_strategy(generation_mode=GenerationMode(mode))

            @settings(FUZZ, max_examples=min(FUZZ.max_examples, 15))
            @given(case=strategy)
            def run(case: Any) -> None:
                response = case.call(base_url=base, headers=headers, timeout=30)
                case.validate_response(response, checks=[st_checks.not_a_server_error])

            try:
                run()
            except Unsatisfiable:
                if mode == "positive":
                    raise
                no_invalid.append(path)  # every value of its parameters is valid
                continue
            tried.append((path, mode))
    assert len(tried) > len(routes)  # some routes also got invalid parameters
