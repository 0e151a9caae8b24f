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
    ) -> None:
        self.sinks = list(sinks)
        self.dedup_window = dedup_window
        self.cooldown = cooldown
        self.history = history
        self.send = send
        self._alerts: dict[str, Alert] = {}
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
            self._deliver(alert)
            if reached(alert):  # nobody heard of it: the next alert must not stay quiet
                self._notified[slot] = time
        else:
            self._notified[slot] = time
        self._latest[slot] = alert
        self._keep(alert)
        return alert

    def _deliver(self, alert: Alert) -> None:
        for sink in self.sinks:
            try:
                sink.send(alert)
                alert.deliveries.append(Delivery(sink=sink.name, ok=True))
            except Exception as exc:  # a failing sink must not stop the others
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                alert.deliveries.append(Delivery(sink=sink.name, ok=False, error=first))
        ok = all(d.ok for d in alert.deliveries)
        alert.status = "sent" if ok else "failed"

    def _latest_for(self, slot: tuple[str, str]) -> Alert | None:
        if slot not in self._latest and self.history is not None:
            found = self.history.latest(slot[0], slot[1])
            if found is not None:
                self._latest[slot] = found
        return self._latest.get(slot)

    def _notified_for(self, slot: tuple[str, str]) -> datetime | None:
        if slot not in self._notified and self.history is not None:
            found = self.history.last_notified(slot[0], slot[1])
            if found is not None:
                self._notified[slot] = found
        return self._notified.get(slot)

    def _keep(self, alert: Alert) -> None:
        self._alerts.setdefault(alert.alert_id, alert)
        if self.history is not None:
            self.history.save(alert)
