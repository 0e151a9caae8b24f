"""Telemetry for guard calls without touching the Guard: :func:`instrument` wraps a Guard so
every decision emits a ``guard.decision`` event, and :class:`GatewayHook` is the gateway's
``on_event`` hook. Both capture only the time and trace ids on the caller's path; the event
is built (and content, if opted in, redacted) in the emitter's writer thread."""

from __future__ import annotations

__all__ = ["GatewayHook", "InstrumentedGuard", "instrument"]

import time
from typing import Any

from saferail.guard.decision import Decision
from saferail.guard.pipeline import Guard
from saferail.telemetry.content import ContentCapture
from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.record import EventContext, decision_event, gateway_event, trace_ids


def _decision_with_content(
    decision: Decision,
    context: EventContext,
    capture: ContentCapture | None,
    text: str | None,
    **kwargs: Any,
) -> SafetyEvent:
    content = None
    if capture is not None and capture.enabled and text is not None:
        if decision.surface == "output":
            content = capture.capture(output=text)
        else:
            content = capture.capture(input=text)
    return decision_event(decision, context, content=content, **kwargs)


def _text_of(value: Any) -> str | None:
    """The text to capture: a string, or the last user turn of chat messages."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        for message in reversed(value):
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                return content if isinstance(content, str) else None
    return None


class InstrumentedGuard:
    """A Guard whose ``check_input``, ``check_output``, ``check_retrieval`` and ``check``
    also emit an event; everything else is the wrapped Guard's. Extra keywords
    ``conversation``, ``user`` and ``request_id`` go to the event only (ids are hashed).
    Telemetry never changes a decision and never raises into the caller."""

    def __init__(
        self,
        guard: Guard,
        emitter: Emitter,
        context: EventContext | None = None,
        *,
        capture: ContentCapture | None = None,
    ) -> None:
        self.guard = guard
        self.emitter = emitter
        self.context = context or EventContext(policy_id=guard.policy.name)
        self.capture = capture

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guard, name)

    def _emit(self, decision: Decision, text: Any, ids: dict[str, Any], tenant: Any) -> None:
        try:
            captured = _text_of(text) if self.capture is not None else None
            self.emitter.emit_later(
                _decision_with_content,
                decision,
                self.context,
                self.capture,
                captured,
                conversation=ids.get("conversation"),
                user=ids.get("user"),
                request_id=ids.get("request_id"),
                tenant=tenant,
                at=time.time(),
                trace=trace_ids(),
            )
        except Exception:  # telemetry must never fail a guarded call
            return

    @staticmethod
    def _split(kwargs: dict[str, Any]) -> dict[str, Any]:
        return {k: kwargs.pop(k) for k in ("conversation", "user", "request_id") if k in kwargs}

    def check_input(self, text_or_messages: Any, **kwargs: Any) -> Decision:
        ids = self._split(kwargs)
        decision = self.guard.check_input(text_or_messages, **kwargs)
        self._emit(decision, text_or_messages, ids, kwargs.get("tenant"))
        return decision

    def check_output(self, text: str, **kwargs: Any) -> Decision:
        ids = self._split(kwargs)
        decision = self.guard.check_output(text, **kwargs)
        self._emit(decision, text, ids, kwargs.get("tenant"))
        return decision

    def check_retrieval(self, text: str, **kwargs: Any) -> Decision:
        ids = self._split(kwargs)
        decision = self.guard.check_retrieval(text)
        self._emit(decision, text, ids, None)
        return decision

    def check(self, text: str, surface: str = "input", **kwargs: Any) -> Decision:
        ids = self._split(kwargs)
        decision = self.guard.check(text, surface, **kwargs)
        self._emit(decision, text, ids, kwargs.get("tenant"))
        return decision


def instrument(
    guard: Guard,
    emitter: Emitter,
    context: EventContext | None = None,
    *,
    capture: ContentCapture | None = None,
) -> InstrumentedGuard:
    """``guard`` emitting one ``guard.decision`` event per call to ``emitter``."""
    return InstrumentedGuard(guard, emitter, context, capture=capture)


class GatewayHook:
    """``GatewayConfig(on_event=GatewayHook(emitter, context))``: turns the gateway's event
    dicts into ``guard.decision`` events (source ``gateway``) without blocking a request."""

    def __init__(self, emitter: Emitter, context: EventContext | None = None) -> None:
        self.emitter = emitter
        self.context = context or EventContext(source="gateway")

    def __call__(self, event: dict[str, Any]) -> None:
        try:
            self.emitter.emit_later(
                gateway_event, dict(event), self.context, at=time.time(), trace=trace_ids()
            )
        except Exception:  # never fail a request
            return
