"""Rules that load also run: bad detector params are refused when the rules file is read,
and the detectors refuse input that would corrupt their state."""

from __future__ import annotations

import math

import pytest

from saferail.errors import SaferailError
from saferail.telemetry.monitor.detectors import (
    BernoulliCusum,
    BinomialParams,
    BinomialWindowTest,
    CusumParams,
    EwmaChart,
    EwmaParams,
)
from saferail.telemetry.monitor.registry import build_detector
from saferail.telemetry.monitor.rules import RulesError, parse_rules


def _rule(detector: str, params: str, extra: str = "") -> str:
    rule = f"name: r, kpi: block_rate, detector: {detector}, params: {params}{extra}"
    return f"rules:\n  - {{{rule}}}\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (", cooldown: -5", "cooldown: cannot be negative"),
        (", dedup_window: -60", "dedup_window: cannot be negative"),
    ],
)
def test_a_rule_cannot_have_a_negative_window(extra: str, message: str) -> None:
    with pytest.raises(RulesError, match=rf"r\.yaml:2: rules\.0\.{message}"):
        parse_rules(_rule("ewma", "{}", extra), source="r.yaml")


@pytest.mark.parametrize(
    ("detector", "params", "field"),
    [
        ("ewma", "{L: .inf}", "L"),  # a chart that can never alarm
        ("ewma", "{min_total: .inf}", "min_total"),  # every bucket skipped
        ("cusum", "{p0: 0.01, arl0: .inf}", "arl0"),
        ("binomial", "{prior: .inf}", "prior"),  # baseline rate nan: fails mid-stream
    ],
)
def test_infinite_params_are_refused(detector: str, params: str, field: str) -> None:
    with pytest.raises(RulesError, match=rf"r\.yaml:2: rules\.0\.params\.{field}: .*finite"):
        parse_rules(_rule(detector, params), source="r.yaml")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("{p0: 0.9995}", "leaves no higher rate"),  # p1 = min(0.999, 4 p0) < p0
        ("{p0: 1.0e-300}", "too small"),  # was ZeroDivisionError when the chart was built
        ("{p0: 1.0e-12}", "too small"),  # was a hit weight of ~5e11: arrays beyond memory
        ("{p0: 0.01, h: 100000000}", "h: Input should be less than or equal to"),
    ],
)
def test_cusum_params_that_cannot_be_built_are_refused_on_load(params: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        parse_rules(_rule("cusum", params), source="r.yaml")


def test_every_cusum_rule_that_loads_builds() -> None:
    for params in ("{p0: 0.5}", "{p0: 0.998}", "{p0: 1.0e-6}", "{p0: 0.2, p1: 0.9}"):
        rule = parse_rules(_rule("cusum", params)).rules[0]
        chart = build_detector(rule.detector, rule.params)
        assert isinstance(chart, BernoulliCusum) and chart.design is not None


@pytest.mark.parametrize(
    "params",
    [
        CusumParams(warmup=600),  # all hits: p0 estimated above the default p1 of 0.999
        CusumParams(warmup=20, p1=0.05),  # all hits: p0 estimated above the given p1
    ],
)
def test_a_warm_up_estimate_the_chart_cannot_use_is_a_typed_error(params: CusumParams) -> None:
    chart = BernoulliCusum(params)
    with pytest.raises(SaferailError, match=r"cusum: the warm-up estimated p0 .*p1"):
        for _ in range(params.warmup + 1):
            chart.update(1.0)


@pytest.mark.parametrize(
    "make",
    [
        lambda: EwmaChart(EwmaParams(warmup=3)),
        lambda: BernoulliCusum(CusumParams(p0=0.01)),
        lambda: BinomialWindowTest(BinomialParams(baseline=3)),
    ],
)
@pytest.mark.parametrize(("hits", "total"), [(math.nan, 10.0), (1.0, math.inf)])
def test_non_finite_observations_are_refused_and_leave_the_state_alone(
    make: object, hits: float, total: float
) -> None:
    detector = make()  # type: ignore[operator]
    for _ in range(3):
        assert detector.update(1.0, 100.0) is None
    with pytest.raises(ValueError, match="finite"):
        detector.update(hits, total)
    alarms = [detector.update(100.0, 100.0) for _ in range(40)]
    assert any(a is not None for a in alarms)  # still watching after the bad input


def test_a_nan_in_the_warm_up_no_longer_blinds_the_ewma_chart() -> None:
    chart = EwmaChart(EwmaParams(warmup=3))
    chart.update(1.0, 100.0)
    with pytest.raises(ValueError):
        chart.update(math.nan, 100.0)
    chart.update(1.0, 100.0)
    chart.update(1.0, 100.0)
    assert chart.mean == pytest.approx(0.01)
    assert chart.update(60.0, 100.0) is not None
