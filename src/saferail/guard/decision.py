"""The result of a guard call."""

from __future__ import annotations

__all__ = ["CheckRun", "Decision", "Status", "Verdict"]

from dataclasses import dataclass, field
from typing import Any, Literal

from saferail.checks.base import Finding

Verdict = Literal["allow", "block", "redact", "warn"]
Status = Literal["ok", "error", "timeout", "skipped"]


@dataclass(slots=True)
class CheckRun:
    """How one check went during one guard call."""

    check: str
    status: Status
    latency_ms: float
    findings: int = 0
    action: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "latency_ms": round(self.latency_ms, 4),
            "findings": self.findings,
            "action": self.action,
            "error": self.error,
        }


@dataclass(slots=True)
class Decision:
    """What the guard decided: the action, the findings, the transformed text."""

    action: Verdict
    findings: list[Finding]
    text: str
    surface: str
    policy_version: str
    checks: list[CheckRun] = field(default_factory=list)
    latency_ms: float = 0.0
    messages: list[dict[str, Any]] | None = None

    @property
    def blocked(self) -> bool:
        return self.action == "block"

    @property
    def allowed(self) -> bool:
        """True unless the decision blocks (redacted and warned texts may proceed)."""
        return self.action != "block"

    @property
    def errors(self) -> list[str]:
        """One line per check that errored or timed out."""
        return [f"{r.check}: {r.error}" for r in self.checks if r.error]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "findings": [f.to_dict() for f in self.findings],
            "text": self.text,
            "surface": self.surface,
            "policy_version": self.policy_version,
            "checks": [c.to_dict() for c in self.checks],
            "latency_ms": round(self.latency_ms, 4),
        }
