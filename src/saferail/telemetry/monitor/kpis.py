"""Safety KPIs computed from :class:`~saferail.telemetry.event.SafetyEvent` records.

A KPI is a rate: each *unit* (a guard decision, or a request for telemetry completeness) is in
its denominator or not, and a *hit* or not. :func:`observations` turns events into time-ordered
:class:`Observation` units of one KPI; :func:`compute_kpis` counts them per time bucket
(epoch-aligned, UTC) and per breakdown key (``model_version``, ``prompt_version``,
``feature_flag``, ...). Only ``guard.decision`` events count unless ``where`` asks for another
``type``. The definitions (see also docs/telemetry/monitoring.md):

=========================  ==============================  ====================================
KPI                        units                           hit
=========================  ==============================  ====================================
``block_rate``             guard decisions                 ``action == block``
``violation_rate``         guard decisions                 ``verdict == fail`` (any violation)
``violation_rate:CAT``     guard decisions                 a finding of category ``CAT``
``uncertain_rate``         guard decisions                 ``verdict == uncertain`` (warned)
``error_rate``             guard decisions                 ``verdict == error`` (a check failed)
``refusal_rate``           output decisions                category ``refusal`` found
``pii_leakage_rate``       output decisions                category ``pii`` found in a response
``grounded_ratio``         outputs a grounding check ran   no ``ungrounded`` finding
``telemetry_completeness`` requests (and dropped events)   every expected event and field there
=========================  ==============================  ====================================

``pii_leakage_rate`` counts responses in which the model produced personal data, whether or not
the guard then redacted or blocked it: it measures the model, not the guard.
"""

from __future__ import annotations

__all__ = [
    "BREAKDOWNS",
    "DEFAULT_KPIS",
    "KPI_NAMES",
    "CompletenessSpec",
    "KpiDef",
    "KpiError",
    "Observation",
    "Where",
    "check_names",
    "kpi_def",
    "matches",
    "observations",
]

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.errors import SaferailError
from saferail.telemetry.event import SafetyEvent

BREAKDOWNS: tuple[str, ...] = (
    "model",
    "model_version",
    "prompt_version",
    "feature_flag",
    "tenant",
    "surface",
    "policy_id",
    "policy_version",
    "source",
    "provider",
    "operation",
)
"""Event attributes a KPI can be broken down by."""
FILTERS: tuple[str, ...] = (*BREAKDOWNS, "type", "check", "action", "verdict")
"""Event attributes ``where`` can match."""
Where = Mapping[str, str | Sequence[str]]


class KpiError(SaferailError):
    """An unknown KPI, breakdown or filter."""


@dataclass(frozen=True)
class KpiDef:
    """One KPI: which events are units (``applies``) and which units are hits (``hit``);
    ``better`` says which way is good (detectors watch the other way)."""

    name: str
    description: str
    applies: Callable[[SafetyEvent], bool]
    hit: Callable[[SafetyEvent], bool]
    better: Literal["lower", "higher"] = "lower"
    unit: Literal["event", "request"] = "event"


def _output(e: SafetyEvent) -> bool:
    return e.surface == "output"


def _grounding_ran(e: SafetyEvent) -> bool:
    return any(
        r.status == "ok" and (r.check in GROUNDING_CHECKS or "ungrounded" in r.categories)
        for r in e.checks
    )


def _refused(e: SafetyEvent) -> bool:
    return "refusal" in e.categories or any(
        r.check == "refusal" and r.findings > 0 for r in e.checks
    )


def _any(_: SafetyEvent) -> bool:
    return True


GROUNDING_CHECKS = frozenset({"ungrounded"})
"""Checks whose run on a response makes it count towards ``grounded_ratio``."""


def _is(field: str, value: str) -> Callable[[SafetyEvent], bool]:
    return lambda e: getattr(e, field) == value


def _has(category: str) -> Callable[[SafetyEvent], bool]:
    return lambda e: category in e.categories


def _lacks(category: str) -> Callable[[SafetyEvent], bool]:
    return lambda e: category not in e.categories


_KPIS: dict[str, KpiDef] = {
    k.name: k
    for k in (
        KpiDef("block_rate", "decisions that blocked", _any, _is("action", "block")),
        KpiDef("violation_rate", "decisions with a violation", _any, _is("verdict", "fail")),
        KpiDef("uncertain_rate", "decisions that only warned", _any, _is("verdict", "uncertain")),
        KpiDef("error_rate", "decisions where a check failed", _any, _is("verdict", "error")),
        KpiDef("refusal_rate", "responses that refused", _output, _refused),
        KpiDef("pii_leakage_rate", "responses with personal data", _output, _has("pii")),
        KpiDef(
            "grounded_ratio",
            "checked responses that were grounded",
            _grounding_ran,
            _lacks("ungrounded"),
            better="higher",
        ),
        KpiDef(
            "telemetry_completeness",
            "requests with every expected event and field",
            _any,
            _any,
            better="higher",
            unit="request",
        ),
    )
}
KPI_NAMES: tuple[str, ...] = (*_KPIS, "violation_rate:<category>")
DEFAULT_KPIS: tuple[str, ...] = (
    "block_rate",
    "violation_rate",
    "violation_rate:*",
    "uncertain_rate",
    "error_rate",
    "refusal_rate",
    "pii_leakage_rate",
    "grounded_ratio",
    "telemetry_completeness",
)
"""What :func:`compute_kpis` reports by default (``violation_rate:*``: one per category seen)."""


def kpi_def(name: str) -> KpiDef:
    """The definition of KPI ``name`` (``violation_rate:CATEGORY`` for one category)."""
    if name in _KPIS:
        return _KPIS[name]
    base, _, category = name.partition(":")
    if base == "violation_rate" and category and category != "*":
        return KpiDef(name, f"decisions with a {category} finding", _any, _has(category))
    raise KpiError(f"unknown KPI {name!r} (known: {', '.join(KPI_NAMES)})")


class CompletenessSpec(BaseModel):
    """What a complete request looks like: an event for each of ``surfaces`` (no output is
    expected after a blocked input) and every one of ``fields`` set on each event. Events are
    grouped into requests by ``request_id``, else ``trace_id``; an event with neither is a
    request of its own and only its fields are checked. Each event a ``telemetry.gap`` reports
    dropped counts as one incomplete request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    surfaces: list[Literal["input", "output", "retrieval", "tool_call"]] = Field(
        default_factory=lambda: ["input", "output"]  # type: ignore[arg-type]
    )
    fields: list[str] = Field(default_factory=lambda: ["policy_version", "action", "latency_ms"])
    count_dropped: bool = True

    @field_validator("fields")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in SafetyEvent.model_fields]
        if unknown:
            raise ValueError(f"not SafetyEvent fields: {', '.join(unknown)}")
        return value


@dataclass(frozen=True)
class Observation:
    """One unit of a KPI: when, its breakdown attributes and whether it was a hit."""

    time: datetime
    hit: bool
    attrs: Mapping[str, str | None]


def _value(event: SafetyEvent, name: str) -> str | None:
    value = getattr(event, name)
    return None if value is None else str(value)


def check_names(by: Iterable[str], where: Where | None) -> None:
    """Raise :class:`KpiError` for an unknown breakdown or filter attribute."""
    for name in by:
        if name not in BREAKDOWNS:
            raise KpiError(f"cannot break down by {name!r} (one of: {', '.join(BREAKDOWNS)})")
    for name in where or {}:
        if name not in FILTERS:
            raise KpiError(f"cannot filter on {name!r} (one of: {', '.join(FILTERS)})")


def matches(event: SafetyEvent, where: Where | None) -> bool:
    """Whether ``event`` passes ``where`` (attribute -> value or list of values); without a
    ``type`` entry only ``guard.decision`` events pass."""
    if not where:
        return event.type == "guard.decision"
    if "type" not in where and event.type != "guard.decision":
        return False
    for name, wanted in where.items():
        value = _value(event, name)
        if isinstance(wanted, str):
            if value != wanted:
                return False
        elif value not in wanted:
            return False
    return True


def observations(
    kpi: KpiDef,
    events: Iterable[SafetyEvent],
    *,
    where: Where | None = None,
    completeness: CompletenessSpec | None = None,
    by: Sequence[str] = BREAKDOWNS,
) -> list[Observation]:
    """The KPI's units, ordered by time, with their ``by`` attributes."""
    if kpi.unit == "request":
        return _requests(events, where, completeness or CompletenessSpec(), by)
    out = [
        Observation(e.time, kpi.hit(e), {b: _value(e, b) for b in by})
        for e in events
        if matches(e, where) and kpi.applies(e)
    ]
    out.sort(key=lambda o: o.time)
    return out


def _requests(
    events: Iterable[SafetyEvent], where: Where | None, spec: CompletenessSpec, by: Sequence[str]
) -> list[Observation]:
    groups: dict[str, list[SafetyEvent]] = {}
    out: list[Observation] = []
    for e in events:
        if e.type == "telemetry.gap":
            if spec.count_dropped and e.dropped:
                attrs = {b: _value(e, b) for b in by}
                out.extend(Observation(e.time, False, attrs) for _ in range(e.dropped))
            continue
        if not matches(e, where):
            continue
        key = e.request_id or e.trace_id
        groups.setdefault(f"r:{key}" if key else f"e:{e.event_id}", []).append(e)
    for key, group in groups.items():
        group.sort(key=lambda e: e.time)
        attrs = {b: next((v for e in group if (v := _value(e, b)) is not None), None)
                 for b in by}  # fmt: skip
        out.append(Observation(group[0].time, _complete(group, spec, key[0] == "r"), attrs))
    out.sort(key=lambda o: o.time)
    return out


def _complete(group: list[SafetyEvent], spec: CompletenessSpec, correlated: bool) -> bool:
    if any(getattr(e, f, None) is None for e in group for f in spec.fields):
        return False
    if not correlated:
        return True
    seen = {e.surface for e in group}
    expected = set(spec.surfaces)
    if any(e.surface == "input" and e.action == "block" for e in group):
        expected.discard("output")
    return expected <= seen
