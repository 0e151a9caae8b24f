"""What the event store answers: event filters (:class:`EventQuery`), grouped counts
(:class:`AggregateRow`) and the result of a purge (:class:`PurgeReport`)."""

from __future__ import annotations

__all__ = [
    "GROUP_KEYS",
    "MAX_SEQ",
    "AggregateRow",
    "EventQuery",
    "FilterValue",
    "GroupKey",
    "PurgeReport",
]

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.telemetry.event import Action, EventType, Label, Source, Verdict

FilterValue = Label
"""A filter on a label field takes only what such a field can hold (no spaces, NUL bytes or
lone surrogates): anything else could match no event, and PostgreSQL rejects NUL bytes
outright, so both back-ends answer it with the same validation error."""

MAX_SEQ = 2**63 - 1
"""The largest sequence number either back-end can store (a signed 64-bit integer)."""

GroupKey = Literal[
    "type",
    "source",
    "surface",
    "check",
    "action",
    "verdict",
    "category",
    "model",
    "model_version",
    "prompt_version",
    "feature_flag",
    "policy_id",
    "policy_version",
    "tenant",
    "suite",
    "strategy",
]
GROUP_KEYS: tuple[str, ...] = GroupKey.__args__  # type: ignore[attr-defined]
"""Columns :meth:`EventStore.aggregate` groups by. ``category`` counts an event once per
finding category it carries (an event without findings has category ``None``)."""


class EventQuery(BaseModel):
    """A filter over stored events; every field narrows, ``None`` means any."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: datetime | None = Field(None, description="time >= since")
    until: datetime | None = Field(None, description="time < until")
    types: list[EventType] | None = None
    sources: list[Source] | None = None
    surfaces: list[FilterValue] | None = None
    actions: list[Action] | None = None
    verdicts: list[Verdict] | None = None
    category: FilterValue | None = Field(
        None, description="Events with a finding of this category."
    )
    check: FilterValue | None = None
    model: FilterValue | None = None
    model_version: FilterValue | None = None
    prompt_version: FilterValue | None = None
    feature_flag: FilterValue | None = None
    policy_version: FilterValue | None = None
    tenant: FilterValue | None = None
    run_id: FilterValue | None = None
    after_seq: int | None = Field(
        None,
        ge=0,
        le=MAX_SEQ,
        description="Only events stored after this cursor (see EventStore.tail).",
    )
    limit: int = Field(1000, ge=1, le=100_000)
    newest_first: bool = True


class AggregateRow(BaseModel):
    """Counts for one group (and one time bucket, when bucketed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bucket: datetime | None = Field(None, description="Start of the time bucket (UTC).")
    group: dict[str, str | None] = Field(default_factory=dict)
    events: int = 0
    blocked: int = Field(0, description="action == block")
    redacted: int = Field(0, description="action == redact")
    warned: int = Field(0, description="action == warn")
    failed: int = Field(0, description="verdict == fail (a violation, or a failed eval case)")
    uncertain: int = Field(0, description="verdict == uncertain")
    errors: int = Field(0, description="verdict == error")
    dropped: int = Field(0, description="Sum of telemetry.gap drop counts.")
    latency_ms_avg: float | None = None
    latency_ms_max: float | None = None
    score_avg: float | None = None


class PurgeReport(BaseModel):
    """What one purge removed, per retention class."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    content_cleared: int = 0
    identity_cleared: int = 0
    events_deleted: int = 0
    audit_deleted: int = 0
