"""Run a red team: seed goals × strategies against a target, within a call budget.

How a run goes:

1. **Pool.** Every selected strategy yields its attempts for every goal it applies to
   (round-robin over goals, so a strategy's first attempts cover different goals).
2. **Plan.** The budget is split into an attack share and a reserve for minimizing findings
   and verifying mitigations; :meth:`RedTeam.plan` says how many calls each strategy gets
   for exploration and how many are left to allocate adaptively. It is printed before any
   call is made.
3. **Attack, adaptively.** Work proceeds in rounds of ``round_size`` requests. Each strategy
   first gets ``explore`` attempts; after that, new attempts go to the strategy with the
   highest draw from its Beta(1 + successes, 1 + failures) posterior (Thompson sampling), so
   strategies that are working get more of the budget. Multi-turn attempts take one step
   per round. Requests go through the eval :class:`~saferail.evals.runner.Runner` (response
   cache, retries, timeouts, run store, manifest) and are judged by the eval scorers.
4. **Findings.** Successful attempts are grouped by attack class (strategy × goal kind);
   each class becomes a finding with a severity, reproduction steps and its transcript.
5. **Minimize and mitigate.** Within the reserve, each finding's attack is minimized (delta
   debugging over turns, converters and words) and the check or policy setting that blocks
   it is found and verified by re-running the attack against the guarded target.

Re-running the same configuration replays from the response cache at no cost; ``resume``
continues an interrupted run the same way.
"""

from __future__ import annotations

__all__ = ["Progress", "RedTeam", "RedTeamConfig", "RedTeamError", "RedTeamPlan", "StrategyPlan"]

import asyncio
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from saferail.errors import SaferailError
from saferail.evals.case import Case, content_hash
from saferail.evals.results import CaseResult, RunInfo, RunStatus
from saferail.evals.runner import RunConfig, Runner
from saferail.evals.scorers.base import Response
from saferail.evals.stats import wilson
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import Suite
from saferail.policy.models import Policy
from saferail.redteam.attack import Attempt, AttemptContext, Probe
from saferail.redteam.budget import Budget, BudgetedTarget, BudgetExhausted
from saferail.redteam.goals import Goal
from saferail.redteam.judge import Verdict, judge_result, scorer_specs
from saferail.redteam.results import (
    AttemptRecord,
    Finding,
    RedTeamResult,
    StepRecord,
    StrategyStats,
    TurnRecord,
)
from saferail.redteam.strategies.base import Strategy
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from saferail.targets.base import Target

Progress = Callable[[int, int], None]
"""Called with (calls spent, budget) as the run proceeds."""


class RedTeamError(SaferailError):
    """A red-team run could not be set up as asked."""


class RedTeamConfig(BaseModel):
    """How a red-team run spends its budget; every field has a sensible default."""

    model_config = ConfigDict(extra="forbid")

    budget: int = Field(200, ge=1, description="Model calls the run may make, all phases.")
    strategies: tuple[str, ...] = Field((), description="Strategies to use (empty: all).")
    strategy_params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    goals: tuple[str, ...] = Field((), description="Goal ids or kinds to attack (empty: all).")
    seed: int = 0
    explore: int = Field(2, ge=0, description="Attempts every strategy gets before adapting.")
    round_size: int = Field(8, ge=1, description="Requests per round (adaptation step).")
    concurrency: int = Field(4, ge=1, le=256)
    reserve: float = Field(
        0.2, ge=0.0, lt=1.0, description="Share of the budget kept for minimize + verify."
    )
    minimize: bool = True
    minimize_calls: int = Field(30, ge=0, description="Most calls spent minimizing one finding.")
    verify: bool = True
    require_harmful: bool = Field(
        False, description="Harmful goals also need the harmful_response classifier to agree."
    )
    params: dict[str, Any] = Field(
        default_factory=lambda: {"temperature": 0.0, "max_tokens": 200},
        description="Generation params sent with every request.",
    )
    retries: int = Field(1, ge=0, le=5)
    timeout_s: float = Field(120.0, gt=0)
    use_cache: bool = True


@dataclass(frozen=True)
class StrategyPlan:
    name: str
    goals: int
    attempts: int
    max_calls: int
    explore_calls: int


@dataclass(frozen=True)
class RedTeamPlan:
    """What a run will do, shown before any call is made."""

    budget: int
    attack_calls: int
    reserve_calls: int
    strategies: list[StrategyPlan]
    adaptive_calls: int
    goals: int

    def describe(self) -> str:
        lines = [
            f"budget {self.budget} calls: {self.attack_calls} for attacks "
            f"({sum(s.explore_calls for s in self.strategies)} exploring, "
            f"{self.adaptive_calls} allocated to strategies that work), "
            f"{self.reserve_calls} kept to minimize findings and verify mitigations",
            f"{len(self.strategies)} strategies x {self.goals} goals:",
        ]
        width = max((len(s.name) for s in self.strategies), default=8)
        for s in self.strategies:
            lines.append(
                f"  {s.name:<{width}}  {s.goals:>3} goals  {s.attempts:>4} attempts  "
                f"explore {s.explore_calls:>3} calls  (all attempts: <= {s.max_calls} calls)"
            )
        return "\n".join(lines)


@dataclass
class _Live:
    """An attempt in progress: its record and the probe to send next."""

    attempt: Attempt
    record: AttemptRecord
    probe: Probe
    step: int = 0


@dataclass
class _Arm:
    """One strategy's pool and its running tally."""

    strategy: Strategy
    pool: deque[Attempt]
    goals: int
    size: int
    started: int = 0
    successes: int = 0
    failures: int = 0
    calls: int = 0
    max_calls: int = 0
    records: list[AttemptRecord] = field(default_factory=list)


def _select_goals(goals: list[Goal], wanted: tuple[str, ...]) -> list[Goal]:
    if not wanted:
        return list(goals)
    known = {g.id for g in goals} | {g.kind.value for g in goals}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise RedTeamError(f"unknown goal id or kind: {', '.join(unknown)}")
    return [g for g in goals if g.id in wanted or g.kind.value in wanted]


def _strategies(
    names: tuple[str, ...], params: dict[str, dict[str, Any]], attacker: bool
) -> list[Strategy]:
    chosen = list(names) or available_strategies()
    unknown = set(params) - set(chosen)
    if unknown:
        raise RedTeamError(
            f"params given for strategies not in the run: {', '.join(sorted(unknown))}"
        )
    out: list[Strategy] = []
    for name in chosen:
        cls = get_strategy(name)
        if cls.needs_attacker and not attacker:
            if names or name in params:
                raise RedTeamError(f"strategy {name!r} needs an attacker model (--attacker)")
            continue
        try:
            out.append(cls(params.get(name)))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"]) or "params"
            raise RedTeamError(f"strategy {name!r}: param {loc}: {err['msg']}") from None
    return out


def _round_robin(per_goal: list[list[Attempt]]) -> deque[Attempt]:
    out: deque[Attempt] = deque()
    depth = max((len(a) for a in per_goal), default=0)
    for i in range(depth):
        out.extend(a[i] for a in per_goal if i < len(a))
    return out


def _gaps(results: list[CaseResult | None]) -> list[tuple[int, int]]:
    """The ``(start, stop)`` slices of ``results`` that have no result yet."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, result in enumerate(results):
        if result is None and start is None:
            start = i
        elif result is not None and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(results)))
    return out


def _check_unique(strategy: str, pool: deque[Attempt]) -> None:
    """Raise :class:`RedTeamError` when two attempts share a key: their cases, records and
    findings would be confused with each other."""
    seen: set[str] = set()
    for attempt in pool:
        if attempt.key in seen:
            raise RedTeamError(
                f"strategy {strategy!r} gives two attempts the key {attempt.key!r} "
                "(each variant of a goal needs its own name)"
            )
        seen.add(attempt.key)


def _attacker_temperature(strategy: Strategy) -> float:
    """The sampling temperature ``strategy`` asks of the attacker model (its ``temperature``
    param, as ``pair`` has; 1.0 otherwise)."""
    value = getattr(strategy.params, "temperature", None)
    return float(value) if isinstance(value, int | float) else 1.0


def _turns(case: Case) -> list[TurnRecord]:
    return [TurnRecord(role=t.role, content=t.content) for t in case.messages or ()]


def _calls(result: CaseResult) -> int:
    if result.cached:
        return 0
    if result.error is not None and "budget exhausted" in result.error:
        return max(0, result.attempts - 1)
    return result.attempts


def _response(result: CaseResult) -> Response:
    return Response(result.output, result.tool_calls, result.finish_reason, result.blocked)


class RedTeam:
    """A configured red-team run against one target (optionally behind a policy)."""

    def __init__(
        self,
        target: Target,
        store: SqlRunStore,
        config: RedTeamConfig | None = None,
        *,
        goals: list[Goal] | None = None,
        policy: Policy | str | Path | None = None,
        attacker: Target | None = None,
        target_spec: str | None = None,
        policy_label: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        from saferail.redteam.goals import load_goals
        from saferail.targets.guarded import guarded

        self.config = config or RedTeamConfig()
        self.store = store
        self.raw_target = target
        self.policy = policy
        self.target_spec = target_spec
        self.policy_label = policy_label
        self.progress = progress
        self.goals = _select_goals(goals if goals is not None else load_goals(), self.config.goals)
        self.budget = Budget(self.config.budget)
        inner = BudgetedTarget(target, self.budget)
        self.target: Target = guarded(inner, policy) if policy is not None else inner
        self.attacker = (
            BudgetedTarget(attacker, self.budget, phase="attacker") if attacker else None
        )
        self.arms = self._arms()
        self.suite = self._suite()
        self._seq = 0
        self.run_id: str | None = None
        """The run being written, once :meth:`run` opened (or reopened) it."""
        self._probes: dict[str, Probe] = {}
        self._by_goal = {g.id: g for g in self.goals}
        self._replay: dict[str, CaseResult] = {}
        """A resumed run's own finished results by case id (replayed without the cache)."""

    # -- set-up -------------------------------------------------------------------------------

    def _arms(self) -> dict[str, _Arm]:
        arms: dict[str, _Arm] = {}
        strategies = _strategies(
            self.config.strategies, self.config.strategy_params, self.attacker is not None
        )
        for strategy in strategies:
            per_goal: list[list[Attempt]] = []
            for goal in self.goals:
                if strategy.applies_to(goal):
                    rng = random.Random(f"{self.config.seed}/{strategy.name}/{goal.id}")
                    per_goal.append(list(strategy.attempts(goal, rng)))
            pool = _round_robin([a for a in per_goal if a])
            _check_unique(strategy.name, pool)
            if pool:
                arm = _Arm(strategy, pool, sum(1 for a in per_goal if a), len(pool))
                per = 2 if strategy.needs_attacker else 1
                arm.max_calls = sum(per * a.max_steps - (per - 1) for a in pool)
                arms[strategy.name] = arm
        if not arms:
            raise RedTeamError("no selected strategy applies to the selected goals")
        return arms

    def _suite(self) -> Suite:
        cases = [
            self._case(attempt, attempt.first(), 0)
            for arm in self.arms.values()
            for attempt in arm.pool
        ]
        names = ", ".join(self.arms)
        return Suite(
            name="redteam",
            description=f"red team: {len(self.goals)} goals x strategies {names}",
            cases=tuple(cases),
            scorers=scorer_specs(self.config.require_harmful),
            params=dict(self.config.params),
            tags=("redteam",),
        )

    def _case(self, attempt: Attempt, probe: Probe, step: int, tag: str = "") -> Case:
        meta = {"strategy": attempt.strategy, "goal": attempt.goal.id, "attempt": attempt.key}
        case_id = f"{attempt.key}#{tag or step}"
        return probe.to_case(case_id, attempt.goal, {**meta, "step": step})

    def plan(self) -> RedTeamPlan:
        """The budget split and each strategy's share, before any call is made."""
        reserve = self.reserve_calls()
        attack = self.budget.total - reserve
        explore_each = [min(self.config.explore, arm.size) for arm in self.arms.values()]
        strategies = [
            StrategyPlan(
                name=name,
                goals=arm.goals,
                attempts=arm.size,
                max_calls=arm.max_calls,
                explore_calls=sum(a.max_steps for a in list(arm.pool)[:n]),
            )
            for (name, arm), n in zip(self.arms.items(), explore_each, strict=True)
        ]
        explore = sum(s.explore_calls for s in strategies)
        return RedTeamPlan(
            budget=self.budget.total,
            attack_calls=attack,
            reserve_calls=reserve,
            strategies=strategies,
            adaptive_calls=max(0, attack - explore),
            goals=len(self.goals),
        )

    def reserve_calls(self) -> int:
        if not (self.config.minimize or self.config.verify):
            return 0
        return round(self.budget.total * self.config.reserve)

    # -- running ------------------------------------------------------------------------------

    def runner_for(self, target: Target) -> Runner:
        config = RunConfig(
            concurrency=self.config.concurrency,
            retries=self.config.retries,
            timeout_s=self.config.timeout_s,
            use_cache=self.config.use_cache,
        )
        policy_version = None
        guard = getattr(self.target, "guard", None)
        if guard is not None:
            policy_version = guard.policy_version
        return Runner(
            self.suite,
            target,
            self.store,
            config,
            target_spec=self.target_spec,
            policy_version=policy_version,
        )

    async def send(self, runner: Runner, run_id: str, cases: list[Case]) -> list[CaseResult]:
        """Send ``cases`` into run ``run_id`` through ``runner`` (the next sequence numbers).
        A resumed run's own finished requests are replayed from its stored results."""
        results: list[CaseResult | None] = [self._replayed(c) for c in cases]
        for start, stop in _gaps(results):
            sent = await runner.execute(run_id, cases[start:stop], self._seq + start)
            results[start:stop] = sent
        self._seq += len(cases)
        self.budget.note(len(cases))
        if self.progress is not None:
            self.progress(self.budget.used, self.budget.total)
        return [r for r in results if r is not None]

    def _replayed(self, case: Case) -> CaseResult | None:
        """The stored answer to ``case`` from the run being resumed (same content, no
        error), marked as costing no call; ``None`` when it must be sent."""
        done = self._replay.get(case.id)
        if done is None or done.case_hash != case.content_hash():
            return None
        return done.model_copy(update={"cached": True})

    def _judge(self, attempt: Attempt, result: CaseResult) -> Verdict:
        return judge_result(attempt.goal.kind, result, require_harmful=self.config.require_harmful)

    async def run(self, resume: str | None = None) -> RedTeamResult:
        """Attack, then minimize and mitigate the findings; returns everything found."""
        from saferail.redteam.findings import build_findings
        from saferail.redteam.postprocess import Postprocessor

        runner = self.runner_for(self.target)
        info = runner.open(resume)
        self.run_id = info.run_id
        if resume is not None and not self.config.use_cache:
            # without the cache a resume would re-send (and pay for) every finished request
            self._replay = {
                r.case_id: r for r in self.store.iter_results(info.run_id) if r.error is None
            }
        status = RunStatus.FAILED
        extra: dict[str, Any] = {}
        try:
            records = await self._attack(runner, info.run_id)
            findings = build_findings(records, self._by_goal, self.arms_info())
            post = Postprocessor(self, runner, info.run_id)
            findings = await post.process(findings)
            result = self._result(info, records, findings)
            extra = {"redteam": result.summary()}
            status = RunStatus.COMPLETED
        except (asyncio.CancelledError, KeyboardInterrupt):
            status = RunStatus.INTERRUPTED
            raise
        finally:
            await runner.close(info, status, **extra)
        return result

    def arms_info(self) -> dict[str, Strategy]:
        return {name: arm.strategy for name, arm in self.arms.items()}

    def _choose(self, rng: random.Random) -> _Arm | None:
        open_arms = [a for a in self.arms.values() if a.pool]
        if not open_arms:
            return None
        exploring = [a for a in open_arms if a.started < self.config.explore]
        if exploring:
            return min(exploring, key=lambda a: a.started)
        return max(open_arms, key=lambda a: rng.betavariate(1 + a.successes, 1 + a.failures))

    def _start(self, arm: _Arm) -> _Live:
        attempt = arm.pool.popleft()
        arm.started += 1
        probe = attempt.first()
        record = AttemptRecord(
            key=attempt.key,
            strategy=attempt.strategy,
            goal_id=attempt.goal.id,
            kind=attempt.goal.kind.value,
            category=attempt.goal.category,
            variant=attempt.variant,
            system_prompt=probe.system_prompt,
            documents=list(probe.documents),
        )
        arm.records.append(record)
        return _Live(attempt, record, probe)

    async def _attack(self, runner: Runner, run_id: str) -> list[AttemptRecord]:
        self.budget.enter("attack", self.budget.total - self.reserve_calls())
        rng = random.Random(f"{self.config.seed}/allocate")
        contexts = {name: self._context(arm.strategy) for name, arm in self.arms.items()}
        live: list[_Live] = []
        while True:
            room = self.budget.remaining
            if room <= 0:
                break
            want = min(self.config.round_size, room)
            while len(live) < want:
                arm = self._choose(rng)
                if arm is None:
                    break
                live.append(self._start(arm))
            if not live:
                break
            batch, waiting = live[:want], live[want:]
            cases = [self._case(x.attempt, x.probe, x.step) for x in batch]
            results = await self.send(runner, run_id, cases)
            going = await asyncio.gather(
                *(
                    self._after(x, c, r, contexts[x.attempt.strategy])
                    for x, c, r in zip(batch, cases, results, strict=True)
                )
            )
            live = [x for x in going if x is not None] + waiting
        self._cut_short(live)
        return [r for arm in self.arms.values() for r in arm.records]

    def _cut_short(self, live: list[_Live]) -> None:
        """Close the attempts the spent budget stopped mid-way: each gets its unsent next
        step, failed with the budget's error, so the attempt counts as unanswered (like one
        whose request hit the spent budget), not as an attack the target resisted."""
        error = str(BudgetExhausted(self.budget.phase, self.budget.total))
        for x in live:
            case = self._case(x.attempt, x.probe, x.step)
            x.record.steps.append(
                StepRecord(
                    case_id=case.id,
                    case=case.model_dump(mode="json"),
                    turns=_turns(case),
                    reply="",
                    error=error,
                )
            )

    async def _after(
        self, live: _Live, case: Case, result: CaseResult, ctx: AttemptContext
    ) -> _Live | None:
        """Record one step; return the attempt's next step, or ``None`` when it is over."""
        arm = self.arms[live.attempt.strategy]
        verdict = self._judge(live.attempt, result)
        if verdict.succeeded and not live.attempt.counts(live.probe):
            verdict = Verdict(False, verdict.refused, "")
        calls = _calls(result)
        arm.calls += calls
        live.record.calls += calls
        live.record.steps.append(
            StepRecord(
                case_id=case.id,
                case=case.model_dump(mode="json"),
                turns=_turns(case),
                reply=result.output,
                tool_calls=list(result.tool_calls),
                blocked=result.blocked,
                succeeded=verdict.succeeded,
                error=result.error,
                cached=result.cached,
                evidence=verdict.evidence,
            )
        )
        if verdict.succeeded:
            live.record.succeeded = True
            arm.successes += 1
            self._probes[live.record.key] = live.probe
            return None
        nxt: Probe | None = None
        if result.error is None and live.step + 1 < live.attempt.max_steps:
            try:
                nxt = await live.attempt.advance(live.probe, _response(result), False, ctx)
            except SaferailError:
                nxt = None
        if nxt is None:
            arm.failures += 1
            return None
        return _Live(live.attempt, live.record, nxt, live.step + 1)

    def _context(self, strategy: Strategy) -> AttemptContext:
        """What ``strategy``'s attempts may use between steps: the attacker model, asked at
        the strategy's ``temperature`` param (1.0 when it has none)."""
        attacker = self.attacker
        if attacker is None:
            return AttemptContext(seed=self.config.seed)
        store = self.store
        fingerprint = attacker.identity.fingerprint()
        temperature = _attacker_temperature(strategy)
        # the key of the default temperature is the one runs before this param was sent had
        parts: list[Any] = ["attacker", fingerprint]
        if temperature != 1.0:
            parts.append({"temperature": temperature})

        async def ask(messages: list[dict[str, Any]]) -> str:
            key = content_hash([*parts, messages])
            # a resumed run replays its own attacker turns too (it wrote them to the cache)
            cached = self.config.use_cache or bool(self._replay)
            hit = store.cache_get_many([key]).get(key) if cached else None
            if hit is not None:
                self.budget.note(1)
                return str(hit["text"])
            completion = await attacker.generate(messages, temperature=temperature, max_tokens=600)
            self.budget.note(1)
            store.cache_put_many(
                [
                    (
                        key,
                        {
                            "text": completion.text,
                            "tool_calls": [],
                            "finish_reason": "stop",
                            "blocked": False,
                        },
                    )
                ]
            )
            return completion.text

        return AttemptContext(attacker=attacker, seed=self.config.seed, ask=ask)

    # -- result -------------------------------------------------------------------------------

    def probe_of(self, key: str) -> Probe | None:
        """The successful probe of attempt ``key`` (what minimization starts from)."""
        return self._probes.get(key)

    def goal(self, goal_id: str) -> Goal:
        return self._by_goal[goal_id]

    def _result(
        self, info: RunInfo, records: list[AttemptRecord], findings: list[Finding]
    ) -> RedTeamResult:
        stats = []
        for name, arm in self.arms.items():
            errors = sum(1 for r in arm.records if r.errored)
            n = len(arm.records) - errors  # unanswered attempts are neither win nor loss
            low, high = wilson(arm.successes, n) if n else (0.0, 0.0)
            stats.append(
                StrategyStats(
                    strategy=name,
                    attempts=len(arm.records),
                    successes=arm.successes,
                    calls=arm.calls,
                    asr=arm.successes / n if n else 0.0,
                    low=low,
                    high=high,
                    errors=errors,
                )
            )
        policy = self.policy_label
        if policy is None and self.policy is not None:
            if isinstance(self.policy, str | Path):
                policy = str(self.policy)
            else:
                policy = f"{self.policy.name} ({self.policy.version[:12]})"
        return RedTeamResult(
            run_id=info.run_id,
            target=self.target_spec or self.raw_target.identity.provider,
            target_fingerprint=self.raw_target.identity.fingerprint(),
            policy=policy,
            seed=self.config.seed,
            budget=self.budget.total,
            calls=dict(self.budget.spent),
            strategies=stats,
            findings=findings,
            attempts=records,
            goals=[g.id for g in self.goals],
            created_at=info.created_at,
            manifest={**info.manifest, "redteam_config": self.config.model_dump(mode="json")},
        )

    def policy_model(self) -> Policy | None:
        """The run's policy as a model (``None`` when the target ran bare)."""
        guard = getattr(self.target, "guard", None)
        policy = getattr(guard, "policy", None)
        return policy if isinstance(policy, Policy) else None
