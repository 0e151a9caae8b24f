"""AlertManager: dedup within the window, cool-down after a notification, replay guard,
failing sinks recorded, quiet mode, the one-line message."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saferail.telemetry.monitor import Alarm, Alert, AlertHistory, AlertManager
from tests.telemetry.monitor.helpers import HOUR, T0


class Collect:
    """A sink that keeps what it gets (or fails)."""

    def __init__(self, name: str = "collect", fail: bool = False) -> None:
        self.name = name
        self.fail = fail
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        if self.fail:
            raise RuntimeError("sink is down\nsecond line")
        self.sent.append(alert)


ALARM = Alarm("ewma", 0, 0.2, 0.15, "up", {"mean": 0.1})


def _submit(m: AlertManager, hours: float, key: str = "v1", rule: str = "r") -> Alert | None:
    return m.submit(
        rule=rule,
        kpi="block_rate",
        key={"model_version": key},
        time=T0 + hours * HOUR,
        alarm=ALARM,
        value=0.2,
        severity="high",
    )


def test_dedup_folds_alarms_within_the_window() -> None:
    sink = Collect()
    m = AlertManager([sink], dedup_window=timedelta(hours=2), cooldown=timedelta(0))
    first = _submit(m, 0)
    assert first is not None and first.status == "sent"
    assert _submit(m, 1) is None and _submit(m, 2) is None  # window is inclusive
    assert first.count == 3 and first.last_seen == T0 + 2 * HOUR
    second = _submit(m, 2.5)
    assert second is not None and second.status == "sent"
    assert [a.first_seen for a in sink.sent] == [T0, T0 + 2.5 * HOUR]
    assert len(m.alerts) == 2


def test_keys_and_rules_are_deduplicated_separately() -> None:
    sink = Collect()
    m = AlertManager([sink], dedup_window=timedelta(hours=2))
    assert _submit(m, 0, key="v1") is not None
    assert _submit(m, 0, key="v2") is not None
    assert _submit(m, 0, key="v1", rule="other") is not None
    assert len(sink.sent) == 3


def test_cooldown_suppresses_new_alerts_until_it_ends() -> None:
    sink = Collect()
    m = AlertManager([sink], dedup_window=timedelta(hours=1), cooldown=timedelta(hours=6))
    sent = _submit(m, 0)
    quiet = _submit(m, 3)
    assert sent is not None and quiet is not None
    assert quiet.status == "suppressed" and quiet.deliveries == []
    assert _submit(m, 3.5) is None and quiet.count == 2  # dedup still folds into it
    again = _submit(m, 6)
    assert again is not None and again.status == "sent"
    assert [a.first_seen for a in sink.sent] == [T0, T0 + 6 * HOUR]


def test_per_rule_overrides() -> None:
    m = AlertManager([Collect()], dedup_window=timedelta(hours=5), cooldown=timedelta(hours=5))
    a = m.submit(rule="r", kpi="k", key={}, time=T0, alarm=ALARM, dedup_window=timedelta(0))
    b = m.submit(
        rule="r", kpi="k", key={}, time=T0 + HOUR, alarm=ALARM, dedup_window=timedelta(0),
        cooldown=timedelta(0),
    )  # fmt: skip
    assert a is not None and b is not None and b.status == "sent"


def test_replayed_alarms_are_ignored() -> None:
    m = AlertManager([Collect()])
    assert _submit(m, 5) is not None
    assert _submit(m, 4) is None and _submit(m, 5) is None
    assert m.alerts[0].count == 1


def test_a_failing_sink_is_recorded_and_others_still_get_the_alert() -> None:
    good, bad = Collect("good"), Collect("bad", fail=True)
    m = AlertManager([bad, good])
    alert = _submit(m, 0)
    assert alert is not None and alert.status == "failed"
    assert [(d.sink, d.ok, d.error) for d in alert.deliveries] == [
        ("bad", False, "sink is down"),
        ("good", True, None),
    ]
    assert len(good.sent) == 1


def test_send_false_records_quiet_alerts() -> None:
    sink = Collect()
    m = AlertManager([sink], send=False)
    alert = _submit(m, 0)
    assert alert is not None and alert.status == "quiet" and sink.sent == []


def test_message_and_payload() -> None:
    alert = _submit(AlertManager([]), 0)
    assert alert is not None
    assert alert.message == (
        "[high] r: block_rate (model_version=v1) = 0.2 went up; ewma 0.2 > 0.15 at "
        "2026-03-02T00:00:00+00:00"
    )
    payload = alert.payload()
    assert payload["message"] == alert.message and payload["details"] == {"mean": 0.1}


def test_a_failed_alert_is_delivered_again_to_the_failed_sink_only() -> None:
    good, bad = Collect("good"), Collect("bad", fail=True)
    m = AlertManager([bad, good], dedup_window=timedelta(hours=2), resend_attempts=3)
    alert = _submit(m, 0)
    assert alert is not None and alert.status == "failed"
    bad.fail = False
    assert m.resend_failed() == [alert]
    assert alert.status == "sent" and len(bad.sent) == 1 and len(good.sent) == 1
    assert [(d.sink, d.ok, d.attempts) for d in alert.deliveries] == [
        ("bad", True, 2),
        ("good", True, 1),
    ]
    assert m.resend_failed() == []  # nothing left to deliver


def test_redelivery_stops_after_resend_attempts() -> None:
    bad = Collect("bad", fail=True)
    m = AlertManager([bad], resend_attempts=3)
    alert = _submit(m, 0)
    assert alert is not None
    assert m.resend_failed() == [alert] and m.resend_failed() == [alert]
    assert m.resend_failed() == []  # 3 tries made
    assert alert.status == "failed" and alert.deliveries[0].attempts == 3


def test_an_alarm_folded_into_a_failed_alert_retries_it() -> None:
    bad = Collect("bad", fail=True)
    m = AlertManager([bad], dedup_window=timedelta(hours=2))
    alert = _submit(m, 0)
    bad.fail = False
    assert _submit(m, 1) is None
    assert alert is not None and alert.status == "sent" and alert.count == 2
    assert len(bad.sent) == 1


def test_a_late_delivery_starts_the_cooldown() -> None:
    bad = Collect("bad", fail=True)
    m = AlertManager([bad], dedup_window=timedelta(hours=1), cooldown=timedelta(hours=6))
    _submit(m, 0)
    bad.fail = False
    m.resend_failed()
    later = _submit(m, 3)
    assert later is not None and later.status == "suppressed"


def test_two_sinks_of_one_name_are_told_apart_by_order() -> None:
    first, second = Collect("webhook"), Collect("webhook", fail=True)
    m = AlertManager([first, second])
    alert = _submit(m, 0)
    assert alert is not None and [d.ok for d in alert.deliveries] == [True, False]
    second.fail = False
    m.resend_failed()
    assert len(first.sent) == 1 and len(second.sent) == 1
    assert [(d.ok, d.attempts) for d in alert.deliveries] == [(True, 1), (True, 2)]


def test_quiet_managers_resend_nothing() -> None:
    bad = Collect("bad", fail=True)
    with AlertHistory() as history:
        assert _submit(AlertManager([bad], history=history), 0) is not None
        bad.fail = False
        assert AlertManager([bad], history=history, send=False).resend_failed() == []
        assert bad.sent == [] and history.failed()[0].status == "failed"


def test_resend_attempts_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AlertManager([], resend_attempts=0)
