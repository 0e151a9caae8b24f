"""Compare a run with a baseline on their shared cases: paired exact McNemar tests per
category, Holm-adjusted across categories, and a margin below which a drop is tolerated."""

from __future__ import annotations

__all__ = ["CategoryDelta", "CompareError", "Comparison", "compare_results"]

from collections import Counter, defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError
from saferail.evals.results import CaseResult
from saferail.evals.stats import holm, mcnemar_exact


class CompareError(SaferailError, ValueError):
    """The margin or significance level of a comparison is out of range, or one side holds
    two results for one case."""


class CategoryDelta(BaseModel):
    """Pass rates of the shared cases of one category in baseline and run.

    ``regressions`` counts cases that passed in the baseline and fail now, ``fixes`` the
    reverse; ``p_value`` is the exact McNemar test on them, ``p_adjusted`` Holm-adjusted."""

    model_config = ConfigDict(extra="forbid")

    category: str
    shared: int
    baseline_rate: float
    run_rate: float
    delta: float
    regressions: int
    fixes: int
    p_value: float
    p_adjusted: float
    significant_regression: bool
    significant_improvement: bool


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: str
    baseline_id: str
    margin: float
    alpha: float
    overall: CategoryDelta
    categories: list[CategoryDelta]
    unmatched: int
    """Cases of either run without a same-id, same-content partner (not compared)."""
    uncompared: dict[str, int] = Field(default_factory=dict)
    """Baseline categories none of whose judged cases is shared with the run, with their
    number of judged baseline cases: nothing shows they did not regress."""

    @property
    def regressed(self) -> list[CategoryDelta]:
        """Categories (and ``overall``) with a significant regression beyond the margin."""
        rows = [self.overall, *self.categories]
        return [d for d in rows if d.significant_regression]

    def describe_uncompared(self) -> str:
        """``not compared: cat (k judged baseline cases, none shared with the run), ...``, or
        ``""`` when every baseline category was compared."""
        if not self.uncompared:
            return ""
        parts = (
            f"{cat} ({k} judged baseline case{'' if k == 1 else 's'}, none shared with the run)"
            for cat, k in self.uncompared.items()
        )
        return "not compared: " + ", ".join(parts)


def _delta(
    category: str, pairs: list[tuple[bool, bool]], p_adj: float | None, margin: float, alpha: float
) -> CategoryDelta:
    n = len(pairs)
    base = sum(b for b, _ in pairs)
    now = sum(r for _, r in pairs)
    regressions = sum(1 for b, r in pairs if b and not r)
    fixes = sum(1 for b, r in pairs if r and not b)
    p = mcnemar_exact(regressions, fixes)
    adjusted = p if p_adj is None else p_adj
    drop = (base - now) / n if n else 0.0
    return CategoryDelta(
        category=category,
        shared=n,
        baseline_rate=base / n if n else 0.0,
        run_rate=now / n if n else 0.0,
        delta=(now - base) / n if n else 0.0,  # not -drop: no '-0.000' when unchanged
        regressions=regressions,
        fixes=fixes,
        p_value=p,
        p_adjusted=adjusted,
        significant_regression=adjusted < alpha and regressions > fixes and drop > margin,
        significant_improvement=adjusted < alpha and fixes > regressions,
    )


def compare_results(
    run: Iterable[CaseResult],
    baseline: Iterable[CaseResult],
    *,
    run_id: str = "run",
    baseline_id: str = "baseline",
    margin: float = 0.0,
    alpha: float = 0.05,
) -> Comparison:
    """Paired comparison of ``run`` against ``baseline`` (cases matched by id and content
    hash; cases that errored or were not judged in either run are left out). Raises
    :class:`CompareError` when a side has two results for one case id."""
    if not 0.0 < alpha < 1.0:
        raise CompareError(f"alpha must be between 0 and 1 (got {alpha})")
    if not 0.0 <= margin <= 1.0:
        raise CompareError(f"margin must be a pass-rate drop between 0 and 1 (got {margin})")
    base_rows, run_rows = _unique(baseline, "baseline"), _unique(run, "run")
    base = {(r.case_id, r.case_hash): r for r in base_rows if _judged(r)}
    runs = {(r.case_id, r.case_hash): r for r in run_rows if _judged(r)}
    shared = sorted(base.keys() & runs.keys())
    by_cat: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for key in shared:
        by_cat[runs[key].category].append((bool(base[key].passed), bool(runs[key].passed)))
    cats = sorted(by_cat)
    raw = [mcnemar_exact(*_discordant(by_cat[c])) for c in cats]
    adjusted = holm(raw)
    all_pairs = [p for c in cats for p in by_cat[c]]
    return Comparison(
        run_id=run_id,
        baseline_id=baseline_id,
        margin=margin,
        alpha=alpha,
        overall=_delta("overall", all_pairs, None, margin, alpha),
        categories=[
            _delta(c, by_cat[c], a, margin, alpha) for c, a in zip(cats, adjusted, strict=True)
        ],
        unmatched=len(base.keys() ^ runs.keys()),
        uncompared=_uncompared(base.values(), set(by_cat)),
    )


def _unique(results: Iterable[CaseResult], side: str) -> list[CaseResult]:
    """The results of one side; two results for one case id cannot be paired."""
    rows = list(results)
    counts = Counter(r.case_id for r in rows)
    dup = next((cid for cid, k in counts.items() if k > 1), None)
    if dup is not None:
        raise CompareError(f"{side} has {counts[dup]} results for case {dup!r}: cannot pair them")
    return rows


def _uncompared(baseline: Iterable[CaseResult], compared: set[str]) -> dict[str, int]:
    """Judged baseline cases per category that has no shared case at all."""
    counts = Counter(r.category for r in baseline)
    return {cat: k for cat, k in sorted(counts.items()) if cat not in compared}


def _judged(r: CaseResult) -> bool:
    return r.passed is not None and r.error is None


def _discordant(pairs: list[tuple[bool, bool]]) -> tuple[int, int]:
    return sum(1 for b, r in pairs if b and not r), sum(1 for b, r in pairs if r and not b)
