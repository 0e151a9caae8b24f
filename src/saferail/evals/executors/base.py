"""What an executor is: something that runs a batch of cases for a runner.

The :class:`~saferail.evals.runner.Runner` keeps everything that needs the run store — which
cases to run, the response cache, writing results in batches, progress — and hands an
executor a :class:`Batch`: the cases and the cached answers of those that have one. The
executor runs them (in this process, or sharded over a Ray cluster), calls ``emit`` with each
result as it arrives (the runner stores it) and returns all results in the batch's order.

Executors that run cases in other processes cannot be handed the live target: they get a
:class:`TargetRecipe` (the spec string, model name, options and policy the target was built
from) and build the target where the cases run.
"""

from __future__ import annotations

__all__ = [
    "Batch",
    "CallMeter",
    "Emit",
    "Executor",
    "ExecutorError",
    "TargetRecipe",
]

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError
from saferail.evals.case import Case, content_hash
from saferail.evals.results import CaseResult
from saferail.policy.models import Policy
from saferail.targets.base import Target

if TYPE_CHECKING:
    from saferail.evals.runner import Runner

Emit = Callable[[Case, CaseResult], None]
"""Called by an executor with each case and its result, as results arrive."""


class ExecutorError(SaferailError):
    """An executor could not run a batch (its engine is missing, a worker kept dying...)."""


@dataclass(frozen=True)
class Batch:
    """Cases to run and the cached answers (by case id) of those that have one; a cached
    case is scored, not sent to the target."""

    cases: Sequence[Case]
    hits: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class Executor(Protocol):
    """Runs batches of cases for a runner. ``describe()`` is the run manifest's
    ``executor`` entry (how the run was executed; it does not change results)."""

    @property
    def name(self) -> str: ...

    def describe(self) -> dict[str, Any]: ...

    async def run(self, runner: Runner, batch: Batch, emit: Emit) -> list[CaseResult]: ...

    async def aclose(self) -> None: ...


class CallMeter(Protocol):
    """A limit on the model calls a batch may make (the red team's budget) for executors
    whose workers cannot share the caller's counter: ``allowance()`` is how many calls the
    next batch may make; ``limits()`` is (phase, total) for the message of a refused call;
    ``charge(spent)`` books the calls the workers made, by phase."""

    def allowance(self) -> int: ...

    def limits(self) -> tuple[str, int]: ...

    def charge(self, spent: Mapping[str, int]) -> None: ...


class TargetRecipe(BaseModel):
    """How to build a target in another process: ``target_from_spec(spec, model=model,
    **options)``, guarded by ``policy`` when one is given. The built target must have the
    same identity (fingerprint) as the one the run was planned with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec: str = Field(min_length=1, description="echo, refuse, local, a URL or python:mod:name.")
    model: str | None = Field(None, description="Model name for HTTP targets.")
    options: dict[str, Any] = Field(default_factory=dict, description="Target options.")
    policy: Policy | None = Field(None, description="Guard the target with this policy.")

    def build(self, wrap: Callable[[Target], Target] | None = None) -> Target:
        """The target; ``wrap`` is applied to the bare target before the guard."""
        from saferail.targets.guarded import guarded
        from saferail.targets.spec import target_from_spec

        target = target_from_spec(self.spec, model=self.model, **self.options)
        if wrap is not None:
            target = wrap(target)
        return guarded(target, self.policy) if self.policy is not None else target

    def key(self) -> str:
        """A content hash of the recipe (the policy by its version)."""
        policy = self.policy.version if self.policy is not None else None
        return content_hash([self.spec, self.model, self.options, policy])
