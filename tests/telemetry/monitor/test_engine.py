"""Monitor.evaluate end to end: rules over hand-built event streams raise the expected alerts
(per breakdown key, higher-is-better KPIs watched for drops, per-event CUSUM), once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor import Alert, Monitor, MonitorError, parse_rules
from tests.telemetry.monitor.helpers import HOUR, T0, blocked, event, grounding


class Collect:
    name = "collect"

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


def _hourly(
    hours: range,
    per_hour: int,
    hits: int,
    make_hit: Callable[[float], SafetyEvent],
    make_miss: Callable[[float], SafetyEvent],
) -> list[SafetyEvent]:
    out = []
    for h in hours:
        for i in range(per_hour):
            minute = h * 60 + i * 60 / per_hour
            out.append(make_hit(minute) if i < hits else make_miss(minute))
    return out


def _blocks(model_version: str, shift_at: int, end: int = 16) -> list[SafetyEvent]:
    def hit(m: float) -> SafetyEvent:
        return blocked(m, model_version=model_version)

    def miss(m: float) -> SafetyEvent:
        return event(m, model_version=model_version)

    return _hourly(range(shift_at), 100, 5, hit, miss) + _hourly(
        range(shift_at, end), 100, 30, hit, miss
    )


EWMA_RULES = """
rules:
  - name: block-spike
    kpi: block_rate
    by: [model_version]
    detector: ewma
    params: {warmup: 6}
    severity: high
"""


def test_a_shift_in_one_breakdown_key_raises_one_alert() -> None:
    events = _blocks("v1", shift_at=99) + _blocks("v2", shift_at=12)
    sink = Collect()
    with Monitor(parse_rules(EWMA_RULES), sinks=[sink]) as monitor:
        result = monitor.evaluate(events)
    assert all(a.key == {"model_version": "v2"} for a in result.alarms)
    assert [a.time for a in result.alarms] == [T0 + h * HOUR for h in (12, 13, 14, 15)]
    alert, later = result.alerts  # 12+13 fold (dedup 1h); 14+15 open one, in cool-down
    assert sink.sent == [alert] and alert.status == "sent" and alert.count == 2
    assert later.status == "suppressed" and later.count == 2
    assert alert.key == {"model_version": "v2"} and alert.severity == "high"
    assert alert.first_seen == T0 + 12 * HOUR  # the first shifted bucket
    assert alert.value == 0.3 and alert.details["mean"] == 0.05
    assert result.report.get("block_rate") is not None  # the report is not broken down


def test_higher_is_better_kpis_are_watched_for_drops() -> None:
    def yes(m: float) -> SafetyEvent:
        return grounding(m, True)

    def no(m: float) -> SafetyEvent:
        return grounding(m, False)

    good = _hourly(range(12), 50, 48, yes, no)
    bad = _hourly(range(12, 14), 50, 30, yes, no)
    rules = parse_rules(
        "rules:\n  - {name: grounding, kpi: grounded_ratio, detector: binomial,"
        " params: {window: 1, baseline: 6, alpha: 0.001}}\n"
    )
    result = Monitor(rules, sinks=[]).evaluate(good + bad)
    assert [a.time for a in result.alarms] == [T0 + 12 * HOUR, T0 + 13 * HOUR]
    assert result.alarms[0].value == 0.6  # the KPI itself, not its complement
    assert result.alarms[0].alarm.details["rate"] == 0.4  # ungrounded share tested


def test_cusum_runs_per_event_and_places_the_alarm_at_that_event() -> None:
    events = [event(i * 0.5, surface="output") for i in range(600)]
    leaks = [
        event(300 + i, surface="output", categories=["pii"], action="redact", verdict="fail")
        for i in (0.25, 0.75, 1.25)
    ]
    rules = parse_rules(
        "rules:\n  - {name: pii, kpi: pii_leakage_rate, detector: cusum,"
        " params: {p0: 0.001, p1: 0.02, h: 400}}\n"
    )
    result = Monitor(rules, sinks=[]).evaluate(events + leaks)
    (alarm,) = result.alarms
    assert alarm.time == T0 + (301.25 / 60) * HOUR  # the third leak in a row: 3 x 156 >= 400
    assert alarm.alarm.details == {"count": 468.0, "h": 400.0, "m": 156.0, "p0": 0.001,
                                   "p1": alarm.alarm.details["p1"]}  # fmt: skip


def test_history_makes_a_second_run_send_nothing(tmp_path: Path) -> None:
    text = EWMA_RULES + f"history: {tmp_path / 'alerts.db'}\n"
    events = _blocks("v2", shift_at=12)
    sink = Collect()
    with Monitor(parse_rules(text), sinks=[sink]) as first:
        assert len(first.evaluate(events).alerts) == 2
    with Monitor(parse_rules(text), sinks=[sink]) as second:
        again = second.evaluate(events)
        assert again.alerts == [] and len(again.alarms) > 0
        assert second.history is not None and len(second.history.alerts()) == 2
    assert len(sink.sent) == 1


def test_result_to_dict() -> None:
    result = Monitor(parse_rules(EWMA_RULES), sinks=[]).evaluate(_blocks("v2", shift_at=12))
    data = result.to_dict()
    assert data["alerts"][0]["rule"] == "block-spike" and data["alarms"] == len(result.alarms)
    assert {s["kpi"] for s in data["kpis"]["series"]} >= {"block_rate", "telemetry_completeness"}


def test_a_detector_error_names_its_rule_and_series() -> None:
    rules = parse_rules(
        "rules:\n  - name: all-blocked\n    kpi: block_rate\n    by: [model_version]\n"
        "    detector: cusum\n    params: {warmup: 5, p1: 0.05}\n"
    )
    events = [blocked(m, model_version="v9") for m in range(20)]
    with pytest.raises(MonitorError, match=r"^rule 'all-blocked' \(model_version=v9\): cusum"):
        Monitor(rules, sinks=[]).evaluate(events)
