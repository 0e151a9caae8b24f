"""Design of the Bernoulli CUSUM: integer weights and the decision interval for a target ARL.

The chart watches a stream of 0/1 outcomes (an event is a "hit" or not) for a rise of the hit
probability from ``p0`` (in control) to ``p1``. Its optimal statistic adds the log-likelihood
ratio of each outcome, ``a = ln(p1/p0)`` for a hit and ``-b = ln((1-p1)/(1-p0))`` for a miss,
and clamps at zero. Dividing by ``b`` and rounding ``m = round(a/b)`` gives an integer chart,

    C_t = max(0, C_{t-1} + m)   on a hit,      C_t = max(0, C_{t-1} - 1)   on a miss,

that alarms when ``C_t >= H``. Rounding is the same as replacing ``p1`` by the nearby value
``p1*`` whose exact ratio ``a/b`` equals ``m`` (:func:`effective_p1`); for rare events
``m`` is in the hundreds and the change is small.

Because the integer chart only visits ``0 .. H-1`` before alarming, it is a finite Markov chain
and its average run length (expected number of outcomes until the alarm, starting from 0) is
exact: with ``q = 1 - p``,

    A(s) = 1 + p * A(s + m) + q * A(max(s - 1, 0)),   A(s) = 0 for s >= H.

:func:`arl` solves this system in ``O(H)`` by writing every ``A(s)`` as ``alpha_s + beta_s u``
with ``u = A(H-1)``, walking down from the top state and closing the system with the equation
of state 0. :func:`design` picks the smallest ``H`` whose in-control ARL (``p = p0``) reaches the
target (the ARL grows with ``H``, so a doubling search then bisection finds it).
"""

from __future__ import annotations

__all__ = ["CusumDesign", "arl", "design", "effective_p1", "weights"]

import math
from dataclasses import dataclass

MAX_H = 50_000_000


@dataclass(frozen=True)
class CusumDesign:
    """An integer Bernoulli CUSUM: hit weight ``m``, decision interval ``h`` (in miss units)."""

    p0: float
    p1: float
    m: int
    h: int
    arl0: float
    arl1: float

    @property
    def unit(self) -> float:
        """Log-likelihood-ratio value of one count of the integer statistic (``b``)."""
        return -math.log((1 - self.p1) / (1 - self.p0))


def weights(p0: float, p1: float) -> tuple[int, float]:
    """The integer hit weight ``m`` and the miss unit ``b`` for a shift from ``p0`` to ``p1``."""
    if not 0.0 < p0 < p1 < 1.0:
        raise ValueError(f"need 0 < p0 < p1 < 1 (got p0={p0}, p1={p1})")
    a = math.log(p1 / p0)
    b = -math.log((1 - p1) / (1 - p0))
    return max(1, round(a / b)), b


def effective_p1(p0: float, m: int) -> float:
    """The ``p1`` whose exact likelihood-ratio weights are ``m`` and ``-1`` (bisection)."""
    lo, hi = p0 * (1 + 1e-12), 1 - 1e-12
    for _ in range(200):
        mid = (lo + hi) / 2
        ratio = math.log(mid / p0) / -math.log((1 - mid) / (1 - p0))
        if ratio > m:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def arl(p: float, m: int, h: int) -> float:
    """Exact average run length of the integer chart from state 0 when hits occur with ``p``."""
    if h <= 0:
        return 1.0
    if p <= 0.0:
        return math.inf
    if p >= 1.0:
        return float(math.ceil(h / m))
    q = 1.0 - p
    alpha = [0.0] * h
    beta = [0.0] * h
    beta[h - 1] = 1.0
    for s in range(h - 1, 0, -1):
        up = s + m
        a_up, b_up = (alpha[up], beta[up]) if up < h else (0.0, 0.0)
        alpha[s - 1] = (alpha[s] - 1.0 - p * a_up) / q
        beta[s - 1] = (beta[s] - p * b_up) / q
    a_m, b_m = (alpha[m], beta[m]) if m < h else (0.0, 0.0)
    denominator = p * (beta[0] - b_m)
    if denominator == 0.0 or not math.isfinite(denominator):
        return math.inf
    u = (1.0 + p * a_m - p * alpha[0]) / denominator
    return alpha[0] + beta[0] * u


def design(p0: float, p1: float, arl0: float) -> CusumDesign:
    """Smallest decision interval whose in-control ARL is at least ``arl0`` outcomes."""
    if arl0 <= 1:
        raise ValueError(f"arl0 must be > 1 (got {arl0})")
    m, _ = weights(p0, p1)
    hi = max(1, m)
    while arl(p0, m, hi) < arl0:
        hi *= 2
        if hi > MAX_H:
            raise ValueError(f"arl0={arl0:g} needs a decision interval beyond {MAX_H} counts")
    lo = hi // 2 if hi > max(1, m) else 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if arl(p0, m, mid) >= arl0:
            hi = mid
        else:
            lo = mid
    p1_eff = effective_p1(p0, m)
    return CusumDesign(p0=p0, p1=p1_eff, m=m, h=hi, arl0=arl(p0, m, hi), arl1=arl(p1_eff, m, hi))
