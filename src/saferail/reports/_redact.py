"""Redaction of case texts shown in reports: the project's own ``pii`` and ``secret`` checks.

Texts are redacted whole, then truncated, so an entity is never cut in half before it is
found. A text the checks cannot clear (a check errors or times out) is withheld.
"""

from __future__ import annotations

__all__ = ["WITHHELD", "Redactor", "truncate"]

import re
from functools import lru_cache

from saferail.guard import Guard
from saferail.policy import Policy

WITHHELD = "[withheld: the text could not be redacted]"
_SCAN_LIMIT = 100_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_POLICY = {
    "name": "saferail-report-redaction",
    "description": "Redacts personal data and credentials from texts shown in eval reports.",
    "settings": {"timeout_ms": 30_000, "redaction": "[{label}]", "max_chars": _SCAN_LIMIT},
    "output": {
        "checks": {
            "pii": {"action": "redact", "params": {"operators": {"default": {}}}},
            "secret": {"action": "redact"},
        }
    },
}


@lru_cache(maxsize=1)
def _guard() -> Guard:
    """Built once per process: loading the PII recognizers takes a moment."""
    return Guard(Policy.model_validate(_POLICY))


def truncate(text: str, max_chars: int, dropped: int = 0) -> str:
    """``text`` cut to ``max_chars`` characters, saying how many were left out (counting
    ``dropped`` characters already cut off its end)."""
    if len(text) <= max_chars and not dropped:
        return text
    more = max(0, len(text) - max_chars) + dropped
    return f"{text[:max_chars]}… [{more:,} more characters]"


class Redactor:
    """Prepares texts for display: redacted (unless ``enabled`` is false) and truncated."""

    def __init__(self, *, enabled: bool = True, max_chars: int = 600) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be at least 1")
        self.enabled = enabled
        self.max_chars = max_chars
        self._seen: dict[str, str] = {}

    def clean(self, text: str) -> str:
        """Redacted, untruncated text (the same text is checked once); only its first
        100,000 characters are checked and kept."""
        if not self.enabled or not text.strip():
            return text
        done = self._seen.get(text)
        if done is None:
            decision = _guard().check_output(text[:_SCAN_LIMIT])
            done = WITHHELD if decision.blocked or decision.errors else decision.text
            self._seen[text] = done
        return done

    def __call__(self, text: str) -> str:
        """Redacted, truncated to ``max_chars``, control characters (terminal escapes...)
        shown as U+FFFD."""
        shown = self.clean(text)
        if shown == WITHHELD:
            return shown
        scanned = self.enabled and bool(text.strip())
        dropped = max(0, len(text) - _SCAN_LIMIT) if scanned else 0
        return _CONTROL.sub("\ufffd", truncate(shown, self.max_chars, dropped))
