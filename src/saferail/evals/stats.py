"""Statistics for eval results: Wilson intervals, exact McNemar, Holm, scorer-error correction.

Pure Python (``math`` only) so the harness adds no heavy dependency.
"""

from __future__ import annotations

__all__ = [
    "cohen_kappa",
    "corrected_rate",
    "holm",
    "mcnemar_exact",
    "wilson",
]

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from fractions import Fraction

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (``(0, 1)`` when ``n`` is 0). Raises
    ``ValueError`` on counts that cannot be (``n < 0``, ``successes`` outside ``0..n``)
    and on a ``z`` that is not a positive number."""
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be within 0..n (got {successes} of {n})")
    if not 0.0 < z < math.inf:
        raise ValueError(f"z must be a positive number (got {z})")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


_EXACT_UP_TO = 10_000
"""Binomial sums up to this many trials are exact integers (a few ms at most)."""


def _binom_cdf_half(k: int, n: int) -> float:
    """P(X <= k) for X ~ Binomial(n, 1/2): an exact integer sum correctly rounded to a
    float for ``n`` up to ``_EXACT_UP_TO``, summed in log space beyond (stable, ~1e-11)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if n <= _EXACT_UP_TO:
        term = total = 1  # C(n, 0)
        for i in range(k):
            term = term * (n - i) // (i + 1)
            total += term
        return float(total / (1 << n))  # int / int: correctly rounded, underflows to 0.0
    log_half_n = -n * math.log(2)
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) for i in range(k + 1)]
    top = max(logs)
    return math.exp(top + log_half_n) * sum(math.exp(v - top) for v in logs)


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant pair counts ``b`` and ``c``."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts must be non-negative")
    if abs(b - c) <= 1:  # P(X <= min) >= 1/2 exactly: no sum needed (nor its rounding)
        return 1.0
    return min(1.0, 2.0 * _binom_cdf_half(min(b, c), b + c))


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the input order: never below the raw value,
    capped at 1, and in the same order as the raw values. Raises ``ValueError`` on a
    p-value outside ``[0, 1]`` (NaN included: it would make the order meaningless)."""
    bad = [p for p in pvalues if not 0.0 <= p <= 1.0]
    if bad:
        raise ValueError(f"p-values must lie in [0, 1] (got {bad[0]})")
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def corrected_rate(observed: float, sensitivity: float, specificity: float) -> float:
    """The Rogan-Gladen estimate of a true rate from a rate observed through an imperfect
    scorer, clipped to ``[0, 1]`` and correctly rounded (a perfect scorer returns ``observed``
    unchanged). Raises ``ValueError`` when the scorer is no better than
    chance (``sensitivity + specificity <= 1``) or when a figure is not in ``[0, 1]``."""
    figures = {"observed": observed, "sensitivity": sensitivity, "specificity": specificity}
    for name, value in figures.items():
        if not 0.0 <= value <= 1.0:  # NaN too: it would come out as a 'corrected' 0.0
            raise ValueError(f"{name} must lie in [0, 1] (got {value})")
    # exact rationals of the given floats, rounded once: in floats a perfect scorer turned
    # 0.05 into 0.050000000000000044 (observed + 1.0 - 1.0), failing '.corrected <= 0.05'
    if sensitivity + specificity <= 1.0:  # as written: 0.1 + 0.9 is chance, not 1 + 8e-17
        raise ValueError("scorer is no better than chance; its rates cannot be corrected")
    obs, sens, spec = Fraction(observed), Fraction(sensitivity), Fraction(specificity)
    true_rate = (obs + spec - 1) / (sens + spec - 1)  # denominator > 0: the float sum was > 1
    return float(min(Fraction(1), max(Fraction(0), true_rate)))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa between two raters over the same items (1.0: perfect agreement).

    ``nan`` when both raters give every item the same single label: chance alone explains
    that agreement, so kappa is 0/0 (as in scikit-learn). Computed from integer counts,
    so the only rounding is the final division."""
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if n == 0:
        raise ValueError("no items to compare")
    agreed = sum(x == y for x, y in zip(a, b, strict=True))
    count_a, count_b = Counter(a), Counter(b)
    chance = sum(count_a[lab] * count_b[lab] for lab in count_a)  # n * n * p_expected
    if chance == n * n:
        return math.nan
    return (agreed * n - chance) / (n * n - chance)
