"""Imports every built-in strategy module so each registers itself."""

from __future__ import annotations

__all__: list[str] = []

from saferail.redteam.strategies import (  # noqa: F401
    crescendo,
    direct,
    encoding,
    extraction,
    framing,
    indirect,
    language,
    pair,
    tool_misuse,
)
