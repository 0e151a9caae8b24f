"""The detector registry: built-ins, a registered third-party detector used by a rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from pydantic import BaseModel

from saferail.telemetry.monitor import (
    Alarm,
    DetectorSpec,
    Monitor,
    MonitorError,
    available_detectors,
    build_detector,
    parse_rules,
    register_detector,
)
from saferail.telemetry.monitor.registry import unregister_detector
from tests.telemetry.monitor.helpers import HOUR, T0, blocked, event


class CapParams(BaseModel):
    cap: float = 0.5


class RateCap:
    """Alarms whenever a bucket's rate exceeds a fixed cap."""

    unit: Literal["bucket", "event"] = "bucket"

    def __init__(self, params: CapParams, name: str) -> None:
        self.params, self.name, self.index = params, name, -1

    def update(self, hits: float, total: float = 1.0) -> Alarm | None:
        self.index += 1
        rate = hits / total if total else 0.0
        if rate <= self.params.cap:
            return None
        return Alarm(self.name, self.index, rate, self.params.cap, "up")

    def reset(self) -> None:
        self.index = -1


@pytest.fixture
def rate_cap() -> Iterator[DetectorSpec]:
    spec = register_detector(DetectorSpec("rate_cap", CapParams, RateCap, "fixed cap"))
    yield spec
    unregister_detector("rate_cap")


def test_builtins() -> None:
    assert {"ewma", "cusum", "binomial"} <= set(available_detectors())
    assert build_detector("binomial", {"window": 2}).unit == "bucket"
    assert build_detector("cusum", {"p0": 0.01}).unit == "event"


def test_a_registered_detector_drives_a_rule(rate_cap: DetectorSpec) -> None:
    events = [event(0), blocked(1), blocked(61), blocked(62), event(63)]
    rules = parse_rules(
        "rules:\n  - {name: cap, kpi: block_rate, detector: rate_cap, params: {cap: 0.6}}\n"
    )
    result = Monitor(rules, sinks=[]).evaluate(events)
    assert [(a.time, a.alarm.statistic) for a in result.alarms] == [(T0 + HOUR, 2 / 3)]


def test_params_are_validated_by_the_spec(rate_cap: DetectorSpec) -> None:
    from saferail.telemetry.monitor import RulesError

    with pytest.raises(RulesError, match=r"params.cap: Input should be a valid number"):
        parse_rules("rules:\n  - {name: c, kpi: block_rate, detector: rate_cap, params: {cap: x}}")


def test_names_are_unique_identifiers(rate_cap: DetectorSpec) -> None:
    with pytest.raises(MonitorError, match="already registered"):
        register_detector(DetectorSpec("rate_cap", CapParams, RateCap, "other"))
    with pytest.raises(MonitorError, match="must be an identifier"):
        register_detector(DetectorSpec("rate-cap", CapParams, RateCap))
    with pytest.raises(MonitorError, match="unknown detector 'nope'"):
        build_detector("nope")
