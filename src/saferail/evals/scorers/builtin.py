"""Imports every built-in scorer module so each registers itself."""

from __future__ import annotations

__all__: list[str] = []

from saferail.evals.scorers import (  # noqa: F401
    canary,
    grounding,
    harmful,
    judge,
    leakage,
    match,
    refusal,
    refusal_quality,
    tool_use,
    toxicity,
)
