"""Dashboard settings (:class:`DashboardConfig`): sessions, cookies and read limits."""

from __future__ import annotations

__all__ = ["BREAKDOWNS", "RANGES", "DashboardConfig"]

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field

RANGES: dict[str, tuple[timedelta, timedelta]] = {
    "1h": (timedelta(hours=1), timedelta(minutes=1)),
    "6h": (timedelta(hours=6), timedelta(minutes=15)),
    "24h": (timedelta(days=1), timedelta(hours=1)),
    "7d": (timedelta(days=7), timedelta(hours=6)),
    "30d": (timedelta(days=30), timedelta(days=1)),
    "90d": (timedelta(days=90), timedelta(days=1)),
}
"""Time ranges the pages offer, each with its default bucket width."""

BREAKDOWNS: tuple[str, ...] = (
    "model_version",
    "prompt_version",
    "feature_flag",
    "model",
    "tenant",
    "surface",
    "policy_version",
)
"""What a KPI chart can be broken down by (attributes both the store and the monitor know)."""


class DashboardConfig(BaseModel):
    """How the dashboard authenticates and how much it reads per request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field("saferail", max_length=80, description="Shown in the page header.")
    session_ttl_s: float = Field(
        8 * 3600, gt=0, description="A login lasts this long (then the key is asked again)."
    )
    max_sessions: int = Field(10_000, ge=1, description="Oldest sessions are dropped beyond.")
    cookie_secure: bool | None = Field(
        None,
        description="Mark the session cookie Secure (None: when the request came over https).",
    )
    default_range: str = Field("24h", description="The KPI range shown first (a RANGES key).")
    max_buckets: int = Field(2000, ge=10, description="Largest number of points per series.")
    event_kpi_limit: int = Field(
        50_000,
        ge=1,
        description="grounded_ratio and telemetry_completeness are counted from events; over "
        "this many events in the range they are not computed (narrow the range).",
    )
    events_page_max: int = Field(1000, ge=1, le=100_000, description="Most events per page.")
    aggregate_rows_max: int = Field(
        20_000,
        ge=1,
        description="Most rows /api/aggregate answers and most points a KPI chart's series "
        "hold together; over it the request is a 400 (narrow the range, bucket or breakdown).",
    )
    runs_limit: int = Field(200, ge=1, description="Runs listed per page.")
