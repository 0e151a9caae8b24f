"""Detectors on crafted sequences: alarms at the expected index, none in control; the
binomial tails and the CUSUM design against independent computations."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
from pydantic import ValidationError

from saferail.telemetry.monitor import (
    BernoulliCusum,
    BinomialParams,
    BinomialWindowTest,
    CusumParams,
    EwmaChart,
    EwmaParams,
)
from saferail.telemetry.monitor._binom import binom_cdf, binom_sf
from saferail.telemetry.monitor._cusum_design import arl, design, effective_p1, weights


def _exact_sf(k: int, n: int, p: float) -> float:
    q = Fraction(p)
    return float(sum(math.comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(max(k, 0), n + 1)))


def _dense_arl(p: float, m: int, h: int) -> float:
    q = np.zeros((h, h))
    for s in range(h):
        if s + m < h:
            q[s, s + m] += p
        q[s, max(s - 1, 0)] += 1 - p
    return float(np.linalg.solve(np.eye(h) - q, np.ones(h))[0])


# -- binomial tails ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [(0, 10, 0.3), (3, 10, 0.3), (9, 10, 0.3), (20, 100, 0.05), (2, 400, 0.001), (60, 200, 0.5)],
)
def test_binomial_tails_match_exact_sums(k: int, n: int, p: float) -> None:
    exact = _exact_sf(k, n, p)
    assert binom_sf(k, n, p) == pytest.approx(exact, rel=1e-10, abs=1e-300)
    assert binom_cdf(k - 1, n, p) == pytest.approx(1 - exact, rel=1e-9, abs=1e-15)


def test_binomial_tail_edges() -> None:
    assert binom_sf(0, 5, 0.2) == 1.0
    assert binom_sf(6, 5, 0.2) == 0.0
    assert binom_sf(1, 5, 0.0) == 0.0
    assert binom_cdf(5, 5, 0.7) == 1.0
    with pytest.raises(ValueError):
        binom_sf(1, 5, 1.5)


# -- EWMA --------------------------------------------------------------------------------


def test_ewma_quiet_in_control_and_alarms_at_the_step() -> None:
    chart = EwmaChart(EwmaParams(target=0.1, warmup=0, lam=0.5, L=3.0, overdispersion=False))
    for _ in range(5):
        assert chart.update(10, 100) is None
    alarm = chart.update(30, 100)
    assert alarm is not None and alarm.index == 5 and alarm.direction == "up"
    assert alarm.statistic == pytest.approx(0.2)
    # exact variance after 6 observations of 100 units: lam/(2-lam) (1-(1-lam)^12) p(1-p)/n
    var = 0.5 / 1.5 * (1 - 0.5**12) * 0.09 / 100
    assert alarm.threshold == pytest.approx(0.1 + 3 * math.sqrt(var))


def test_ewma_warmup_estimates_the_mean_and_never_alarms() -> None:
    chart = EwmaChart(EwmaParams(warmup=4, lam=0.3))
    warm = [(5, 100), (7, 100), (6, 100), (90, 100)]  # a wild warm-up point does not alarm
    assert all(chart.update(x, n) is None for x, n in warm)
    assert chart.mean == pytest.approx(108 / 400)
    assert chart.phi > 1  # the outlier shows up as overdispersion


def test_ewma_resets_after_an_alarm() -> None:
    chart = EwmaChart(EwmaParams(target=0.1, warmup=0, lam=0.5, overdispersion=False))
    assert chart.update(60, 100) is not None
    assert chart.z == pytest.approx(0.1)  # restarted from the mean
    assert chart.update(10, 100) is None


def test_ewma_lower_side_and_skipped_buckets() -> None:
    chart = EwmaChart(
        EwmaParams(target=0.9, warmup=0, lam=0.5, side="lower", min_total=10, overdispersion=False)
    )
    assert chart.update(0, 5) is None  # below min_total: skipped, still counted as an index
    assert chart.update(90, 100) is None
    alarm = chart.update(50, 100)
    assert alarm is not None and alarm.direction == "down" and alarm.index == 2
    assert alarm.statistic < alarm.threshold


def test_ewma_zero_hit_warmup_keeps_positive_limits() -> None:
    chart = EwmaChart(EwmaParams(warmup=10, lam=0.2))
    for _ in range(10):
        chart.update(0, 200)
    assert chart.mean == 0.0
    assert all(chart.update(0, 200) is None for _ in range(20))
    alarm = chart.update(5, 200)
    assert alarm is not None and alarm.threshold > 0.0  # half a warm-up unit keeps sigma > 0


def test_ewma_params_need_a_baseline() -> None:
    with pytest.raises(ValidationError):
        EwmaParams(warmup=1)
    assert EwmaParams.model_validate({"lambda": 0.3}).lam == 0.3


# -- Bernoulli CUSUM ---------------------------------------------------------------------


def test_cusum_alarms_when_hits_cluster() -> None:
    m, _ = weights(0.01, 0.05)
    assert m == 39
    cusum = BernoulliCusum(CusumParams(p0=0.01, p1=0.05, h=60))
    seq = [0] * 10 + [1] + [0] * 5 + [1]
    results = [cusum.update(x) for x in seq]
    assert all(r is None for r in results[:-1])
    alarm = results[-1]
    assert alarm is not None and alarm.index == 16
    assert alarm.details["count"] == 39 - 5 + 39
    assert cusum.design is not None and cusum.design.h == 60
    assert alarm.threshold == pytest.approx(60 * cusum.design.unit)
    assert alarm.statistic == pytest.approx(73 * cusum.design.unit)
    assert cusum.count == 0  # reset after the alarm


def test_cusum_quiet_when_hits_are_spread_out() -> None:
    cusum = BernoulliCusum(CusumParams(p0=0.01, p1=0.05, h=60))
    for _ in range(50):
        assert cusum.update(1) is None
        for _ in range(39):
            assert cusum.update(0) is None


def test_cusum_run_of_misses_equals_unit_by_unit() -> None:
    rng = random.Random(3)
    seq = [int(rng.random() < 0.03) for _ in range(3000)]
    one = BernoulliCusum(CusumParams(p0=0.01, p1=0.05, h=80))
    by_unit = [i for i, x in enumerate(seq) if one.update(x) is not None]
    two = BernoulliCusum(CusumParams(p0=0.01, p1=0.05, h=80))
    by_run, pos, run = [], 0, 0
    for i, x in enumerate(seq):
        if x:
            if run:
                two.update(0, run)
            run = 0
            if two.update(1, 1) is not None:
                by_run.append(i)
        else:
            run += 1
        pos = i
    assert pos == len(seq) - 1 and by_unit == by_run and by_unit


def test_cusum_estimates_p0_in_warmup() -> None:
    cusum = BernoulliCusum(CusumParams(warmup=1000, ratio=4.0, arl0=5000))
    assert cusum.design is None
    for i in range(1000):
        assert cusum.update(int(i % 100 == 0)) is None
    assert cusum.design is not None
    assert cusum.design.p0 == pytest.approx(10.5 / 1001)


@pytest.mark.parametrize(("p", "m", "h"), [(0.001, 254, 600), (0.01, 254, 600), (0.3, 3, 20)])
def test_cusum_arl_matches_the_dense_markov_chain(p: float, m: int, h: int) -> None:
    assert arl(p, m, h) == pytest.approx(_dense_arl(p, m, h), rel=1e-8)


def test_cusum_design_picks_the_smallest_interval_for_the_target_arl() -> None:
    d = design(0.001, 0.01, 10_000)
    assert d.arl0 >= 10_000 > arl(0.001, d.m, d.h - 1)
    assert d.arl1 < d.arl0 / 20  # a tenfold rise is caught fast
    assert math.log(d.p1 / 0.001) / -math.log((1 - d.p1) / 0.999) == pytest.approx(d.m)
    assert effective_p1(0.001, d.m) == d.p1


def test_cusum_params_validation() -> None:
    with pytest.raises(ValidationError):
        CusumParams()
    with pytest.raises(ValidationError):
        CusumParams(p0=0.02, p1=0.01)


# -- exact binomial window test -----------------------------------------------------------


def test_binomial_window_alarms_with_the_exact_p_value() -> None:
    test = BinomialWindowTest(BinomialParams(window=1, baseline=3, alpha=0.001))
    for _ in range(3):
        assert test.update(5, 100) is None  # filling the baseline
    assert test.update(6, 100) is None  # in control
    alarm = test.update(20, 100)
    assert alarm is not None and alarm.index == 4
    p0 = (16 + 0.5) / (300 + 1)  # rolling baseline: the 3 observations before the window
    assert alarm.details["baseline_rate"] == pytest.approx(p0)
    assert alarm.statistic == pytest.approx(_exact_sf(20, 100, p0), rel=1e-9)
    assert alarm.threshold == 0.001


def test_binomial_fixed_baseline_keeps_alarming_rolling_adapts() -> None:
    rolling = BinomialWindowTest(BinomialParams(window=1, baseline=3))
    fixed = BinomialWindowTest(BinomialParams(window=1, baseline=3, mode="fixed"))
    seq = [(5, 100)] * 3 + [(20, 100)] * 10
    rolled = [i for i, (x, n) in enumerate(seq) if rolling.update(x, n) is not None]
    fixed_hits = [i for i, (x, n) in enumerate(seq) if fixed.update(x, n) is not None]
    assert fixed_hits == list(range(3, 13))
    assert rolled[0] == 3 and 12 not in rolled  # once the shift is the baseline, it is normal


def test_binomial_lower_side() -> None:
    test = BinomialWindowTest(BinomialParams(window=2, baseline=2, side="lower", alpha=0.01))
    seq = [(90, 100), (92, 100), (60, 100), (55, 100)]
    alarms = [test.update(x, n) for x, n in seq]
    assert alarms[:3] == [None, None, None]
    assert alarms[3] is not None and alarms[3].direction == "down"
    assert alarms[3].statistic == pytest.approx(binom_cdf(115, 200, (182.5) / 201))
