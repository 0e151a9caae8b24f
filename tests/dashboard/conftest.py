"""Dashboard fixtures: the seeded stores (built once per session, see ``seed``), the app over
them, and HTTP clients per role (Starlette's TestClient runs the real app in process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from saferail.dashboard import DashboardConfig, create_dashboard
from saferail.evals.store import RunStore
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.store import EventStore, open_event_store
from tests.dashboard.seed import World, build_world


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("dashboard-world")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAFERAIL_HOME", str(root / "home"))
        return build_world(root)


@dataclass
class Dashboard:
    app: FastAPI
    events: EventStore
    runs: RunStore
    alerts: AlertHistory
    world: World

    def client(self, role: str | None = None, **kwargs: Any) -> TestClient:
        """A client sending the ``role``'s key as a bearer token (none: anonymous)."""
        headers = {"Authorization": f"Bearer {self.world.keys[role]}"} if role else {}
        return TestClient(self.app, headers=headers, **kwargs)

    def key(self, name: str, role: str) -> str:
        return self.events.create_api_key(name, role)  # type: ignore[arg-type]


MakeDashboard = Callable[..., Dashboard]


@pytest.fixture
def make_dashboard(world: World) -> Iterator[MakeDashboard]:
    """``make_dashboard(**create_dashboard options)``: the app over the seeded stores."""
    opened: list[Any] = []

    def make(*, with_runs: bool = True, with_alerts: bool = True, **options: Any) -> Dashboard:
        events = open_event_store(world.events_path)
        runs = RunStore(world.runs_path)
        alerts = AlertHistory(world.alerts_path)
        opened.extend([events, runs, alerts])
        options.setdefault("reports_dir", world.reports_dir)
        options.setdefault("config", DashboardConfig())
        app = create_dashboard(
            events,
            runs if with_runs else None,
            alerts=alerts if with_alerts else None,
            **options,
        )
        return Dashboard(app, events, runs, alerts, world)

    yield make
    for item in opened:
        item.close()


@pytest.fixture
def dash(make_dashboard: MakeDashboard) -> Dashboard:
    return make_dashboard()


def artifacts_dir(base: Path) -> Path:
    """Where screenshots go: under pytest's basetemp (and copied to ``test-artifacts/``)."""
    out = base / "dashboard-screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out
