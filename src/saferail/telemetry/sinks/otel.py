"""OpenTelemetry export: each event becomes spans on a tracer provider (OTLP/HTTP by default).

A ``guard.decision`` gives one span per check, named ``run_guardrail {check}``, carrying the
event's ``gen_ai.*`` and ``saferail.*`` attributes, the check's own outcome, and a span event
``saferail.guardrail.result``. Eval and red-team results give a span ``evaluate {suite}`` with
a ``gen_ai.evaluation.result`` event. Spans are timed from the event (its time and latency)
and are children of the event's ``trace_id``/``span_id`` when it carries them, so they join
the request's trace. Needs ``opentelemetry-sdk`` (and ``opentelemetry-exporter-otlp-proto-http``
for :meth:`OTelSink.otlp`).
"""

from __future__ import annotations

__all__ = ["OTelSink"]

from collections.abc import Sequence
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode

from saferail.telemetry.event import CheckRecord, SafetyEvent

_SCOPE = "saferail.telemetry"
_MAX_SPAN_MS = 86_400_000.0
"""Longest span drawn from a latency (a day): the schema admits any latency >= 0, even an
infinite one, and one such event must not make the whole batch fail."""


def _ns(latency_ms: float | None) -> int:
    """A latency as span nanoseconds, at most :data:`_MAX_SPAN_MS`."""
    return int(min(latency_ms or 0.0, _MAX_SPAN_MS) * 1e6)


class OTelSink:
    """Spans for events on ``provider`` (its span processors decide where they go)."""

    def __init__(self, provider: TracerProvider, *, own_provider: bool = False) -> None:
        self.name = "otlp"
        self.provider = provider
        self._own = own_provider
        self._tracer = provider.get_tracer(_SCOPE)

    @classmethod
    def otlp(cls, endpoint: str | None = None) -> OTelSink:
        """Export with OTLP/HTTP to ``endpoint`` (e.g. ``http://collector:4318/v1/traces``;
        ``None``: the exporter's default and the ``OTEL_EXPORTER_OTLP_*`` variables)."""
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": "saferail"}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        return cls(provider, own_provider=True)

    def write(self, events: Sequence[SafetyEvent]) -> None:
        for event in events:
            if event.type == "guard.decision":
                self._guard(event)
            elif event.type in ("eval.result", "redteam.result"):
                self._evaluation(event)

    def _parent(self, event: SafetyEvent) -> Any:
        if event.trace_id is None or event.span_id is None:
            return None
        ctx = SpanContext(
            int(event.trace_id, 16),
            int(event.span_id, 16),
            is_remote=True,
            trace_flags=trace.TraceFlags(trace.TraceFlags.SAMPLED),
        )
        return trace.set_span_in_context(NonRecordingSpan(ctx))

    def _guard(self, event: SafetyEvent) -> None:
        checks = event.checks or [
            CheckRecord(check=event.check or "policy", latency_ms=event.latency_ms or 0.0)
        ]
        end = int(event.time.timestamp() * 1e9)
        start = end - _ns(event.latency_ms)
        base = event.attributes()
        guarded_op = base.pop("gen_ai.operation.name", None)
        for record in checks:
            attrs: dict[str, Any] = {
                **base,
                "gen_ai.operation.name": "run_guardrail",
                "saferail.check": record.check,
                "saferail.check.status": record.status,
                "saferail.check.findings": record.findings,
            }
            if guarded_op is not None:
                attrs["saferail.guarded_operation"] = guarded_op
            if record.action is not None:
                attrs["saferail.check.action"] = record.action
            if record.categories:
                attrs["saferail.check.categories"] = record.categories
            if record.score is not None:
                attrs["saferail.check.score"] = record.score
            t1 = start + _ns(record.latency_ms)
            span = self._tracer.start_span(
                f"run_guardrail {record.check}",
                context=self._parent(event),
                kind=SpanKind.INTERNAL,
                attributes=attrs,
                start_time=start,
            )
            result = {"saferail.check": record.check, "saferail.check.status": record.status}
            if record.action is not None:
                result["saferail.check.action"] = record.action
            span.add_event("saferail.guardrail.result", result, timestamp=t1)
            if record.status in ("error", "timeout"):
                span.set_status(Status(StatusCode.ERROR, f"check {record.status}"))
            span.end(end_time=max(t1, start))
            start = t1

    def _evaluation(self, event: SafetyEvent) -> None:
        end = int(event.time.timestamp() * 1e9)
        start = end - _ns(event.latency_ms)
        name = event.suite or event.check or event.type
        span = self._tracer.start_span(
            f"evaluate {name}",
            context=self._parent(event),
            attributes=event.attributes(),
            start_time=start,
        )
        result: dict[str, Any] = {
            "gen_ai.evaluation.name": event.check or name,
            "gen_ai.evaluation.score.label": event.verdict,
        }
        if event.score is not None:
            result["gen_ai.evaluation.score.value"] = event.score
        span.add_event("gen_ai.evaluation.result", result, timestamp=end)
        if event.verdict == "error":
            span.set_status(Status(StatusCode.ERROR, "evaluation error"))
        span.end(end_time=end)

    def close(self) -> None:
        self.provider.force_flush()
        if self._own:
            self.provider.shutdown()
