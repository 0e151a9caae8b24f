"""Alerts: detector alarms turned into deduplicated, cooled-down notifications, kept in a
history.

For one rule and one breakdown key, the :class:`AlertManager` applies, in event time:

1. **replay guard** -- an alarm at or before the ``last_seen`` of the latest alert already
   recorded for that rule and key was handled before (re-running the monitor over the same
   events, with a persistent history, sends nothing twice);
2. **dedup** -- an alarm at most ``dedup_window`` after that alert's ``first_seen`` folds into it
   (``count`` + 1, ``last_seen`` moves); no new notification;
3. **cool-down** -- otherwise a new alert is opened; it is sent to the sinks unless the last
   *notified* alert of that rule and key was raised less than ``cooldown`` before, in which
   case it is recorded as ``suppressed``. An alert that no sink took (every delivery
   failed) notified nobody, so it does not start a cool-down: the next alert is sent.
4. **redelivery** -- an alert a sink failed to take is not dropped:
   :meth:`AlertManager.resend_failed` (run first by every monitor evaluation) and any later
   alarm folded into it deliver it again to the sinks that failed, up to ``resend_attempts``
   tries per sink. Once every sink took it its status becomes ``sent``; once one did, it
   starts the cool-down like any notification.

Statuses: ``sent`` (every sink took it), ``failed`` (a sink failed; see ``deliveries``),
``suppressed`` (cool-down) and ``quiet`` (the manager was built with ``send=False``).
"""

from __future__ import annotations

__all__ = ["Alert", "AlertManager", "AlertStatus", "Delivery"]

import json
import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.telemetry.monitor.detectors import Alarm

if TYPE_CHECKING:
    from saferail.telemetry.monitor.history import AlertHistory
    from saferail.telemetry.monitor.sinks import AlertSink

AlertStatus = Literal["sent", "failed", "suppressed", "quiet"]


class Delivery(BaseModel):
    """How one sink took one alert."""

    model_config = ConfigDict(extra="forbid")

    sink: str
    ok: bool
    error: str | None = None
    attempts: int = Field(1, ge=1, description="Tries to deliver to this sink so far.")


class Alert(BaseModel):
    """One alert: a rule fired for a breakdown key (``count`` alarms folded into it)."""

    model_config = ConfigDict(extra="forbid")

    alert_id: str = Field(default_factory=lambda: os.urandom(8).hex())
    rule: str
    kpi: str
    key: dict[str, str | None] = Field(default_factory=dict)
    detector: str
    severity: str = "medium"
    status: AlertStatus = "quiet"
    first_seen: datetime
    last_seen: datetime
    count: int = 1
    statistic: float
    threshold: float
    direction: Literal["up", "down"] = "up"
    value: float | None = Field(None, description="The KPI in the bucket of the first alarm.")
    details: dict[str, float] = Field(default_factory=dict)
    deliveries: list[Delivery] = Field(default_factory=list)

    @property
    def key_text(self) -> str:
        return json.dumps(self.key, sort_keys=True)

    @property
    def message(self) -> str:
        """One line: severity, rule, KPI and key, value, statistic vs threshold, time."""
        key = ", ".join(f"{k}={v if v is not None else '-'}" for k, v in self.key.items())
        value = "n/a" if self.value is None else f"{self.value:.4g}"
        cmp = "<=" if self.detector == "binomial" else (">" if self.direction == "up" else "<")
        return (
            f"[{self.severity}] {self.rule}: {self.kpi}"
            + (f" ({key})" if key else "")
            + f" = {value} went {self.direction}; {self.detector} {self.statistic:.4g} "
            f"{cmp} {self.threshold:.4g} at {self.first_seen.isoformat()}"
            + (f" (x{self.count})" if self.count > 1 else "")
        )

    def payload(self) -> dict[str, Any]:
        """The alert as JSON-ready data (what webhooks receive)."""
        return {**self.model_dump(mode="json"), "message": self.message}


def reached(alert: Alert) -> bool:
    """Whether a delivered alert notified anyone: some sink took it, or there were none."""
    return not alert.deliveries or any(d.ok for d in alert.deliveries)


class AlertManager:
    """Dedup, cool-down, delivery and history of alerts (see the module docstring)."""

    def __init__(
        self,
        sinks: Sequence[AlertSink] = (),
        *,
        dedup_window: timedelta = timedelta(hours=1),
        cooldown: timedelta = timedelta(hours=6),
        history: AlertHistory | None = None,
        send: bool = True,
        resend_attempts: int = 5,
    ) -> None:
        if resend_attempts < 1:
            raise ValueError("resend_attempts must be at least 1")
        self.sinks = list(sinks)
        self.dedup_window = dedup_window
        self.cooldown = cooldown
        self.history = history
        self.send = send
        self.resend_attempts = resend_attempts
        self._alerts: dict[str, Alert] = {}
        self._known: dict[str, Alert] = {}  # one object per alert id (history rows included)
        self._latest: dict[tuple[str, str], Alert] = {}
        self._notified: dict[tuple[str, str], datetime] = {}

    @property
    def alerts(self) -> list[Alert]:
        """Alerts opened or updated by this manager, in the order first handled."""
        return list(self._alerts.values())

    def submit(
        self,
        *,
        rule: str,
        kpi: str,
        key: dict[str, str | None],
        time: datetime,
        alarm: Alarm,
        value: float | None = None,
        severity: str = "medium",
        dedup_window: timedelta | None = None,
        cooldown: timedelta | None = None,
    ) -> Alert | None:
        """Handle one alarm; the new alert it opened, or ``None`` when it was folded into an
        open one (or had been handled before)."""
        slot = (rule, json.dumps(key, sort_keys=True))
        latest = self._latest_for(slot)
        if latest is not None and time <= latest.last_seen:
            return None
        window = self.dedup_window if dedup_window is None else dedup_window
        if latest is not None and time - latest.first_seen <= window:
            latest.count += 1
            latest.last_seen = time
            if latest.status == "failed":
                self._retry(latest)
            self._keep(latest)
            return None
        alert = Alert(
            rule=rule,
            kpi=kpi,
            key=key,
            detector=alarm.detector,
            severity=severity,
            first_seen=time,
            last_seen=time,
            statistic=alarm.statistic,
            threshold=alarm.threshold,
            direction=alarm.direction,
            value=value,
            details=dict(alarm.details),
        )
        quiet = self.cooldown if cooldown is None else cooldown
        notified = self._notified_for(slot)
        if notified is not None and time - notified < quiet:
            alert.status = "suppressed"
        elif self.send:
            self._deliver(alert, self.sinks)
            if reached(alert):  # nobody heard of it: the next alert must not stay quiet
                self._notified[slot] = time
        else:
            self._notified[slot] = time
        self._latest[slot] = alert
        self._keep(alert)
        return alert

    def resend_failed(self) -> list[Alert]:
        """Deliver every ``failed`` alert (of this manager and its history) again to the sinks
        that did not take it, while they have tries left; the alerts tried again, oldest
        first. Does nothing with ``send=False``."""
        if not self.send:
            return []
        pending = [a for a in self._known.values() if a.status == "failed"]
        if self.history is not None:
            pending += [self._adopt(a) for a in self.history.failed()]
        unique = {a.alert_id: a for a in sorted(pending, key=lambda a: a.first_seen)}
        retried = [a for a in unique.values() if self._retry(a)]
        for alert in retried:
            self._keep(alert)
        return retried

    def _retry(self, alert: Alert) -> bool:
        """Deliver ``alert`` again to its failed sinks with tries left; whether any was due."""
        records = _by_slot(alert.deliveries)
        due = [
            sink
            for sink, slot in zip(self.sinks, _slots(self.sinks), strict=True)
            if slot in records
            and not records[slot].ok
            and records[slot].attempts < self.resend_attempts
        ]
        if not due:
            return False
        self._deliver(alert, due)
        slot = (alert.rule, alert.key_text)
        if reached(alert):
            before = self._notified_for(slot)
            if before is None or alert.first_seen > before:
                self._notified[slot] = alert.first_seen
        return True

    def _deliver(self, alert: Alert, sinks: Sequence[AlertSink]) -> None:
        """Send ``alert`` to ``sinks`` (all of this manager's, or the failed ones again); each
        sink keeps one delivery record, its try count carried over."""
        records = _by_slot(alert.deliveries)
        wanted = {id(s) for s in sinks}
        for sink, slot in zip(self.sinks, _slots(self.sinks), strict=True):
            if id(sink) not in wanted:
                continue
            before = records.get(slot)
            tries = 1 if before is None else before.attempts + 1
            try:
                sink.send(alert)
                records[slot] = Delivery(sink=sink.name, ok=True, attempts=tries)
            except Exception as exc:  # a failing sink must not stop the others
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                records[slot] = Delivery(sink=sink.name, ok=False, error=first, attempts=tries)
        alert.deliveries = list(records.values())
        ok = all(d.ok for d in alert.deliveries)
        alert.status = "sent" if ok else "failed"

    def _adopt(self, alert: Alert) -> Alert:
        """The one object this manager holds for ``alert``'s id (a history row read twice
        must not be updated through two copies)."""
        return self._known.setdefault(alert.alert_id, alert)

    def _latest_for(self, slot: tuple[str, str]) -> Alert | None:
        if slot not in self._latest and self.history is not None:
            found = self.history.latest(slot[0], slot[1])
            if found is not None:
                self._latest[slot] = self._adopt(found)
        return self._latest.get(slot)

    def _notified_for(self, slot: tuple[str, str]) -> datetime | None:
        if slot not in self._notified and self.history is not None:
            found = self.history.last_notified(slot[0], slot[1])
            if found is not None:
                self._notified[slot] = found
        return self._notified.get(slot)

    def _keep(self, alert: Alert) -> None:
        self._adopt(alert)
        self._alerts.setdefault(alert.alert_id, alert)
        if self.history is not None:
            self.history.save(alert)


def _slots(sinks: Sequence[AlertSink]) -> list[tuple[str, int]]:
    """Each sink as (name, how many sinks of that name come before it): two webhooks are
    told apart by their order."""
    seen: dict[str, int] = {}
    out = []
    for sink in sinks:
        out.append((sink.name, seen.get(sink.name, 0)))
        seen[sink.name] = seen.get(sink.name, 0) + 1
    return out


def _by_slot(deliveries: Sequence[Delivery]) -> dict[tuple[str, int], Delivery]:
    """The delivery records keyed like :func:`_slots`: (sink name, order among records of
    that name)."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Delivery] = {}
    for d in deliveries:
        out[(d.sink, seen.get(d.sink, 0))] = d
        seen[d.sink] = seen.get(d.sink, 0) + 1
    return out
