"""The release gate: criteria over a run's metrics (and its comparison with a baseline).

Criterion grammar, one per string::

    <metric>[<category>][.<bound>] <op> <number>     e.g.  refusal_rate[weapons] >= 0.98
    no_regression                                    no significant regression vs baseline

``metric`` is one of ``pass_rate``, ``refusal_rate``, ``over_refusal``, ``error_rate``;
``bound`` is ``rate`` (default), ``low`` / ``high`` (the 95% Wilson bounds) or ``corrected``;
``op`` is one of ``>= <= > < ==`` and ``number`` a rate between 0 and 1 (``0.05``, ``.05``,
``5e-2``; not ``5`` for 5%). ``category`` runs to the last ``]`` (``pass_rate[pii[email]]``);
only ``refusal_rate`` and ``over_refusal`` have a ``corrected`` bound. A metric with no data
fails its criterion, and so does ``no_regression`` without a baseline, without a judged case
shared with it, or with a baseline category of which no judged case is shared.
"""

from __future__ import annotations

__all__ = ["Criterion", "CriterionResult", "GateError", "GateResult", "evaluate_gate", "parse"]

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from saferail.errors import SaferailError
from saferail.evals.compare import Comparison
from saferail.evals.metrics import METRICS, Rate, RunMetrics

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_RULE = re.compile(
    r"^\s*(?P<metric>[a-z_]+)(?:\[(?P<category>.+)\])?(?:\.(?P<bound>rate|low|high|corrected))?"
    r"\s*(?P<op>>=|<=|==|>|<)\s*(?P<value>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)
_CORRECTED = ("refusal_rate", "over_refusal")
"""The metrics with a scorer-corrected estimate (``.corrected``)."""
_NO_REGRESSION = re.compile(
    r"^\s*(no_regression|no significant regression( vs(\.)? baseline)?)\s*$", re.IGNORECASE
)


class GateError(SaferailError):
    """A gate criterion could not be parsed."""


@dataclass(frozen=True)
class Criterion:
    text: str
    metric: str
    category: str | None = None
    bound: str = "rate"
    op: str = ">="
    value: float = 0.0


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    passed: bool
    actual: float | None
    detail: str


@dataclass(frozen=True)
class GateResult:
    passed: bool
    results: tuple[CriterionResult, ...]

    def explain(self) -> str:
        """A one-screen explanation: verdict, then one line per criterion."""
        lines = [f"gate: {'PASSED' if self.passed else 'FAILED'}"]
        for r in self.results:
            mark = "ok  " if r.passed else "FAIL"
            lines.append(f"  {mark} {r.criterion:<44} {r.detail}")
        return "\n".join(lines)


def parse(text: str) -> Criterion:
    """One criterion string; raises :class:`GateError` with the reason."""
    if _NO_REGRESSION.match(text):
        return Criterion(text=text.strip(), metric="no_regression")
    m = _RULE.match(text)
    if m is None:
        raise GateError(
            f"cannot read gate criterion {text!r}: expected e.g. 'pass_rate >= 0.9', "
            "'refusal_rate[weapons].low >= 0.95' or 'no_regression'"
        )
    if m["metric"] not in METRICS:
        raise GateError(
            f"gate criterion {text!r}: unknown metric {m['metric']!r} "
            f"(known: {', '.join(METRICS)}, no_regression)"
        )
    if m["bound"] == "corrected" and m["metric"] not in _CORRECTED:
        raise GateError(
            f"gate criterion {text!r}: only {' and '.join(_CORRECTED)} have a corrected value "
            f"(the refusal scorer's error removed), not {m['metric']}"
        )
    value = float(m["value"])
    if not 0.0 <= value <= 1.0:  # every metric is a rate: 'over_refusal <= 5' always holds
        raise GateError(
            f"gate criterion {text!r}: {m['metric']} is a rate between 0 and 1, "
            f"not {m['value']} (write 5% as 0.05)"
        )
    return Criterion(
        text=text.strip(),
        metric=m["metric"],
        category=m["category"],
        bound=m["bound"] or "rate",
        op=m["op"],
        value=value,
    )


def _check(c: Criterion, metrics: RunMetrics) -> CriterionResult:
    if c.category is not None and c.category not in metrics.categories:
        return CriterionResult(c.text, False, None, f"no cases in category {c.category!r}")
    rate = metrics.rate(c.metric, c.category)
    if rate is None or rate.n == 0:
        return CriterionResult(c.text, False, None, "no data for this metric")
    actual = getattr(rate, c.bound)
    if actual is None:
        return CriterionResult(
            c.text,
            False,
            None,
            f"no {c.bound} value (the refusal scorer's accuracy is unknown "
            "or no better than chance)",
        )
    scope = metrics if c.category is None else metrics.categories[c.category]
    detail = _detail(c, actual, rate, scope.errors)
    return CriterionResult(c.text, _OPS[c.op](actual, c.value), actual, detail)


def _detail(c: Criterion, actual: float, rate: Rate, errors: int) -> str:
    """The value checked, what it rests on, and the errored cases left out of it."""
    shown = _shown(actual, c.value)
    if c.bound == "corrected":  # k/n and the interval below are of the observed rate
        shown += f" corrected from observed {rate.rate:.3f}"
    basis = f"{rate.k}/{rate.n}, 95% CI [{rate.low:.3f}, {rate.high:.3f}]"
    if c.metric != "error_rate" and errors:
        basis += f"; {errors} errored cases not counted"
    return f"{shown} ({basis})"


def _shown(actual: float, threshold: float) -> str:
    """``actual`` to 3 decimals, or to as many more as it takes for the figure shown to fall
    on the same side of ``threshold`` as the value itself (0.9799 is not '0.980' next to a
    failed '>= 0.98')."""
    side = (actual > threshold) - (actual < threshold)
    for digits in range(3, 18):
        text = f"{actual:.{digits}f}"
        shown = float(text)
        if (shown > threshold) - (shown < threshold) == side:
            return text
    return repr(actual)


def _check_regression(c: Criterion, comparison: Comparison | None) -> CriterionResult:
    if comparison is None:
        return CriterionResult(c.text, False, None, "no baseline given (use --baseline RUN)")
    if comparison.overall.shared == 0:  # nothing compared is no evidence of no regression
        return CriterionResult(
            c.text, False, None, f"no judged case shared with {comparison.baseline_id[:12]}"
        )
    bad = comparison.regressed
    missing = comparison.uncompared  # categories without evidence either way
    if not bad and not missing:
        return CriterionResult(
            c.text, True, None, f"none vs {comparison.baseline_id[:12]} (alpha {comparison.alpha})"
        )
    problems = []
    if bad:
        worst = ", ".join(
            f"{d.category} {d.baseline_rate:.2f}->{d.run_rate:.2f} (p={d.p_adjusted:.3g})"
            for d in bad
        )
        problems.append(f"regressed: {worst}")
    if missing:
        problems.append(comparison.describe_uncompared())
    return CriterionResult(c.text, False, None, "; ".join(problems))


def evaluate_gate(
    criteria: Sequence[str], metrics: RunMetrics, comparison: Comparison | None = None
) -> GateResult:
    """Evaluate every criterion (all are parsed first, so a typo fails before any verdict)."""
    parsed = [parse(t) for t in criteria]
    if not parsed:
        raise GateError("no gate criteria: declare `gate:` in the suite or pass --criterion")
    results = tuple(
        _check_regression(c, comparison) if c.metric == "no_regression" else _check(c, metrics)
        for c in parsed
    )
    return GateResult(all(r.passed for r in results), results)
