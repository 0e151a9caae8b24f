"""Scripted agent scenarios in the style of AgentDojo, written for saferail.

Three worlds, :data:`SCENARIOS`: an e-mail agent, a banking agent and a workspace agent,
each with fake tools, at least five benign user tasks and five injection tasks
(exfiltration by e-mail or HTTP, payments to the attacker's IBAN, deleting files,
forwarding secrets). The agent is a deterministic script that obeys injected instructions,
so the only thing between the attacker and the goal is the rails. Run them with
:func:`evaluate` or ``python benchmarks/agent_rails.py``.
"""

from __future__ import annotations

from saferail.agents.scenarios.banking import SCENARIO as BANKING
from saferail.agents.scenarios.base import (
    Call,
    InjectionTask,
    Scenario,
    ToolFailed,
    UserTask,
    call,
    injection_text,
)
from saferail.agents.scenarios.email import SCENARIO as EMAIL
from saferail.agents.scenarios.runner import MODES, Episode, evaluate, guard_for, run_episode
from saferail.agents.scenarios.workspace import SCENARIO as WORKSPACE

SCENARIOS: tuple[Scenario, ...] = (EMAIL, BANKING, WORKSPACE)

__all__ = [
    "BANKING",
    "EMAIL",
    "MODES",
    "SCENARIOS",
    "WORKSPACE",
    "Call",
    "Episode",
    "InjectionTask",
    "Scenario",
    "ToolFailed",
    "UserTask",
    "call",
    "evaluate",
    "guard_for",
    "injection_text",
    "run_episode",
]
