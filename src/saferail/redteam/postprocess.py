"""After the attack phase: minimize each finding's attack and find a verified mitigation.

Both spend the budget's reserve. Minimization re-sends reduced versions of the finding's
successful probe to the same target (guarded, if the run was) and keeps a reduction only
while the attack still succeeds; mitigation re-sends the attack to the target guarded by
candidate policies until one blocks it. A re-send only verifies a policy when its guard
blocked or rewrote the request or the answer: when the target resisted with the guard
letting everything through, or the request failed, the attack did not reproduce and the
re-send proves nothing about the policy.
"""

from __future__ import annotations

__all__ = ["Postprocessor"]

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from saferail.evals.results import CaseResult
from saferail.evals.runner import Runner
from saferail.policy.models import Policy
from saferail.redteam.attack import Probe
from saferail.redteam.budget import BudgetedTarget, BudgetExhausted
from saferail.redteam.converters import apply_converters
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.judge import judge_result
from saferail.redteam.results import Finding
from saferail.targets.base import Chunk, Completion, Messages, Target, TargetIdentity

if TYPE_CHECKING:
    from saferail.redteam.engine import RedTeam


def _payload_segment(probe: Probe) -> list[str]:
    """The part of the last turn that carries the harmful request (converted, if it was).

    A harmful goal succeeds when the target answers instead of refusing, so a repro that
    lost the request itself would "succeed" on any harmless question; minimization may only
    remove the wrapper around it.
    """
    last = probe.last
    if not probe.payload:
        return []
    segment = apply_converters(probe.payload, probe.converters)
    for candidate in (segment, probe.payload):
        if candidate and candidate in last:
            return [candidate]
    return []


def _request_guard(goal: Goal, probe: Probe) -> tuple[list[str], Callable[[Probe], bool] | None]:
    """What minimizing ``probe`` must keep of the request, and which candidates may be sent.

    Only harmful goals need this (see :func:`_payload_segment`). When the probe carries the
    objective as its payload, the payload (as converted) is kept and a candidate must still
    hold it; when it does not (an attacker model wrote the whole prompt, as in ``pair``), the
    final turn as a whole is the request: it is kept, and only the rest may be reduced.
    """
    if goal.kind is not GoalKind.HARMFUL:
        return [], None
    segment = _payload_segment(probe)
    if segment:
        return segment, lambda candidate: bool(_payload_segment(candidate))
    request = probe.last
    return [request], lambda candidate: request in candidate.last


class _Watched:
    """A guarded target that remembers its last answer, so verification can tell whether
    the guard acted on it. Its identity is the wrapped target's (the cache sees no change)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.last: Completion | None = None

    @property
    def identity(self) -> TargetIdentity:
        return self.target.identity

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        self.last = await self.target.generate(messages, **params)
        return self.last

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        async for chunk in self.target.stream(messages, **params):
            yield chunk


def _guard_acted(done: Completion) -> bool:
    """The guard blocked or rewrote the request or the answer (rather than letting both
    through as they were)."""
    decisions = (done.decision, done.input_decision)
    return done.blocked or any(d is not None and d.action in ("block", "redact") for d in decisions)


class Postprocessor:
    """Minimizes and mitigates the findings of one run (see the module docstring)."""

    def __init__(self, team: RedTeam, runner: Runner, run_id: str) -> None:
        self.team = team
        self.runner = runner
        self.run_id = run_id
        self._tries = 0

    async def process(self, findings: list[Finding]) -> list[Finding]:
        team = self.team
        config = team.config
        if not findings:
            return findings
        budget = team.budget
        verify_reserve = 0
        if config.verify:
            verify_reserve = min(team.reserve_calls() // 2, 3 * len(findings))
        if config.minimize and config.minimize_calls > 0:
            budget.enter("minimize", budget.total - verify_reserve)
            for i, finding in enumerate(findings):
                share = budget.remaining // max(1, len(findings) - i)
                await self._minimize(finding, min(config.minimize_calls, share))
        if config.verify:
            budget.enter("verify")
            for finding in findings:
                await self._mitigate(finding)
        return findings

    def _goal_probe(self, finding: Finding) -> tuple[Goal, Probe] | None:
        probe = self.team.probe_of(finding.representative)
        if probe is None:
            return None
        goal_id = finding.representative.split("/")[1]
        return self.team.goal(goal_id), probe

    async def _try(
        self, runner: Runner, goal: Goal, probe: Probe, key: str, tag: str
    ) -> bool | None:
        """Send ``probe`` once (as case ``key#tag<n>``): True when the attack succeeds,
        ``None`` when the request failed (target fault), so neither a success nor a block."""
        return (await self._send(runner, goal, probe, key, tag))[0]

    async def _send(
        self, runner: Runner, goal: Goal, probe: Probe, key: str, tag: str
    ) -> tuple[bool | None, CaseResult]:
        """:meth:`_try`, with the result it judged."""
        if self.team.budget.remaining <= 0:
            raise BudgetExhausted(self.team.budget.phase, self.team.budget.total)
        self._tries += 1
        meta = {"goal": goal.id, "attempt": key, "phase": tag}
        case = probe.to_case(f"{key}#{tag}{self._tries}", goal, meta)
        [result] = await self.team.send(runner, self.run_id, [case])
        if result.error is not None and "budget exhausted" in result.error:
            raise BudgetExhausted(self.team.budget.phase, self.team.budget.total)
        if result.error is not None:
            return None, result
        verdict = judge_result(goal.kind, result, require_harmful=self.team.config.require_harmful)
        return verdict.succeeded, result

    async def _minimize(self, finding: Finding, max_calls: int) -> None:
        from saferail.redteam.minimize import minimize

        found = self._goal_probe(finding)
        if found is None or max_calls <= 0:
            return
        goal, probe = found
        key = finding.representative

        async def succeeds(candidate: Probe) -> bool:
            return bool(await self._try(self.runner, goal, candidate, key, "min"))

        request, valid = _request_guard(goal, probe)  # without it an answer proves nothing
        keep = [goal.canary] if goal.canary else []
        keep.extend(request)
        minimized = await minimize(probe, succeeds, max_calls=max_calls, keep=keep, valid=valid)
        finding.repro = minimized.to_repro(goal, f"{key}#repro")

    async def _mitigate(self, finding: Finding) -> None:
        from saferail.redteam.mitigation import recommend
        from saferail.targets.guarded import guarded

        found = self._goal_probe(finding)
        if found is None:
            return
        goal, probe = found
        team = self.team
        key = finding.representative
        reply = finding.transcript[-1].content if finding.transcript else ""

        async def verify(policy: Policy) -> bool | None:
            target = guarded(BudgetedTarget(team.raw_target, team.budget), policy)
            watched = _Watched(target)
            try:
                outcome, _ = await self._send(team.runner_for(watched), goal, probe, key, "verify")
            finally:
                target.guard.close()
            if outcome is None:
                return None  # the request failed: no evidence either way
            if outcome:
                return False
            if watched.last is not None and not _guard_acted(watched.last):
                return None  # the target resisted on its own: the guard stopped nothing
            return True  # the guard blocked or rewrote it (or the cached verdict of a replay)

        user_policy = team.policy_model()
        finding.mitigation = await recommend(probe, goal, reply, policy=user_policy, verify=verify)
