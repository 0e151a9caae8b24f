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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from saferail.errors import CheckTimeout

# (deadline on the perf_counter clock, the budget in seconds) or None
_BUDGET: ContextVar[tuple[float, float] | None] = ContextVar("saferail_check_budget", default=None)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Let :func:`checkpoint` calls in this context stop the work after ``seconds``.

    A budget set inside another keeps the earlier of the two deadlines. The budget follows
    the context: copy it (``contextvars.copy_context().run``) into a worker thread.
    """
    if seconds < 0:
        raise ValueError(f"a time budget cannot be negative (got {seconds})")
    deadline = time.perf_counter() + seconds
    outer = _BUDGET.get()
    if outer is not None and outer[0] < deadline:
        deadline, seconds = outer
    token = _BUDGET.set((deadline, seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def checkpoint() -> None:
    """Raise :class:`~saferail.errors.CheckTimeout` if the current time budget is spent."""
    budget = _BUDGET.get()
    if budget is not None and time.perf_counter() > budget[0]:
        raise CheckTimeout(f"stopped at its {budget[1] * 1000:g} ms budget")
