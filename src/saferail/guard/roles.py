"""Which chat turns the input checks see: one rule for the Guard, the gateway and guarded
targets, so no entry point skips a turn another one checks."""

from __future__ import annotations

__all__ = ["TRUSTED_ROLES", "input_checked"]

from collections.abc import Mapping
from typing import Any

TRUSTED_ROLES = frozenset({"system", "developer", "assistant"})
"""Turns not checked as input: the system prompt is trusted, assistant turns were checked as
outputs. Every other role (user, tool, function, and a misspelt or missing one) is checked."""


def input_checked(message: Mapping[str, Any]) -> bool:
    """Whether ``message`` is a turn with text the input checks must see (any role but the
    trusted ones, so a misspelt role such as ``"User"`` cannot skip the checks)."""
    return message.get("role") not in TRUSTED_ROLES and isinstance(message.get("content"), str)
