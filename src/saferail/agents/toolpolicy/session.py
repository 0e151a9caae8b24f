"""``Session``: one agent conversation as the tool rails see it.

A session carries who is calling (``role``, ``route``), what the agent has seen (a
:class:`~saferail.agents.taint.FlowTracker`: taint, trusted values, sensitive fingerprints)
and what it has spent (calls and cost per tool, for rate and cost limits). Pass the same
session to every :meth:`Guard.check_tool_call <saferail.guard.pipeline.Guard.check_tool_call>`
of a conversation and tell it about everything the agent reads with :meth:`Session.observe`.
"""

from __future__ import annotations

__all__ = ["Session"]

import json
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from saferail.agents.taint import Detector, FlowTracker, SourceKind, TaintSource

if TYPE_CHECKING:
    from saferail.agents.approval import Approver
    from saferail.policy.models import RateLimit, ToolsPolicy


class Session:
    """State of one agent conversation: identity, information flow and tool usage.

    ``tools`` (a policy's ``tools`` section) says which tool outputs are trusted; a session
    checked by a Guard adopts that Guard's section when it has none. ``approver`` decides
    this session's escalations (before the policy's approver).
    """

    def __init__(
        self,
        id: str | None = None,
        *,
        role: str | None = None,
        route: str | None = None,
        tools: ToolsPolicy | None = None,
        approver: Approver | None = None,
        detector: Detector | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.id = id or uuid.uuid4().hex
        self.role = role
        self.route = route
        self.tools = tools
        self.approver = approver
        self.flow = FlowTracker(detector=detector)
        self._clock = clock
        self._calls: dict[str, list[float]] = defaultdict(list)
        self._cost: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Session({self.id!r}, role={self.role!r}, tainted={self.tainted})"

    # -- information flow ----------------------------------------------------------------

    @property
    def tainted(self) -> bool:
        """True once the agent has seen untrusted content."""
        return self.flow.tainted

    @property
    def sources(self) -> list[TaintSource]:
        """The untrusted content seen so far (kind, label, size, digest; no content)."""
        return list(self.flow.sources)

    def observe(
        self,
        content: Any,
        *,
        source: SourceKind = "tool_output",
        tool: str | None = None,
        label: str | None = None,
        arguments: Any = None,
    ) -> None:
        """Record content the agent read: a tool result (``tool`` names the tool, whose
        catalog entry may declare its output or some fields trusted), a retrieved
        document, a web page, an upload, or a user or system message (trusted).
        ``arguments`` (a mapping or its JSON) are the arguments of the call that returned
        a tool result: when the user typed them, the result is a document they pointed at."""
        rule = self.tools.catalog.get(tool) if self.tools is not None and tool else None
        self.flow.observe(
            content,
            source=source,
            label=label or tool or source,
            trusted=rule is not None and rule.trusted_output,
            trusted_fields=rule.trusted_fields if rule is not None else (),
            selected_fields=rule.selected_fields if rule is not None else (),
            arguments=_argument_strings(arguments),
        )

    def observe_user(self, text: str) -> None:
        """Record a user message (trusted: its values may be destinations)."""
        self.flow.observe(text, source="user")

    def observe_messages(self, messages: Sequence[Mapping[str, Any]]) -> None:
        """Record a chat history: user and system turns as trusted, tool turns as tool
        output of the tool the matching assistant call named. Assistant turns are the
        model's own words and are not recorded."""
        names: dict[str, str] = {}
        arguments: dict[str, Any] = {}
        for m in messages:
            role = m.get("role")
            for call in m.get("tool_calls") or ():
                fn = call.get("function") or {}
                if call.get("id") and fn.get("name"):
                    names[str(call["id"])] = str(fn["name"])
                    arguments[str(call["id"])] = fn.get("arguments")
            content = m.get("content")
            if not isinstance(content, str) or not content:
                continue
            if role in ("user", "system", "developer"):
                self.flow.observe(content, source="system" if role != "user" else "user")
            elif role in ("tool", "function"):
                call_id = str(m.get("tool_call_id"))
                tool = names.get(call_id) or m.get("name")
                self.observe(
                    content, tool=str(tool) if tool else None, arguments=arguments.get(call_id)
                )

    # -- usage ---------------------------------------------------------------------------

    def calls(self, tool: str, per_seconds: float | None = None) -> int:
        """Allowed calls of ``tool`` so far (within the last ``per_seconds``, if given)."""
        with self._lock:
            return self._used(self._calls.get(tool, []), per_seconds, self._clock())

    @staticmethod
    def _used(stamps: list[float], per_seconds: float | None, now: float) -> int:
        """How many of ``stamps`` fall within the last ``per_seconds`` (all when None)."""
        if per_seconds is None:
            return len(stamps)
        since = now - per_seconds
        return sum(1 for t in stamps if t > since)

    def spent(self, tool: str) -> float:
        """Cost units spent on ``tool`` so far."""
        with self._lock:
            return self._cost.get(tool, 0.0)

    def record_call(
        self,
        tool: str,
        cost: float = 0.0,
        *,
        limit: RateLimit | None = None,
        max_cost: float | None = None,
    ) -> bool:
        """Count one allowed call of ``tool`` (the firewall does this for allowed calls),
        unless it would pass ``limit`` or ``max_cost``: checked and counted in one step, so
        concurrent calls of one session cannot both take the last free call. False when
        refused (nothing counted)."""
        with self._lock:
            now = self._clock()
            stamps = self._calls[tool]
            if limit is not None and self._used(stamps, limit.per_seconds, now) >= limit.max_calls:
                return False
            if max_cost is not None and self._cost[tool] + cost > max_cost:
                return False
            stamps.append(now)
            self._cost[tool] += cost
            return True


def _argument_strings(arguments: Any) -> tuple[str, ...]:
    """The string and number values of a call's arguments (a mapping or its JSON)."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            return (arguments,)
    out: list[str] = []
    stack = [arguments]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, str) and item:
            out.append(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            out.append(str(item))
    return tuple(sorted(out))
