"""Sinks: JSONL lines, OpenTelemetry spans (SDK in-memory exporter), Prometheus metrics,
and sink specs."""

from __future__ import annotations

import importlib.util
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from saferail.telemetry import Principal
from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import CheckRecord, SafetyEvent
from saferail.telemetry.sinks import SinkSpecError, StoreSink, open_sink
from saferail.telemetry.sinks.jsonl import JsonlSink
from saferail.telemetry.sinks.prometheus import PrometheusSink
from tests.telemetry.conftest import sample_events, schema_validator


def test_jsonl_lines_follow_the_schema(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "ev" / "events.jsonl", fsync=True)
    events = sample_events()
    sink.write(events[:2])
    sink.write(events[2:])
    sink.close()
    lines = (tmp_path / "ev" / "events.jsonl").read_text().splitlines()
    validator = schema_validator()
    back = []
    for line in lines:
        validator.validate(json.loads(line))
        back.append(SafetyEvent.model_validate_json(line))
    assert back == events


@pytest.fixture
def spans() -> tuple[Any, Any]:
    """An OTel sink on a provider that exports to the SDK's in-memory exporter."""
    pytest.importorskip("opentelemetry.sdk", reason="opentelemetry-sdk is not installed")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from saferail.telemetry.sinks.otel import OTelSink

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return OTelSink(provider), exporter


def test_a_new_jsonl_file_is_private_and_an_existing_one_keeps_its_mode(tmp_path: Path) -> None:
    new, shared = tmp_path / "new.jsonl", tmp_path / "shared.jsonl"
    shared.touch()
    shared.chmod(0o644)
    for path in (new, shared):
        sink = JsonlSink(path)
        sink.write(sample_events()[:1])
        sink.close()
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    sink = JsonlSink(new)
    new.rename(tmp_path / "rotated.jsonl")  # a rotator moved it: the next file is private too
    sink.write(sample_events()[:1])
    sink.close()
    assert stat.S_IMODE(new.stat().st_mode) == 0o600


def test_guard_decisions_become_run_guardrail_spans(
    spans: tuple[Any, Any],
) -> None:
    sink, exporter = spans
    decision = sample_events()[0]
    sink.write([decision])
    got = exporter.get_finished_spans()
    assert [s.name for s in got] == ["run_guardrail pii", "run_guardrail secret"]
    first = got[0]
    attrs = dict(first.attributes or {})
    assert attrs["gen_ai.operation.name"] == "run_guardrail"
    assert attrs["saferail.guarded_operation"] == "chat"
    assert attrs["gen_ai.request.model"] == "mock-model"
    assert attrs["gen_ai.conversation.id"] == decision.conversation_hash
    assert attrs["saferail.check"] == "pii"
    assert attrs["saferail.check.action"] == "redact"
    assert attrs["saferail.policy.version"] == "sha256:0123456789abcdef"
    assert attrs["saferail.risk_categories"] == ("owasp:llm02:2025",)
    assert attrs["saferail.reason_code"] == "saferail.input_redacted.pii"
    assert "saferail.content" not in attrs and attrs["saferail.content.captured"] is True
    assert not any(
        "EMAIL" in str(v) and k != "saferail.check.categories"
        for k, v in attrs.items()
        if k != "saferail.checks"
    )
    # joined to the request's trace, timed from the event
    assert first.context is not None and first.parent is not None
    assert f"{first.context.trace_id:032x}" == decision.trace_id
    assert f"{first.parent.span_id:016x}" == decision.span_id
    assert first.end_time is not None and first.start_time is not None
    assert first.end_time - first.start_time == pytest.approx(0.4e6, abs=1e3)
    assert [e.name for e in first.events] == ["saferail.guardrail.result"]


def test_check_errors_mark_the_span(spans: tuple[Any, Any]) -> None:
    sink, exporter = spans
    sink.write(
        [
            SafetyEvent(
                type="guard.decision",
                verdict="error",
                action="block",
                checks=[CheckRecord(check="toxicity", status="timeout", action="block")],
            )
        ]
    )
    (span,) = exporter.get_finished_spans()
    assert span.name == "run_guardrail toxicity"
    assert span.status.status_code.name == "ERROR"
    assert span.parent is None  # no trace to join


def test_a_huge_latency_does_not_fail_the_batch(spans: tuple[Any, Any]) -> None:
    # the schema admits any latency >= 0 (even inf); one such event used to raise
    # OverflowError, so the whole batch was retried and then dropped
    sink, exporter = spans
    ok = SafetyEvent(type="guard.decision", checks=[CheckRecord(check="pii", latency_ms=0.5)])
    sink.write(
        [
            SafetyEvent(type="guard.decision", latency_ms=float("inf")),
            SafetyEvent(
                type="guard.decision",
                latency_ms=1e308,
                checks=[CheckRecord(check="toxicity", latency_ms=1e308)],
            ),
            SafetyEvent(type="eval.result", suite="s", latency_ms=float("inf")),
            ok,
        ]
    )
    got = exporter.get_finished_spans()
    names = ["run_guardrail policy", "run_guardrail toxicity", "evaluate s", "run_guardrail pii"]
    assert [s.name for s in got] == names
    day_ns = 86_400 * 10**9
    for span in got[:3]:
        assert span.end_time - span.start_time == day_ns
    assert got[3].end_time - got[3].start_time == 500_000  # its check took 0.5 ms


def test_eval_results_carry_an_evaluation_event(
    spans: tuple[Any, Any],
) -> None:
    sink, exporter = spans
    sink.write(sample_events()[1:])  # eval, red team, gap (no span)
    got = exporter.get_finished_spans()
    assert [s.name for s in got] == ["evaluate jailbreak-smoke", "evaluate redteam.result"]
    (event,) = got[0].events
    assert event.name == "gen_ai.evaluation.result"
    assert dict(event.attributes or {}) == {
        "gen_ai.evaluation.name": "refusal",
        "gen_ai.evaluation.score.label": "fail",
        "gen_ai.evaluation.score.value": 0.2,
    }
    assert dict(got[1].attributes or {})["saferail.redteam.strategy"] == "roleplay"


def test_prometheus_counters_and_histograms() -> None:
    registry = CollectorRegistry()
    sink = PrometheusSink(registry)
    emitter = Emitter([sink], flush_interval_s=0.001)
    sink.watch(emitter)
    for e in sample_events():
        emitter.emit(e)
    assert emitter.flush()
    value = registry.get_sample_value
    labels = {
        "type": "guard.decision",
        "source": "gateway",
        "surface": "input",
        "action": "redact",
        "verdict": "fail",
    }
    assert value("saferail_safety_events_total", labels) == 1.0
    assert value("saferail_safety_findings_total", {"surface": "", "category": "jailbreak"}) == 1
    assert value("saferail_guard_latency_seconds_count", {"surface": "input"}) == 1.0
    assert value("saferail_guard_latency_seconds_sum", {"surface": "input"}) == pytest.approx(
        0.0006
    )
    assert value("saferail_telemetry_gap_events_total") == 3.0
    assert value("saferail_telemetry_sink_written_total", {"sink": "prometheus"}) == 4.0
    assert (
        value(
            "saferail_telemetry_sink_dropped_total", {"sink": "prometheus", "reason": "queue_full"}
        )
        == 0.0
    )
    assert b"saferail_safety_events_total" in generate_latest(registry)
    emitter.close()


def test_sink_specs(tmp_path: Path) -> None:
    sqlite = open_sink(f"sqlite:{tmp_path / 'e.db'}")
    assert isinstance(sqlite, StoreSink) and sqlite.name == "sqlite"
    sqlite.write(sample_events())
    assert sqlite.store.count(Principal(name="x", role="viewer")) == 4
    sqlite.close()
    jsonl = open_sink(f"jsonl:{tmp_path / 'e.jsonl'}")
    assert isinstance(jsonl, JsonlSink)
    jsonl.close()
    assert isinstance(open_sink("prometheus"), PrometheusSink)
    if importlib.util.find_spec("opentelemetry.exporter.otlp.proto.http") is not None:
        otlp = open_sink("otlp:http://127.0.0.1:9/v1/traces")
        assert otlp.name == "otlp"
        otlp.provider.shutdown()  # type: ignore[attr-defined]
    with pytest.raises(SinkSpecError):
        open_sink("kafka:topic")
    with pytest.raises(SinkSpecError):
        open_sink("sqlite:")
