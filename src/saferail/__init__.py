"""saferail: guardrails, evaluations, red teaming, telemetry and governance for LLM apps.

The library's front door::

    from saferail import Guard, load_policy

    guard = Guard(load_policy())          # the bundled default policy
    decision = guard.check_input("hello")
    decision.action                       # "allow" | "block" | "redact" | "warn"
"""

from __future__ import annotations

from saferail.checks import Check, CheckInput, Finding, available_checks, register_check
from saferail.errors import (
    CheckError,
    CheckTimeout,
    PolicyError,
    PolicyIssue,
    SaferailError,
    UnknownCheckError,
)
from saferail.guard import CheckRun, Decision, Guard
from saferail.policy import Policy, load_policy, parse_policy

__version__ = "0.1.0"

__all__ = [
    "Check",
    "CheckError",
    "CheckInput",
    "CheckRun",
    "CheckTimeout",
    "Decision",
    "Finding",
    "Guard",
    "Policy",
    "PolicyError",
    "PolicyIssue",
    "SaferailError",
    "UnknownCheckError",
    "__version__",
    "available_checks",
    "load_policy",
    "parse_policy",
    "register_check",
]
