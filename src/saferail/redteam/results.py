"""What a red-team run produces: attempt records, per-strategy figures and findings.

All are pydantic models so the JSON report, the issue export and the regression suite are
plain ``model_dump`` of the same objects.
"""

from __future__ import annotations

__all__ = [
    "AttemptRecord",
    "Finding",
    "Mitigation",
    "RedTeamResult",
    "Repro",
    "Severity",
    "StepRecord",
    "StrategyStats",
    "TurnRecord",
]

import math
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# JSON has no NaN: a rate without a denominator is written as ``null`` and read back as NaN
_Rate = Annotated[float, BeforeValidator(lambda v: math.nan if v is None else v)]


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3, "critical": 4}[self.value]


class TurnRecord(BaseModel):
    """One message as sent to (or received from) the target."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str
    content: str


class StepRecord(BaseModel):
    """One request of an attempt and the target's answer."""

    model_config = ConfigDict(extra="forbid")

    case_id: str
    case: dict[str, Any]
    """The eval case sent (``Case.model_dump(mode="json")``): messages, system prompt,
    documents, tools, canary and expected behaviour; what a regression suite replays."""
    turns: list[TurnRecord]
    """The conversation sent (system prompt and documents excluded; see the attempt)."""
    reply: str
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    blocked: bool = False
    succeeded: bool = False
    error: str | None = None
    cached: bool = False
    evidence: str = ""
    """Why the step counts as a success (the scorer's explanation)."""


class AttemptRecord(BaseModel):
    """One attack on one goal by one strategy, with every step."""

    model_config = ConfigDict(extra="forbid")

    key: str
    strategy: str
    goal_id: str
    kind: str
    category: str
    variant: str
    system_prompt: str | None = None
    documents: list[str] = Field(default_factory=list)
    steps: list[StepRecord] = Field(default_factory=list)
    succeeded: bool = False
    calls: int = 0
    """Target calls this attempt made (cached answers are free)."""

    @property
    def errored(self) -> bool:
        """The attempt ended on a failed request (target error, timeout, spent budget): the
        target never answered its last step, so it neither resisted nor fell for it."""
        return not self.succeeded and bool(self.steps) and self.steps[-1].error is not None

    @property
    def length(self) -> int:
        """Characters the attacker wrote in the attempt's final request."""
        if not self.steps:
            return 0
        users = sum(len(t.content) for t in self.steps[-1].turns if t.role == "user")
        return users + sum(len(d) for d in self.documents)


class Repro(BaseModel):
    """A minimized reproduction: fewest turns, converters and words that still succeed."""

    model_config = ConfigDict(extra="forbid")

    case: dict[str, Any]
    """The repro as an eval case (``Case.model_dump(mode="json")``)."""
    turns: list[TurnRecord]
    """The conversation of the repro; the last user turn is the one to send."""
    system_prompt: str | None = None
    documents: list[str] = Field(default_factory=list)
    converters: list[str] = Field(default_factory=list)
    original_length: int
    length: int
    ratio: _Rate
    """``length / original_length`` (attacker-written characters)."""
    calls: int
    """Extra target calls the minimization spent."""
    reduced: list[str] = Field(default_factory=list)
    """What was removed, e.g. ``"2 of 4 turns"``, ``"converter rot13"``, ``"31 of 58 words"``."""
    confirmed: bool = True
    """The final repro was re-sent and still succeeded."""


class Mitigation(BaseModel):
    """The check or policy setting that blocks a finding's attack, and whether a re-run of the
    attack against the target guarded by that policy confirmed it."""

    model_config = ConfigDict(extra="forbid")

    checks: list[str]
    """Checks that fire on the attack (input side) or on the target's answer (output side)."""
    policy: str
    """The policy that blocks it: a path, ``default``, or a description of the change."""
    setting: str
    """The policy change to make, in one line (e.g. ``checks.prompt_injection.action: block``)."""
    verified: bool
    detail: str = ""
    calls: int = 0


class Finding(BaseModel):
    """One distinct successful attack class (strategy × goal kind/category)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    strategy: str
    kind: str
    category: str
    goal_ids: list[str]
    tags: list[str] = Field(default_factory=list)
    atlas: list[str] = Field(default_factory=list)
    severity: Severity
    likelihood: int = Field(ge=1, le=4)
    impact: int = Field(ge=1, le=4)
    successes: int
    attempts: int
    success_rate: _Rate
    representative: str
    """Key of the attempt shown as the example (its transcript and repro)."""
    reproduction: list[str]
    """Numbered steps to reproduce by hand."""
    transcript: list[TurnRecord]
    repro: Repro | None = None
    mitigation: Mitigation | None = None


class StrategyStats(BaseModel):
    """Attack success rate of one strategy (per answered attempt) with its 95% Wilson
    interval. Attempts that ended on a failed request are counted in ``errors`` and left out
    of ``asr``, ``low`` and ``high``: an unanswered attack is not one the target resisted."""

    model_config = ConfigDict(extra="forbid")

    strategy: str
    attempts: int
    successes: int
    calls: int
    """Requests the strategy sent that were not answered from the cache (behind a guard,
    some of them were answered by the guard without a model call)."""
    asr: _Rate
    low: _Rate
    high: _Rate
    errors: int = 0
    """Attempts that ended on a failed request (no answer to judge)."""

    @property
    def answered(self) -> int:
        """Attempts the target answered: the ASR's denominator."""
        return self.attempts - self.errors


class RedTeamResult(BaseModel):
    """Everything one red-team run found."""

    model_config = ConfigDict(extra="forbid")

    run_id: str
    target: str
    target_fingerprint: str
    policy: str | None = None
    seed: int = 0
    budget: int
    calls: dict[str, int]
    """Target calls spent per phase: ``attack``, ``minimize``, ``verify`` (and ``attacker``)."""
    strategies: list[StrategyStats]
    findings: list[Finding]
    attempts: list[AttemptRecord]
    goals: list[str]
    created_at: str
    manifest: dict[str, Any] = Field(default_factory=dict)

    @property
    def calls_used(self) -> int:
        return sum(self.calls.values())

    @property
    def answered(self) -> list[AttemptRecord]:
        """The attempts the target answered (those that ended on a failed request left out)."""
        return [a for a in self.attempts if not a.errored]

    @property
    def errors(self) -> list[AttemptRecord]:
        """The attempts that ended on a failed request, in the order they were made."""
        return [a for a in self.attempts if a.errored]

    @property
    def asr(self) -> float:
        """Share of the answered attempts that succeeded."""
        answered = self.answered
        return sum(a.succeeded for a in answered) / len(answered) if answered else 0.0

    def first_error(self) -> str | None:
        """The error that ended the first unanswered attempt, preferring the target's own
        errors to a spent budget (often their consequence: retries spend calls too);
        ``None`` when every attempt was answered."""
        errors = [str(a.steps[-1].error) for a in self.errors]
        own = [e for e in errors if "budget exhausted" not in e]
        return next(iter(own or errors), None)

    def summary(self) -> dict[str, Any]:
        """A compact view for the run manifest: calls, ASR per strategy, findings."""
        return {
            "budget": self.budget,
            "calls": dict(self.calls),
            "asr": round(self.asr, 4),
            "errors": len(self.errors),
            "strategies": {s.strategy: [s.successes, s.attempts] for s in self.strategies},
            "findings": [
                {"id": f.id, "strategy": f.strategy, "kind": f.kind, "severity": f.severity.value}
                for f in self.findings
            ],
        }
