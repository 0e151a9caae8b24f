"""Hand-built SafetyEvents for the monitor tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from saferail.telemetry.event import CheckRecord, SafetyEvent

T0 = datetime(2026, 3, 2, tzinfo=UTC)
HOUR = timedelta(hours=1)


def event(minute: float = 0.0, **fields: Any) -> SafetyEvent:
    """A guard decision ``minute`` minutes after T0 (allowed input unless told otherwise)."""
    base: dict[str, Any] = {
        "type": "guard.decision",
        "time": T0 + timedelta(minutes=minute),
        "surface": "input",
        "action": "allow",
        "verdict": "pass",
        "policy_version": "p1",
        "latency_ms": 0.2,
    }
    base.update(fields)
    return SafetyEvent(**base)


def blocked(minute: float = 0.0, category: str = "prompt_injection", **fields: Any) -> SafetyEvent:
    return event(minute, action="block", verdict="fail", categories=[category], **fields)


def grounding(minute: float, grounded: bool, **fields: Any) -> SafetyEvent:
    """An output decision on which the ``ungrounded`` check ran."""
    record = CheckRecord(
        check="ungrounded",
        categories=[] if grounded else ["ungrounded"],
        findings=0 if grounded else 1,
    )
    return event(
        minute,
        surface="output",
        checks=[record],
        categories=[] if grounded else ["ungrounded"],
        verdict="pass" if grounded else "uncertain",
        action="allow" if grounded else "warn",
        **fields,
    )
