"""The worker side of the Ray executor (imported in Ray worker processes).

A task gets a :class:`WorkerJob` (how to build the target and scorers, the suite's params,
the run config) and a chunk of cases with their cached answers; it runs them with
:func:`~saferail.evals.executors.local.run_cases` — the local executor's code — and returns
the results. The target and scorers are built once per worker process and job (a loaded
local model is not reloaded for every chunk) on one event loop kept for the process's life,
so HTTP connection pools are reused across chunks.
"""

from __future__ import annotations

__all__ = ["Allowance", "ChunkOutput", "ScorerSpec", "WorkerJob", "run_chunk", "scorer_specs"]

import asyncio
import importlib
import os
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from saferail.evals.case import Case, content_hash
from saferail.evals.executors.base import Batch, ExecutorError, TargetRecipe
from saferail.evals.executors.local import CaseJob, run_cases
from saferail.evals.results import CaseResult
from saferail.evals.scorers.registry import get_scorer
from saferail.evals.scoring import CaseScorers
from saferail.targets.base import Target

if TYPE_CHECKING:
    from saferail.redteam.budget import BudgetedTarget

_KEEP = 4  # jobs whose target and scorers a worker process keeps built


@dataclass(frozen=True)
class ScorerSpec:
    """One scorer of the run: its registry name, the module defining its class (imported
    first, so scorers registered by a decorator exist in the worker), its params and the
    behaviours it applies to (empty: all)."""

    name: str
    module: str
    params: dict[str, Any]
    only: tuple[str, ...]


def scorer_specs(scorers: CaseScorers) -> tuple[ScorerSpec, ...]:
    """The specs that rebuild ``scorers`` in another process."""
    return tuple(
        ScorerSpec(s.name, type(s).__module__, s.params.model_dump(mode="json"), tuple(sorted(o)))
        for s, o in scorers.entries
    )


@dataclass(frozen=True)
class WorkerJob:
    """What every task of one batch shares (sent once through the object store)."""

    recipe: TargetRecipe
    scorers: tuple[ScorerSpec, ...]
    params: dict[str, Any]
    config: dict[str, Any]
    fingerprint: str
    metered: bool = False

    def key(self) -> str:
        specs = [asdict(s) for s in self.scorers]
        return content_hash([self.recipe.key(), specs, self.params, self.config, self.metered])


@dataclass(frozen=True)
class Allowance:
    """Model calls one chunk may make, and the (phase, total) a refused call names."""

    calls: int
    phase: str
    total: int


@dataclass(frozen=True)
class ChunkOutput:
    """A chunk's results in case order, the model calls made by phase, the worker's pid."""

    results: list[CaseResult]
    spent: dict[str, int]
    pid: int


@dataclass
class _State:
    job: CaseJob
    meter: BudgetedTarget | None


_states: OrderedDict[str, _State] = OrderedDict()
_loop: list[asyncio.AbstractEventLoop] = []


def _event_loop() -> asyncio.AbstractEventLoop:
    if not _loop or _loop[0].is_closed():
        _loop[:] = [asyncio.new_event_loop()]
    return _loop[0]


def _build(job: WorkerJob) -> _State:
    from saferail.evals.runner import RunConfig

    meter: BudgetedTarget | None = None

    def wrap(target: Target) -> Target:
        nonlocal meter
        from saferail.redteam.budget import Budget, BudgetedTarget

        meter = BudgetedTarget(target, Budget(1))
        return meter

    target = job.recipe.build(wrap if job.metered else None)
    found = target.identity.fingerprint()
    if found != job.fingerprint:
        raise ExecutorError(
            f"target {job.recipe.spec!r} built on a worker is not the run's target "
            f"(fingerprint {found[:12]}, expected {job.fingerprint[:12]})"
        )
    entries = []
    for spec in job.scorers:
        importlib.import_module(spec.module)
        entries.append((get_scorer(spec.name)(spec.params), frozenset(spec.only)))
    config = RunConfig.model_validate(job.config)
    case_job = CaseJob(target, CaseScorers(entries), job.params, config, Case.content_hash)
    return _State(case_job, meter)


async def _close(state: _State) -> None:
    for scorer in state.job.scorers.scorers:
        await scorer.aclose()
    closer = getattr(state.job.target, "aclose", None)
    if closer is not None:
        await closer()


def _state(job: WorkerJob, loop: asyncio.AbstractEventLoop) -> _State:
    key = job.key()
    found = _states.get(key)
    if found is not None:
        _states.move_to_end(key)
        return found
    state = _states[key] = _build(job)
    while len(_states) > _KEEP:
        _, old = _states.popitem(last=False)
        loop.run_until_complete(_close(old))
    return state


def run_chunk(
    job: WorkerJob,
    cases: Sequence[Case],
    hits: Mapping[str, Mapping[str, Any]],
    allowance: Allowance | None = None,
) -> ChunkOutput:
    """Run one chunk in this worker process (the body of a Ray task)."""
    loop = _event_loop()
    state = _state(job, loop)
    budget = None
    if state.meter is not None:
        from saferail.redteam.budget import Budget

        if allowance is None:
            raise ExecutorError("a metered target needs a call allowance per chunk")
        budget = Budget(allowance.total)
        budget.enter(allowance.phase, allowance.calls)
        state.meter.budget = budget
    results = loop.run_until_complete(
        run_cases(state.job, Batch(cases, hits), lambda case, result: None)
    )
    spent = dict(budget.spent) if budget is not None else {}
    return ChunkOutput(results, spent, os.getpid())
