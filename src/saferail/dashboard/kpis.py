"""KPI time series for the dashboard, with the same definitions as the monitor
(:mod:`saferail.telemetry.monitor.kpis`) and the same epoch-aligned UTC buckets.

Rates that are plain counts of guard decisions (block, violation, violation per category,
uncertain, error, refusal and PII leakage rates) come from :meth:`EventStore.aggregate` under
the caller's own principal, so a viewer gets them and the database does the counting.
``grounded_ratio`` and ``telemetry_completeness`` need each event's checks and request ids:
they are counted from events read under the dashboard's own analyst principal, and only the
counts leave the server (what a viewer could already learn from ``aggregate``). Over
``event_kpi_limit`` events in the range they are not computed.
"""

from __future__ import annotations

__all__ = [
    "EVENT_KPIS",
    "KPI_CHOICES",
    "SERVICE",
    "Window",
    "capped",
    "categories_seen",
    "kpi_report",
    "kpi_summary",
    "resolve_window",
]

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from saferail.dashboard.config import BREAKDOWNS, RANGES, DashboardConfig
from saferail.dashboard.errors import BadRequest
from saferail.telemetry.access import Principal
from saferail.telemetry.monitor.kpis import KpiError, kpi_def
from saferail.telemetry.monitor.rules import parse_duration
from saferail.telemetry.monitor.series import (
    MAX_BUCKET,
    KpiPoint,
    KpiReport,
    KpiSeries,
    compute_kpis,
    events_from_store,
)
from saferail.telemetry.query import AggregateRow, EventQuery
from saferail.telemetry.store import EventStore

SERVICE = Principal(name="dashboard", role="analyst")
"""The principal the dashboard counts event-level KPIs under (never reads content)."""

_COUNTED = {
    "block_rate": "blocked",
    "violation_rate": "failed",
    "uncertain_rate": "uncertain",
    "error_rate": "errors",
}
_OUTPUT_CATEGORY = {"pii_leakage_rate": "pii", "refusal_rate": "refusal"}
EVENT_KPIS = ("grounded_ratio", "telemetry_completeness")
KPI_CHOICES: tuple[str, ...] = (*_COUNTED, *_OUTPUT_CATEGORY, *EVENT_KPIS)
"""KPIs the pages offer (plus ``violation_rate:<category>`` for each category seen)."""


_WHOLE_MAX = timedelta(days=366_000)
"""The widest bucket :func:`compute_kpis` takes: a longer range is summed over a few."""


@dataclass(frozen=True)
class Window:
    """The time range of a chart and its bucket width."""

    since: datetime
    until: datetime
    bucket: timedelta
    label: str


def _duration(text: str, what: str) -> timedelta:
    try:
        value = parse_duration(text)
    except ValueError as exc:  # not a duration, or one past what Python can represent
        raise BadRequest(f"{what}: {exc}") from None
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise BadRequest(f"{what}: expected a duration such as 15m, 1h or 7d (got {text!r})")
    return value


def resolve_window(
    range_: str | None,
    bucket: str | None,
    config: DashboardConfig,
    now: datetime | None = None,
) -> Window:
    """``range_`` (``24h``, ``7d``, any duration) back from ``now``, in buckets of ``bucket``
    (default: the range's own); too many buckets is a :class:`BadRequest`."""
    label = range_ or config.default_range
    span, width = RANGES.get(label) or (_duration(label, "range"), None)
    end = now or datetime.now(UTC)
    try:
        since = end - span
    except OverflowError:
        raise BadRequest(f"range: {label} reaches back before the year 1") from None
    if bucket:
        width = _duration(bucket, "bucket")
    if width is None:
        width = min(max(timedelta(minutes=1), span / 48), MAX_BUCKET)
    if width < timedelta(seconds=1):
        raise BadRequest("bucket: must be at least 1s")
    if width > MAX_BUCKET:
        raise BadRequest(f"bucket: must be at most {MAX_BUCKET.days} days")
    if span / width > config.max_buckets:
        raise BadRequest(
            f"bucket: {label} in buckets of {width} is more than {config.max_buckets} points"
        )
    return Window(since, end, width, label)


def parse_by(value: str | None) -> list[str]:
    """A comma-separated breakdown (at most two of :data:`BREAKDOWNS`)."""
    dims = [d.strip() for d in (value or "").split(",") if d.strip()]
    for d in dims:
        if d not in BREAKDOWNS:
            raise BadRequest(f"by: cannot break down by {d!r} (one of: {', '.join(BREAKDOWNS)})")
    if len(dims) > 2 or len(set(dims)) != len(dims):
        raise BadRequest("by: name at most two different breakdowns")
    return dims


def _query(w: Window, **extra: Any) -> EventQuery:
    return EventQuery(since=w.since, until=w.until, types=["guard.decision"], **extra)


def capped(rows: list[AggregateRow], limit: int) -> list[AggregateRow]:
    """``rows``, or a :class:`BadRequest` when there are more than ``limit`` of them."""
    if len(rows) > limit:
        raise BadRequest(
            f"more than {limit:,} rows (groups times buckets): narrow the range, "
            "use a wider bucket or group by fewer keys"
        )
    return rows


def categories_seen(store: EventStore, principal: Principal, w: Window) -> list[str]:
    """Finding categories of the guard decisions in the window."""
    rows = store.aggregate(principal, _query(w), group_by=["category"])
    return sorted({c for r in rows if (c := r.group.get("category")) is not None})


def _series(
    kpi: str,
    by: Sequence[str],
    totals: Iterable[AggregateRow],
    hits: dict[tuple[Any, ...], int],
    field: str | None,
) -> list[KpiSeries]:
    found: dict[tuple[str | None, ...], KpiSeries] = {}
    for row in totals:
        values = tuple(row.group.get(b) for b in by)
        series = found.setdefault(values, KpiSeries(kpi, dict(zip(by, values, strict=True))))
        assert row.bucket is not None
        count = getattr(row, field) if field else hits.get((row.bucket, values), 0)
        series.points.append(KpiPoint(row.bucket, int(count), row.events))
    for s in found.values():
        s.points.sort(key=lambda p: p.start)
    return sorted(found.values(), key=lambda s: tuple((v is None, v or "") for v in s.key.values()))


def _counted(
    store: EventStore, principal: Principal, kpi: str, w: Window, by: Sequence[str], limit: int
) -> list[KpiSeries]:
    if kpi in _COUNTED:
        rows = store.aggregate(principal, _query(w), group_by=by, bucket=w.bucket, max_rows=limit)
        return _series(kpi, by, capped(rows, limit), {}, _COUNTED[kpi])
    if kpi in _OUTPUT_CATEGORY:
        query, category = _query(w, surfaces=["output"]), _OUTPUT_CATEGORY[kpi]
    else:
        query, category = _query(w), kpi.partition(":")[2]
    totals = capped(
        store.aggregate(principal, query, group_by=by, bucket=w.bucket, max_rows=limit), limit
    )
    with_cat = query.model_copy(update={"category": category})
    hits = {
        (r.bucket, tuple(r.group.get(b) for b in by)): r.events
        for r in store.aggregate(principal, with_cat, group_by=by, bucket=w.bucket)
    }
    return _series(kpi, by, totals, hits, None)


def _from_events(
    store: EventStore, kpis: Sequence[str], w: Window, by: Sequence[str], limit: int
) -> KpiReport | None:
    types = ["guard.decision", "telemetry.gap"]
    if store.count(SERVICE, EventQuery(since=w.since, until=w.until, types=types)) > limit:
        return None
    events = events_from_store(store, SERVICE, since=w.since, until=w.until)
    return compute_kpis(events, kpis, by=by, bucket=w.bucket)


def kpi_report(
    store: EventStore,
    principal: Principal,
    kpi: str,
    w: Window,
    by: Sequence[str],
    config: DashboardConfig,
) -> dict[str, Any]:
    """One KPI's series per breakdown key, as the API answers it."""
    try:
        info = kpi_def(kpi)
    except KpiError as exc:
        raise BadRequest(f"kpi: {exc}") from None
    note = None
    if kpi in EVENT_KPIS:
        report = _from_events(store, [kpi], w, by, config.event_kpi_limit)
        series = report.series if report is not None else []
        if report is None:
            note = f"more than {config.event_kpi_limit:,} events in the range: narrow it"
    else:
        series = _counted(store, principal, kpi, w, by, config.aggregate_rows_max)
    body = KpiReport(w.bucket, series, w.since, w.until).to_dict()
    for item, s in zip(body["series"], series, strict=True):
        item["label"] = s.label()
    body.update(
        kpi=kpi, description=info.description, better=info.better, by=list(by), range=w.label
    )
    body["note"] = note
    return body


def kpi_summary(
    store: EventStore,
    principal: Principal,
    w: Window,
    config: DashboardConfig,
    *,
    event_kpis: bool = True,
) -> dict[str, Any]:
    """Totals over the whole window and each KPI's overall rate (the overview cards).
    ``event_kpis=False`` leaves out the two KPIs counted from events (``computed: null``):
    the overview page fetches them after it has loaded."""
    totals = store.aggregate(principal, EventQuery(since=w.since, until=w.until))
    everything = totals[0] if totals else AggregateRow()
    rates = _counted_overall(store, principal, w)
    width = min(w.until - w.since + timedelta(days=1), _WHOLE_MAX)  # the series are summed
    whole = Window(w.since, w.until, width, w.label)
    event_side = None
    if event_kpis:
        event_side = _from_events(store, EVENT_KPIS, whole, (), config.event_kpi_limit)
    for name in EVENT_KPIS:
        found = [] if event_side is None else [s for s in event_side.series if s.kpi == name]
        item = _overall(name, found)
        item["computed"] = (event_side is not None) if event_kpis else None
        rates.append(item)
    return {
        "range": w.label,
        "since": w.since.isoformat(),
        "until": w.until.isoformat(),
        "events": everything.events,
        "dropped": everything.dropped,
        "kpis": rates,
    }


def _counted_overall(store: EventStore, principal: Principal, w: Window) -> list[dict[str, Any]]:
    """Every counted KPI over the whole window, in four queries."""
    (decisions,) = store.aggregate(principal, _query(w)) or [AggregateRow()]
    out = [_rate(k, getattr(decisions, f), decisions.events) for k, f in _COUNTED.items()]
    outputs = store.aggregate(principal, _query(w, surfaces=["output"]))
    responses = outputs[0].events if outputs else 0
    found = store.aggregate(principal, _query(w, surfaces=["output"]), group_by=["category"])
    per_output = {r.group["category"]: r.events for r in found}
    out += [_rate(k, per_output.get(c, 0), responses) for k, c in _OUTPUT_CATEGORY.items()]
    per_decision = store.aggregate(principal, _query(w), group_by=["category"])
    for row in per_decision:
        if (category := row.group["category"]) is not None:
            out.append(_rate(f"violation_rate:{category}", row.events, decisions.events))
    return out


def _overall(name: str, series: Sequence[KpiSeries]) -> dict[str, Any]:
    return _rate(name, sum(s.hits for s in series), sum(s.total for s in series))


def _rate(name: str, hits: int, total: int) -> dict[str, Any]:
    info = kpi_def(name)
    return {
        "kpi": name,
        "description": info.description,
        "better": info.better,
        "hits": hits,
        "total": total,
        "rate": hits / total if total else None,
    }
