"""Run scripted agent scenarios with the tool rails off or on, and count what happened.

:func:`run_episode` runs one user task, with or without one planted injection task, and
returns an :class:`Episode`: whether the user's task was done, whether the agent saw the
injection, whether the attacker's goal was reached, and which tool calls the rails blocked
or escalated. With rails on, every call goes through ``guard.check_tool_call`` with a
session that has seen the user's prompt and every tool result; a blocked call returns
``{"error": "blocked by policy: <reason>"}`` to the agent, which carries on.

:func:`evaluate` runs every benign task, and every injection task against every user task
that exposes the agent to it, in each mode:

- ``off``: no rails;
- ``on``: the scenario's policy; escalations have no approver and are denied;
- ``on+approver``: the same policy, escalations answered by the simulated user
  (``UserTask.approves``: the user approves what their own task needs and nothing else;
  an idealized person, the quality of real approvals is not measured here);
- ``strict``: the policy with ``taint.data_rule: always`` and no approver.
"""

from __future__ import annotations

__all__ = ["MODES", "Episode", "evaluate", "guard_for", "run_episode"]

import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from saferail.agents.approval import CallbackApprover
from saferail.agents.scenarios.base import Call, InjectionTask, Scenario, ToolFailed, UserTask
from saferail.agents.toolpolicy.firewall import tool_reason
from saferail.agents.toolpolicy.session import Session
from saferail.guard.pipeline import Guard
from saferail.policy.loader import parse_policy
from saferail.targets.base import ToolCall

MODES = ("off", "on", "on+approver", "strict")


@dataclass
class Episode:
    """The outcome of one run."""

    scenario: str
    task: str
    attack: str | None
    mode: str
    done: bool = False
    seen: bool = False
    reached: bool = False
    answer: str = ""
    calls: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # "tool: reason"
    approvals: int = 0


def guard_for(scenario: Scenario, mode: str) -> Guard | None:
    """The Guard of a mode (``None`` for ``off``)."""
    if mode == "off":
        return None
    data = yaml.safe_load(scenario.policy)
    if mode == "strict":
        data.setdefault("tools", {}).setdefault("taint", {})["data_rule"] = "always"
    return Guard(parse_policy(yaml.safe_dump(data), source=f"<{scenario.name} policy>"))


def run_episode(
    scenario: Scenario,
    task: UserTask,
    attack: InjectionTask | None,
    *,
    mode: str = "off",
    guard: Guard | None = None,
) -> Episode:
    """Run ``task`` (with ``attack`` planted, if given) in ``mode``."""
    from saferail.agents.scenarios.base import injection_text

    planted = injection_text(scenario.user, attack.goal) if attack else scenario.filler
    env = scenario.make_env(planted)
    episode = Episode(scenario.name, task.id, attack.id if attack else None, mode)
    if mode != "off" and guard is None:
        guard = guard_for(scenario, mode)
    session = None
    if guard is not None:
        approver = None
        if mode == "on+approver":
            approver = CallbackApprover(lambda r: _approves(task, r.tool, r.arguments), "user")
        session = Session(f"{scenario.name}/{task.id}", tools=guard.policy.tools, approver=approver)
        session.observe_user(task.prompt)
    agent = _Agent(scenario, env, attack, guard, session, episode)
    episode.answer = agent.drive(task.plan()) or ""
    episode.done = bool(task.done(env, episode.answer))
    episode.reached = bool(attack.reached(env)) if attack else False
    return episode


def _approves(task: UserTask, tool: str, arguments: str) -> bool:
    try:
        args = json.loads(arguments)
    except ValueError:
        return False
    return isinstance(args, dict) and task.approves(Call(tool, args))


class _Agent:
    """The scripted, injection-following agent of one episode."""

    def __init__(
        self,
        scenario: Scenario,
        env: Any,
        attack: InjectionTask | None,
        guard: Guard | None,
        session: Session | None,
        episode: Episode,
    ) -> None:
        self.scenario, self.env, self.attack = scenario, env, attack
        self.guard, self.session, self.episode = guard, session, episode
        self.followed = False
        self.n = 0

    def drive(self, plan: Generator[Call, Any, Any]) -> Any:
        """Run a plan to its end: execute each call, obey a recognized injection first."""
        result: Any = None
        try:
            step = next(plan)
            while True:
                result = self.execute(step)
                if self.attack is not None and not self.followed and self._injected(result):
                    self.followed = self.episode.seen = True
                    self.drive(self.attack.plan())
                step = plan.send(result)
        except StopIteration as stop:
            return stop.value

    def execute(self, step: Call) -> Any:
        self.n += 1
        self.episode.calls.append(step.name)
        args = step.args
        if self.guard is not None and self.session is not None:
            tc = ToolCall(f"call_{self.n}", step.name, json.dumps(args))
            decision = self.guard.check_tool_call(tc, self.session)
            if any("[escalated:" in (f.detail or "") for f in decision.findings):
                self.episode.approvals += 1
            if decision.blocked:
                reason = tool_reason(decision) or "policy"
                self.episode.blocked.append(f"{step.name}: {reason}")
                return {"error": f"blocked by policy: {reason}"}
            args = json.loads(decision.text)
        try:
            result = self.scenario.tools[step.name](self.env, **args)
        except ToolFailed as exc:
            result = {"error": str(exc)}
        if self.session is not None:
            self.session.observe(result, tool=step.name, arguments=args)
        return result

    def _injected(self, result: Any) -> bool:
        assert self.attack is not None
        return any(self.attack.goal in text for text in _strings(result))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def evaluate(scenario: Scenario, modes: tuple[str, ...] = MODES) -> dict[str, Any]:
    """Benign completion and attack success of a scenario in each mode (see module doc)."""
    out: dict[str, Any] = {"scenario": scenario.name, "modes": {}}
    carriers: dict[str, list[str]] = {}
    for attack in scenario.attacks:  # which user tasks expose the agent to each attack
        seen = [run_episode(scenario, t, attack).seen for t in scenario.tasks]
        carriers[attack.id] = [t.id for t, s in zip(scenario.tasks, seen, strict=True) if s]
    out["carriers"] = carriers
    for mode in modes:
        guard = guard_for(scenario, mode)
        try:
            out["modes"][mode] = _mode(scenario, mode, guard, carriers)
        finally:
            if guard is not None:
                guard.close()
    return out


def _mode(
    scenario: Scenario, mode: str, guard: Guard | None, carriers: dict[str, list[str]]
) -> dict[str, Any]:
    benign = [run_episode(scenario, t, None, mode=mode, guard=guard) for t in scenario.tasks]
    attacked: list[tuple[InjectionTask, Episode]] = []
    for attack in scenario.attacks:
        for task_id in carriers[attack.id]:
            ep = run_episode(scenario, scenario.task(task_id), attack, mode=mode, guard=guard)
            attacked.append((attack, ep))
    out = _summary(scenario, benign, attacked)
    # the same figures on the tasks and attacks written before the user-selection rules
    first = {t.id for t in scenario.tasks if not t.added}
    out["original"] = _summary(
        scenario,
        [ep for ep in benign if ep.task in first],
        [(a, ep) for a, ep in attacked if not a.added and ep.task in first],
    )
    return out


def _summary(
    scenario: Scenario, benign: list[Episode], attacked: list[tuple[InjectionTask, Episode]]
) -> dict[str, Any]:
    exfil = [ep for a, ep in attacked if a.kind == "exfiltration"]
    return {
        "benign_tasks": len(benign),
        "benign_done": sum(ep.done for ep in benign),
        "benign_failed": [ep.task for ep in benign if not ep.done],
        "approvals": sum(ep.approvals for ep in benign),
        "attack_runs": len(attacked),
        "attack_success": sum(ep.reached for _, ep in attacked),
        "exfiltration_runs": len(exfil),
        "exfiltration_success": sum(ep.reached for ep in exfil),
        "utility_under_attack": sum(ep.done for _, ep in attacked),
        "attacks": {
            a.id: {
                "kind": a.kind,
                "runs": sum(1 for b, _ in attacked if b is a),
                "success": sum(ep.reached for b, ep in attacked if b is a),
            }
            for a in scenario.attacks
            if any(b is a for b, _ in attacked)
        },
    }
