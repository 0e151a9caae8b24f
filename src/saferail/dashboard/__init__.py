"""The saferail dashboard: a FastAPI web UI and JSON API over the telemetry event store and
the eval/red-team run store. KPI time series with breakdowns, recent alerts, eval run
comparisons and red-team findings, behind API-key logins and the store's roles. See
docs/telemetry/dashboard.md; ``saferail dashboard`` serves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
    from saferail.dashboard.app import create_dashboard
    from saferail.dashboard.config import DashboardConfig
    from saferail.dashboard.errors import DashboardError

_LAZY = {
    "create_dashboard": "saferail.dashboard.app",
    "DashboardConfig": "saferail.dashboard.config",
    "DashboardError": "saferail.dashboard.errors",
}

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

__all__ = ["DashboardConfig", "DashboardError", "create_dashboard"]
