"""The SafetyEvent model and its published JSON Schema."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from pydantic import ValidationError

from saferail.telemetry.event import (
    RISK_CATEGORIES,
    SafetyEvent,
    json_schema,
    risk_categories,
)
from saferail.telemetry.schema_file import render
from tests.telemetry.conftest import sample_events, schema_validator

SCHEMA_FILE = resources.files("saferail.telemetry") / "schema" / "safety_event.v1.json"


def _committed() -> dict[str, object]:
    data: dict[str, object] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return data


def test_committed_schema_is_current() -> None:
    # after changing the model: python -m saferail.telemetry.schema_file > .../safety_event.v1.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render()
    assert _committed() == json.loads(json.dumps(json_schema()))


def test_every_event_type_validates_against_the_schema() -> None:
    validator = schema_validator()
    events = sample_events()
    assert sorted({e.type for e in events}) == sorted(
        SafetyEvent.model_fields["type"].annotation.__args__  # type: ignore[union-attr]
    )
    for event in events:
        for doc in (
            json.loads(event.model_dump_json()),
            json.loads(event.model_dump_json(exclude_none=True)),
        ):
            validator.validate(doc)
            assert SafetyEvent.model_validate(doc) == event


def test_the_schema_rejects_what_the_model_rejects() -> None:
    validator = schema_validator()
    invalid = pytest.importorskip("jsonschema").ValidationError
    good = json.loads(sample_events()[0].model_dump_json())
    for field, value in [
        ("type", "guard.whatever"),
        ("verdict", "maybe"),
        ("score", 1.5),
        ("trace_id", "not-hex"),
        ("model", "free text with spaces"),
        ("unknown_field", 1),
    ]:
        bad = {**good, field: value}
        with pytest.raises(invalid):
            validator.validate(bad)
        with pytest.raises(ValidationError):
            SafetyEvent.model_validate(bad)


def test_labels_cannot_carry_free_text() -> None:
    with pytest.raises(ValidationError):
        SafetyEvent(type="guard.decision", categories=["my email is a@b.co"])
    with pytest.raises(ValidationError):
        SafetyEvent(type="guard.decision", reason_code="user said: hello there")


def test_content_is_always_marked_redacted() -> None:
    doc = json.loads(sample_events()[0].model_dump_json())
    doc["content"]["redacted"] = False
    with pytest.raises(ValidationError):
        SafetyEvent.model_validate(doc)


def test_attributes_map_to_gen_ai_and_saferail_names() -> None:
    attrs = sample_events()[0].attributes()
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.request.model"] == "mock-model"
    assert attrs["gen_ai.conversation.id"].startswith("hmac-sha256:")  # type: ignore[union-attr]
    assert attrs["saferail.risk_categories"] == ["owasp:llm02:2025"]
    assert attrs["saferail.content.captured"] is True
    assert not any("content" in k and k != "saferail.content.captured" for k in attrs)
    assert all(k.startswith(("gen_ai.", "saferail.")) for k in attrs)


def test_risk_categories_use_owasp_2025_ids() -> None:
    assert risk_categories(["prompt_injection", "pii", "toxicity"]) == [
        "owasp:llm01:2025",
        "owasp:llm02:2025",
    ]
    assert all(r.startswith("owasp:llm") for rs in RISK_CATEGORIES.values() for r in rs)


def test_times_are_utc() -> None:
    from datetime import datetime, timedelta, timezone

    local = datetime(2026, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert SafetyEvent(type="guard.decision", time=local).time.hour == 10
