"""``run_review``: evaluate a target behind a policy for release and say go or no-go.

1. Every configured suite runs against the *guarded* target (the model behind the policy:
   the system that ships), a seeded sample of each; each run is gated by its suite's criteria
   and reported (HTML, Markdown, JSON, JUnit, SARIF).
2. A budgeted red team attacks the guarded target; its findings are reported.
3. The verdict is go when every suite gate passes and no severity class has more red-team
   findings than ``max_findings`` allows; otherwise no-go with one reason per failure.
4. Risk coverage, the system card and the signed evidence pack are built from the same runs
   (see :mod:`saferail.review.artifacts`).
"""

from __future__ import annotations

__all__ = ["ReviewOutcome", "SuiteOutcome", "run_review", "stratified"]

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferail.evals.case import Case
from saferail.evals.gate import GateResult
from saferail.evals.runner import RunConfig
from saferail.evals.session import LoadedRun, gate_run, run_suite
from saferail.evals.store import SqlRunStore, open_store
from saferail.evals.suite import Suite, SuiteError, load_suite
from saferail.guard.pipeline import Guard
from saferail.policy.loader import load_policy
from saferail.policy.models import Policy
from saferail.redteam.engine import RedTeam, RedTeamConfig
from saferail.redteam.results import RedTeamResult
from saferail.review.config import ReviewConfig
from saferail.targets.base import Target, TargetIdentity
from saferail.targets.guarded import guarded
from saferail.targets.spec import target_from_spec

Log = Callable[[str], None]


@dataclass
class SuiteOutcome:
    suite: Suite
    run: LoadedRun
    gate: GateResult
    reports: dict[str, Path] = field(default_factory=dict)


@dataclass
class ReviewOutcome:
    """Everything a review produced (paths are inside ``config.out``)."""

    config: ReviewConfig
    policy: Policy
    target: TargetIdentity
    suites: list[SuiteOutcome]
    redteam: RedTeamResult | None
    go: bool
    reasons: list[str]
    artifacts: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def stratified(cases: tuple[Case, ...], n: int | None, seed: int) -> tuple[Case, ...]:
    """``n`` cases taken round-robin over the categories (each shuffled with ``seed``), so
    a small sample still has every category a gate criterion may name; suite order kept."""
    if n is None or n >= len(cases):
        return cases
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.category, []).append(case)
    rng = random.Random(seed)
    for group in groups.values():
        rng.shuffle(group)
    chosen: set[str] = set()
    depth = 0
    while len(chosen) < n:
        for name in sorted(groups):
            if depth < len(groups[name]) and len(chosen) < n:
                chosen.add(groups[name][depth].id)
        depth += 1
    return tuple(c for c in cases if c.id in chosen)


def _suite(name: str, config: ReviewConfig) -> Suite:
    suite = load_suite(name)
    params = {**suite.params, "temperature": 0.0, "max_tokens": config.max_tokens}
    cases = stratified(suite.cases, config.sample, config.seed)
    return suite.model_copy(update={"params": params, "cases": cases})


def _verdict(
    suites: list[SuiteOutcome], redteam: RedTeamResult | None, limits: dict[str, int]
) -> tuple[bool, list[str]]:
    reasons: list[str] = []
    for s in suites:
        for r in s.gate.results:
            if not r.passed:
                reasons.append(f"suite {s.suite.name}: {r.criterion} ({r.detail})")
    if redteam is not None:
        for severity, most in sorted(limits.items()):
            found = [f for f in redteam.findings if f.severity.value == severity]
            if len(found) > most:
                ids = ", ".join(f"{f.id} {f.strategy}/{f.kind}" for f in found[:5])
                reasons.append(
                    f"red team: {len(found)} {severity} finding(s) (at most {most} allowed): {ids}"
                )
    return not reasons, reasons


async def _suites(
    config: ReviewConfig,
    suites: list[Suite],
    target: Target,
    store: SqlRunStore,
    policy: Policy,
    log: Log,
) -> list[SuiteOutcome]:
    from saferail.reports import RunReport, write_reports

    out: list[SuiteOutcome] = []
    run_config = RunConfig(concurrency=config.concurrency, timeout_s=300.0)
    for suite in suites:
        t0 = time.perf_counter()
        run = await run_suite(
            suite,
            target,
            store,
            run_config,
            target_spec=config.target,
            policy_version=policy.version,
        )
        gate, _ = gate_run(run)
        report = RunReport(
            info=run.info,
            results=run.results,
            metrics=run.metrics,
            gate=gate,
            cases={c.id: c for c in suite.cases},
        )
        paths = write_reports(report, config.out / "evals" / suite.name)
        verdict = "pass" if gate.passed else "FAIL"
        log(
            f"suite {suite.name}: {run.metrics.n} cases, gate {verdict} "
            f"({time.perf_counter() - t0:.0f} s)"
        )
        out.append(SuiteOutcome(suite, run, gate, paths))
    return out


async def _redteam(
    config: ReviewConfig, raw: Target, store: SqlRunStore, policy: Policy, log: Log
) -> RedTeamResult | None:
    from saferail.redteam.report import write_reports

    if config.redteam_budget <= 0:
        return None
    rt_config = RedTeamConfig(
        budget=config.redteam_budget,
        strategies=config.redteam_strategies,
        seed=config.seed,
        concurrency=config.concurrency,
        params={"temperature": 0.0, "max_tokens": config.max_tokens},
    )
    label = str(config.policy) if config.policy is not None else "default"
    team = RedTeam(
        raw, store, rt_config, policy=policy, target_spec=config.target, policy_label=label
    )
    t0 = time.perf_counter()
    result = await team.run()
    write_reports(result, config.out / "redteam")
    log(
        f"red team: {len(result.attempts)} attempts, ASR {result.asr:.2f}, "
        f"{len(result.findings)} finding(s), {result.calls_used} of {result.budget} calls "
        f"({time.perf_counter() - t0:.0f} s)"
    )
    return result


def _preflight(config: ReviewConfig) -> list[Suite]:
    """Read the files the artifacts need at the end (risk register, card.yaml, signing key)
    and every suite now: a mistake in one must not cost the whole run of suites and red
    team. Returns the suites, sampled."""
    from saferail.governance.card_info import load_card_info
    from saferail.governance.keys import load_signing_key
    from saferail.governance.register import load_register

    load_register(config.risk_register)
    if config.card is not None:
        load_card_info(config.card)
    if config.key is not None:
        load_signing_key(config.key)
    suites: list[Suite] = []
    for ref in config.suites:
        suite = _suite(ref, config)
        if not suite.gate:  # found only after the run otherwise, by the gate
            raise SuiteError(f"{ref}: a release review gates every suite: declare `gate:`")
        if any(s.name == suite.name for s in suites):  # reports go to evals/<name>
            raise SuiteError(
                f"{ref}: a second suite named {suite.name!r}: its reports would overwrite "
                "the first one's (name each suite once)"
            )
        suites.append(suite)
    return suites


async def run_review(config: ReviewConfig, *, log: Log = print) -> ReviewOutcome:
    """Run the review (see the module docstring); never raises for a no-go."""
    from saferail.review.artifacts import write_artifacts

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    suites_to_run = _preflight(config)
    config.out.mkdir(parents=True, exist_ok=True)
    policy = load_policy(config.policy)
    raw = target_from_spec(config.target, model=config.model)
    guard = Guard(policy)
    target = guarded(raw, guard)
    store = open_store(config.store or str(config.out / "runs.db"))
    try:
        suites = await _suites(config, suites_to_run, target, store, policy, log)
        timings["suites_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        redteam = await _redteam(config, raw, store, policy, log)
        timings["redteam_s"] = time.perf_counter() - t1
    finally:
        close = getattr(raw, "aclose", None)
        if close is not None:
            await close()
        guard.close()
    go, reasons = _verdict(suites, redteam, config.max_findings)
    outcome = ReviewOutcome(
        config=config,
        policy=policy,
        target=raw.identity,
        suites=suites,
        redteam=redteam,
        go=go,
        reasons=reasons,
        timings=timings,
    )
    t2 = time.perf_counter()
    outcome.artifacts = write_artifacts(outcome, store)
    if "coverage_line" in outcome.extra:
        log(str(outcome.extra["coverage_line"]))
    if "superseded_pack" in outcome.extra:
        log(
            f"the previous evidence pack held approvals: kept at {outcome.extra['superseded_pack']}"
        )
    timings["artifacts_s"] = time.perf_counter() - t2
    timings["total_s"] = time.perf_counter() - t0
    store.close()
    return outcome
