"""Recommend the check or policy setting that blocks a successful attack, and verify it.

1. **Analyse** locally, without a model call: every registered check runs (reporting only,
   threshold 0) on what the target was sent — user and tool turns on the input surface,
   planted documents on the retrieval surface — and on the target's ``reply`` (output
   surface). A check *fires* when its score reaches the threshold it would run at (the
   policy's, else the check's default).
2. **Candidates**, in order: the user's policy unchanged (if given), the bundled default
   policy, then the user's (or the default) policy with one more check blocking — input
   checks first, most relevant to the goal's kind, then output checks (the system-prompt
   canary for extraction goals, PII redaction for PII goals) — with its threshold lowered to
   just under the attack's score when needed (by at most :data:`MAX_DROP`, never below
   :data:`MIN_THRESHOLD`), and finally all of those changes together.
3. **Predict** each candidate by running the guarded pipeline locally on the recorded turns
   and reply (:func:`~saferail.targets.guarded.guarded` around a stand-in target that gives
   the recorded reply), and **verify** only the candidates predicted to stop the attack:
   ``verify(policy)`` re-sends the attack to the real target guarded by ``policy`` and is
   True when the policy stopped it, ``None`` when the re-send is inconclusive (then no
   other candidate is tried). At most ``max_verify`` (3) verify calls.

A mitigation is *verified* only when such a re-run stopped the attack. When no candidate is
predicted to stop it, none is verified and the detail says why.
"""

from __future__ import annotations

__all__ = ["MAX_DROP", "MIN_THRESHOLD", "Verify", "policy_text", "recommend"]

from collections.abc import Awaitable, Callable
from typing import Any

import yaml

from saferail.policy.models import CheckConfig, Policy
from saferail.redteam._mitigate import (
    MAX_DROP,
    MIN_THRESHOLD,
    Candidate,
    Signal,
    analyse,
    candidates,
    default_policy,
    leak_canary,
    messages_of,
)
from saferail.redteam.attack import Probe
from saferail.redteam.budget import BudgetExhausted
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.results import Mitigation
from saferail.targets.base import Completion, Messages
from saferail.targets.callable import CallableTarget
from saferail.targets.guarded import guarded

Verify = Callable[[Policy], Awaitable[bool | None]]
"""Re-sends the attack to the target guarded by a policy: True when the policy stopped it,
False when the attack still works, ``None`` when the re-send is inconclusive (the request
failed, or the target resisted without the guard acting: the attack did not reproduce)."""

_INCONCLUSIVE = (
    "Predicted to stop the attack{why}, but the re-run against the guarded target was "
    "inconclusive: the request failed, or the target resisted without the guard acting, "
    "so the attack did not reproduce and the policy could not be verified."
)

_NO_TOOL_CHECK = (
    "Tool calls are judged by the policy's tools: section (allow-lists per role and route, "
    "argument schemas and path/shell/URL rules, taint rules for sinks; docs/agents/tools.md), "
    "which guarded() and the gateway apply to the model's tool calls."
)
_DOCUMENTS = (
    "The planted document trips {checks} on the retrieval surface; guarded() does not check "
    "documents placed in the system prompt, so filter retrieved text with "
    "Guard.check_retrieval before it reaches the model."
)


async def _predict(candidate: Policy, messages: Messages, reply: str) -> Completion:
    """The guarded pipeline on the recorded exchange (a stand-in target gives ``reply``)."""
    target = guarded(CallableTarget(lambda *_a, **_k: reply, "recorded"), candidate)
    try:
        return await target.generate(messages)
    finally:
        target.guard.close()


def _stops(done: Completion, goal: Goal, reply: str) -> bool:
    if done.blocked:
        return True
    canary = (goal.canary or "").lower()
    if canary and canary in reply.lower() and canary not in done.text.lower():
        return True
    return goal.kind is GoalKind.PII and done.decision is not None and done.text != reply


def _why(done: Completion) -> str:
    decision = done.decision or done.input_decision
    if decision is None:
        return ""
    checks = sorted({r.check for r in decision.checks if r.action == decision.action})
    if not checks:
        return ""
    side = "input" if decision.surface == "input" else "the answer"
    return f" ({decision.action} on {side} by {', '.join(checks)})"


# -- the recommendation ---------------------------------------------------------------------


async def recommend(
    probe: Probe,
    goal: Goal,
    reply: str,
    *,
    policy: Policy | None,
    verify: Verify,
    max_verify: int = 3,
) -> Mitigation:
    """The policy setting that stops ``probe`` (which reached ``goal`` with ``reply``),
    verified with at most ``max_verify`` calls of ``verify`` (see the module docstring)."""
    signals = analyse(probe, goal, reply, policy if policy is not None else default_policy())
    fired = sorted({s.name for s in signals if s.fires and s.surface != "retrieval"})
    notes = _notes(goal, signals)

    def result(cand: Candidate | None, verified: bool, detail: str, calls: int) -> Mitigation:
        return Mitigation(
            checks=fired,
            policy=cand.label if cand else "none",
            setting=cand.setting if cand else "",
            verified=verified,
            detail=" ".join([detail, *notes]),
            calls=calls,
        )

    messages = messages_of(probe, goal)
    calls = 0
    first: tuple[Candidate, str] | None = None
    for cand in candidates(policy, goal, signals):
        if calls >= max_verify:
            break
        if cand.policy.tools is not None and goal.kind is GoalKind.TOOL_MISUSE:
            why = " (by the tool-call rules)"  # the recorded reply carries no tool calls
        else:
            done = await _predict(cand.policy, messages, reply)
            if not _stops(done, goal, reply):
                continue
            why = _why(done)
        first = first or (cand, why)
        try:
            stopped = await verify(cand.policy)
        except BudgetExhausted:
            notes.insert(0, "The call budget ran out before the mitigation could be verified.")
            break
        calls += 1
        if stopped is None:
            return result(cand, False, _INCONCLUSIVE.format(why=why), calls)
        if stopped:
            msg = f"Re-running the attack against the target guarded by it stopped it{why}."
            return result(cand, True, msg, calls)
    if first is not None:
        msg = (
            f"Predicted to stop the attack{first[1]}, but re-running it against the guarded "
            f"target still succeeded ({calls} {'policy' if calls == 1 else 'policies'} tried)."
        )
        return result(first[0], False, msg, calls)
    below = sorted((s for s in signals if not s.fires), key=lambda s: -s.score / s.threshold)
    near = ", ".join(f"{s.name} {s.score:.2f} < {s.threshold:.2f}" for s in below[:3])
    msg = "No built-in check blocks this attack"
    msg += f" (closest scores: {near})." if near else "; no check reacts to it at all."
    return result(None, False, msg, calls)


def _notes(goal: Goal, signals: list[Signal]) -> list[str]:
    notes: list[str] = []
    docs = sorted({s.check for s in signals if s.surface == "retrieval" and s.fires})
    if docs:
        notes.append(_DOCUMENTS.format(checks=", ".join(docs)))
    if goal.kind is GoalKind.TOOL_MISUSE:
        notes.append(_NO_TOOL_CHECK)
    if leak_canary(goal) is not None:
        notes.append(
            "In production, put a canary in the system prompt with Guard.protect_system_prompt "
            "so the output system_prompt_leak check can recognise a leak."
        )
    return notes


def policy_text(policy: Policy) -> str:
    """``policy`` as compact YAML: each check shows its action and whatever differs from the
    defaults. ``parse_policy(policy_text(p))`` gives back an equal policy."""
    data: dict[str, Any] = {"schema_version": 1, "name": policy.name}
    if policy.description:
        data["description"] = policy.description
    settings = policy.settings.model_dump(mode="json", exclude_defaults=True)
    if settings:
        data["settings"] = settings
    for surface in ("input", "output", "retrieval", "tool_call"):
        checks = policy.surface(surface).checks
        if checks:
            data[surface] = {"checks": {n: _check_data(c) for n, c in checks.items()}}
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _check_data(cfg: CheckConfig) -> dict[str, Any]:
    return {"action": cfg.action, **cfg.model_dump(mode="json", exclude_defaults=True)}
