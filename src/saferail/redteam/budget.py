"""The call budget of a red-team run, and targets that spend it.

Two counters, one limit:

- **model calls** — every call to the target under test or to an attacker model passes
  through a :class:`BudgetedTarget` that takes one unit first, retries included. When the
  limit is reached the call is refused with :class:`BudgetExhausted` *before* it reaches the
  model, so a run never makes more model calls than its budget. Cached answers and requests
  the guard blocks on input never reach the model and cost nothing here.
- **requests** — every request the run sends counts once (cached or blocked alike). The
  engine plans by this counter (:attr:`Budget.remaining` is the limit minus the larger of
  the two), so replaying a run from the cache makes exactly the same decisions as the run
  it replays, at zero model calls.
"""

from __future__ import annotations

__all__ = ["Budget", "BudgetExhausted", "BudgetedTarget"]

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from saferail.targets.base import (
    Chunk,
    Completion,
    Messages,
    Target,
    TargetIdentity,
    TargetRejected,
)


class BudgetExhausted(TargetRejected):
    """The run's call budget (or its phase's share) is spent; the call was not made."""

    def __init__(self, phase: str, total: int) -> None:
        super().__init__(f"call budget exhausted ({phase} phase; budget {total} calls)")


class Budget:
    """``total`` calls, spent by phase. ``cap`` bounds the current phase (the attack phase
    leaves a reserve for minimization and mitigation checks)."""

    def __init__(self, total: int) -> None:
        if total < 1:
            raise ValueError("a budget needs at least one call")
        self.total = total
        self.spent: Counter[str] = Counter()
        self.sent = 0
        self.phase = "attack"
        self.cap = total

    @property
    def used(self) -> int:
        return sum(self.spent.values())

    @property
    def remaining(self) -> int:
        """Calls left in the current phase. Requests answered from the cache count here too
        (see :meth:`note`), so a replay makes the same decisions as the run it replays."""
        return max(0, min(self.total, self.cap) - max(self.used, self.sent))

    def note(self, requests: int) -> None:
        """Count ``requests`` sent (cached or not) after they were answered."""
        self.sent += requests

    def enter(self, phase: str, cap: int | None = None) -> None:
        """Start ``phase``; at most ``cap`` calls (in total, all phases) until the next one."""
        self.phase = phase
        self.cap = self.total if cap is None else min(self.total, cap)

    def take(self, phase: str | None = None) -> None:
        """Spend one call, or raise :class:`BudgetExhausted` (only real calls count here)."""
        if min(self.total, self.cap) - self.used <= 0:
            raise BudgetExhausted(self.phase, self.total)
        self.spent[phase or self.phase] += 1


class BudgetedTarget:
    """A target whose every call spends one unit of ``budget`` (under ``phase`` if given,
    else the budget's current phase). Its identity is the wrapped target's, so caching and
    run manifests see the real target."""

    def __init__(self, target: Target, budget: Budget, *, phase: str | None = None) -> None:
        self.target = target
        self.budget = budget
        self.phase = phase

    @property
    def identity(self) -> TargetIdentity:
        return self.target.identity

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        self.budget.take(self.phase)
        return await self.target.generate(messages, **params)

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        self.budget.take(self.phase)
        async for chunk in self.target.stream(messages, **params):
            yield chunk
