"""Build :class:`SafetyEvent` records from what saferail produces: a guard
:class:`~saferail.guard.decision.Decision`, the gateway's event dict, an eval case result, a
red-team attempt. Only labels, numbers and keyed hashes are copied; text never is (captured
content is passed in separately, already redacted by :mod:`saferail.telemetry.content`)."""

from __future__ import annotations

__all__ = [
    "EventContext",
    "decision_event",
    "eval_event",
    "gateway_event",
    "label",
    "redteam_event",
    "trace_ids",
]

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from saferail.guard.decision import Decision
from saferail.telemetry.event import (
    CapturedContent,
    CheckRecord,
    SafetyEvent,
    Source,
    risk_categories,
)
from saferail.telemetry.hashing import Hasher

_OK = re.compile(r"^[A-Za-z0-9_.:\-/@+]{1,200}$")
_SLUG = re.compile(r"[^a-z0-9_]+")
_PAST = {"block": "blocked", "redact": "redacted", "warn": "warned"}


def label(value: object) -> str | None:
    """``value`` as a label the schema accepts: unchanged when it is one, otherwise a short
    digest (so an id that looks like text never reaches an event as text)."""
    if value is None:
        return None
    text = str(value)
    if _OK.fullmatch(text):
        return text
    # surrogatepass: a lone surrogate (from JSON, say) must not make the event unbuildable
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _when(at: float | None) -> datetime:
    return datetime.now(UTC) if at is None else datetime.fromtimestamp(at, UTC)


def trace_ids() -> tuple[str | None, str | None]:
    """The current OpenTelemetry span's ids, when there is one."""
    try:
        from opentelemetry import trace
    except ImportError:  # pragma: no cover - the API is optional
        return None, None
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None, None
    return f"{ctx.trace_id:032x}", f"{ctx.span_id:016x}"


@dataclass(slots=True)
class EventContext:
    """What the caller knows about a request that the decision does not: where it ran and
    on behalf of whom (ids are hashed with ``hasher``; without one they are left out)."""

    source: Source = "library"
    hasher: Hasher | None = None
    operation: str | None = None
    provider: str | None = None
    model: str | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    feature_flag: str | None = None
    policy_id: str | None = None
    tenant: str | None = None


def _check_records(decision: Decision) -> list[dict[str, Any]]:
    """Per-check records as plain dicts: the event validates them in the same call (one
    pass through pydantic-core is cheaper than one model per check)."""
    by_check: dict[str, list[Any]] = {}
    for f in decision.findings:
        by_check.setdefault(f.check, []).append(f)
    out: list[dict[str, Any]] = []
    for run in decision.checks:
        found = by_check.get(run.check)
        record: dict[str, Any] = {
            "check": label(run.check) or "check",
            "status": run.status,
            "action": run.action,
            "findings": max(0, run.findings),
            "latency_ms": max(0.0, run.latency_ms),
        }
        if found:
            record["categories"] = sorted({label(f.category) or "" for f in found})
            record["entity_types"] = sorted(
                {label(f.entity_type) or "" for f in found if f.entity_type}
            )
            record["score"] = max(min(1.0, max(0.0, f.score)) for f in found)
        out.append(record)
    return out


def decision_event(
    decision: Decision,
    context: EventContext | None = None,
    *,
    conversation: str | None = None,
    user: str | None = None,
    request_id: str | None = None,
    content: CapturedContent | None = None,
    tenant: str | None = None,
    at: float | None = None,
    trace: tuple[str | None, str | None] | None = None,
) -> SafetyEvent:
    """The ``guard.decision`` event of one guard call (``at``: when, epoch seconds, default
    now; ``trace``: the (trace id, span id) to join, default the current span's)."""
    ctx = context or EventContext()
    records = _check_records(decision)
    categories = sorted({label(f.category) or "" for f in decision.findings})
    errored = [r for r in records if r["status"] in ("error", "timeout")]
    if decision.findings:
        verdict = "uncertain" if decision.action == "warn" else "fail"
    else:
        verdict = "error" if errored else "pass"
    deciding = next((r for r in records if r["action"] == decision.action), None)
    deciding = deciding or next((r for r in records if r["findings"]), None)
    deciding = deciding or (errored[0] if errored else None)
    reason = None
    if decision.action in _PAST:
        why = "check_error"
        if deciding is not None and deciding.get("categories"):
            why = _SLUG.sub("_", deciding["categories"][0].lower()).strip("_") or "policy"
        reason = f"saferail.{decision.surface}_{_PAST[decision.action]}.{why}"
    trace_id, span_id = trace if trace is not None else trace_ids()
    hasher = ctx.hasher
    data: dict[str, Any] = {
        "type": "guard.decision",
        "source": ctx.source,
        "time": _when(at),
        "trace_id": trace_id,
        "span_id": span_id,
        "request_id": label(request_id),
        "operation": ctx.operation,
        "provider": ctx.provider,
        "model": label(ctx.model),
        "conversation_hash": hasher.hash(conversation) if hasher else None,
        "user_hash": hasher.hash(user) if hasher else None,
        "surface": decision.surface,
        "check": deciding["check"] if deciding else None,
        "checks": records,
        "policy_id": label(ctx.policy_id),
        "policy_version": label(decision.policy_version),
        "verdict": verdict,
        "action": decision.action,
        "categories": categories,
        "risk_categories": risk_categories(categories),
        "score": max((r["score"] for r in records if "score" in r), default=None),
        "reason_code": reason,
        "latency_ms": max(0.0, decision.latency_ms),
        "model_version": label(ctx.model_version),
        "prompt_version": label(ctx.prompt_version),
        "feature_flag": label(ctx.feature_flag),
        "tenant": label(tenant if tenant is not None else ctx.tenant),
        "content": content,
    }
    return SafetyEvent.model_validate(data)


def gateway_event(
    data: dict[str, Any],
    context: EventContext | None = None,
    *,
    at: float | None = None,
    trace: tuple[str | None, str | None] | None = None,
) -> SafetyEvent:
    """The event for one dict from the gateway's ``on_event`` hook (surface, action,
    categories, policy version, latency, tenant, request id; ``session``, ``model`` and
    ``checks`` when present). The session id is hashed, never copied."""
    ctx = context or EventContext(source="gateway")
    action = data.get("action", "error")
    categories = sorted({label(c) or "" for c in data.get("categories", ())})
    failed = bool(data.get("check_errors"))
    if action == "error":
        verdict = "error"
    elif categories:
        verdict = "uncertain" if action == "warn" else "fail"
    else:
        verdict = "error" if failed else "pass"
    surface = data.get("surface")
    reason = data.get("reason_code")
    if reason is None and action in _PAST:
        why = _SLUG.sub("_", categories[0].lower()).strip("_") if categories else "check_error"
        reason = f"saferail.{surface}_{_PAST[action]}.{why or 'policy'}"
    session = data.get("session")
    trace_id, span_id = trace if trace is not None else trace_ids()
    return SafetyEvent(
        type="guard.decision",
        source=ctx.source,
        time=_when(at),
        trace_id=trace_id,
        span_id=span_id,
        request_id=label(data.get("request_id")),
        operation=ctx.operation or "chat",
        provider=ctx.provider,
        model=label(data.get("model") or ctx.model),
        conversation_hash=ctx.hasher.hash(session) if ctx.hasher and session else None,
        surface=surface if surface in ("input", "output", "retrieval", "tool_call") else None,
        check=label(data["check_errors"][0]) if failed and not categories else None,
        policy_id=label(ctx.policy_id),
        policy_version=label(data.get("policy_version")),
        verdict=verdict,
        action=action if action in ("allow", "block", "redact", "warn") else "error",
        categories=categories,
        risk_categories=risk_categories(categories),
        reason_code=label(reason),
        latency_ms=max(0.0, float(data.get("latency_ms") or 0.0)),
        model_version=label(ctx.model_version),
        prompt_version=label(ctx.prompt_version),
        feature_flag=label(ctx.feature_flag),
        tenant=label(data.get("tenant") or ctx.tenant),
    )


def eval_event(
    result: Any,
    *,
    run_id: str | None = None,
    suite: str | None = None,
    context: EventContext | None = None,
) -> SafetyEvent:
    """The ``eval.result`` event of one eval :class:`~saferail.evals.results.CaseResult`."""
    ctx = context or EventContext(source="eval")
    passed = getattr(result, "passed", None)
    error = getattr(result, "error", None)
    verdict = (
        "error" if error else ("pass" if passed else "fail" if passed is False else "uncertain")
    )
    scores = list(getattr(result, "scores", ()))
    failing = next((s for s in scores if s.passed is False), scores[0] if scores else None)
    category = label(getattr(result, "category", None))
    categories = [category] if category and verdict == "fail" else []
    return SafetyEvent(
        type="eval.result",
        source=ctx.source,
        model=label(ctx.model),
        provider=ctx.provider,
        check=label(failing.scorer) if failing else None,
        checks=[
            CheckRecord(
                check=label(s.scorer) or "scorer",
                action=None,
                categories=categories if s.passed is False else [],
                findings=int(s.passed is False),
                score=s.value,
            )
            for s in scores
        ],
        verdict=verdict,
        action="block" if getattr(result, "blocked", False) else None,
        categories=categories,
        risk_categories=risk_categories(categories),
        score=failing.value if failing else None,
        latency_ms=max(0.0, float(getattr(result, "latency_ms", 0.0))),
        model_version=label(ctx.model_version),
        prompt_version=label(ctx.prompt_version),
        feature_flag=label(ctx.feature_flag),
        policy_id=label(ctx.policy_id),
        run_id=label(run_id),
        suite=label(suite),
        case_id=label(getattr(result, "case_id", None)),
    )


def redteam_event(
    attempt: Any,
    *,
    run_id: str | None = None,
    severity: str | None = None,
    context: EventContext | None = None,
) -> SafetyEvent:
    """The ``redteam.result`` event of one red-team attempt: ``fail`` when the attack
    succeeded (a weakness), ``pass`` when it was resisted."""
    ctx = context or EventContext(source="redteam")
    succeeded = bool(getattr(attempt, "succeeded", False))
    steps = list(getattr(attempt, "steps", ()))
    errored = any(getattr(s, "error", None) for s in steps)
    category = label(getattr(attempt, "category", None))
    categories = [category] if category and succeeded else []
    return SafetyEvent(
        type="redteam.result",
        source=ctx.source,
        model=label(ctx.model),
        provider=ctx.provider,
        verdict="fail" if succeeded else ("error" if errored else "pass"),
        action="block" if any(getattr(s, "blocked", False) for s in steps) else None,
        categories=categories,
        risk_categories=risk_categories(categories),
        model_version=label(ctx.model_version),
        prompt_version=label(ctx.prompt_version),
        feature_flag=label(ctx.feature_flag),
        policy_id=label(ctx.policy_id),
        run_id=label(run_id),
        case_id=label(getattr(attempt, "key", None)),
        strategy=label(getattr(attempt, "strategy", None)),
        severity=severity if severity in ("info", "low", "medium", "high", "critical") else None,
    )
