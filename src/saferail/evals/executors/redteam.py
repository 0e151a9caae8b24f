"""Red teams on an executor: the run's requests to the target under test go through
``executor`` (e.g. Ray), with the same findings as in-process for the same target.

The red team's call budget is kept by the driver: a :class:`BudgetMeter` tells the executor
how many model calls a batch may make (workers refuse calls past their share with the same
``budget exhausted`` error as in-process) and books the calls the workers made. Mitigation
checks (the target guarded by candidate policies, built in the driver) run in-process.
"""

from __future__ import annotations

__all__ = ["BudgetMeter", "ExecutorRedTeam"]

from collections.abc import Mapping
from typing import Any

from saferail.evals.executors.base import Executor
from saferail.evals.runner import Runner
from saferail.redteam.budget import Budget
from saferail.redteam.engine import RedTeam
from saferail.targets.base import Target


class BudgetMeter:
    """A red-team :class:`~saferail.redteam.budget.Budget` as a
    :class:`~saferail.evals.executors.base.CallMeter`."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget

    def allowance(self) -> int:
        b = self.budget
        return max(0, min(b.total, b.cap) - b.used)

    def limits(self) -> tuple[str, int]:
        return self.budget.phase, self.budget.total

    def charge(self, spent: Mapping[str, int]) -> None:
        for phase, calls in spent.items():
            self.budget.spent[phase] += calls


class ExecutorRedTeam(RedTeam):
    """A :class:`~saferail.redteam.engine.RedTeam` whose requests to its target run on
    ``executor`` (an executor with a ``meter`` attribute gets the run's budget meter)."""

    def __init__(self, *args: Any, executor: Executor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.executor = executor
        if hasattr(executor, "meter"):
            executor.meter = BudgetMeter(self.budget)

    def runner_for(self, target: Target) -> Runner:
        runner = super().runner_for(target)
        if target is self.target:
            runner.executor = self.executor
        return runner
