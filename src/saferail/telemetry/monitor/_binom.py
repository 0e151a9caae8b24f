"""Exact binomial tail probabilities, summed in log space (``math`` only).

``P(X >= k)`` and ``P(X <= k)`` for ``X ~ Binomial(n, p)`` are sums of probability-mass terms.
We sum outward from ``k`` (away from the mean), where the terms shrink geometrically, and stop
once a term can no longer change the total in double precision; a tail that contains the mean
is computed as one minus the opposite tail. The result is exact up to floating-point rounding,
for any ``n`` (no normal approximation).
"""

from __future__ import annotations

__all__ = ["binom_cdf", "binom_sf"]

import math

_EPS = 1e-17


def _log_pmf(i: int, n: int, logp: float, logq: float) -> float:
    return (
        math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * logp + (n - i) * logq
    )


def _sum_from(k: int, n: int, p: float, step: int) -> float:
    """Sum the pmf from ``k`` in direction ``step`` (+1 upward, -1 downward) to the end."""
    logp, logq = math.log(p), math.log1p(-p)
    total = 0.0
    i = k
    while 0 <= i <= n:
        term = math.exp(_log_pmf(i, n, logp, logq))
        total += term
        if term <= total * _EPS:
            break
        i += step
    return min(1.0, total)


def _check(n: int, p: float) -> None:
    if n < 0:
        raise ValueError(f"n must be >= 0 (got {n})")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be within [0, 1] (got {p})")


def binom_sf(k: int, n: int, p: float) -> float:
    """``P(X >= k)`` for ``X ~ Binomial(n, p)``: the one-sided upper p-value of ``k`` hits."""
    _check(n, p)
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if k > n * p:
        return _sum_from(k, n, p, +1)
    return max(0.0, 1.0 - _sum_from(k - 1, n, p, -1))


def binom_cdf(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``: the one-sided lower p-value of ``k`` hits."""
    _check(n, p)
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    if k < n * p:
        return _sum_from(k, n, p, -1)
    return max(0.0, 1.0 - _sum_from(k + 1, n, p, +1))
