"""saferail: guardrails, evaluations, red teaming, telemetry and governance for LLM apps.

The library's front door::

    from saferail import Guard, load_policy

    guard = Guard(load_policy())          # the bundled default policy
    decision = guard.check_input("hello")
    decision.action                       # "allow" | "block" | "redact" | "warn"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
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

# Names resolve on first use, so ``import saferail.<sub>`` (the pytest plugin, the CLI)
# does not pay for the guard and every check.
_LAZY = {
    **dict.fromkeys(
        ("Check", "CheckInput", "Finding", "available_checks", "register_check"), "saferail.checks"
    ),
    **dict.fromkeys(
        (
            "CheckError",
            "CheckTimeout",
            "PolicyError",
            "PolicyIssue",
            "SaferailError",
            "UnknownCheckError",
        ),
        "saferail.errors",
    ),
    **dict.fromkeys(("CheckRun", "Decision", "Guard"), "saferail.guard"),
    **dict.fromkeys(("Policy", "load_policy", "parse_policy"), "saferail.policy"),
}


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


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
