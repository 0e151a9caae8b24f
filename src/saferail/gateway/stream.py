"""Streaming output checks: release only text that passed the output checks.

:class:`OutputStreamGuard` keeps the upstream text it has not released yet (``pending``)
and, on every upstream chunk, runs the output check on ``released_tail + pending``. Text is
released only once it is older than the hold-back window (``window`` characters) *and* has
been checked; at the end the whole text is checked once more and the rest is released.

- The release point never splits a whitespace-free token (a URL, an e-mail address, a key)
  nor an unclosed markdown image ``![...](...``, so these are checked whole before any of
  them is sent (unless one alone exceeds ``max_hold`` characters).
- A block stops the stream (:class:`StreamBlocked`); nothing of the blocking text is sent.
- Released text cannot be recalled. When a redaction reaches into text already released
  (an entity recognized only once later text arrived), only the unreleased part of it is
  masked; an entity lying wholly in released text stays as sent. A larger window narrows
  this gap; a blocked construct longer than the window may have had its start released.
- Pseudonyms are restored on the released text with a ``StreamingDeanonymizer``, so a
  surrogate split across chunks comes back whole.
"""

from __future__ import annotations

__all__ = ["CheckFn", "OutputStreamGuard", "StreamBlocked", "release_point"]

import time
from collections.abc import Callable

from saferail.guard.decision import Decision
from saferail.pii.stream import StreamingDeanonymizer

CheckFn = Callable[[str], Decision | None]
"""Runs the output check on a text; ``None`` means the check failed and fails open."""


class StreamBlocked(Exception):
    """The output check blocked the stream (``decision`` is ``None`` for a check error)."""

    def __init__(self, decision: Decision | None, code: str) -> None:
        super().__init__(code)
        self.decision = decision
        self.code = code


def release_point(pending: str, window: int, max_hold: int) -> int:
    """How many leading characters of ``pending`` may be released (its last ``window``
    characters never are)."""
    cut = len(pending) - window
    if cut <= 0:
        return 0
    floor = max(0, cut - max_hold)  # never hold back more than max_hold extra characters
    if cut < len(pending) and not pending[cut - 1].isspace() and not pending[cut].isspace():
        start = cut
        while start > floor and not pending[start - 1].isspace():
            start -= 1
        cut = start if start > floor or start == 0 else cut
    opener = pending.rfind("![", floor, cut)
    if opener != -1 and ")" not in pending[opener:cut]:
        cut = opener
    return cut


class OutputStreamGuard:
    """Incremental output checking with a hold-back window; see the module docstring.

    ``feed(text)`` returns the text that may be sent now (pseudonyms restored), ``finish()``
    the rest after the final check. Both raise :class:`StreamBlocked` on a block.
    """

    def __init__(
        self,
        check: CheckFn,
        *,
        window: int = 64,
        deanonymizer: StreamingDeanonymizer | None = None,
        context_chars: int = 4096,
        max_chars: int = 1_000_000,
        max_hold: int = 2048,
        mask: str = "[REDACTED]",
    ) -> None:
        self._check = check
        self.window = window
        self._deanonymizer = deanonymizer
        self.context_chars = min(context_chars, max_chars)
        self.max_chars = max_chars
        self.max_hold = max_hold
        self.mask = mask
        self._released: list[str] = []
        self._released_len = 0
        self._tail = ""  # the last context_chars released characters
        self._pending = ""
        self.decision: Decision | None = None  # the last (or blocking) decision
        self.checks = 0
        self.check_ms = 0.0
        self.finished = False

    @property
    def released(self) -> str:
        """Everything released so far (after redaction, before pseudonym restoration)."""
        return "".join(self._released)

    @property
    def pending(self) -> str:
        """Checked (and redacted) text still held back."""
        return self._pending

    def feed(self, text: str) -> str:
        if not text:
            return ""
        self._pending = self._checked(self._tail, self._pending + text)
        return self._release(release_point(self._pending, self.window, self.max_hold))

    def finish(self) -> str:
        """Check the whole text once more, then release everything held back."""
        self.finished = True
        released = self.released
        if len(released) + len(self._pending) <= self.max_chars:
            self._pending = self._checked(released, self._pending)
        else:
            self._pending = self._checked(self._tail, self._pending)
        out = self._release(len(self._pending))
        if self._deanonymizer is not None:
            out += self._deanonymizer.flush()
        return out

    # -- implementation ----------------------------------------------------------------

    def _run(self, text: str) -> Decision | None:
        t0 = time.perf_counter()
        try:
            decision = self._check(text)
        finally:
            self.checks += 1
            self.check_ms += (time.perf_counter() - t0) * 1000.0
        if decision is not None:
            self.decision = decision
            if decision.blocked:
                raise StreamBlocked(decision, "output_blocked")
        return decision

    def _checked(self, context: str, pending: str) -> str:
        """``pending`` after the output check of ``context + pending`` (redacted)."""
        room = max(0, self.max_chars - len(pending))
        context = context[len(context) - min(len(context), room) :]
        decision = self._run(context + pending)
        if decision is None:
            return pending  # the check failed open
        if decision.text.startswith(context):
            return decision.text[len(context) :]
        # A redaction reached into released text: mask the unreleased part of every
        # redacted span crossing the boundary, and re-check the rest on its own.
        boundary = len(context)
        redacting = {run.check for run in decision.checks if run.action == "redact"}
        cut = 0
        for f in decision.findings:
            if f.check not in redacting or f.start is None or f.end is None:
                continue
            if f.start < boundary < f.end:
                cut = max(cut, f.end - boundary)
        rest = pending[cut:]
        again = self._run(rest) if rest else None
        return (self.mask if cut else "") + (again.text if again is not None else rest)

    def _release(self, n: int) -> str:
        if n <= 0:
            return ""
        out, self._pending = self._pending[:n], self._pending[n:]
        self._released.append(out)
        self._released_len += len(out)
        self._tail = (self._tail + out)[-self.context_chars :] if self.context_chars else ""
        if self._deanonymizer is not None:
            return self._deanonymizer.feed(out)
        return out
