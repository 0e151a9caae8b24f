"""Time windows and breakdowns the KPI routes accept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saferail.dashboard import DashboardConfig
from saferail.dashboard.errors import BadRequest
from saferail.dashboard.kpis import parse_by, resolve_window

NOW = datetime(2026, 5, 4, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("range_", "bucket", "span", "width"),
    [
        (None, None, timedelta(days=1), timedelta(hours=1)),
        ("7d", None, timedelta(days=7), timedelta(hours=6)),
        ("1h", "5m", timedelta(hours=1), timedelta(minutes=5)),
        ("3d", None, timedelta(days=3), timedelta(hours=1.5)),
        ("90s", None, timedelta(seconds=90), timedelta(minutes=1)),
    ],
)
def test_windows(range_: str | None, bucket: str | None, span: timedelta, width: timedelta) -> None:
    w = resolve_window(range_, bucket, DashboardConfig(), NOW)
    assert (w.until, w.until - w.since, w.bucket) == (NOW, span, width)
    assert w.label == (range_ or "24h")


@pytest.mark.parametrize(
    ("range_", "bucket", "message"),
    [
        ("yesterday", None, "range: expected a duration"),
        ("-1h", None, "range: expected a duration"),
        ("1h", "0s", "bucket: expected a duration"),
        ("1h", "500ms", "bucket: must be at least 1s"),
        ("90d", "1m", "more than 2000 points"),
    ],
)
def test_bad_windows(range_: str, bucket: str | None, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        resolve_window(range_, bucket, DashboardConfig(), NOW)


def test_the_point_limit_is_configurable() -> None:
    config = DashboardConfig(max_buckets=10)
    with pytest.raises(BadRequest, match="more than 10 points"):
        resolve_window("1h", "1m", config, NOW)
    assert resolve_window("1h", "6m", config, NOW).bucket == timedelta(minutes=6)


def test_breakdowns() -> None:
    assert parse_by(None) == [] and parse_by(" model_version , feature_flag ") == [
        "model_version",
        "feature_flag",
    ]
    for bad, message in [
        ("user_hash", "cannot break down by 'user_hash'"),
        ("model,model", "at most two different"),
        ("model,tenant,surface", "at most two different"),
    ]:
        with pytest.raises(BadRequest, match=message):
            parse_by(bad)
