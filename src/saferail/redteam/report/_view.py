"""The presentation model every red-team format renders: header, budget, attack success
rate per strategy (optionally beside a second run's), and the findings most severe first,
each with its representative attempt. Texts are redacted once, when the view is built."""

from __future__ import annotations

__all__ = [
    "FindingView",
    "RedTeamView",
    "StrategyRow",
    "build_view",
    "overall_rate",
    "pct",
    "plural",
    "rate_of",
    "ratio_text",
    "run_label",
    "sort_findings",
]

import math
from collections.abc import Iterable
from dataclasses import dataclass

from saferail._unique import unique_name
from saferail.evals.metrics import Rate
from saferail.redteam.report._redact import redact_result
from saferail.redteam.results import AttemptRecord, Finding, RedTeamResult, StrategyStats
from saferail.reports._view import safe_spec

PHASES = ("attack", "minimize", "verify", "attacker")


def pct(value: float) -> str:
    """``12.5%``; ``n/a`` for NaN or an infinity."""
    return f"{value:.1%}" if math.isfinite(value) else "n/a"


def ratio_text(value: float) -> str:
    """``0.60``; ``n/a`` for NaN or an infinity."""
    return f"{value:.2f}" if math.isfinite(value) else "n/a"


def rate_of(stats: StrategyStats) -> Rate:
    """A strategy's ASR as an eval :class:`Rate` (the charts' input); recomputed from its
    counts when a stored figure is NaN or infinite."""
    if not all(math.isfinite(x) for x in (stats.asr, stats.low, stats.high)):
        return Rate.of(stats.successes, stats.answered)
    return Rate(k=stats.successes, n=stats.answered, rate=stats.asr, low=stats.low, high=stats.high)


def plural(n: int, word: str) -> str:
    """``1 call``, ``2 calls``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def overall_rate(result: RedTeamResult) -> Rate:
    """Attack success rate over every answered attempt of the run, with its Wilson interval
    (from the per-strategy figures when the result carries no attempt records)."""
    if result.attempts:
        answered = result.answered
        return Rate.of(sum(a.succeeded for a in answered), len(answered))
    return Rate.of(
        sum(s.successes for s in result.strategies), sum(s.answered for s in result.strategies)
    )


def run_label(result: RedTeamResult) -> str:
    """How a run is named beside another: its target, and its policy when it had one."""
    return f"{result.target} + policy {result.policy}" if result.policy else result.target


def _finite(value: float) -> float:
    """``value``, or ``-1.0`` for NaN (which sorts nowhere in particular)."""
    return -1.0 if math.isnan(value) else value


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then the highest success rate, then by id."""
    return sorted(findings, key=lambda f: (-f.severity.rank, -_finite(f.success_rate), f.id))


@dataclass(frozen=True)
class StrategyRow:
    name: str
    rate: Rate | None
    calls: int
    compare: Rate | None = None


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    attempt: AttemptRecord | None
    """The representative attempt (its system prompt and planted documents)."""
    anchor: str = ""
    """The HTML id of the finding's section: ``finding-<id>``, unique within the report."""


def _anchors(findings: Iterable[Finding]) -> list[str]:
    """``finding-<id>`` per finding (characters but letters, digits, ``-`` and ``_`` as
    ``-``), with ``-2``, ``-3``... added where two ids would give the same anchor."""
    taken: set[str] = set()
    return [
        unique_name(
            "finding-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in f.id), taken, "-"
        )
        for f in findings
    ]


@dataclass(frozen=True)
class RedTeamView:
    result: RedTeamResult
    """The result as shown: a redacted copy unless redaction is off."""
    redacted: bool
    overall: Rate
    phases: tuple[tuple[str, int], ...]
    strategies: tuple[StrategyRow, ...]
    findings: tuple[FindingView, ...]
    severity_counts: tuple[tuple[str, int], ...]
    compare: RedTeamResult | None = None
    compare_overall: Rate | None = None

    @property
    def label(self) -> str:
        return run_label(self.result)

    @property
    def unanswered(self) -> str:
        """``""``, or how many attempts got no answer and the first error (left out of every
        ASR: a failed request is neither a success nor a resisted attack)."""
        errors = len(self.result.errors)
        if not errors:
            return ""
        first = (self.result.first_error() or "").strip().splitlines() or ["unknown error"]
        return (
            f"{errors} of {plural(len(self.result.attempts), 'attempt')} got no answer "
            f"(left out of the ASR); first error: {first[0]}"
        )

    @property
    def compare_label(self) -> str:
        return "" if self.compare is None else run_label(self.compare)


def _phases(result: RedTeamResult) -> tuple[tuple[str, int], ...]:
    known = [(p, result.calls[p]) for p in PHASES if p in result.calls]
    extra = [(p, n) for p, n in sorted(result.calls.items()) if p not in PHASES]
    return tuple(known + extra)


def _strategies(result: RedTeamResult, compare: RedTeamResult | None) -> tuple[StrategyRow, ...]:
    mine = {s.strategy: s for s in result.strategies}
    theirs = {s.strategy: s for s in compare.strategies} if compare is not None else {}
    names = list(mine) + [n for n in theirs if n not in mine]
    rows = []
    for name in names:
        stats = mine.get(name)
        other = theirs.get(name)
        rows.append(
            StrategyRow(
                name=name,
                rate=rate_of(stats) if stats is not None else None,
                calls=stats.calls if stats is not None else 0,
                compare=rate_of(other) if other is not None else None,
            )
        )
    return tuple(rows)


def build_view(
    result: RedTeamResult, *, redact: bool = True, compare: RedTeamResult | None = None
) -> RedTeamView:
    """The view of ``result`` (redacted unless ``redact`` is false), beside ``compare``."""
    shown = redact_result(result) if redact else result
    attempts = {a.key: a for a in shown.attempts}
    ordered = sort_findings(shown.findings)
    findings = tuple(
        FindingView(f, attempts.get(f.representative), anchor)
        for f, anchor in zip(ordered, _anchors(ordered), strict=True)
    )
    counts = {s: 0 for s in ("critical", "high", "medium", "low")}
    for f in shown.findings:
        counts[f.severity.value] += 1
    if compare is not None and redact:
        compare = compare.model_copy(update={"target": safe_spec(compare.target)})
    return RedTeamView(
        result=shown,
        redacted=redact,
        overall=overall_rate(result),
        phases=_phases(result),
        strategies=_strategies(result, compare),
        findings=findings,
        severity_counts=tuple(counts.items()),
        compare=compare,
        compare_overall=None if compare is None else overall_rate(compare),
    )
