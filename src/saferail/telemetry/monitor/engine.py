"""One-shot evaluation of alert rules over events: KPIs, detector alarms, alerts.

For each rule, the KPI's units matching the rule's ``where`` are grouped by its ``by`` key; a
fresh detector per key is fed, in time order, either every unit (``cusum``: ``unit ==
"event"``) or one observation per time bucket from the key's first bucket to the last bucket
seen (empty buckets included, so windows are measured in time). Detectors always watch the bad
direction: hits for a KPI where lower is better, misses (ungrounded responses, incomplete
requests) for one where higher is better. Alarms of every rule are then handed to the
:class:`~saferail.telemetry.monitor.alerts.AlertManager` in time order.
"""

from __future__ import annotations

__all__ = ["Monitor", "MonitorResult", "RuleAlarm"]

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor.alerts import Alert, AlertManager
from saferail.telemetry.monitor.detectors import Alarm
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.monitor.kpis import KpiDef, Observation, kpi_def, observations
from saferail.telemetry.monitor.registry import MonitorError, build_detector
from saferail.telemetry.monitor.rules import MonitorConfig, RuleConfig
from saferail.telemetry.monitor.series import (
    KpiPoint,
    KpiReport,
    KpiSeries,
    bucket_start,
    compute_kpis,
    group_series,
)
from saferail.telemetry.monitor.sinks import AlertSink, build_sinks

MAX_BUCKETS = 1_000_000


@dataclass(frozen=True)
class RuleAlarm:
    """A detector alarm of one rule for one key, placed in time (bucket start or unit time)."""

    rule: str
    kpi: str
    key: dict[str, str | None]
    time: datetime
    alarm: Alarm
    value: float | None


@dataclass
class MonitorResult:
    """What one evaluation found: the KPI report, every alarm, the alerts it opened, and the
    earlier failed alerts it delivered again (``resent``)."""

    report: KpiReport
    alarms: list[RuleAlarm] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    resent: list[Alert] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kpis": self.report.to_dict(),
            "alarms": len(self.alarms),
            "alerts": [a.payload() for a in self.alerts],
            "resent": [a.payload() for a in self.resent],
        }


class Monitor:
    """Evaluates a :class:`MonitorConfig` over events (sinks and history from the config
    unless given; ``send=False`` records alerts as ``quiet`` without delivering them)."""

    def __init__(
        self,
        config: MonitorConfig,
        *,
        sinks: Sequence[AlertSink] | None = None,
        history: AlertHistory | None = None,
        send: bool = True,
    ) -> None:
        self.config = config
        if history is None and config.history is not None:
            history = AlertHistory(config.history)
        self.history = history
        self.manager = AlertManager(
            build_sinks(config.sinks) if sinks is None else sinks,
            dedup_window=config.dedup_window,
            cooldown=config.cooldown,
            history=history,
            send=send,
            resend_attempts=config.resend_attempts,
        )

    def close(self) -> None:
        """Close the alert history and any sink that holds a connection."""
        for sink in self.manager.sinks:
            close = getattr(sink, "close", None)
            if callable(close):
                close()
        if self.history is not None:
            self.history.close()

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, events: Iterable[SafetyEvent]) -> MonitorResult:
        """Deliver earlier failed alerts again, then compute the KPI report and run every rule
        over ``events`` (see the module doc)."""
        items = list(events)
        resent = self.manager.resend_failed()
        c = self.config
        report = compute_kpis(items, c.kpis, by=c.by, bucket=c.bucket, completeness=c.completeness)
        alarms = [a for rule in c.rules for a in self.rule_alarms(rule, items)]
        alarms.sort(key=lambda a: a.time)
        opened: list[Alert] = []
        for a in alarms:
            rule = next(r for r in c.rules if r.name == a.rule)
            alert = self.manager.submit(
                rule=a.rule,
                kpi=a.kpi,
                key=a.key,
                time=a.time,
                alarm=a.alarm,
                value=a.value,
                severity=rule.severity,
                dedup_window=rule.dedup_window,
                cooldown=rule.cooldown,
            )
            if alert is not None:
                opened.append(alert)
        return MonitorResult(report, alarms, opened, resent)

    def rule_alarms(self, rule: RuleConfig, events: Sequence[SafetyEvent]) -> list[RuleAlarm]:
        """Every alarm ``rule`` raises over ``events`` (no dedup, nothing sent)."""
        kpi = kpi_def(rule.kpi)
        spec = self.config.completeness
        units = observations(kpi, events, where=rule.where, completeness=spec, by=rule.by)
        bucket = self.config.bucket
        groups: dict[tuple[str | None, ...], list[Observation]] = {}
        for u in units:
            groups.setdefault(tuple(u.attrs.get(b) for b in rule.by), []).append(u)
        out: list[RuleAlarm] = []
        for series in group_series(rule.kpi, units, rule.by, bucket):
            mine = groups[tuple(series.key.get(b) for b in rule.by)]
            try:
                out.extend(_run(rule, kpi, series, mine, bucket))
            except MonitorError as exc:  # which rule and series, not only what went wrong
                raise MonitorError(f"rule {rule.name!r} ({series.label()}): {exc}") from None
        return out


def _run(
    rule: RuleConfig, kpi: KpiDef, series: KpiSeries, units: list[Observation], bucket: timedelta
) -> list[RuleAlarm]:
    detector = build_detector(rule.detector, rule.params)
    flip = kpi.better == "higher"
    rates = {p.start: p.rate for p in series.points}
    found: list[RuleAlarm] = []

    def keep(alarm: Alarm | None, when: datetime) -> None:
        if alarm is not None:
            value = rates.get(bucket_start(when, bucket))
            found.append(RuleAlarm(rule.name, rule.kpi, series.key, when, alarm, value))

    if detector.unit == "event":
        for u in units:
            keep(detector.update(float(u.hit != flip), 1.0), u.time)
        return found
    for point in _dense(series.points, bucket):
        bad = point.total - point.hits if flip else point.hits
        keep(detector.update(float(bad), float(point.total)), point.start)
    return found


def _dense(points: list[KpiPoint], bucket: timedelta) -> Iterable[KpiPoint]:
    """The points with empty buckets filled in between the first and the last."""
    if not points:
        return
    n = int((points[-1].start - points[0].start) / bucket) + 1
    if n > MAX_BUCKETS:
        raise MonitorError(f"{n} buckets in one series: use a wider bucket or a shorter span")
    by_start = {p.start: p for p in points}
    for i in range(n):
        start = points[0].start + i * bucket
        yield by_start.get(start, KpiPoint(start, 0, 0))
