"""Run a registered guard check on an answer, outside any Guard (scorers reuse the checks)."""

from __future__ import annotations

__all__ = ["run_check"]

from functools import lru_cache

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import canonicalize
from saferail.checks.registry import get_check


@lru_cache(maxsize=32)
def _instance(name: str) -> Check:
    cls = get_check(name)
    return cls(cls.Params())


def run_check(
    name: str,
    text: str,
    *,
    surface: str = "output",
    context: str | None = None,
    system_prompt: str | None = None,
    threshold: float | None = None,
) -> list[Finding]:
    """Findings of the check ``name`` (default params) on ``text`` at or above ``threshold``
    (default: the check's own default threshold)."""
    check = _instance(name)
    data = CheckInput(text, canonicalize(text), surface, context, system_prompt)
    cut = check.default_threshold if threshold is None else threshold
    return [f for f in check.run(data) if f.score >= cut]
