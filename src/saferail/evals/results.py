"""Run records: one ``CaseResult`` per case, ``RunInfo`` per run (what the store keeps)."""

from __future__ import annotations

__all__ = ["CaseResult", "RunInfo", "RunStatus"]

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.scorers.base import Score


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"
    FAILED = "failed"


class CaseResult(BaseModel):
    """What happened to one case. ``passed`` is ``None`` when the case errored or no scorer
    judged it; ``refused`` is the refusal scorer's verdict when it ran."""

    model_config = ConfigDict(extra="forbid")

    case_id: str
    case_hash: str
    category: str
    expected: str
    tags: tuple[str, ...] = ()
    output: str = ""
    tool_calls: tuple[dict[str, Any], ...] = ()
    finish_reason: str | None = None
    blocked: bool = False
    scores: tuple[Score, ...] = ()
    passed: bool | None = None
    refused: bool | None = None
    error: str | None = None
    latency_ms: float = 0.0
    attempts: int = 1
    cached: bool = False

    def score(self, scorer: str) -> Score | None:
        """This result's score from ``scorer``, if it ran."""
        return next((s for s in self.scores if s.scorer == scorer), None)


class RunInfo(BaseModel):
    """One run: which suite against which target, its status and its manifest."""

    model_config = ConfigDict(extra="forbid")

    run_id: str
    suite_name: str
    suite_version: str
    target_fingerprint: str
    status: RunStatus = RunStatus.RUNNING
    created_at: str
    finished_at: str | None = None
    manifest: dict[str, Any] = Field(default_factory=dict)
