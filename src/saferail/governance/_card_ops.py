"""Sections 12-13 of a system card, from the telemetry configuration: human oversight,
logging and retention; monitoring and incident response.

The ``telemetry`` input is a mapping: :class:`~saferail.telemetry.setup.TelemetryConfig`
fields (``sinks``, ``capture_content``...), plus two optional keys: ``retention``
(:class:`~saferail.telemetry.store.Retention` fields, days per field class) and ``monitor``
(a :class:`~saferail.telemetry.monitor.rules.MonitorConfig` mapping, or the path of a rules
file). Locations are shown without user, password or query.
"""

from __future__ import annotations

__all__ = ["OpsConfig", "SystemCardError", "monitoring_section", "oversight_section", "read_ops"]

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from saferail._urls import without_credentials
from saferail.errors import SaferailError
from saferail.governance._card_evidence import missing
from saferail.governance._card_model import MonitoringSection, OversightSection
from saferail.governance._card_policy import oversight_controls
from saferail.governance.card_info import CardInfo
from saferail.policy.models import Policy
from saferail.telemetry.monitor.rules import MonitorConfig, RulesError, load_rules
from saferail.telemetry.monitor.sinks import shown_url
from saferail.telemetry.setup import TelemetryConfig
from saferail.telemetry.store import Retention

NO_TELEMETRY = "No evidence: no telemetry configuration was given"


class SystemCardError(SaferailError):
    """The inputs of a system card are inconsistent or malformed (one-line message)."""


@dataclass(frozen=True)
class OpsConfig:
    telemetry: TelemetryConfig | None
    retention: Retention | None
    monitor: MonitorConfig | None


def _first_error(what: str, exc: ValidationError) -> SystemCardError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "<root>"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return SystemCardError(f"telemetry {what}: {where}: {msg}")


def read_ops(telemetry: dict[str, Any] | None) -> OpsConfig:
    """Validate the ``telemetry`` mapping (see the module doc)."""
    if telemetry is None:
        return OpsConfig(None, None, None)
    rest = dict(telemetry)
    raw_retention = rest.pop("retention", None)
    raw_monitor = rest.pop("monitor", None)
    try:
        config = TelemetryConfig.model_validate(rest)
    except ValidationError as exc:
        raise _first_error("config", exc) from None
    try:
        retention = None if raw_retention is None else Retention.model_validate(raw_retention)
    except ValidationError as exc:
        raise _first_error("retention", exc) from None
    monitor: MonitorConfig | None = None
    if isinstance(raw_monitor, str | Path):
        try:
            monitor = load_rules(raw_monitor)
        except RulesError as exc:
            raise SystemCardError(f"telemetry monitor: {exc}") from None
    elif raw_monitor is not None:
        try:
            monitor = MonitorConfig.model_validate(raw_monitor)
        except ValidationError as exc:
            raise _first_error("monitor", exc) from None
    return OpsConfig(config, retention, monitor)


def _days(value: float | None) -> str:
    return "kept until deleted" if value is None else f"{value:g} days"


def _logging(config: TelemetryConfig) -> list[str]:
    if not config.sinks:
        return ["Telemetry is configured without a sink: no safety event is recorded."]
    lines = [
        "Safety events (one per guard decision) go to: "
        + ", ".join(without_credentials(s) for s in config.sinks)
        + "."
    ]
    if config.capture_content:
        lines.append(
            "Prompts and responses are captured, PII-redacted (dropped when redaction fails), "
            f"up to {config.content_max_chars} characters each."
        )
    else:
        lines.append(
            "Prompts and responses are not stored: events carry verdicts, scores and keyed "
            "hashes of user and conversation ids."
        )
    labels = [
        f"{k} {v}"
        for k, v in (
            ("model", config.model),
            ("model version", config.model_version),
            ("prompt version", config.prompt_version),
            ("feature flag", config.feature_flag),
        )
        if v
    ]
    if labels:
        lines.append("Events are labelled with " + ", ".join(labels) + ".")
    return lines


def oversight_section(info: CardInfo, policy: Policy, ops: OpsConfig) -> OversightSection:
    notes = [] if info.human_oversight else [missing("human_oversight")]
    if ops.telemetry is None:
        notes.append(f"{NO_TELEMETRY}, so logging is not described.")
    retention_days: list[tuple[str, str]] = []
    if ops.retention is not None:
        r = ops.retention
        retention_days = [
            ("captured content", _days(r.content_days)),
            ("hashed user and conversation ids", _days(r.identity_days)),
            ("safety events", _days(r.event_days)),
            ("audit log", _days(r.audit_days)),
        ]
    if info.retention is None and ops.retention is None:
        notes.append(missing("retention", " (or give the telemetry `retention`)"))
    return OversightSection(
        notes=notes,
        human_oversight=info.human_oversight,
        controls=oversight_controls(policy),
        logging=[] if ops.telemetry is None else _logging(ops.telemetry),
        retention=info.retention,
        retention_days=retention_days,
    )


def monitoring_section(info: CardInfo, ops: OpsConfig) -> MonitoringSection:
    notes = [] if info.monitoring else [missing("monitoring")]
    rules: list[str] = []
    sinks: list[str] = []
    if ops.monitor is None:
        notes.append("No evidence: no monitoring rules were given (telemetry `monitor`).")
    else:
        for rule in ops.monitor.rules:
            by = f" by {', '.join(rule.by)}" if rule.by else ""
            rules.append(
                f"{rule.name}: {rule.kpi}{by}, {rule.detector} detector, severity {rule.severity}"
                + (f" ({rule.description})" if rule.description else "")
            )
        if not rules:
            notes.append("The monitoring configuration has no alert rule.")
        for sink in ops.monitor.sinks:
            url = getattr(sink, "url", None)
            # a webhook's path and query often are its secret (Slack, Teams): host only
            sinks.append(f"{sink.type} {shown_url(url)}" if url else f"{sink.type}")
    if not info.incident_contacts:
        notes.append(missing("incident_contacts"))
    return MonitoringSection(
        notes=notes,
        monitoring=info.monitoring,
        rules=rules,
        alert_sinks=sinks,
        contacts=list(info.incident_contacts),
    )
