"""Content capture, off unless a policy opts in, and fail closed.

Text reaches an event only through :meth:`ContentCapture.capture`: it is cut to ``max_chars``,
redacted by saferail's own PII check (every entity replaced by its ``[ENTITY_TYPE]`` label),
then scanned again. The cut never splits personal data: the text just past it is scanned
first, and a cut that would fall inside an entity moves back to where that entity starts (a
cut-off card number or e-mail address is no longer recognised, so it would be kept as it is).
If the redaction raises, or the second scan still finds personal data, the text is dropped
and only the fact that it was dropped is counted — content is never stored unredacted.
"""

from __future__ import annotations

__all__ = ["ContentCapture"]

import logging
import threading

from saferail.guard.pipeline import Guard
from saferail.policy.models import CheckConfig, Policy, PolicySettings, SurfacePolicy
from saferail.telemetry.event import CapturedContent, sanitize_text

log = logging.getLogger("saferail.telemetry")

_LOOKAHEAD = 512
"""Characters past the cut scanned for an entity that the cut would split (longer than any
personal-data value the PII check recognises)."""


def _redaction_policy(threshold: float) -> Policy:
    pii = CheckConfig(action="redact", threshold=threshold, fail_mode="closed")
    return Policy(
        name="saferail-telemetry-redaction",
        settings=PolicySettings(early_exit=False, redaction="[{label}]", timeout_ms=2000.0),
        input=SurfacePolicy(checks={"pii": pii}),
    )


class ContentCapture:
    """Redacted copies of prompts and responses for events (``enabled=False``: none)."""

    def __init__(
        self, *, enabled: bool = False, max_chars: int = 2000, threshold: float = 0.3
    ) -> None:
        self.enabled = enabled
        self.max_chars = max_chars
        self.dropped = 0  # texts withheld because redaction failed or left PII behind
        self._guard: Guard | None = None
        self._threshold = threshold
        self._lock = threading.Lock()

    def _redactor(self) -> Guard:
        with self._lock:
            if self._guard is None:
                self._guard = Guard(_redaction_policy(self._threshold))
            return self._guard

    def _cut(self, guard: Guard, text: str) -> str:
        """``text`` cut to at most ``max_chars``, moved back to the start of any entity the
        cut would split."""
        decision = guard.check_input(text[: self.max_chars + _LOOKAHEAD])
        if decision.errors:
            raise RuntimeError("the PII check could not scan the text")
        spans = [(f.start, f.end) for f in decision.findings]
        if any(start is None or end is None for start, end in spans):
            raise RuntimeError("a finding without a span")
        cut, moved = self.max_chars, True
        while moved:  # moving back may land inside another (overlapping) entity
            moved = False
            for start, end in spans:
                assert start is not None and end is not None
                if start < cut < end:
                    cut, moved = start, True
        return text[:cut]

    def redact(self, text: str, *, limit: bool = False) -> str | None:
        """``text`` with personal data replaced, or ``None`` if that cannot be ensured
        (``limit``: first cut to ``max_chars``, without splitting personal data)."""
        try:
            guard = self._redactor()
            if limit:
                text = self._cut(guard, text)
            decision = guard.check_input(text)
            if decision.errors or decision.action == "block":
                raise RuntimeError("the PII check could not redact the text")
            redacted = decision.text
            again = guard.check_input(redacted)
            if again.errors or again.findings:
                raise RuntimeError("personal data left after redaction")
        except Exception as exc:
            self.dropped += 1
            log.warning("saferail telemetry: content dropped (%s)", type(exc).__name__)
            return None
        return redacted

    def capture(
        self, input: str | None = None, output: str | None = None
    ) -> CapturedContent | None:
        """The redacted content for an event; ``None`` when capture is off or nothing
        survived redaction."""
        if not self.enabled or (input is None and output is None):
            return None
        truncated = False
        kept: dict[str, str | None] = {}
        for name, text in (("input", input), ("output", output)):
            if text is None:
                kept[name] = None
                continue
            text = sanitize_text(text)  # what is redacted is what is stored
            cut = len(text) > self.max_chars
            truncated = truncated or cut
            kept[name] = self.redact(text, limit=cut) if text else text
        if kept["input"] is None and kept["output"] is None:
            return None
        return CapturedContent(input=kept["input"], output=kept["output"], truncated=truncated)

    def close(self) -> None:
        if self._guard is not None:
            self._guard.close()
