"""One check that a user-supplied pattern compiles under RE2, with one message.

Goal files, the ``pii`` check's custom patterns, the ``match`` scorer and tool-argument
schemas all take RE2 patterns from the user; each reports a bad one as
``not a valid RE2 pattern '(': missing ): (`` (the pattern and RE2's reason), the reason
decoded from the bytes RE2 gives, and without RE2 writing its own log line to stderr.
"""

from __future__ import annotations

__all__ = ["re2_problem", "require_re2"]

import re2


def re2_problem(pattern: str) -> str | None:
    """``None`` when RE2 compiles ``pattern``, else a one-line description of why not."""
    options = re2.Options()
    options.log_errors = False  # the caller reports it, not an RE2 log line
    try:
        re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return f"not a valid RE2 pattern {pattern!r}: {reason}"
    return None


def require_re2(pattern: str) -> str:
    """``pattern`` when RE2 compiles it, else ``ValueError`` with :func:`re2_problem`'s text
    (for pydantic validators)."""
    problem = re2_problem(pattern)
    if problem is not None:
        raise ValueError(problem)
    return pattern
