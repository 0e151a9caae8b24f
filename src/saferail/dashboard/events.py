"""Event and alert listings: the filters the events page and ``/api/events`` accept, and
alerts as each role may see them."""

from __future__ import annotations

__all__ = ["EVENT_FILTERS", "alert_dict", "event_dict", "event_query"]

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from saferail.dashboard.errors import BadRequest
from saferail.dashboard.kpis import Window
from saferail.telemetry.access import Principal
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor.alerts import Alert
from saferail.telemetry.query import EventQuery

_LISTS = {"type": "types", "source": "sources", "surface": "surfaces", "action": "actions",
          "verdict": "verdicts"}  # fmt: skip
_SINGLE = ("category", "check", "model", "model_version", "prompt_version", "feature_flag",
           "policy_version", "tenant", "run_id")  # fmt: skip
EVENT_FILTERS: tuple[str, ...] = (*_LISTS, *_SINGLE)
"""Query parameters that narrow an event listing (a list filter takes ``a,b``)."""


def event_query(params: Mapping[str, str], window: Window | None, limit: int) -> EventQuery:
    """An :class:`EventQuery` from request parameters (blank ones ignored)."""
    fields: dict[str, Any] = {"limit": limit}
    if window is not None:
        fields.update(since=window.since, until=window.until)
    for name, field in _LISTS.items():
        values = [v.strip() for v in (params.get(name) or "").split(",") if v.strip()]
        if values:  # "a,,b" is a and b; "," alone is no filter, as a blank value is
            fields[field] = values
    for name in _SINGLE:
        value = (params.get(name) or "").strip()
        if value:
            fields[name] = value
    try:
        return EventQuery(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise BadRequest(f"{where}: {err['msg']}") from None


def event_dict(event: SafetyEvent) -> dict[str, Any]:
    """An event as JSON (content only when the store returned it, i.e. to an admin)."""
    return event.model_dump(mode="json", exclude_none=True)


def alert_dict(alert: Alert, principal: Principal) -> dict[str, Any]:
    """An alert as JSON; delivery errors (they may name a webhook URL) only for admins."""
    body = alert.payload()
    if principal.role != "admin":
        body["deliveries"] = [{"sink": d.sink, "ok": d.ok} for d in alert.deliveries]
    return body
