"""Shared telemetry fixtures: an event store location per back-end (SQLite file, a fresh
PostgreSQL schema on the real local server), sample events of every type, and a PII scan
that uses saferail's own PII check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from saferail.guard.pipeline import Guard
from saferail.policy.models import CheckConfig, Policy, SurfacePolicy
from saferail.telemetry.event import CapturedContent, CheckRecord, SafetyEvent
from saferail.telemetry.hashing import Hasher
from tests.pg import pg_schema_url

# Personal data that must never be stored as such (synthetic values; checksums valid).
PII_PROMPTS = [
    "Hi, I am Orla Vance and my email is orla.vance@corp.io, please update my account.",
    "Call me on +1 415 555 0134 about card 4111 1111 1111 1111.",
    "My SSN is 536-22-8174 and I live at 742 Evergreen Terrace, Springfield.",
    "Wire it to IBAN DE89 3704 0044 0532 0130 00 for Marta Kowalski.",
]
PII_VALUES = [
    "Orla Vance",
    "orla.vance@corp.io",
    "415 555 0134",
    "4111 1111 1111 1111",
    "536-22-8174",
    "742 Evergreen Terrace",
    "DE89 3704 0044 0532 0130 00",
    "Marta Kowalski",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where an event store lives: a SQLite file or a PostgreSQL URL (own schema)."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def hasher() -> Hasher:
    return Hasher(b"k" * 32)


def sample_events() -> list[SafetyEvent]:
    """One event of every type, with every optional block filled somewhere."""
    now = datetime.now(UTC)
    return [
        SafetyEvent(
            type="guard.decision",
            source="gateway",
            time=now,
            trace_id="0" * 31 + "1",
            span_id="0" * 15 + "2",
            request_id="chatcmpl-abc",
            operation="chat",
            provider="openai",
            model="mock-model",
            conversation_hash="hmac-sha256:" + "a" * 32,
            user_hash="hmac-sha256:" + "b" * 32,
            surface="input",
            check="pii",
            checks=[
                CheckRecord(
                    check="pii",
                    action="redact",
                    categories=["pii"],
                    entity_types=["EMAIL_ADDRESS"],
                    findings=1,
                    score=0.9,
                    latency_ms=0.4,
                ),
                CheckRecord(check="secret", latency_ms=0.1),
            ],
            policy_id="default",
            policy_version="sha256:0123456789abcdef",
            verdict="fail",
            action="redact",
            categories=["pii"],
            risk_categories=["owasp:llm02:2025"],
            score=0.9,
            reason_code="saferail.input_redacted.pii",
            latency_ms=0.6,
            model_version="v3",
            prompt_version="p7",
            feature_flag="new-onboarding",
            tenant="team-a",
            content=CapturedContent(input="my email is <EMAIL_ADDRESS_1>"),
        ),
        SafetyEvent(
            type="eval.result",
            source="eval",
            time=now,
            check="refusal",
            checks=[CheckRecord(check="refusal", findings=1, score=0.2)],
            verdict="fail",
            categories=["jailbreak"],
            risk_categories=["owasp:llm01:2025"],
            score=0.2,
            latency_ms=12.0,
            run_id="run-1",
            suite="jailbreak-smoke",
            case_id="case-7",
        ),
        SafetyEvent(
            type="redteam.result",
            source="redteam",
            time=now,
            verdict="pass",
            action="block",
            run_id="rt-1",
            case_id="k1",
            strategy="roleplay",
            severity="high",
        ),
        SafetyEvent(type="telemetry.gap", source="telemetry", time=now, dropped=3),
    ]


def schema_validator() -> Any:
    """A JSON Schema validator for the committed SafetyEvent schema (skips without the
    ``jsonschema`` package, which the dev extra provides)."""
    import json

    from saferail.telemetry.schema_file import render

    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    return jsonschema.Draft202012Validator(json.loads(render()))


def pii_guard() -> Guard:
    """saferail's PII check alone, at a low threshold (a scanner, not a policy)."""
    pii = CheckConfig(action="block", threshold=0.3)
    return Guard(Policy(name="pii-scan", input=SurfacePolicy(checks={"pii": pii})))


# Measured floats (latencies) in stored rows have 15-16 fractional digits, which the PII check
# may read as a national id number by chance; they are not content, so they are shortened first.
_LONG_FRACTION = re.compile(r"(\d\.\d{3})\d+")


def pii_in(texts: list[str], guard: Guard) -> list[str]:
    """The entity types the PII check finds in any of ``texts`` (long decimal fractions cut to
    three digits), plus any known raw value."""
    found: list[str] = []
    for raw in texts:
        text = _LONG_FRACTION.sub(r"\1", raw)
        found.extend(f.entity_type or "pii" for f in guard.check_input(text).findings)
        found.extend(f"raw:{v}" for v in PII_VALUES if v in raw)
    return found
