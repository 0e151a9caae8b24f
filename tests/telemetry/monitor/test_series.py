"""KPI series per bucket and breakdown, from events in memory and from a real event store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from saferail.telemetry.access import Principal
from saferail.telemetry.monitor import compute_kpis, events_from_store, series
from saferail.telemetry.monitor.series import bucket_start
from saferail.telemetry.store import open_event_store
from tests.telemetry.monitor.helpers import HOUR, T0, blocked, event


def test_bucket_start_is_epoch_aligned() -> None:
    t = datetime(2026, 3, 2, 10, 59, 59, tzinfo=UTC)
    assert bucket_start(t, HOUR) == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert bucket_start(t, timedelta(minutes=15)) == datetime(2026, 3, 2, 10, 45, tzinfo=UTC)
    assert bucket_start(t, timedelta(days=1)) == datetime(2026, 3, 2, tzinfo=UTC)


def test_kpis_per_bucket_and_breakdown() -> None:
    events = [
        blocked(0, model_version="v1"),
        event(10, model_version="v1"),
        event(20, model_version="v2"),
        blocked(61, model_version="v2"),  # next hour
        blocked(62, model_version="v2", category="pii"),
        event(63),  # no model version
    ]
    report = compute_kpis(events, ["block_rate", "violation_rate:*"], by=["model_version"])
    v1 = report.get("block_rate", model_version="v1")
    v2 = report.get("block_rate", model_version="v2")
    none = report.get("block_rate", model_version=None)
    assert v1 is not None and v2 is not None and none is not None
    assert [(p.start, p.hits, p.total) for p in v1.points] == [(T0, 1, 2)]
    assert [(p.start, p.hits, p.total) for p in v2.points] == [(T0, 0, 1), (T0 + HOUR, 2, 2)]
    assert v2.rate == pytest.approx(2 / 3) and none.rate == 0.0
    assert {s.kpi for s in report.series} == {
        "block_rate",
        "violation_rate:pii",
        "violation_rate:prompt_injection",
    }
    assert report.start == T0 and report.end == T0 + timedelta(minutes=63)
    data = report.to_dict()
    assert data["bucket_seconds"] == 3600 and data["series"][0]["points"][0]["rate"] == 0.5


def test_series_labels() -> None:
    report = compute_kpis([event(0, feature_flag="beta")], ["block_rate"], by=["feature_flag"])
    assert report.series[0].label() == "feature_flag=beta"
    assert compute_kpis([event(0)], ["block_rate"]).series[0].label() == "(all)"


def test_events_from_store_pages_along_its_counts(
    store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite and a real PostgreSQL server (``store_location`` from tests/telemetry)."""
    events = [
        event(m * 7, request_id=f"r{m}", action="block" if m % 3 == 0 else "allow")
        for m in range(40)
    ]
    principal = Principal(name="t", role="analyst")
    with open_event_store(store_location) as store:
        store.write(events)
        monkeypatch.setattr(series, "PAGE", 3)  # force the split: days -> hours -> minutes
        read = list(events_from_store(store, principal, since=T0 + HOUR, types=None))
    expected = {e.event_id for e in events if e.time >= T0 + HOUR}
    assert len(read) == len(expected) and {e.event_id for e in read} == expected
    report = compute_kpis(read, ["block_rate"])
    assert report.series[0].total == len(expected)


def test_events_from_store_needs_an_analyst(tmp_path: Path) -> None:
    from saferail.telemetry.access import AccessDenied

    with open_event_store(tmp_path / "events.db") as store:
        store.write([event(0)])
        with pytest.raises(AccessDenied):
            list(events_from_store(store, Principal(name="v", role="viewer")))


def test_a_bucket_past_the_last_date_is_a_kpi_error() -> None:
    from saferail.telemetry.monitor.kpis import KpiError

    events = [event(0), blocked(1)]
    with pytest.raises(KpiError, match="bucket width must be at most"):
        compute_kpis(events, ["block_rate"], bucket=timedelta(days=999_999_999))  # was Overflow
    # a whole-window bucket of a thousand years (what saferail kpis uses) still works
    (whole,) = compute_kpis(events, ["block_rate"], bucket=timedelta(days=365_000)).series
    assert (whole.hits, whole.total) == (1, 2)
