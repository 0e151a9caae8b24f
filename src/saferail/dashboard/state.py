"""What every dashboard route needs: the stores, the alert history, the report index, the
settings and the authenticator (``app.state.dashboard``), and the caller's principal."""

from __future__ import annotations

__all__ = ["DashboardState", "caller", "need", "state_of"]

from dataclasses import dataclass

from starlette.requests import Request

from saferail.dashboard.auth import Authenticator
from saferail.dashboard.config import DashboardConfig
from saferail.dashboard.errors import DashboardError
from saferail.dashboard.redteam import ReportIndex
from saferail.evals._sqlstore import SqlRunStore
from saferail.telemetry.access import Principal, Role, require
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.store import EventStore


class NotConfigured(DashboardError):
    """The dashboard was started without the store this page needs."""

    status = 404
    code = "not_configured"


@dataclass
class DashboardState:
    events: EventStore
    runs: SqlRunStore | None
    alerts: AlertHistory | None
    reports: ReportIndex | None
    config: DashboardConfig
    auth: Authenticator

    def run_store(self) -> SqlRunStore:
        if self.runs is None:
            raise NotConfigured("no run store configured (start the dashboard with --runs)")
        return self.runs


def state_of(request: Request) -> DashboardState:
    state: DashboardState = request.app.state.dashboard
    return state


def caller(request: Request) -> Principal:
    """The authenticated principal (FastAPI dependency); cached on the request."""
    found: Principal | None = getattr(request.state, "principal", None)
    if found is None:
        found = state_of(request).auth.principal(request)
        request.state.principal = found
    return found


def need(principal: Principal, role: Role, what: str) -> None:
    """:class:`~saferail.telemetry.access.AccessDenied` (403) unless ``principal`` has
    at least ``role``."""
    require(principal, role, what)
