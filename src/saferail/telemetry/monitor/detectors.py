"""Streaming anomaly detectors for rates: EWMA chart, Bernoulli CUSUM, exact binomial test.

Every detector is fed one observation at a time, ``update(hits, total)``: ``hits`` of ``total``
units (events or requests) showed the KPI's condition. A bucketed KPI feeds one observation per
time bucket; the Bernoulli CUSUM is designed for one unit per call (``total=1``). ``update``
returns an :class:`Alarm` (with the statistic and the threshold it crossed) or ``None``; state
is a handful of numbers (the binomial test keeps its two windows), so a detector can follow a
stream forever. The math of each is in its class docstring and in docs/telemetry/monitoring.md.
"""

from __future__ import annotations

__all__ = [
    "Alarm",
    "BernoulliCusum",
    "BinomialParams",
    "BinomialWindowTest",
    "CusumParams",
    "Detector",
    "EwmaChart",
    "EwmaParams",
    "Side",
]

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from saferail.telemetry.monitor._binom import binom_cdf, binom_sf
from saferail.telemetry.monitor._cusum_design import (
    MAX_H,
    CusumDesign,
    arl,
    design,
    effective_p1,
    weights,
)

Side = Literal["upper", "lower", "both"]


@dataclass(frozen=True)
class Alarm:
    """A detector fired at observation ``index`` (0-based, counting every ``update``).

    ``statistic`` crossed ``threshold`` in ``direction`` (``up``: the rate rose); for the
    binomial test the statistic is the p-value and the threshold is ``alpha`` (it fires when
    the p-value falls to or below it). ``details`` carries the numbers behind the decision."""

    detector: str
    index: int
    statistic: float
    threshold: float
    direction: Literal["up", "down"]
    details: dict[str, float] = field(default_factory=dict)


class Detector(Protocol):
    """What the monitor drives: ``unit`` is ``"bucket"`` or ``"event"`` (fed one unit at a
    time)."""

    name: str
    unit: Literal["bucket", "event"]

    def update(self, hits: float, total: float = 1.0) -> Alarm | None: ...

    def reset(self) -> None: ...


class _Params(BaseModel):
    # inf or nan would make a detector that never alarms (L: .inf) or fails mid-stream
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


def _observation(hits: float, total: float) -> None:
    """``ValueError`` for a nan or infinite observation (it would stick in the state)."""
    if not (math.isfinite(hits) and math.isfinite(total)):
        raise ValueError(f"hits and total must be finite numbers (got {hits!r}, {total!r})")


class EwmaParams(_Params):
    """EWMA chart settings (``lambda`` is the smoothing weight of the newest observation)."""

    lam: float = Field(0.2, gt=0.0, le=1.0, alias="lambda")
    L: float = Field(3.0, gt=0.0, description="Control limits at L standard deviations.")
    warmup: int = Field(20, ge=0, description="Observations that estimate the in-control rate.")
    target: float | None = Field(None, ge=0.0, le=1.0, description="Known in-control rate.")
    side: Side = "upper"
    overdispersion: bool = Field(True, description="Widen limits for extra-binomial noise.")
    reset_on_alarm: bool = True
    min_total: float = Field(1.0, ge=0.0, description="Skip observations with fewer units.")

    @model_validator(mode="after")
    def _needs_baseline(self) -> EwmaParams:
        if self.target is None and self.warmup < 2:
            raise ValueError("set `target` or a `warmup` of at least 2 observations")
        return self


class EwmaChart:
    """EWMA control chart of a rate with exact, time-varying limits.

    Warm-up (the first ``warmup`` observations, never alarming) estimates the in-control rate
    ``mu = sum(hits) / sum(total)`` and a dispersion factor ``phi = max(1, Pearson chi2/(k-1))``
    (1 when ``overdispersion`` is off). Then each rate ``r_t = hits/total`` updates

        z_t = lam * r_t + (1 - lam) * z_{t-1},          z_0 = mu
        V_t = (1 - lam)^2 V_{t-1} + lam^2 phi mu (1-mu) / total_t,    V_0 = 0

    ``V_t`` is the exact variance of ``z_t`` under control for any bucket sizes (with equal
    sizes it tends to the textbook ``lam/(2-lam) sigma^2``). The chart alarms when ``z_t`` leaves
    ``mu +/- L sqrt(V_t)`` on the watched ``side``, and (``reset_on_alarm``) restarts from
    ``z = mu, V = 0``. A given ``target`` replaces the estimated mean (then ``warmup`` may be 0).
    """

    unit: Literal["bucket", "event"] = "bucket"

    def __init__(self, params: EwmaParams | None = None, name: str = "ewma") -> None:
        self.params = params or EwmaParams()
        self.name = name
        self.reset()

    def reset(self) -> None:
        self.index = -1
        self._warm: list[tuple[float, float]] = []
        self.mean: float | None = None
        self.phi = 1.0
        self._eps = 0.0
        self.z = 0.0
        self.var = 0.0
        if self.params.target is not None and self.params.warmup == 0:
            self._start(self.params.target, [])

    def _start(self, mean: float, warm: list[tuple[float, float]]) -> None:
        self.mean, self.z, self.var = mean, mean, 0.0
        units = sum(n for _, n in warm)
        self._eps = 0.5 / units if units > 0 else 0.0
        pv = self._pvar()
        if self.params.overdispersion and len(warm) >= 2 and pv > 0:
            chi2 = sum((x / n - mean) ** 2 * n / pv for x, n in warm)
            self.phi = max(1.0, chi2 / (len(warm) - 1))

    def _pvar(self) -> float:
        """``mu (1 - mu)``, an estimated ``mu`` kept half a warm-up unit from 0 and 1 (so a
        warm-up without hits does not collapse the limits onto the mean)."""
        assert self.mean is not None
        mu = min(max(self.mean, self._eps), 1.0 - self._eps)
        return mu * (1.0 - mu)

    def update(self, hits: float, total: float = 1.0) -> Alarm | None:
        _observation(hits, total)
        self.index += 1
        if total <= 0 or total < self.params.min_total:
            return None
        if self.mean is None:
            self._warm.append((hits, total))
            if len(self._warm) >= self.params.warmup:
                mean = self.params.target
                if mean is None:
                    mean = sum(x for x, _ in self._warm) / sum(n for _, n in self._warm)
                self._start(mean, self._warm)
            return None
        lam = self.params.lam
        self.z = lam * hits / total + (1.0 - lam) * self.z
        pv = self._pvar()
        self.var = (1.0 - lam) ** 2 * self.var + lam**2 * self.phi * pv / total
        sigma = math.sqrt(self.var)
        upper, lower = self.mean + self.params.L * sigma, self.mean - self.params.L * sigma
        side = self.params.side
        direction: Literal["up", "down"] | None = None
        if side in ("upper", "both") and self.z > upper:
            direction, threshold = "up", upper
        elif side in ("lower", "both") and self.z < lower:
            direction, threshold = "down", lower
        if direction is None:
            return None
        alarm = Alarm(
            self.name,
            self.index,
            self.z,
            threshold,
            direction,
            {"mean": self.mean, "sigma": sigma, "phi": self.phi, "rate": hits / total},
        )
        if self.params.reset_on_alarm:
            self.z, self.var = self.mean, 0.0
        return alarm


class CusumParams(_Params):
    """Bernoulli CUSUM settings: in-control ``p0``, the out-of-control ``p1`` to detect
    (or ``ratio`` = p1/p0), and ``arl0`` (in-control units per false alarm) or an explicit
    integer decision interval ``h``."""

    p0: float | None = Field(None, gt=0.0, lt=1.0, description="In-control hit probability.")
    p1: float | None = Field(None, gt=0.0, lt=1.0, description="Hit probability to detect.")
    ratio: float = Field(4.0, gt=1.0, description="p1 = ratio * p0 when p1 is not given.")
    arl0: float = Field(10_000.0, gt=1.0, description="Target in-control average run length.")
    h: int | None = Field(None, ge=1, le=MAX_H, description="Decision interval (overrides arl0).")
    warmup: int = Field(0, ge=0, description="Units that estimate p0 when it is not given.")
    reset_on_alarm: bool = True

    @model_validator(mode="after")
    def _consistent(self) -> CusumParams:
        if self.p0 is None and self.warmup < 1:
            raise ValueError("set `p0` or a `warmup` (units that estimate it)")
        if self.p0 is not None and self.p1 is not None and self.p1 <= self.p0:
            raise ValueError("p1 must be greater than p0 (the CUSUM watches for a rise)")
        if self.p0 is not None:
            problem = _design_problem(self.p0, _p1(self.p0, self))
            if problem:
                raise ValueError(problem)
        return self


def _p1(p0: float, params: CusumParams) -> float:
    return params.p1 if params.p1 is not None else min(0.999, p0 * params.ratio)


def _design_problem(p0: float, p1: float) -> str | None:
    """Why no integer chart can be designed for ``p0 -> p1`` (``None``: it can)."""
    if not p0 < p1:
        return (
            f"p0={p0:g} leaves no higher rate to detect (p1={p1:g}): "
            "set a p1 between p0 and 1, or watch this KPI with ewma"
        )
    b = math.log1p(-p0) - math.log1p(-p1)  # -ln((1-p1)/(1-p0))
    if b <= 0 or math.log(p1 / p0) / b > MAX_H:
        return f"p0={p0:g} is too small for a CUSUM chart (its hit weight exceeds {MAX_H})"
    return None


class BernoulliCusum:
    """Bernoulli CUSUM for rare events (upper side), in integer form.

    Each unit adds ``m`` on a hit and ``-1`` on a miss, clamped at 0; it alarms at ``h``
    (see :mod:`saferail.telemetry.monitor._cusum_design` for ``m``, the exact Markov-chain ARL
    and how ``h`` is chosen for ``arl0``). The reported statistic and threshold are in
    log-likelihood-ratio units (counts times ``b = -ln((1-p1)/(1-p0))``). Without ``p0`` the
    first ``warmup`` units estimate it as ``(hits + 0.5) / (units + 1)``. Fed a bucket
    (``total > 1``) it applies the bucket's net change at once, clamping once per bucket.
    """

    unit: Literal["bucket", "event"] = "event"

    def __init__(self, params: CusumParams | None = None, name: str = "cusum") -> None:
        self.params = params or CusumParams(p0=0.001)
        self.name = name
        self.design: CusumDesign | None = None
        self.reset()
        if self.params.p0 is not None:
            self._design(self.params.p0)

    def reset(self) -> None:
        self.index = -1
        self.count = 0.0
        self._warm = [0.0, 0.0]

    def _design(self, p0: float) -> None:
        p1 = _p1(p0, self.params)
        problem = _design_problem(p0, p1)
        if problem is not None:  # p0 estimated in the warm-up
            from saferail.telemetry.monitor.registry import MonitorError

            hits, units = self._warm
            raise MonitorError(
                f"{self.name}: the warm-up estimated p0 from {hits:g} hits in {units:g} "
                f"units: {problem}"
            )
        if self.params.h is not None:
            m, _ = weights(p0, p1)
            p1e = effective_p1(p0, m)
            h = self.params.h
            self.design = CusumDesign(p0, p1e, m, h, arl(p0, m, h), arl(p1e, m, h))
        else:
            self.design = design(p0, p1, self.params.arl0)

    def update(self, hits: float, total: float = 1.0) -> Alarm | None:
        _observation(hits, total)
        self.index += 1
        if total <= 0:
            return None
        if self.design is None:
            self._warm[0] += hits
            self._warm[1] += total
            if self._warm[1] >= self.params.warmup:
                self._design((self._warm[0] + 0.5) / (self._warm[1] + 1.0))
            return None
        d = self.design
        self.count = max(0.0, self.count + d.m * hits - (total - hits))
        if self.count < d.h:
            return None
        unit = d.unit
        alarm = Alarm(
            self.name,
            self.index,
            self.count * unit,
            d.h * unit,
            "up",
            {"count": self.count, "h": float(d.h), "m": float(d.m), "p0": d.p0, "p1": d.p1},
        )
        if self.params.reset_on_alarm:
            self.count = 0.0
        return alarm


class BinomialParams(_Params):
    """Window test settings, in observations (buckets)."""

    window: int = Field(1, ge=1, description="Observations in the current window.")
    baseline: int = Field(24, ge=1, description="Observations in the baseline window.")
    mode: Literal["rolling", "fixed"] = Field(
        "rolling", description="rolling: the baseline precedes the window; fixed: the first."
    )
    alpha: float = Field(0.001, gt=0.0, lt=1.0, description="One-sided significance level.")
    side: Literal["upper", "lower"] = "upper"
    prior: float = Field(0.5, ge=0.0, description="Pseudo-hits added to the baseline rate.")
    min_total: float = Field(1.0, ge=0.0, description="Units the window needs to be tested.")


class BinomialWindowTest:
    """Exact one-sided binomial test of the current window against a baseline window.

    With ``x`` hits of ``n`` units in the last ``window`` observations and a baseline rate
    ``p0 = (x_b + prior) / (n_b + 2 prior)`` from the ``baseline`` observations before them
    (``rolling``) or from the first ``baseline`` observations (``fixed``), the p-value is
    ``P(X >= x)`` (upper) or ``P(X <= x)`` (lower) for ``X ~ Binomial(n, p0)``, summed exactly.
    It alarms when the p-value is at most ``alpha``. The baseline rate is plugged in, so a
    small baseline makes the test optimistic; ``prior`` keeps a zero-hit baseline from
    turning any single hit into an alarm.
    """

    unit: Literal["bucket", "event"] = "bucket"

    def __init__(self, params: BinomialParams | None = None, name: str = "binomial") -> None:
        self.params = params or BinomialParams()
        self.name = name
        self.reset()

    def reset(self) -> None:
        self.index = -1
        p = self.params
        size = p.window + (p.baseline if p.mode == "rolling" else 0)
        self._recent: deque[tuple[float, float]] = deque(maxlen=size)
        self._fixed: list[tuple[float, float]] = []

    def update(self, hits: float, total: float = 1.0) -> Alarm | None:
        _observation(hits, total)
        self.index += 1
        p = self.params
        if p.mode == "fixed" and len(self._fixed) < p.baseline:
            self._fixed.append((hits, total))
            return None
        self._recent.append((hits, total))
        if len(self._recent) < self._recent.maxlen:  # type: ignore[operator]
            return None
        items = list(self._recent)
        current = items[-p.window :]
        base = self._fixed if p.mode == "fixed" else items[: -p.window]
        x, n = round(sum(h for h, _ in current)), round(sum(t for _, t in current))
        xb, nb = sum(h for h, _ in base), sum(t for _, t in base)
        if n <= 0 or n < p.min_total or nb <= 0:
            return None
        p0 = (xb + p.prior) / (nb + 2 * p.prior) if nb + 2 * p.prior > 0 else 0.0
        pvalue = binom_sf(x, n, p0) if p.side == "upper" else binom_cdf(x, n, p0)
        if pvalue > p.alpha:
            return None
        return Alarm(
            self.name,
            self.index,
            pvalue,
            p.alpha,
            "up" if p.side == "upper" else "down",
            {"hits": float(x), "total": float(n), "rate": x / n, "baseline_rate": p0},
        )
