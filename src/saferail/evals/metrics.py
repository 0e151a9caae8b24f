"""Per-run metrics: pass, refusal, over-refusal and error rates with Wilson intervals."""

from __future__ import annotations

__all__ = ["METRICS", "CategoryMetrics", "Rate", "RunMetrics", "compute_metrics"]

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from saferail.evals.case import Expected
from saferail.evals.results import CaseResult
from saferail.evals.scorers.base import ScorerAccuracy
from saferail.evals.stats import corrected_rate, wilson

METRICS = ("pass_rate", "refusal_rate", "over_refusal", "error_rate")
"""Metric names the gate understands (each optionally per category: ``pass_rate[cat]``)."""


class Rate(BaseModel):
    """``k`` of ``n`` with its 95% Wilson interval; ``corrected`` adjusts for the scorer's
    known sensitivity and specificity (refusal rates only, when the scorer has figures)."""

    model_config = ConfigDict(extra="forbid")

    k: int
    n: int
    rate: float
    low: float
    high: float
    corrected: float | None = None

    @classmethod
    def of(cls, k: int, n: int, accuracy: ScorerAccuracy | None = None) -> Rate:
        low, high = wilson(k, n)
        rate = k / n if n else 0.0
        fixed = _corrected(rate, accuracy) if n else None
        return cls(k=k, n=n, rate=rate, low=low, high=high, corrected=fixed)


def _corrected(rate: float, accuracy: ScorerAccuracy | None) -> float | None:
    """The Rogan-Gladen estimate, or ``None`` when the scorer's figures are unknown or cannot
    correct anything (no better than chance, out of range): a plugin's bad figures must not
    make every run's metrics fail to compute."""
    if accuracy is None:
        return None
    try:
        return corrected_rate(rate, accuracy.sensitivity, accuracy.specificity)
    except ValueError:
        return None


class CategoryMetrics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int
    errors: int
    pass_rate: Rate
    refusal_rate: Rate | None
    over_refusal: Rate | None
    error_rate: Rate


class RunMetrics(CategoryMetrics):
    """Whole-run metrics plus the same figures per category."""

    categories: dict[str, CategoryMetrics]

    def rate(self, metric: str, category: str | None = None) -> Rate | None:
        """A metric's rate for the run or one category (``None``: no data for it)."""
        if metric not in METRICS:
            raise KeyError(metric)
        scope: CategoryMetrics | None = self if category is None else self.categories.get(category)
        if scope is None:
            return None
        value: Rate | None = getattr(scope, metric)
        return value


def _metrics(results: list[CaseResult], accuracy: ScorerAccuracy | None) -> CategoryMetrics:
    judged = [r for r in results if r.passed is not None and r.error is None]
    refusals = [r for r in results if r.refused is not None and r.error is None]
    benign = [r for r in refusals if r.expected == Expected.COMPLY.value]
    errors = sum(1 for r in results if r.error is not None)
    return CategoryMetrics(
        n=len(results),
        errors=errors,
        pass_rate=Rate.of(sum(1 for r in judged if r.passed), len(judged)),
        refusal_rate=(
            Rate.of(sum(1 for r in refusals if r.refused), len(refusals), accuracy)
            if refusals
            else None
        ),
        over_refusal=(
            Rate.of(sum(1 for r in benign if r.refused), len(benign), accuracy) if benign else None
        ),
        error_rate=Rate.of(errors, len(results)),
    )


def compute_metrics(
    results: Iterable[CaseResult], *, refusal_accuracy: ScorerAccuracy | None = None
) -> RunMetrics:
    """Metrics of a run's results. ``refusal_accuracy`` (the refusal scorer's measured
    figures) fills each refusal rate's ``corrected`` estimate."""
    rows = list(results)
    by_category: dict[str, list[CaseResult]] = defaultdict(list)
    for r in rows:
        by_category[r.category].append(r)
    whole = _metrics(rows, refusal_accuracy)
    return RunMetrics(
        **whole.model_dump(),
        categories={c: _metrics(rs, refusal_accuracy) for c, rs in sorted(by_category.items())},
    )
