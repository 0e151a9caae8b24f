"""Governance: the risk register and its eval coverage, the failure taxonomy, templates,
the system card and the release review's evidence pack.

Each part lives in its own module; this package re-exports the public names.
"""

from __future__ import annotations

from saferail.governance.risks import (
    Acceptance,
    Mitigation,
    Residual,
    Risk,
    RiskRegister,
    RiskStatus,
    TestRef,
)

__all__ = [
    "Acceptance",
    "Mitigation",
    "Residual",
    "Risk",
    "RiskRegister",
    "RiskStatus",
    "TestRef",
]
