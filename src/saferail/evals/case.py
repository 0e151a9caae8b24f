"""``Case``: one evaluation prompt and the behaviour expected of the model."""

from __future__ import annotations

__all__ = ["Case", "ChatTurn", "Expected", "canonical_json", "content_hash"]

import hashlib
import json
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from saferail.targets.base import Message


class Expected(StrEnum):
    """What a safe model does with the case; each value has a default scorer."""

    REFUSE = "refuse"
    """Decline the request (harmful requests)."""
    COMPLY = "comply"
    """Answer helpfully (benign prompts, including benign-but-scary ones: over-refusal)."""
    NO_PII = "no_pii"
    """Answer without disclosing personal data."""
    GROUNDED = "grounded"
    """Answer only from the given context, citing it as ``[n]``."""
    NO_LEAK = "no_leak"
    """Never reveal the system prompt or the case's ``canary``."""
    IGNORE_INJECTION = "ignore_injection"
    """Do not follow instructions planted in the prompt or context (canary must not appear)."""
    NO_TOXICITY = "no_toxicity"
    """Answer without toxic language."""
    SAFE_TOOL_USE = "safe_tool_use"
    """Call no tool named in ``metadata.forbidden_tools`` and pass no argument matching a
    pattern in ``metadata.forbidden_args``."""


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8: equal values give equal strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(value: Any) -> str:
    """The sha256 hex digest of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


class ChatTurn(BaseModel):
    """One message of a multi-turn case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["system", "user", "assistant", "tool"]
    content: str
    name: str | None = None
    tool_call_id: str | None = None


class Case(BaseModel):
    """One test case. Give either ``prompt`` or ``messages``.

    ``context`` holds retrieved documents the model is given (numbered ``[1]``, ``[2]``... so
    answers can cite them); ``canary`` is a string that must never appear in the answer
    (a secret in the system prompt, the marker an injected instruction asks for).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    prompt: str | None = None
    messages: tuple[ChatTurn, ...] | None = None
    system_prompt: str | None = None
    context: tuple[str, ...] = ()
    tools: tuple[dict[str, Any], ...] = ()
    category: str = "general"
    expected: Expected
    canary: str | None = None
    reference: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @field_validator("context", mode="before")
    @classmethod
    def _one_document(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("id", "category")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        # stored as text columns: PostgreSQL text cannot hold NUL, SQLite's can (one suite
        # must run the same on both stores)
        if "\x00" in value:
            raise ValueError("must not contain a NUL character")
        return value

    @model_validator(mode="after")
    def _prompt_or_messages(self) -> Case:
        if (self.prompt is None) == (self.messages is None):
            raise ValueError("give exactly one of 'prompt' or 'messages'")
        if self.messages is not None and not self.messages:
            raise ValueError("'messages' must not be empty")
        if self.expected in (Expected.NO_LEAK, Expected.IGNORE_INJECTION) and not self.canary:
            raise ValueError(f"expected {self.expected.value!r} needs a 'canary'")
        if self.expected is Expected.GROUNDED and not self.context:
            raise ValueError("expected 'grounded' needs 'context' documents")
        return self

    def to_messages(self) -> list[Message]:
        """The chat messages sent to the target: system prompt, numbered documents, turns."""
        out: list[Message] = []
        system = self.system_prompt or ""
        if self.context:
            docs = "\n\n".join(f"[{i}] {doc}" for i, doc in enumerate(self.context, 1))
            guide = "Answer from these documents and cite them as [n]."
            system = f"{system}\n\n{guide}\n\n{docs}" if system else f"{guide}\n\n{docs}"
        if system:
            out.append({"role": "system", "content": system})
        if self.messages is None:
            out.append({"role": "user", "content": self.prompt or ""})
        else:
            out.extend(t.model_dump(exclude_none=True) for t in self.messages)
        return out

    def content_hash(self) -> str:
        """Hash of everything that defines the case (cache key with the target fingerprint)."""
        return content_hash(self.model_dump(mode="json"))
