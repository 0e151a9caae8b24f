"""Batch checking: every check sees the whole batch at once through ``Check.run_batch``.

Checks backed by a model score a batch in one vectorized call; other checks fall back to
``run`` per record (the base class does that). Early exit, thresholds, fail modes and
redaction are the same as one call per text, so ``check_batch(texts)`` equals
``[check(t) for t in texts]`` apart from latencies (and time budgets: a vectorized call has
none per record). A record's ``latency_ms`` is its own canonicalization and per-record checks
plus its even share of each vectorized call, so a short record next to a long one does not
report the long one's time.
"""

from __future__ import annotations

__all__ = ["run_batch"]

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from saferail.checks.base import CheckInput, Finding
from saferail.guard.decision import CheckRun, Decision

if TYPE_CHECKING:
    from saferail.guard.pipeline import Guard

Outcome = tuple[Any, CheckRun, list[Finding]]


def run_batch(
    guard: Guard,
    surface: str,
    texts: list[str],
    contexts: Sequence[str | None] | None,
    system_prompts: Sequence[str | None] | None,
) -> list[Decision]:
    from saferail.guard.pipeline import _Call, _outcome

    datas = []
    prepare_ms = []
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        call = _Call(
            context=contexts[i] if contexts else None,
            system_prompt=system_prompts[i] if system_prompts else None,
        )
        datas.append(guard._prepare(surface, text, call))
        prepare_ms.append((time.perf_counter() - t0) * 1000.0)
    outcomes: list[list[Outcome]] = [[] for _ in texts]
    blocked = [False] * len(texts)
    early_exit = guard.policy.settings.early_exit
    for item in guard._pipelines[surface]:
        active = [i for i in range(len(texts)) if not (blocked[i] and early_exit)]
        if len(active) < len(texts):
            for i in set(range(len(texts))) - set(active):
                outcomes[i].append((item, CheckRun(item.check.name, "skipped", 0.0), []))
        results = _batch_call(guard, item, [datas[i] for i in active], _outcome)
        for i, (run, kept) in zip(active, results, strict=True):
            outcomes[i].append((item, run, kept))
            blocked[i] = blocked[i] or run.action == "block"
    decisions = []
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        d = guard._decide(surface, text, datas[i], outcomes[i], t0)
        checks_ms = sum(run.latency_ms for _, run, _ in outcomes[i])
        d.latency_ms = prepare_ms[i] + checks_ms + d.latency_ms
        decisions.append(d)
    return decisions


def _batch_call(
    guard: Guard, item: Any, datas: list[CheckInput], outcome: Any
) -> list[tuple[CheckRun, list[Finding]]]:
    """One vectorized call; on any error (or not one result per record), per-record calls so
    one bad record stays alone."""
    if not datas:
        return []
    if item.check.run_in_thread or type(item.check).run_batch is _base_run_batch():
        return [guard._run_one(item, d) for d in datas]
    t0 = time.perf_counter()
    try:
        raws = item.check.run_batch(datas)
    except Exception:
        return [guard._run_one(item, d) for d in datas]
    if not isinstance(raws, list) or len(raws) != len(datas):  # answers for other texts
        return [guard._run_one(item, d) for d in datas]
    ms = (time.perf_counter() - t0) * 1000.0 / len(datas)
    return [outcome(item, raw, ms) for raw in raws]


def _base_run_batch() -> Any:
    from saferail.checks.base import Check

    return Check.run_batch
