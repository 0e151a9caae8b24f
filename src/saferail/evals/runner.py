"""The async eval runner: bounded concurrency, pacing, retries, timeouts, a response cache,
results streamed to the run store in batches, resume after interruption.

The runner plans a run, looks up cached answers and writes results to the run store; an
executor (:mod:`saferail.evals.executors`) runs the cases: in this process by default, or
sharded over a Ray cluster (``executor=RayExecutor(...)``) with the same results.

>>> # runner = Runner(load_suite("over_refusal"), target_from_spec("echo"), RunStore())
>>> # info = asyncio.run(runner.run())
"""

from __future__ import annotations

__all__ = ["Plan", "RunConfig", "Runner", "ScoredCase"]

import asyncio
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.case import Case, content_hash
from saferail.evals.executors.base import Batch, Executor
from saferail.evals.executors.local import LocalExecutor
from saferail.evals.manifest import build_manifest
from saferail.evals.results import CaseResult, RunInfo, RunStatus
from saferail.evals.scoring import CaseScorers, build_scorers
from saferail.evals.store import SqlRunStore, StoreError
from saferail.evals.suite import Suite
from saferail.targets.base import Target

Progress = Callable[[int, int], None]
"""Called with (cases done, cases in the run) as results arrive."""


class RunConfig(BaseModel):
    """How a run executes; every field has a sensible default."""

    model_config = ConfigDict(extra="forbid")

    concurrency: int = Field(8, ge=1, le=1024, description="Cases in flight at once.")
    rate_limit_rps: float | None = Field(None, gt=0, description="Target calls per second.")
    retries: int = Field(2, ge=0, le=10, description="Retries of a failed target call.")
    timeout_s: float = Field(
        60.0, gt=0, description="Per-case time budget (call + retries; scoring gets its own)."
    )
    use_cache: bool = Field(True, description="Reuse cached answers of the same target/case.")
    limit: int | None = Field(None, ge=1, description="Run only the first N cases.")
    sample: int | None = Field(None, ge=1, description="Run a seeded random sample of N cases.")
    seed: int = Field(0, description="Seed of --sample.")
    flush_every: int = Field(256, ge=1, description="Results per store write.")
    flush_interval_s: float = Field(
        1.0, gt=0, description="Seconds at most between a result's arrival and its store write."
    )


@dataclass(frozen=True)
class Plan:
    """What a run will do, shown before it starts."""

    cases: list[Case]
    cached: int
    calls: int
    max_calls: int
    judge_calls: int
    prompt_tokens: int
    completion_tokens: int

    def describe(self) -> str:
        return (
            f"{len(self.cases)} cases: {self.cached} cached, {self.calls} target calls "
            f"(at most {self.max_calls} with retries), {self.judge_calls} judge calls, "
            f"~{self.prompt_tokens:,} prompt + <={self.completion_tokens:,} completion tokens"
        )


@dataclass(frozen=True)
class ScoredCase:
    seq: int
    result: CaseResult


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def select_cases(cases: tuple[Case, ...], config: RunConfig) -> list[Case]:
    """The cases a run covers: a seeded sample (kept in suite order), then the limit."""
    chosen = list(cases)
    if config.sample is not None and config.sample < len(chosen):
        keep = set(random.Random(config.seed).sample(range(len(chosen)), config.sample))
        chosen = [c for i, c in enumerate(chosen) if i in keep]
    if config.limit is not None:
        chosen = chosen[: config.limit]
    return chosen


class Runner:
    """Runs a suite against a target and records every result in a run store."""

    def __init__(
        self,
        suite: Suite,
        target: Target,
        store: SqlRunStore,
        config: RunConfig | None = None,
        *,
        target_spec: str | None = None,
        policy_version: str | None = None,
        progress: Progress | None = None,
        on_result: Callable[[CaseResult], None] | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.suite = suite
        self.target = target
        self.store = store
        self.config = config or RunConfig()
        self.target_spec = target_spec
        self.policy_version = policy_version
        self.progress = progress
        self.on_result = on_result
        self.executor: Executor = executor or LocalExecutor()
        self.scorers: CaseScorers = build_scorers(suite)
        self._fingerprint = target.identity.fingerprint()
        self._params_hash = content_hash(suite.params)
        self._hashes: dict[str, tuple[Case, str]] = {}
        self._suite_version = suite.version
        self.run_id: str | None = None
        """The run being written, once :meth:`open` created or reopened it."""

    # -- planning ---------------------------------------------------------------------------

    def case_hash(self, case: Case) -> str:
        """The case's content hash (memoized by id, and recomputed when a case with that id
        but other content comes along: :meth:`execute` runs cases that are not the suite's)."""
        found = self._hashes.get(case.id)
        if found is None or (found[0] is not case and found[0] != case):
            found = self._hashes[case.id] = (case, case.content_hash())
        return found[1]

    def _key(self, case: Case) -> str:
        return content_hash([self._fingerprint, self.case_hash(case), self._params_hash])

    def plan(self, skip: set[str] | None = None, *, resume: str | None = None) -> Plan:
        """The cases to run and what they will cost (cache hits need no call). With
        ``resume``: what finishing that run costs, with the run's own limit, sample and seed
        and without its finished cases (raises :class:`StoreError` if it cannot resume)."""
        skip = set(skip or ())
        if resume is not None:
            info = self._check_resumable(resume)
            self._adopt_selection(info)
            skip |= self.store.finished_case_ids(info.run_id)
        cases = [c for c in select_cases(self.suite.cases, self.config) if c.id not in skip]
        cached = 0
        if self.config.use_cache and cases:
            keys = [self._key(c) for c in cases]
            cached = len(self.store.cache_get_many(keys))
        calls = len(cases) - cached
        judge = sum(1 for c in cases for s in self.scorers.for_case(c) if s.name == "judge")
        chars = sum(len(str(m.get("content", ""))) for c in cases for m in c.to_messages())
        max_tokens = int(self.suite.params.get("max_tokens", 256))
        return Plan(
            cases=cases,
            cached=cached,
            calls=calls,
            max_calls=calls * (1 + self.config.retries),
            judge_calls=judge,
            prompt_tokens=chars // 4,
            completion_tokens=calls * max_tokens,
        )

    # -- running ----------------------------------------------------------------------------

    async def run(self, resume: str | None = None) -> RunInfo:
        """Run the suite (or finish run ``resume``) and return the stored run."""
        info = self.open(resume)
        done = self.store.finished_case_ids(info.run_id) if resume is not None else set()
        selected = select_cases(self.suite.cases, self.config)
        order = {c.id: i for i, c in enumerate(selected)}
        todo = [c for c in selected if c.id not in done]
        status = RunStatus.FAILED
        try:
            await self._execute(info.run_id, todo, order, len(selected), len(done))
            status = RunStatus.COMPLETED
        except (asyncio.CancelledError, KeyboardInterrupt):
            status = RunStatus.INTERRUPTED
            raise
        finally:
            await self.close(info, status)
        return self.store.get_run(info.run_id)

    # -- building blocks for callers that make cases as they go (the red team) ----------------

    def open(self, resume: str | None = None) -> RunInfo:
        """Create a run in the store (or reopen ``resume`` after checking it is the same
        suite version and target)."""
        info = self._resumable(resume) if resume is not None else self._new_run()
        self.run_id = info.run_id
        return info

    async def execute(self, run_id: str, cases: list[Case], first_seq: int) -> list[CaseResult]:
        """Run ``cases`` (not necessarily from the suite) into run ``run_id`` with the
        suite's scorers and params, storing them at ``first_seq``, ``first_seq + 1``...;
        returns their results in order. Cache, retries, timeouts and pacing apply."""
        order = {c.id: first_seq + i for i, c in enumerate(cases)}
        return await self._execute(run_id, cases, order, len(cases), 0)

    async def close(self, info: RunInfo, status: RunStatus, **extra: Any) -> None:
        """Close the scorers and record the run's status, finish time and ``extra``
        manifest entries."""
        for scorer in self.scorers.scorers:
            await scorer.aclose()
        manifest = {**info.manifest, **extra, "finished_at": _now(), "status": status.value}
        self.store.update_run(
            info.run_id, status=status, finished_at=manifest["finished_at"], manifest=manifest
        )

    def _new_run(self) -> RunInfo:
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        created = _now()
        manifest = build_manifest(
            run_id=run_id,
            suite=self.suite,
            suite_version=self._suite_version,
            target=self.target,
            target_spec=self.target_spec,
            policy_version=self.policy_version,
            scorers=self.scorers,
            config=self.config.model_dump(),
            created_at=created,
        )
        manifest["executor"] = self.executor.describe()
        info = RunInfo(
            run_id=run_id,
            suite_name=self.suite.name,
            suite_version=self._suite_version,
            target_fingerprint=self._fingerprint,
            created_at=created,
            manifest=manifest,
        )
        self.store.create_run(info)
        return info

    def _check_resumable(self, run_id: str) -> RunInfo:
        info = self.store.get_run(run_id)
        if info.suite_version != self._suite_version:
            raise StoreError(
                f"run {info.run_id} used suite {info.suite_name} version "
                f"{info.suite_version[:12]}, not {self._suite_version[:12]}: cannot resume"
            )
        if info.target_fingerprint != self._fingerprint:
            raise StoreError(f"run {info.run_id} used another target: cannot resume")
        return info

    def _adopt_selection(self, info: RunInfo) -> None:
        """A resumed run covers the cases it was started with: its limit, sample and seed."""
        saved = info.manifest.get("config", {})
        for key in ("limit", "sample", "seed"):
            setattr(self.config, key, saved.get(key, getattr(self.config, key)))

    def _resumable(self, run_id: str) -> RunInfo:
        info = self._check_resumable(run_id)
        self._adopt_selection(info)
        self.store.update_run(info.run_id, status=RunStatus.RUNNING)
        return info

    async def _execute(
        self, run_id: str, todo: list[Case], order: dict[str, int], total: int, done: int
    ) -> list[CaseResult]:
        cache: dict[str, dict[str, Any]] = {}
        keys = {c.id: self._key(c) for c in todo}
        if self.config.use_cache and todo:
            cache = self.store.cache_get_many(list(keys.values()))
        hits = {c.id: cache[keys[c.id]] for c in todo if keys[c.id] in cache}
        pending: list[tuple[int, CaseResult]] = []
        new_cache: list[tuple[str, dict[str, Any]]] = []
        finished = done

        def flush() -> None:
            if pending:
                self.store.add_results(run_id, pending)
                pending.clear()
            if new_cache:
                self.store.cache_put_many(new_cache)
                new_cache.clear()

        def emit(case: Case, result: CaseResult) -> None:
            nonlocal finished
            if case.id not in hits and result.error is None:
                new_cache.append((keys[case.id], _cacheable(result)))
            pending.append((order[case.id], result))
            finished += 1
            if self.on_result is not None:
                self.on_result(result)
            if self.progress is not None:
                self.progress(finished, total)
            if len(pending) >= self.config.flush_every:
                flush()

        ticker = asyncio.ensure_future(_every(self.config.flush_interval_s, flush))
        try:
            return await self.executor.run(self, Batch(todo, hits), emit)
        finally:
            ticker.cancel()
            flush()


async def _every(interval_s: float, flush: Callable[[], None]) -> None:
    """Call ``flush`` every ``interval_s`` seconds until cancelled, so results that arrived
    reach the store while later cases are still in flight (a killed run keeps them). A failed
    write is left to the next call: its results stay pending and the final flush raises."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            flush()
        except Exception:  # the run's final flush reports a store that keeps failing
            continue


def _cacheable(result: CaseResult) -> dict[str, Any]:
    return {
        "text": result.output,
        "tool_calls": list(result.tool_calls),
        "finish_reason": result.finish_reason,
        "blocked": result.blocked,
    }
