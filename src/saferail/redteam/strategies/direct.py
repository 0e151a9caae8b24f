"""The ``direct`` strategy: the goal's objective, asked plainly (the baseline).

Every other strategy wraps the objective in something: a persona, an encoding, a story. If
the target already does what the plain request asks, the wrapper is not what broke it, and a
finding for that wrapper would point at the wrong fix. ``direct`` measures that baseline:
one attempt per goal, the objective as the whole user turn, with the goal's system prompt,
documents and tools. Compare a strategy's attack success rate with ``direct``'s to see what
the strategy adds.
"""

from __future__ import annotations

__all__ = ["DirectStrategy"]

from collections.abc import Sequence
from typing import ClassVar

from saferail.redteam.attack import PAYLOAD
from saferail.redteam.goals import GoalKind
from saferail.redteam.strategies._templated import TemplateStrategy, Variant
from saferail.redteam.strategies.registry import register_strategy


@register_strategy
class DirectStrategy(TemplateStrategy):
    """The objective as the user's message, nothing around it."""

    name: ClassVar[str] = "direct"
    description: ClassVar[str] = "Baseline: the objective asked plainly, with no attack around it"
    kinds: ClassVar[tuple[GoalKind, ...]] = (
        GoalKind.HARMFUL,
        GoalKind.SYSTEM_PROMPT,
        GoalKind.PII,
        GoalKind.TOOL_MISUSE,
    )
    tags: ClassVar[tuple[str, ...]] = ("owasp:llm01:2025",)
    atlas: ClassVar[tuple[str, ...]] = ("AML.T0051.000",)

    def all_variants(self) -> Sequence[Variant]:
        return (Variant("plain", PAYLOAD),)
