"""The guard pipeline: policy in, Decision out."""

from __future__ import annotations

from saferail.guard.decision import CheckRun, Decision, Verdict
from saferail.guard.pipeline import Guard, Messages
from saferail.guard.redact import apply_redactions

__all__ = ["CheckRun", "Decision", "Guard", "Messages", "Verdict", "apply_redactions"]
