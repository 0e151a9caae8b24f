"""Pydantic models of a saferail policy file."""

from __future__ import annotations

__all__ = [
    "Action",
    "CheckConfig",
    "FailMode",
    "Policy",
    "PolicySettings",
    "SurfacePolicy",
]

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Action = Literal["block", "redact", "warn", "log"]
FailMode = Literal["closed", "open"]


class CheckConfig(BaseModel):
    """How one check runs on one surface."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    action: Action = Field("block", description="What a finding at or above threshold does.")
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Minimum score of a finding; default: the check's."
    )
    fail_mode: FailMode = Field(
        "closed", description="closed: an error or timeout blocks; open: it is only reported."
    )
    timeout_ms: float | None = Field(
        None, gt=0, description="Time budget; default: settings.timeout_ms."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Check-specific parameters.")


class SurfacePolicy(BaseModel):
    """The checks that run on one surface (input, output, retrieval, tool_call)."""

    model_config = ConfigDict(extra="forbid")

    checks: dict[str, CheckConfig] = Field(default_factory=dict)


class PolicySettings(BaseModel):
    """Settings that apply to every surface."""

    model_config = ConfigDict(extra="forbid")

    early_exit: bool = Field(True, description="Stop running checks once one blocks.")
    timeout_ms: float = Field(250.0, gt=0, description="Default per-check time budget.")
    redaction: str = Field(
        "[{label}]",
        description="Replacement for redacted spans; {label} is the entity type or category.",
    )
    max_chars: int = Field(
        1_000_000, gt=0, description="Longer texts are checked on their first max_chars only."
    )


class Policy(BaseModel):
    """A whole policy: settings plus the checks of each surface."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    name: str = "policy"
    description: str = ""
    settings: PolicySettings = Field(default_factory=lambda: PolicySettings())
    input: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    output: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    retrieval: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())
    tool_call: SurfacePolicy = Field(default_factory=lambda: SurfacePolicy())

    def surface(self, name: str) -> SurfacePolicy:
        """The policy of one surface by name."""
        value = getattr(self, name, None)
        if not isinstance(value, SurfacePolicy):
            raise ValueError(f"unknown surface {name!r}")
        return value

    @property
    def version(self) -> str:
        """Content hash of the effective policy (comments and key order do not count)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()[:16]
