"""The target protocol: what evals, the red team and the gateway call to get a model's answer.

A target turns OpenAI-style chat messages into a :class:`Completion` (``generate``) or a
stream of :class:`Chunk` deltas (``stream``), and names itself with a :class:`TargetIdentity`
whose fingerprint keys caches and run manifests.
"""

from __future__ import annotations

__all__ = [
    "Chunk",
    "ChunkAccumulator",
    "Completion",
    "Message",
    "Messages",
    "Target",
    "TargetBadResponse",
    "TargetError",
    "TargetIdentity",
    "TargetRateLimited",
    "TargetRejected",
    "TargetTimeout",
    "TargetUnavailable",
    "ToolCall",
    "ToolCallDelta",
    "tool_call_deltas",
]

import hashlib
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from saferail.errors import SaferailError

if TYPE_CHECKING:
    from saferail.guard.decision import Decision

Message = dict[str, Any]
"""One OpenAI chat message: ``{"role": ..., "content": ..., "tool_calls"?: ..., ...}``."""

Messages = Sequence[Message]


# -- errors ------------------------------------------------------------------------------------


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class TargetError(SaferailError):
    """A target could not produce a completion. The message is always one line."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(_one_line(message, 300))


class TargetTimeout(TargetError):
    """The target did not answer within the time budget."""


class TargetRateLimited(TargetError):
    """The target kept answering HTTP 429; ``retry_after`` is its last hint in seconds."""

    def __init__(
        self, message: str, *, status: int | None = 429, retry_after: float | None = None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, status=status)


class TargetUnavailable(TargetError):
    """The target could not be reached or kept failing (connection errors, HTTP 5xx)."""


class TargetBadResponse(TargetError):
    """The target answered something unusable: malformed JSON, a stream cut mid-way."""


class TargetRejected(TargetError):
    """The target refused the request (HTTP 4xx other than 429); retrying will not help."""


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One function call the model asks for; ``arguments`` is the raw JSON string."""

    id: str
    name: str
    arguments: str = ""
    type: str = "function"

    def parsed_arguments(self) -> Any:
        """The arguments decoded from JSON (raises ``ValueError`` when they are not JSON)."""
        return json.loads(self.arguments) if self.arguments else {}

    def to_dict(self) -> dict[str, Any]:
        """The OpenAI wire form of this call."""
        return {
            "id": self.id,
            "type": self.type,
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    """A piece of a tool call in a stream; pieces with the same ``index`` are concatenated."""

    index: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""


@dataclass(slots=True)
class Completion:
    """A model's whole answer.

    ``decision`` and ``input_decision`` are set by guarded targets: the output decision (or
    the input decision that blocked the request) and the input decision.
    """

    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = "stop"
    usage: dict[str, Any] | None = None
    raw: Any = None
    latency_ms: float = 0.0
    decision: Decision | None = None
    input_decision: Decision | None = None

    @property
    def blocked(self) -> bool:
        """True when a guard replaced the answer by a refusal."""
        return self.finish_reason == "content_filter"


@dataclass(slots=True)
class Chunk:
    """One streamed delta: some text, pieces of tool calls, and the finish reason at the end;
    ``usage`` when the server reports token counts (often in a last chunk of its own)."""

    text: str = ""
    tool_calls: list[ToolCallDelta] = field(default_factory=list)
    finish_reason: str | None = None
    raw: Any = None
    usage: dict[str, Any] | None = None


class ChunkAccumulator:
    """Merge streamed chunks into one :class:`Completion` (tool-call pieces joined by index)."""

    def __init__(self) -> None:
        self._text: list[str] = []
        self._calls: dict[int, dict[str, str]] = {}
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] | None = None

    def add(self, chunk: Chunk) -> None:
        self._text.append(chunk.text)
        for delta in chunk.tool_calls:
            call = self._calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            if delta.id:
                call["id"] = delta.id
            if delta.name and not call["arguments"] and delta.name != call["name"]:
                # pieces of the name come before the arguments; some servers repeat the
                # whole name in every delta, which must not make "fnfn"
                call["name"] += delta.name
            call["arguments"] += delta.arguments
        if chunk.finish_reason is not None:
            self.finish_reason = chunk.finish_reason
        if chunk.usage is not None:
            self.usage = chunk.usage

    @property
    def text(self) -> str:
        return "".join(self._text)

    def tool_calls(self) -> list[ToolCall]:
        return [
            ToolCall(c["id"] or f"call_{i}", c["name"], c["arguments"])
            for i, c in sorted(self._calls.items())
        ]

    def completion(self, *, latency_ms: float = 0.0, raw: Any = None) -> Completion:
        return Completion(
            self.text, self.tool_calls(), self.finish_reason, self.usage, raw, latency_ms
        )


def tool_call_deltas(calls: Sequence[ToolCall]) -> list[ToolCallDelta]:
    """Whole tool calls as one delta each (for targets that stream a finished answer)."""
    return [ToolCallDelta(i, c.id, c.name, c.arguments) for i, c in enumerate(calls)]


# -- identity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetIdentity:
    """Who answers: provider, model, version and the generation params that change answers."""

    provider: str
    model: str
    version: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "model": self.model,
            "version": self.version,
            "params": dict(self.params),
        }

    def canonical_json(self) -> str:
        """Sorted keys, no whitespace, UTF-8 text: equal identities give equal strings.

        Raises ``TypeError`` when a param is not JSON-serializable.
        """
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def fingerprint(self) -> str:
        """The sha256 hex digest of :meth:`canonical_json`."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def __hash__(self) -> int:
        return hash(self.fingerprint())


# -- protocol ----------------------------------------------------------------------------------


@runtime_checkable
class Target(Protocol):
    """Anything that answers chat messages. ``params`` are OpenAI request fields
    (``temperature``, ``max_tokens``, ``tools``...)."""

    @property
    def identity(self) -> TargetIdentity: ...

    async def generate(self, messages: Messages, **params: Any) -> Completion: ...

    def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]: ...
