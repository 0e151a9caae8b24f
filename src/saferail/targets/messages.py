"""Helpers on OpenAI-style chat messages shared by guarded targets and the gateway."""

from __future__ import annotations

__all__ = ["join_text_parts", "replace_all", "system_prompt"]

import re
from collections.abc import Mapping, Sequence
from typing import Any


def join_text_parts(content: list[Any]) -> str | None:
    """The text of a list of content parts joined by newlines; ``None`` if any part is not
    a text part (images, audio ...), which the callers reject with their own error."""
    if not all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return None
    return "\n".join(str(p.get("text", "")) for p in content)


def system_prompt(messages: Sequence[Mapping[str, Any]]) -> str | None:
    """The system and developer messages joined (the output leak check compares to it)."""
    parts = [
        m["content"]
        for m in messages
        if m.get("role") in ("system", "developer") and isinstance(m.get("content"), str)
    ]
    return "\n".join(parts) if parts else None


def replace_all(text: str, mapping: Mapping[str, str]) -> str:
    """Replace every key of ``mapping`` in ``text`` by its value, longest key first."""
    if not mapping or not text:
        return text
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return pattern.sub(lambda m: mapping[m.group(0)], text)
