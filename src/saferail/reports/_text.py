"""Text every report format can carry: no lone surrogates (UTF-8 cannot encode them), no NaN
in JSON and, in the formats people read (HTML, Markdown), no control characters."""

from __future__ import annotations

__all__ = ["display_text", "json_safe", "unicode_text"]

import math
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def unicode_text(text: str) -> str:
    """``text`` with lone surrogates (from a bad decode, say) shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def json_safe(value: Any) -> Any:
    """``value`` (dicts, lists, strings, numbers...) as strict JSON can hold it: every string,
    keys too, made :func:`unicode_text`; NaN and infinities (which JSON lacks) as ``None``."""
    if isinstance(value, str):
        return unicode_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def display_text(text: str) -> str:
    """``text`` with control characters (but tabs and line breaks) and lone surrogates shown
    as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)
