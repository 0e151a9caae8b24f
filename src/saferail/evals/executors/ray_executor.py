"""The Ray executor: a batch's cases sharded into Ray tasks over a cluster.

The driver (the process running the :class:`~saferail.evals.runner.Runner`) splits the
batch into chunks and keeps ``workers`` chunks in flight (without ``workers``: two per CPU
of the cluster, so that each CPU has its next chunk queued). Each task builds the
target from the run's :class:`~saferail.evals.executors.base.TargetRecipe` and the suite's
scorers from their specs, runs its chunk with the local executor's code and returns the
results; the driver emits them as each chunk completes, and the runner writes them to the
run store (workers never touch the store). Cached answers are looked up by the driver and
sent along with their cases, so a cached case is scored on a worker but never called.

Faults: a task whose worker process dies is retried by Ray (``max_retries`` times) on another
worker; its cases were not emitted yet, so each case is stored once. A chunk that still
fails stops the batch with :class:`~saferail.evals.executors.base.ExecutorError`; the
results already stored stay, and ``--resume`` finishes the run.

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
        task = _remote.get("run_chunk")
        if task is None:
            task = _remote["run_chunk"] = ray.remote(run_chunk)
        task = task.options(num_cpus=1, max_retries=self.max_retries, retry_exceptions=False)
        job_ref = ray.put(self._job(runner, slots))
        inflight: dict[asyncio.Future[Any], tuple[int, Any]] = {}
        pending = iter(range(len(chunks)))

        def submit() -> None:
            while len(inflight) < inflight_max:
                index = next(pending, None)
                if index is None:
                    return
                chunk = chunks[index]
                hits = {c.id: batch.hits[c.id] for c in chunk if c.id in batch.hits}
                ref = task.remote(job_ref, chunk, hits, allowances[index])
                inflight[asyncio.wrap_future(ref.future())] = (index, ref)

        collected: dict[str, CaseResult] = {}
        try:
            submit()
            while inflight:
                done, _ = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
                finished = sorted((inflight.pop(f)[0], f) for f in done)
                submit()  # keep the workers busy while the driver stores these results
                for index, future in finished:
                    self._emit(ray, future, chunks[index], collected, emit)
        finally:
            for _future, (_index, ref) in inflight.items():
                ray.cancel(ref)
        return [collected[c.id] for c in cases]

    def _emit(
        self,
        ray: Any,
        future: asyncio.Future[Any],
        chunk: Sequence[Case],
        collected: dict[str, CaseResult],
        emit: Emit,
    ) -> None:
        out = self._output(ray, future, chunk)
        if self.meter is not None:
            self.meter.charge(out.spent)
        for case, result in zip(chunk, out.results, strict=True):
            collected[case.id] = result
            emit(case, result)

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
