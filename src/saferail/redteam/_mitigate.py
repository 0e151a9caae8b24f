"""The analysis behind :func:`saferail.redteam.mitigation.recommend`: which checks react to
an attack, and the candidate policies that could stop it (private; see that module)."""

from __future__ import annotations

__all__ = [
    "MAX_DROP",
    "MIN_THRESHOLD",
    "Candidate",
    "Signal",
    "analyse",
    "candidates",
    "default_policy",
    "leak_canary",
    "messages_of",
]

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from pydantic import ValidationError

from saferail.checks.registry import available_checks
from saferail.guard.pipeline import Guard
from saferail.policy.loader import load_policy
from saferail.policy.models import CheckConfig, Policy, PolicySettings, SurfacePolicy
from saferail.redteam.attack import Probe
from saferail.redteam.goals import Goal, GoalKind
from saferail.targets.messages import system_prompt

MIN_THRESHOLD = 0.3
"""Thresholds are never lowered below this: lower ones block too much benign traffic."""

MAX_DROP = 0.2
"""A threshold is lowered by at most this much below the one the check runs at (its
default is tuned for a target false-positive rate on benign text)."""

RELEVANT: dict[GoalKind, tuple[str, ...]] = {
    GoalKind.INJECTION: ("prompt_injection", "hidden_text", "exfiltration", "banned_topic"),
    GoalKind.SYSTEM_PROMPT: (
        "system_prompt_leak",
        "prompt_injection",
        "jailbreak",
        "banned_topic",
        "hidden_text",
    ),
    GoalKind.HARMFUL: ("harmful_request", "jailbreak", "toxicity", "banned_topic", "hidden_text"),
    GoalKind.PII: ("pii", "prompt_injection", "jailbreak", "hidden_text"),
    GoalKind.TOOL_MISUSE: ("prompt_injection", "exfiltration", "jailbreak", "hidden_text"),
}


@dataclass(frozen=True)
class Signal:
    """The highest score one check gave the attack on one surface."""

    surface: str
    check: str
    score: float
    threshold: float

    @property
    def fires(self) -> bool:
        return self.score >= self.threshold

    @property
    def name(self) -> str:
        return f"{self.surface}.{self.check}"


@dataclass(frozen=True)
class Candidate:
    """A policy to try, how to describe it, and the one-line change it makes."""

    policy: Policy
    label: str
    setting: str


@cache
def _bundled() -> Policy:
    return load_policy(None)


def default_policy() -> Policy:
    """A fresh copy of the bundled default policy."""
    return _bundled().model_copy(deep=True)


def leak_canary(goal: Goal) -> str | None:
    """The system-prompt canary of an extraction goal, if the leak check can take it."""
    canary = goal.canary if goal.kind is GoalKind.SYSTEM_PROMPT else None
    if not canary or len(canary) < 8 or any(c.isspace() for c in canary):
        return None
    return canary


def _params(name: str, surface: str, base: Policy, goal: Goal) -> dict[str, Any]:
    """Params of ``name`` as ``base`` (else the default policy) configures it."""
    cfg = base.surface(surface).checks.get(name)
    if cfg is None:
        cfg = _bundled().surface(surface).checks.get(name)
    params = dict(cfg.params) if cfg is not None else {}
    canary = leak_canary(goal)
    if name == "system_prompt_leak" and canary is not None:
        params["canary"] = canary
    return params


def _analysis_policy(base: Policy, goal: Goal) -> tuple[Policy, dict[tuple[str, str], float]]:
    """Every registered check, reporting everything; and each one's effective threshold."""
    surfaces: dict[str, SurfacePolicy] = {}
    thresholds: dict[tuple[str, str], float] = {}
    for surface in ("input", "output", "retrieval"):
        checks: dict[str, CheckConfig] = {}
        for name, cls in available_checks().items():
            if surface not in cls.surfaces:
                continue
            params = _params(name, surface, base, goal)
            try:
                cls.Params.model_validate(params)
            except ValidationError:
                continue  # a plugin check that needs params the policy does not give
            configured = base.surface(surface).checks.get(name)
            own = configured.threshold if configured is not None else None
            thresholds[(surface, name)] = own if own is not None else cls.default_threshold
            checks[name] = CheckConfig(
                action="warn", threshold=0.0, params=params, fail_mode="open"
            )
        surfaces[surface] = SurfacePolicy(checks=checks)
    settings = PolicySettings(early_exit=False, timeout_ms=10_000)
    policy = Policy(
        name="analysis",
        settings=settings,
        input=surfaces["input"],
        output=surfaces["output"],
        retrieval=surfaces["retrieval"],
    )
    return policy, thresholds


def analyse(probe: Probe, goal: Goal, reply: str, base: Policy) -> list[Signal]:
    """Each check's highest score on the attack (input, retrieval) and the reply (output)."""
    policy, thresholds = _analysis_policy(base, goal)
    messages = messages_of(probe, goal)
    guard = Guard(policy)
    try:
        findings = [("input", f) for f in guard.check_input(messages).findings]
        system = system_prompt(messages)
        out = guard.check_output(reply, system_prompt=system).findings
        findings += [("output", f) for f in out]
        for doc in probe.documents:
            findings += [("retrieval", f) for f in guard.check_retrieval(doc).findings]
    finally:
        guard.close()
    best: dict[tuple[str, str], float] = {}
    for surface, f in findings:
        best[(surface, f.check)] = max(best.get((surface, f.check), 0.0), f.score)
    return [Signal(s, c, score, thresholds[(s, c)]) for (s, c), score in best.items()]


def messages_of(probe: Probe, goal: Goal) -> list[dict[str, Any]]:
    """The chat messages the eval runner sends for ``probe``."""
    return probe.to_case("mitigation", goal, {}).to_messages()


# -- candidates -----------------------------------------------------------------------------


def _flow(value: dict[str, Any]) -> str:
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False)).strip()


def _change(base: Policy, sig: Signal, goal: Goal) -> tuple[str, dict[str, Any]] | None:
    """The one-check change that makes ``sig`` block, or None if it cannot honestly."""
    change: dict[str, Any] = {"action": "block"}
    if sig.check == "pii" and sig.surface == "output":
        change["action"] = "redact"
    if not sig.fires:
        lowered = math.floor(sig.score * 20) / 20
        if lowered < max(MIN_THRESHOLD, sig.threshold - MAX_DROP):
            return None
        change["threshold"] = lowered
    current = base.surface(sig.surface).checks.get(sig.check)
    canary = leak_canary(goal) if sig.check == "system_prompt_leak" else None
    if canary is not None and (current is None or current.params.get("canary") != canary):
        change["params"] = {**(current.params if current else {}), "canary": canary}
    if (
        current is not None
        and current.enabled
        and all(getattr(current, k) == v for k, v in change.items())
    ):
        return None  # already configured so; it did not stop the attack
    return f"{sig.surface}.checks.{sig.check}: {_flow(change)}", change


def _apply(base: Policy, changes: list[tuple[Signal, dict[str, Any]]]) -> Policy:
    policy = base.model_copy(deep=True)
    for sig, change in changes:
        checks = policy.surface(sig.surface).checks
        current = checks.get(sig.check)
        fields = {**(current.model_dump() if current else {}), "enabled": True, **change}
        checks[sig.check] = CheckConfig.model_validate(fields)
    return load_policy(policy)


def _rank(goal: Goal, sig: Signal) -> tuple[int, int, float, str]:
    relevant = RELEVANT[goal.kind]
    order = relevant.index(sig.check) if sig.check in relevant else len(relevant)
    return (sig.surface != "input", order, -sig.score, sig.check)


def tool_candidate(base: Policy, goal: Goal) -> Candidate | None:
    """For a tool-misuse goal: ``base`` plus a ``tools:`` section that blocks the forbidden
    tools and escalates (for a human to approve) the other tools whose arguments the goal
    forbids values of. ``None`` when the goal names nothing to restrict."""
    if goal.kind is not GoalKind.TOOL_MISUSE:
        return None
    names = [str(t.get("function", t).get("name", "")) for t in goal.tools]
    catalog: dict[str, dict[str, Any]] = {n: {"action": "block"} for n in goal.forbidden_tools}
    if goal.forbidden_args:
        for name in names:
            if name and name not in catalog:
                catalog[name] = {"action": "escalate"}
    if not catalog:
        return None
    data = base.model_dump(mode="json")
    tools = dict(data.get("tools") or {})
    merged = dict(tools.get("catalog") or {})
    merged.update(catalog)
    tools["catalog"] = merged
    data["tools"] = tools
    setting = "; ".join(f"tools.catalog.{n}: {_flow(c)}" for n, c in sorted(catalog.items()))
    label = f"{base.name} + tool rules"
    return Candidate(load_policy(Policy.model_validate(data)), label, setting)


def candidates(policy: Policy | None, goal: Goal, signals: list[Signal]) -> list[Candidate]:
    """Policies to try, in order: the user's unchanged, the default, one more blocking check
    at a time (input first, most relevant to the goal first), all of those together."""
    default = default_policy()
    out: list[Candidate] = []
    if policy is not None:
        out.append(Candidate(policy, f"{policy.name} (unchanged)", "no change"))
    out.append(Candidate(default, "default", "use the bundled default policy"))
    base = policy if policy is not None else default
    changes: list[tuple[Signal, str, dict[str, Any]]] = []
    for sig in sorted(signals, key=lambda s: _rank(goal, s)):
        if sig.surface == "retrieval":
            continue
        made = _change(base, sig, goal)
        if made is not None:
            changes.append((sig, *made))
    tool_rules = tool_candidate(base, goal)
    if tool_rules is not None:
        out.append(tool_rules)
    for sig, setting, change in changes:
        desc = f"{base.name} + {sig.name}: {change['action']}"
        out.append(Candidate(_apply(base, [(sig, change)]), desc, setting))
    if len(changes) > 1:
        every = _apply(base, [(sig, change) for sig, _, change in changes])
        names = ", ".join(sig.name for sig, _, _ in changes)
        out.append(Candidate(every, f"{base.name} + {names}", "; ".join(s for _, s, _ in changes)))
    unique: dict[str, Candidate] = {}
    for cand in out:
        unique.setdefault(cand.policy.version, cand)
    return list(unique.values())
