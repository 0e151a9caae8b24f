"""Cooperative time budgets: a long-running check stops itself once its budget is spent.

The pipeline runs every check inside :func:`time_budget` with the check's ``timeout_ms``. A
check whose work grows with the text (the ``pii`` check on a long retrieved document, say)
calls :func:`checkpoint` now and then; past the deadline it raises
:class:`~saferail.errors.CheckTimeout`, which the pipeline reports like any other overrun (the
check's fail mode applies). Without a budget in force, :func:`checkpoint` does nothing, so a
check called directly (``Pii().run(data)``) always runs to the end.
"""

from __future__ import annotations

__all__ = ["checkpoint", "time_budget"]

import time
from contextvars import ContextVar, Token

from saferail.errors import CheckTimeout

# (deadline on the perf_counter clock, the budget in seconds) or None
_BUDGET: ContextVar[tuple[float, float] | None] = ContextVar("saferail_check_budget", default=None)


class time_budget:  # named like a function: used as ``with time_budget(0.25):``
    """Let :func:`checkpoint` calls in this context stop the work after ``seconds``.

    A budget set inside another keeps the earlier of the two deadlines. The budget follows
    the context: copy it (``contextvars.copy_context().run``) into a worker thread. (A class,
    not a generator: the pipeline enters one per check, so it must cost next to nothing.)
    """

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a time budget cannot be negative (got {seconds})")
        self._seconds = seconds
        self._token: Token[tuple[float, float] | None] | None = None

    def __enter__(self) -> None:
        deadline, seconds = time.perf_counter() + self._seconds, self._seconds
        outer = _BUDGET.get()
        if outer is not None and outer[0] < deadline:
            deadline, seconds = outer
        self._token = _BUDGET.set((deadline, seconds))

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _BUDGET.reset(self._token)
            self._token = None


def checkpoint() -> None:
    """Raise :class:`~saferail.errors.CheckTimeout` if the current time budget is spent."""
    budget = _BUDGET.get()
    if budget is not None and time.perf_counter() > budget[0]:
        raise CheckTimeout(f"stopped at its {budget[1] * 1000:g} ms budget")
