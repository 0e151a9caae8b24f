"""KPI time series: observations counted per time bucket and breakdown key, from events in
memory or read from the event store through its query API."""

from __future__ import annotations

__all__ = [
    "KpiPoint",
    "KpiReport",
    "KpiSeries",
    "bucket_start",
    "compute_kpis",
    "events_from_store",
    "group_series",
]

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from saferail.telemetry.access import Principal
from saferail.telemetry.event import EventType, SafetyEvent
from saferail.telemetry.monitor.kpis import (
    DEFAULT_KPIS,
    CompletenessSpec,
    KpiError,
    Observation,
    Where,
    check_names,
    kpi_def,
    matches,
    observations,
)
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import EventStore

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAGE = 100_000  # the store's largest page
MAX_BUCKET = timedelta(days=366)
"""The widest bucket a rules file, ``--bucket`` or the dashboard may ask for."""
_WIDEST = timedelta(days=366_000)  # a whole-window "bucket" of ~1000 years still fits


def bucket_start(t: datetime, width: timedelta) -> datetime:
    """Start of the epoch-aligned bucket of ``width`` holding ``t`` (what the store uses)."""
    step = int(width.total_seconds() * 1000)
    if step <= 0:
        raise KpiError("the bucket width must be positive")
    if width > _WIDEST:  # wider ones run past the last date Python can represent
        raise KpiError(f"the bucket width must be at most {_WIDEST.days} days")
    ms = int(t.timestamp() * 1000)
    return _EPOCH + timedelta(milliseconds=ms - ms % step)


@dataclass(frozen=True)
class KpiPoint:
    """One bucket of a series: ``hits`` of ``total`` units."""

    start: datetime
    hits: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class KpiSeries:
    """A KPI for one breakdown key: its non-empty buckets in time order."""

    kpi: str
    key: dict[str, str | None]
    points: list[KpiPoint] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(p.hits for p in self.points)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.points)

    @property
    def rate(self) -> float | None:
        total = self.total
        return self.hits / total if total else None

    def label(self) -> str:
        """``model_version=v2, feature_flag=-`` (``(all)`` without a breakdown)."""
        parts = [f"{k}={v if v is not None else '-'}" for k, v in self.key.items()]
        return ", ".join(parts) or "(all)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "key": self.key,
            "hits": self.hits,
            "total": self.total,
            "rate": self.rate,
            "points": [
                {"start": p.start.isoformat(), "hits": p.hits, "total": p.total, "rate": p.rate}
                for p in self.points
            ],
        }


@dataclass
class KpiReport:
    """Every series computed in one pass, with the bucket width and the time span seen."""

    bucket: timedelta
    series: list[KpiSeries]
    start: datetime | None = None
    end: datetime | None = None

    def get(self, kpi: str, **key: str | None) -> KpiSeries | None:
        """The series of ``kpi`` whose key is exactly ``key``."""
        return next((s for s in self.series if s.kpi == kpi and s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket_seconds": self.bucket.total_seconds(),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "series": [s.to_dict() for s in self.series],
        }


def group_series(
    kpi: str, units: Iterable[Observation], by: Sequence[str], bucket: timedelta
) -> list[KpiSeries]:
    """Count time-ordered ``units`` per breakdown key and bucket."""
    found: dict[tuple[str | None, ...], KpiSeries] = {}
    for o in units:
        values = tuple(o.attrs.get(b) for b in by)
        series = found.get(values)
        if series is None:
            series = found[values] = KpiSeries(kpi, dict(zip(by, values, strict=True)))
        last = series.points[-1] if series.points else None
        if last is not None and last.start <= o.time < last.start + bucket:
            series.points[-1] = KpiPoint(last.start, last.hits + o.hit, last.total + 1)
        else:
            series.points.append(KpiPoint(bucket_start(o.time, bucket), int(o.hit), 1))
    return sorted(found.values(), key=lambda s: tuple((v is None, v or "") for v in s.key.values()))


def _expand(names: Sequence[str], events: Sequence[SafetyEvent], where: Where | None) -> list[str]:
    out: list[str] = []
    for name in names:
        if name == "violation_rate:*":
            cats = sorted({c for e in events if matches(e, where) for c in e.categories})
            out.extend(f"violation_rate:{c}" for c in cats)
        else:
            kpi_def(name)
            out.append(name)
    return out


def compute_kpis(
    events: Iterable[SafetyEvent],
    kpis: Sequence[str] = DEFAULT_KPIS,
    *,
    by: Sequence[str] = (),
    bucket: timedelta = timedelta(hours=1),
    where: Where | None = None,
    completeness: CompletenessSpec | None = None,
) -> KpiReport:
    """KPIs (see :mod:`saferail.telemetry.monitor.kpis`) per bucket and breakdown key.

    ``kpis`` may name ``violation_rate:*`` for one series per finding category seen; KPIs
    without any unit are left out."""
    check_names(by, where)
    bucket_start(_EPOCH, bucket)  # validates the width
    items = list(events)
    series: list[KpiSeries] = []
    for name in _expand(kpis, items, where):
        units = observations(kpi_def(name), items, where=where, completeness=completeness, by=by)
        series.extend(group_series(name, units, by, bucket))
    times = [e.time for e in items]
    return KpiReport(bucket, series, min(times, default=None), max(times, default=None))


def events_from_store(
    store: EventStore,
    principal: Principal,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    types: Sequence[EventType] | None = ("guard.decision", "telemetry.gap"),
) -> Iterator[SafetyEvent]:
    """Every stored event in ``[since, until)`` of ``types`` (analyst role), read in pages
    of at most 100,000: a range holding more is split along the store's own per-bucket
    counts (days, then hours, minutes, seconds) so no event is missed or read twice."""
    query = EventQuery(since=since, until=until, types=list(types) if types else None)
    yield from _read(store, principal, query, timedelta(days=1))


def _read(
    store: EventStore, principal: Principal, query: EventQuery, width: timedelta
) -> Iterator[SafetyEvent]:
    if store.count(principal, query) <= PAGE:
        yield from store.events(principal, query.model_copy(update={"limit": PAGE}))
        return
    if width < timedelta(seconds=1):
        raise KpiError("more than 100,000 events in one millisecond: cannot page the store")
    for row in store.aggregate(principal, query, bucket=width):
        assert row.bucket is not None
        lo = max(row.bucket, query.since) if query.since else row.bucket
        hi = row.bucket + width
        hi = min(hi, query.until) if query.until else hi
        part = query.model_copy(update={"since": lo, "until": hi})
        yield from _read(store, principal, part, _finer(width))


def _finer(width: timedelta) -> timedelta:
    for step in (timedelta(hours=1), timedelta(minutes=1), timedelta(seconds=1)):
        if step < width:
            return step
    return timedelta(milliseconds=1)
