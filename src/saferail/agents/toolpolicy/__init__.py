"""Tool-call rails: the ``tools:`` section of a policy, applied to each call an agent makes.

:class:`ToolFirewall` judges calls (allowlists, argument schema and checks, limits, taint
rules, escalation to an approver); :class:`Session` carries one conversation's state.
:meth:`Guard.check_tool_call <saferail.guard.pipeline.Guard.check_tool_call>` is the usual
entry point. See ``docs/agents/tools.md``.
"""

from __future__ import annotations

from saferail.agents.toolpolicy.firewall import ToolFirewall, call_parts, firewall_of, tool_reason
from saferail.agents.toolpolicy.flows import Destination, Violation, destinations
from saferail.agents.toolpolicy.schema import SchemaError, check_schema, validate
from saferail.agents.toolpolicy.session import Session

__all__ = [
    "Destination",
    "SchemaError",
    "Session",
    "ToolFirewall",
    "Violation",
    "call_parts",
    "check_schema",
    "destinations",
    "firewall_of",
    "tool_reason",
    "validate",
]
