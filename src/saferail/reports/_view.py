"""The presentation model every format renders: header, counts, per-category rows and the
cases, with failing cases' texts already redacted and truncated (done once per report)."""

from __future__ import annotations

__all__ = [
    "CaseView",
    "CategoryRow",
    "Counts",
    "Header",
    "ReportView",
    "ScoreView",
    "build_view",
    "corrected_text",
    "delta_text",
    "finite_rate",
    "rate_text",
    "safe_spec",
]

import json
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from saferail.evals.case import Case
from saferail.evals.compare import CategoryDelta
from saferail.evals.metrics import CategoryMetrics, Rate
from saferail.evals.results import CaseResult
from saferail.reports._redact import Redactor
from saferail.reports._report import RunReport

_STATUS_ORDER = {"fail": 0, "error": 1, "unjudged": 2, "pass": 3}


@dataclass(frozen=True)
class ScoreView:
    scorer: str
    label: str
    value: float
    passed: bool | None
    explanation: str


@dataclass(frozen=True)
class CaseView:
    """One case as reports show it; texts are set for failing cases only."""

    case_id: str
    category: str
    expected: str
    tags: tuple[str, ...]
    status: str
    """``pass``, ``fail``, ``error`` (the target or a scorer failed) or ``unjudged``."""
    result: CaseResult
    scores: tuple[ScoreView, ...]
    prompt: str | None = None
    answer: str | None = None
    error: str | None = None

    @property
    def failing(self) -> bool:
        return self.status in ("fail", "error")

    @property
    def failed_scores(self) -> tuple[ScoreView, ...]:
        return tuple(s for s in self.scores if s.passed is False)

    def reason(self) -> str:
        """One line: why the case failed or errored."""
        if self.status == "error":
            return f"error: {self.error or 'unknown'}"
        parts = []
        for s in self.failed_scores:
            why = f": {s.explanation}" if s.explanation else ""
            parts.append(f"{s.scorer} = {s.label} ({s.value:.2f}){why}")
        return "; ".join(parts) or "failed"


@dataclass(frozen=True)
class Header:
    suite_name: str
    suite_version: str
    run_id: str
    status: str
    created_at: str
    finished_at: str | None
    target: str
    target_fingerprint: str
    policy_version: str | None
    packages: dict[str, str]
    platform: str | None


@dataclass(frozen=True)
class Counts:
    total: int
    passed: int
    failed: int
    errored: int
    unjudged: int


@dataclass(frozen=True)
class CategoryRow:
    name: str
    metrics: CategoryMetrics
    delta: CategoryDelta | None


@dataclass(frozen=True)
class ReportView:
    report: RunReport
    header: Header
    counts: Counts
    overall: CategoryRow
    categories: tuple[CategoryRow, ...]
    cases: tuple[CaseView, ...]
    """Every case in run order."""
    failing: tuple[CaseView, ...]
    """Failed, then errored cases, by category and id."""

    @property
    def redacted(self) -> bool:
        return self.report.redact

    @property
    def listed(self) -> tuple[CaseView, ...]:
        """The failing cases HTML and Markdown list (at most ``max_listed``)."""
        return self.failing[: self.report.max_listed]


def _status(r: CaseResult) -> str:
    if r.error is not None:
        return "error"
    if r.passed is None:
        return "unjudged"
    return "pass" if r.passed else "fail"


def _prompt_text(case: Case) -> str:
    if case.prompt is not None:
        return case.prompt
    return "\n".join(f"{t.role}: {t.content}" for t in case.messages or ())


def _answer_text(r: CaseResult) -> str:
    if not r.tool_calls:
        return r.output
    calls = json.dumps(list(r.tool_calls), ensure_ascii=False, sort_keys=True, default=str)
    return f"{r.output}\n\ntool calls: {calls}".lstrip()


def _case_view(r: CaseResult, report: RunReport, redactor: Redactor) -> CaseView:
    status = _status(r)
    failing = status in ("fail", "error")
    scores = tuple(
        ScoreView(
            s.scorer,
            s.label,
            s.value,
            s.passed,
            redactor(s.explanation) if failing and s.explanation else "",
        )
        for s in r.scores
    )
    if not failing:
        return CaseView(r.case_id, r.category, r.expected, r.tags, status, r, scores)
    case = None if report.cases is None else report.cases.get(r.case_id)
    prompt = None
    if case is not None and case.content_hash() == r.case_hash:
        prompt = redactor(_prompt_text(case))
    return CaseView(
        r.case_id,
        r.category,
        r.expected,
        r.tags,
        status,
        r,
        scores,
        prompt=prompt,
        answer=redactor(_answer_text(r)) if status == "fail" or r.output else None,
        error=None if r.error is None else redactor(r.error),
    )


def safe_spec(spec: str) -> str:
    """A target spec without the user, password and query of a URL (they may hold keys)."""
    parts = urlsplit(spec)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return spec
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _safe_target(target: dict[str, Any], redact: bool) -> str:
    spec = target.get("spec")
    model = f"{target.get('provider', '?')}/{target.get('model', '?')}"
    if not spec:
        return model
    spec = safe_spec(str(spec)) if redact else str(spec)
    return spec if spec == model else f"{spec} ({model})"


def _header(report: RunReport) -> Header:
    info = report.info
    manifest = info.manifest
    target = manifest.get("target")
    packages = manifest.get("packages")
    platform = manifest.get("platform")
    return Header(
        suite_name=info.suite_name,
        suite_version=info.suite_version,
        run_id=info.run_id,
        status=info.status.value,
        created_at=info.created_at,
        finished_at=info.finished_at,
        target=_safe_target(target, report.redact) if isinstance(target, dict) else "?",
        target_fingerprint=info.target_fingerprint,
        policy_version=manifest.get("policy_version"),
        packages={str(k): str(v) for k, v in packages.items()}
        if isinstance(packages, dict)
        else {},
        platform=str(platform) if platform else None,
    )


def build_view(report: RunReport) -> ReportView:
    """Prepare ``report`` for rendering (redacts the failing cases' texts)."""
    redactor = Redactor(enabled=report.redact, max_chars=report.max_chars)
    cases = tuple(_case_view(r, report, redactor) for r in report.results)
    failing = sorted(
        (c for c in cases if c.failing),
        key=lambda c: (_STATUS_ORDER[c.status], c.category, c.case_id),
    )
    by_status = {s: sum(1 for c in cases if c.status == s) for s in _STATUS_ORDER}
    deltas = (
        {} if report.comparison is None else {d.category: d for d in report.comparison.categories}
    )
    m = report.metrics
    return ReportView(
        report=report,
        header=_header(report),
        counts=Counts(
            total=len(cases),
            passed=by_status["pass"],
            failed=by_status["fail"],
            errored=by_status["error"],
            unjudged=by_status["unjudged"],
        ),
        overall=CategoryRow(
            "overall", m, None if report.comparison is None else report.comparison.overall
        ),
        categories=tuple(
            CategoryRow(name, cm, deltas.get(name)) for name, cm in m.categories.items()
        ),
        cases=cases,
        failing=tuple(failing),
    )


def finite_rate(rate: Rate | None) -> bool:
    """Whether ``rate`` has data to show: cases, and a finite rate and interval (metrics made
    by hand may hold NaN or an infinity)."""
    return (
        rate is not None
        and rate.n > 0
        and all(math.isfinite(x) for x in (rate.rate, rate.low, rate.high))
    )


def rate_text(rate: Rate | None, *, counts: bool = True) -> str:
    """``80.0% [58.4–91.9] (16/20)``; ``n/a`` without data (or with a NaN or infinite
    figure)."""
    if rate is None or not finite_rate(rate):
        return "n/a"
    text = f"{rate.rate:.1%} [{rate.low * 100:.1f}–{rate.high * 100:.1f}]"
    return f"{text} ({rate.k}/{rate.n})" if counts else text


def corrected_text(rate: Rate | None) -> str:
    """``corrected 12.5%`` of a refusal rate with a scorer-corrected estimate; ``""`` without
    one (or with a NaN or infinite one)."""
    if rate is None or rate.corrected is None or not math.isfinite(rate.corrected):
        return ""
    return f"corrected {rate.corrected:.1%}"


def delta_text(d: CategoryDelta) -> tuple[str, str, str]:
    """(arrow, change in percentage points, significance note) of a baseline delta."""
    arrow = "▲" if d.delta > 0 else "▼" if d.delta < 0 else "="
    change = f"{d.delta * 100:+.1f} pp"
    if d.significant_regression:
        note = "significant regression"
    elif d.significant_improvement:
        note = "significant improvement"
    else:
        note = "not significant"
    return arrow, change, note
