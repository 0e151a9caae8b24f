"""``GatewayConfig``: the knobs of the guarded OpenAI-compatible gateway."""

from __future__ import annotations

__all__ = ["MAX_HOLD_BACK_CHARS", "EventHook", "GatewayConfig", "ToolCallHook", "hash_key"]

import hashlib
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.guard.pipeline import Guard
from saferail.targets.base import ToolCall
from saferail.targets.guarded import DEFAULT_REFUSAL

EventHook = Callable[[dict[str, Any]], None]
"""Receives one privacy-preserving safety event per guard decision (no content)."""

ToolCallHook = Callable[[ToolCall], None]
"""Sees every tool call of an upstream answer before it is passed through (agent rails)."""

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

MAX_HOLD_BACK_CHARS = 65_536
"""The largest streaming hold-back window: 64 Ki characters, far more than any check needs
in context (a wider window only delays the stream; a whole answer is held back by
``stream: false``)."""


def hash_key(key: str) -> str:
    """The sha256 hex digest of an API key: what ``GatewayConfig.api_keys`` stores."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class GatewayConfig(BaseModel):
    """How the gateway serves; every field has a safe default.

    - ``api_keys`` maps a key id to the sha256 hex digest of the key (see :func:`hash_key`);
      plaintext keys never appear in configuration. Empty: no authentication.
    - ``fail_open``: when the output check itself raises, let the text through (``True``) or
      answer a refusal (``False``, the default). Per-check errors follow the policy's
      ``fail_mode``; upstream faults are always errors, never unchecked text.
    - Tool calls in answers: a ``check_tool_call`` hook sees each one (raising blocks the
      answer). Without a hook, a policy with a ``tools`` section judges each call with
      ``guard.check_tool_call``: the session is the session header's (else the request's),
      the role is the API key id (``default`` without keys), and the request's messages are
      what the session has seen. A blocked call replaces the answer by a refusal.
    - ``state_url``: Redis for state shared by replicas (rate limits, policy version); the
      in-process state is the default.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    model_id: str | None = Field(
        None, description="Model id served by /v1/models and in answers (default: upstream's)."
    )
    hold_back_chars: int = Field(
        64,
        ge=0,
        le=MAX_HOLD_BACK_CHARS,
        description="Streaming: characters held back until later text is checked.",
    )
    max_body_bytes: int = Field(1_000_000, gt=0, description="Larger request bodies get 413.")
    api_keys: dict[str, str] = Field(
        default_factory=dict, description="Key id -> sha256 hex of the key; empty: no auth."
    )
    admin_key_ids: frozenset[str] = Field(
        frozenset(), description="Key ids allowed to POST /admin/reload when keys are set."
    )
    rate_limit_rps: float | None = Field(
        None,
        gt=0,
        allow_inf_nan=False,
        description="Per-key (or global, without keys) token-bucket refill rate.",
    )
    rate_limit_burst: float | None = Field(
        None,
        gt=0,
        allow_inf_nan=False,
        description="Bucket size (default: max(1, rate_limit_rps)).",
    )
    fail_open: bool = Field(False, description="Output-check errors let text through.")
    refusal: str = Field(DEFAULT_REFUSAL, description="Text of a blocked answer.")
    session_header: str = Field(
        "X-Saferail-Session", description="Request header naming the pseudonym session."
    )
    ready_timeout_s: float = Field(2.0, gt=0, description="Upstream probe budget of /readyz.")
    on_event: EventHook | None = Field(None, description="Safety event sink (no-op: None).")
    check_tool_call: ToolCallHook | None = Field(
        None,
        description="Tool-call hook; None: the Guard's tool policy when its policy has a "
        "tools section (see apply_tool_policy).",
    )
    apply_tool_policy: bool = Field(
        True,
        description="Judge tool calls in answers with guard.check_tool_call when the policy "
        "has a tools section and no check_tool_call hook is set.",
    )
    reload_guard: Callable[[], Guard] | None = Field(
        None, description="Builds a new Guard for POST /admin/reload (None: disabled)."
    )
    state_url: str | None = Field(
        None,
        description="redis://... to share rate limits, tool-call sessions and the policy "
        "version across replicas (None: this process only). See docs/scaling_gateway.md.",
    )
    session_ttl_s: float = Field(
        86_400.0,
        gt=0,
        allow_inf_nan=False,
        description="With state_url: a shared tool-call session's keys expire this long "
        "after its last use.",
    )
    state_prefix: str = Field(
        "saferail", min_length=1, description="Prefix of the shared state's Redis keys."
    )
    state_poll_s: float = Field(
        1.0,
        gt=0,
        allow_inf_nan=False,
        description="How often a replica checks the announced policy version.",
    )

    @field_validator("api_keys")
    @classmethod
    def _hashed_keys(cls, value: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key_id, digest in value.items():
            if not key_id.strip():
                raise ValueError("API key ids must not be empty")
            if not _SHA256_HEX.match(digest.strip().lower()):
                raise ValueError(
                    f"API key {key_id!r}: expected the sha256 hex digest of the key, "
                    "not the key itself"
                )
            out[key_id] = digest.strip().lower()
        return out

    @field_validator("state_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("state_url must be a redis://, rediss:// or unix:// URL")
        return value

    @property
    def burst(self) -> float:
        """The token bucket size."""
        if self.rate_limit_burst is not None:
            return self.rate_limit_burst
        return max(1.0, self.rate_limit_rps or 1.0)
