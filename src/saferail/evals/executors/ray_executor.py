"""The Ray executor: a batch's cases sharded into Ray tasks over a cluster.

The driver (the process running the :class:`~saferail.evals.runner.Runner`) splits the
batch into chunks and keeps ``workers`` chunks in flight (without ``workers``: two per CPU
of the cluster, so that each CPU has its next chunk queued). Each task builds the
target from the run's :class:`~saferail.evals.executors.base.TargetRecipe` and the suite's
scorers from their specs, runs its chunk with the local executor's code and returns the
results; the driver emits them as each chunk completes, and the runner writes them to the
run store (workers never touch the store). Cached answers are looked up by the driver and
sent along with their cases, so a cached case is scored on a worker but never called.

Faults: a task whose worker process dies is retried (``max_retries`` times) on another
worker; its cases were not emitted yet, so each case is stored once. A chunk that still
fails stops the batch with :class:`~saferail.evals.executors.base.ExecutorError`; the
results already stored stay, and ``--resume`` finishes the run.

With a ``meter`` (the red team's call budget) the budget holds exactly when a worker dies.
Each chunk is dispatched with a share of the meter's allowance (its calls); a chunk that
finishes books what it spent and gives the rest back to the batch's spare calls. The calls
of a dead worker are unknown, so its whole share is booked as spent (phase ``lost``), and
the driver, not Ray, runs the chunk again, on a new share taken from the spare calls (none
left: its cases fail with ``budget exhausted``, as they would in-process). Without this, a
re-run spent a second share that nobody booked: one chunk more than the budget.

Per-worker settings: ``concurrency`` is the number of cases each task keeps in flight, and
a ``rate_limit_rps`` is shared out evenly between the ``workers`` running tasks. Chunks hold
``chunk_size`` cases (default: 8 x ``concurrency``, at least 32, so that a task keeps its
cases in flight most of its life), fewer when the batch would not fill every worker.
"""

from __future__ import annotations

__all__ = ["RayExecutor"]

import asyncio
import importlib
import math
import os
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from saferail.errors import SaferailError
from saferail.evals.case import Case
from saferail.evals.executors._ray_worker import (
    Allowance,
    ChunkOutput,
    WorkerJob,
    run_chunk,
    scorer_specs,
)
from saferail.evals.executors.base import Batch, CallMeter, Emit, ExecutorError, TargetRecipe
from saferail.evals.executors.registry import register_executor
from saferail.evals.results import CaseResult

if TYPE_CHECKING:
    from saferail.evals.runner import Runner

_remote: dict[str, Any] = {}
LOST = "lost"
"""The budget phase that books the calls a dead worker may have made (all of its share)."""


def _ray() -> Any:
    """The ``ray`` module (an optional dependency: typed as Any, installed or not)."""
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise ExecutorError("the ray executor needs Ray: pip install 'saferail[ray]'") from None


@register_executor
class RayExecutor:
    """Runs batches on a Ray cluster: ``address`` names a running one (``auto``,
    ``ray://host:10001``...); without it, a cluster already initialised in this process is
    used, else a local one is started with ``workers`` CPUs (default: all) and shut down by
    :meth:`aclose`; ``workers`` also caps the tasks running at once. ``recipe`` builds the
    target on workers (default: the runner's ``target_spec``). ``chunk_size`` is the cases
    per task. ``meter`` limits model calls (see :class:`CallMeter`)."""

    name = "ray"

    def __init__(
        self,
        recipe: TargetRecipe | None = None,
        *,
        address: str | None = None,
        workers: int | None = None,
        chunk_size: int | None = None,
        max_retries: int = 3,
        init_options: dict[str, Any] | None = None,
        meter: CallMeter | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ExecutorError("the ray executor needs at least one worker")
        if chunk_size is not None and chunk_size < 1:
            raise ExecutorError("chunk_size must be at least 1")
        self.recipe = recipe
        self.address = address
        self.workers = workers
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.init_options = dict(init_options or {})
        self.meter = meter
        self._started = False

    @classmethod
    def from_options(cls, *, recipe: TargetRecipe | None, address: str | None) -> RayExecutor:
        """The executor the CLI asks for; fails at once (before a run is opened) when Ray
        is not installed."""
        _ray()
        return cls(recipe, address=address)

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "address": self.address,
            "workers": self.workers,
            "chunk_size": self.chunk_size,
        }

    # -- cluster ----------------------------------------------------------------------------

    def _connect(self) -> Any:
        ray = _ray()
        if not ray.is_initialized():
            options = dict(self.init_options)
            if self.address is None and not os.environ.get("RAY_ADDRESS"):
                options.setdefault("num_cpus", self.workers)
                options.setdefault("include_dashboard", False)
            try:
                ray.init(address=self.address, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = self.address or "a local cluster"
                raise ExecutorError(f"cannot start or reach Ray at {where}: {exc}") from None
            self._started = True
        return ray

    def _slots(self, ray: Any) -> tuple[int, int]:
        """(tasks that run at once, tasks kept in flight)."""
        if self.workers is not None:
            return self.workers, self.workers
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        return cpus, 2 * cpus

    async def aclose(self) -> None:
        """Shut down the local cluster this executor started (one it joined stays up)."""
        if self._started:
            _ray().shutdown()
            self._started = False

    # -- running ----------------------------------------------------------------------------

    def _job(self, runner: Runner, slots: int) -> WorkerJob:
        recipe = self.recipe
        if recipe is None:
            if not runner.target_spec:
                raise ExecutorError("the ray executor needs the target's spec (or a recipe)")
            recipe = TargetRecipe(spec=runner.target_spec)
        config = runner.config.model_dump()
        if config.get("rate_limit_rps"):
            config["rate_limit_rps"] = config["rate_limit_rps"] / slots
        return WorkerJob(
            recipe=recipe,
            scorers=scorer_specs(runner.scorers),
            params=dict(runner.suite.params),
            config=config,
            fingerprint=runner.target.identity.fingerprint(),
            metered=self.meter is not None,
        )

    def _allowances(
        self, chunks: Sequence[Sequence[Case]], batch: Batch, retries: int
    ) -> list[Allowance | None]:
        """Split the meter's allowance: first one call per uncached case, chunk by chunk,
        then what is left for retries, in the same order."""
        if self.meter is None:
            return [None] * len(chunks)
        left = self.meter.allowance()
        phase, total = self.meter.limits()
        needs = [sum(1 for c in chunk if c.id not in batch.hits) for chunk in chunks]
        calls = []
        for need in needs:
            calls.append(min(need, left))
            left -= calls[-1]
        for i, need in enumerate(needs):
            more = min(need * retries, left)
            calls[i] += more
            left -= more
        return [Allowance(n, phase, total) for n in calls]

    async def run(self, runner: Runner, batch: Batch, emit: Emit) -> list[CaseResult]:
        if not batch.cases:
            return []
        ray = self._connect()
        slots, inflight_max = self._slots(ray)
        wanted = self.chunk_size or max(32, 8 * runner.config.concurrency)
        size = max(1, min(wanted, math.ceil(len(batch.cases) / slots)))
        cases = list(batch.cases)
        chunks = [cases[i : i + size] for i in range(0, len(cases), size)]
        allowances = self._allowances(chunks, batch, runner.config.retries)
        ledger = _Ledger(self.meter, allowances, runner.config.retries) if self.meter else None
        task = _remote.get("run_chunk")
        if task is None:
            task = _remote["run_chunk"] = ray.remote(run_chunk)
        # metered: the driver re-runs a chunk whose worker died, on what the budget has left
        retries = 0 if ledger is not None else self.max_retries
        task = task.options(num_cpus=1, max_retries=retries, retry_exceptions=False)
        job_ref = ray.put(self._job(runner, slots))
        inflight: dict[asyncio.Future[Any], tuple[int, Any]] = {}
        pending = deque(range(len(chunks)))
        lost = [0] * len(chunks)

        def submit() -> None:
            while len(inflight) < inflight_max and pending:
                index = pending.popleft()
                chunk = chunks[index]
                hits = {c.id: batch.hits[c.id] for c in chunk if c.id in batch.hits}
                if ledger is not None and lost[index]:
                    allowances[index] = ledger.reissue(chunk, hits)
                ref = task.remote(job_ref, chunk, hits, allowances[index])
                inflight[asyncio.wrap_future(ref.future())] = (index, ref)

        collected: dict[str, CaseResult] = {}
        try:
            submit()
            while inflight:
                done, _ = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
                finished = []
                for index, future in sorted((inflight.pop(f)[0], f) for f in done):
                    if ledger is not None and _worker_died(ray, future):
                        ledger.lose(allowances[index])
                        if lost[index] < self.max_retries:
                            lost[index] += 1
                            pending.append(index)
                            continue
                    finished.append((index, future))
                submit()  # keep the workers busy while the driver stores these results
                for index, future in finished:
                    out = self._output(ray, future, chunks[index])
                    if ledger is not None:
                        ledger.settle(allowances[index], out.spent)
                    for case, result in zip(chunks[index], out.results, strict=True):
                        collected[case.id] = result
                        emit(case, result)
        finally:
            for _future, (_index, ref) in inflight.items():
                ray.cancel(ref)
        return [collected[c.id] for c in cases]

    def _output(self, ray: Any, future: asyncio.Future[Any], chunk: Sequence[Case]) -> ChunkOutput:
        where = f"cases {chunk[0].id}..{chunk[-1].id}"
        try:
            out = future.result()
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, SaferailError):
                raise ExecutorError(str(cause)) from None
            first = str(cause or exc).strip().splitlines()
            raise ExecutorError(
                f"{where}: a ray task failed: {first[-1] if first else type(exc).__name__}"
            ) from None
        except ray.exceptions.RayError as exc:
            raise ExecutorError(
                f"{where}: the ray task failed after {self.max_retries} retries "
                f"({type(exc).__name__})"
            ) from None
        if not isinstance(out, ChunkOutput) or len(out.results) != len(chunk):
            raise ExecutorError(f"{where}: a ray task returned an unexpected result")
        return out


def _worker_died(ray: Any, future: asyncio.Future[Any]) -> bool:
    """Whether a task failed because its worker (or node) went away, not by raising."""
    exc = future.exception()
    return isinstance(exc, ray.exceptions.RayError) and not isinstance(
        exc, ray.exceptions.RayTaskError
    )


class _Ledger:
    """The calls of one metered batch: the meter's allowance at the start, split into the
    chunks' shares (:meth:`RayExecutor._allowances`) and the ``spare`` calls no chunk holds.

    Every call a worker can make is inside a share, and a share is booked on the meter
    once: by what was spent (:meth:`settle`, the unspent rest goes back to ``spare``) or, when
    the worker died, in full (:meth:`lose`). A chunk run again gets a new share out of
    ``spare`` (:meth:`reissue`), so the calls made never exceed the allowance."""

    def __init__(self, meter: CallMeter, shares: Sequence[Allowance | None], retries: int):
        self.meter = meter
        self.retries = retries
        self.spare = max(0, meter.allowance() - sum(a.calls for a in shares if a is not None))

    def settle(self, share: Allowance | None, spent: dict[str, int]) -> None:
        self.meter.charge(spent)
        if share is not None:
            self.spare += max(0, share.calls - sum(spent.values()))

    def lose(self, share: Allowance | None) -> None:
        if share is not None and share.calls:
            self.meter.charge({LOST: share.calls})

    def reissue(self, chunk: Sequence[Case], hits: dict[str, Any]) -> Allowance:
        need = sum(1 for c in chunk if c.id not in hits) * (1 + self.retries)
        calls = min(need, self.spare)
        self.spare -= calls
        phase, total = self.meter.limits()
        return Allowance(calls, phase, total)
