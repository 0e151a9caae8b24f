"""The in-process executor: cases run on the caller's event loop, ``concurrency`` at a time.

This is the code every executor ends up running: :func:`run_cases` calls the target for each
case (pacing, retries with jittered backoff, the per-case time budget), or takes its cached
answer, and scores the answer with the suite's scorers. The Ray executor runs the very same
function inside its workers, so a case gives the same result wherever it runs.
"""

from __future__ import annotations

__all__ = ["CaseJob", "LocalExecutor", "Pacer", "run_cases"]

import asyncio
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from saferail.evals.case import Case
from saferail.evals.executors.base import Batch, Emit, ExecutorError, TargetRecipe
from saferail.evals.executors.registry import register_executor
from saferail.evals.results import CaseResult
from saferail.evals.scorers.base import Response
from saferail.evals.scoring import CaseScorers, score_case
from saferail.targets.base import Target, TargetError, TargetRateLimited, TargetRejected

if TYPE_CHECKING:
    from saferail.evals.runner import RunConfig, Runner


class Pacer:
    """Spaces calls ``1/rps`` seconds apart (no bursts)."""

    def __init__(self, rps: float) -> None:
        self.interval = 1.0 / rps
        self.next = time.monotonic()

    def reserve(self) -> float:
        """Take the next slot; the seconds until it comes."""
        now = time.monotonic()
        slot = max(now, self.next)
        self.next = slot + self.interval
        return slot - now

    async def wait(self) -> None:
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)


@dataclass
class CaseJob:
    """Everything needed to run one case: the target, the scorers, the suite's generation
    params, the run config and how to hash a case (the runner memoizes hashes)."""

    target: Target
    scorers: CaseScorers
    params: Mapping[str, Any]
    config: RunConfig
    case_hash: Callable[[Case], str]

    async def one(
        self, case: Case, hit: Mapping[str, Any] | None, pacer: Pacer | None
    ) -> CaseResult:
        """The result of ``case``: its cached answer ``hit`` or a fresh call, scored."""
        started = time.perf_counter()
        attempts = [0]  # calls sent so far, read back when the last one fails
        if hit is not None:
            response = Response(
                hit["text"], tuple(hit["tool_calls"]), hit["finish_reason"], hit["blocked"]
            )
        else:
            try:
                async with asyncio.timeout(self.config.timeout_s) as budget:
                    response = await self._call(case, pacer, budget, attempts)
            except (TargetError, TimeoutError) as exc:
                return self._errored(case, exc, started, attempts[0])
        try:  # a judge scorer calls a model: it gets a time budget of its own
            async with asyncio.timeout(self.config.timeout_s):
                scores, error = await score_case(self.scorers.for_case(case), case, response)
        except TimeoutError:
            scores, error = [], f"scoring timed out after {self.config.timeout_s:g} s"
        return _result(
            case,
            self.case_hash(case),
            response,
            scores,
            error,
            started,
            attempts[0],
            hit is not None,
        )

    async def _call(
        self,
        case: Case,
        pacer: Pacer | None,
        budget: asyncio.Timeout | None,
        attempts: list[int],
    ) -> Response:
        """Call the target, with retries, counting the calls in ``attempts[0]`` (so a case
        that fails records how many were sent); time spent waiting for the rate limiter
        (the harness's own queue, not the target's time) is added back to ``budget``."""
        messages = case.to_messages()
        params = dict(self.params)
        if case.tools:
            params["tools"] = list(case.tools)
        while True:
            attempts[0] += 1
            attempt = attempts[0]
            if pacer is not None:
                await _paced(pacer, budget)
            try:
                completion = await self.target.generate(messages, **params)
                return _storable_response(Response.from_completion(completion))
            except TargetRejected:
                raise
            except TargetError as exc:
                if attempt > self.config.retries:
                    raise
                delay = min(8.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random())
                if isinstance(exc, TargetRateLimited) and exc.retry_after:
                    delay = max(delay, min(exc.retry_after, 30.0))
                await asyncio.sleep(delay)

    def _errored(self, case: Case, exc: BaseException, started: float, attempts: int) -> CaseResult:
        message = _storable(str(exc) or type(exc).__name__)
        if isinstance(exc, TimeoutError):
            message = f"timed out after {self.config.timeout_s:g} s"
        return CaseResult(
            case_id=case.id,
            case_hash=self.case_hash(case),
            category=case.category,
            expected=case.expected.value,
            tags=case.tags,
            error=message,
            latency_ms=(time.perf_counter() - started) * 1000.0,
            attempts=max(1, attempts),
        )


async def _paced(pacer: Pacer, budget: asyncio.Timeout | None) -> None:
    """Wait for ``pacer``'s next slot, first pushing ``budget``'s deadline back by the wait."""
    delay = pacer.reserve()
    deadline = budget.when() if budget is not None else None
    if budget is not None and deadline is not None and delay > 0:
        budget.reschedule(deadline + delay)
    if delay > 0:
        await asyncio.sleep(delay)


async def run_cases(job: CaseJob, batch: Batch, emit: Emit) -> list[CaseResult]:
    """Run ``batch`` with at most ``job.config.concurrency`` cases in flight; ``emit`` is
    called as each result arrives; the results are returned in the batch's order."""
    collected: dict[str, CaseResult] = {}
    rps = job.config.rate_limit_rps
    pacer = Pacer(rps) if rps else None
    queue = iter(batch.cases)

    async def worker() -> None:
        for case in queue:
            result = await job.one(case, batch.hits.get(case.id), pacer)
            collected[case.id] = result
            emit(case, result)

    workers = min(job.config.concurrency, max(1, len(batch.cases)))
    await asyncio.gather(*(worker() for _ in range(workers)))
    return [collected[c.id] for c in batch.cases]


@register_executor
class LocalExecutor:
    """Runs cases in this process, on the runner's target (the default executor)."""

    name = "local"

    @classmethod
    def from_options(
        cls, *, recipe: TargetRecipe | None = None, address: str | None = None
    ) -> LocalExecutor:
        if address is not None:
            raise ExecutorError("the local executor takes no cluster address")
        return cls()

    def describe(self) -> dict[str, Any]:
        return {"name": self.name}

    async def run(self, runner: Runner, batch: Batch, emit: Emit) -> list[CaseResult]:
        job = CaseJob(
            runner.target, runner.scorers, runner.suite.params, runner.config, runner.case_hash
        )
        return await run_cases(job, batch, emit)

    async def aclose(self) -> None:
        """Nothing to release."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: Any) -> Any:
    """``value`` with lone UTF-16 surrogates (a server's broken ``\\ud83d`` escape, half an
    emoji) replaced by U+FFFD: they cannot be encoded as UTF-8, so storing the result, caching
    the answer and writing reports would fail, and the whole run with them."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_storable(v) for v in value)
    return value


def _storable_response(response: Response) -> Response:
    return replace(
        response, text=_storable(response.text), tool_calls=_storable(response.tool_calls)
    )


def _result(
    case: Case,
    case_hash: str,
    response: Response,
    scores: Sequence[Any],
    error: str | None,
    started: float,
    attempts: int,
    cached: bool,
) -> CaseResult:
    verdicts = [s.passed for s in scores if s.passed is not None]
    refusal = next((s for s in scores if s.scorer == "refusal"), None)
    return CaseResult(
        case_id=case.id,
        case_hash=case_hash,
        category=case.category,
        expected=case.expected.value,
        tags=case.tags,
        output=response.text,
        tool_calls=response.tool_calls,
        finish_reason=response.finish_reason,
        blocked=response.blocked,
        scores=tuple(scores),
        passed=None if error or not verdicts else all(verdicts),
        refused=None if refusal is None else refusal.label == "refusal",
        error=error,
        latency_ms=(time.perf_counter() - started) * 1000.0,
        attempts=max(1, attempts),
        cached=cached,
    )
