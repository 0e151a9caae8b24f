"""What a triage produces: the bug report's data (written as JSON, rendered as Markdown)."""

from __future__ import annotations

__all__ = [
    "Attempts",
    "KeptText",
    "MinimizedRepro",
    "ReportedCase",
    "SeverityRating",
    "TargetInfo",
    "Timestamps",
    "TriageResult",
]

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.stats import wilson
from saferail.redteam.goals import Impact
from saferail.redteam.results import Severity, TurnRecord


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Attempts(_Model):
    """``failures`` of ``runs`` sends failed (errored sends excluded), with the 95% Wilson
    interval of the failure rate."""

    runs: int
    failures: int
    errors: int = 0
    rate: float
    low: float
    high: float

    @classmethod
    def of(cls, failures: int, judged: int, errors: int = 0) -> Attempts:
        low, high = wilson(failures, judged)
        rate = failures / judged if judged else 0.0
        return cls(
            runs=judged, failures=failures, errors=errors, rate=round(rate, 4), low=low, high=high
        )

    def describe(self) -> str:
        return (
            f"{self.failures}/{self.runs} ({self.rate:.0%}, 95% CI {self.low:.2f}-{self.high:.2f})"
            + (f", {self.errors} errored" if self.errors else "")
        )


class KeptText(_Model):
    """A string the minimizer was not allowed to remove, and why."""

    text: str
    why: str


class ReportedCase(_Model):
    """The conversation as reported."""

    kind: Literal["prompt", "transcript"]
    source: str
    system_prompt: str | None = None
    turns: list[TurnRecord]
    documents: list[str] = Field(default_factory=list)
    reported_reply: str | None = None


class MinimizedRepro(_Model):
    """The smallest conversation found that still fails, and its own reproduction rate."""

    system_prompt: str | None = None
    turns: list[TurnRecord]
    documents: list[str] = Field(default_factory=list)
    text: str
    """The final user turn."""
    length: int
    original_length: int
    ratio: float
    calls: int
    reduced: list[str] = Field(default_factory=list)
    kept: list[KeptText] = Field(default_factory=list)
    confirmed: bool
    exhausted: bool = False
    verification: Attempts | None = None
    """Re-sends of the minimized repro (``None``: nothing was removed)."""


class SeverityRating(_Model):
    """The suggested severity: likelihood (from the reproduction rate) x impact."""

    severity: Severity
    likelihood: int
    likelihood_name: str
    impact: Impact
    impact_source: str = ""
    """Where the impact comes from (a label's default severity, a hazard, ``--impact``)."""
    score: int
    rationale: str


class TargetInfo(_Model):
    spec: str | None = None
    fingerprint: str
    identity: dict[str, Any]
    policy_version: str | None = None


class Timestamps(_Model):
    """Inputs of the time-to-triage KPIs (ISO 8601 UTC; durations in seconds)."""

    reported_at: str | None = None
    started_at: str
    reproduced_at: str | None = None
    """When the reproduction sends were done, if the failure reproduced."""
    finished_at: str
    time_to_reproduce_s: float | None = None
    triage_duration_s: float
    time_to_triage_s: float | None = None
    """From the report to the finished triage (needs ``reported_at``)."""


class TriageResult(_Model):
    """One triaged report: the bug report's content."""

    schema_version: int = 1
    id: str
    title: str
    reporter: str | None = None
    status: Literal["reproduced", "not_reproduced"]
    expected: str
    scorers: list[str]
    reported: ReportedCase
    reproduction: Attempts
    evidence: list[str] = Field(default_factory=list)
    """Distinct scorer explanations of the failed sends."""
    sample_reply: str | None = None
    """The first failing answer (truncated)."""
    signals: list[str] = Field(default_factory=list)
    """Taxonomy-vocabulary signals (``failed:refuse``, ``output:pii``, ``input:jailbreak``)."""
    detectors: list[dict[str, Any]] = Field(default_factory=list)
    """Input detector findings on the reported prompt and documents (score, hazard)."""
    labels: list[dict[str, Any]] = Field(default_factory=list)
    """Failure-taxonomy labels, most severe first."""
    minimized: MinimizedRepro | None = None
    severity: SeverityRating | None = None
    target: TargetInfo
    run_id: str
    store: str | None = None
    timestamps: Timestamps
    saferail_version: str

    @property
    def reproduced(self) -> bool:
        return self.status == "reproduced"
