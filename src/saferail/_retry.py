"""The ``Retry-After`` header, read once for every HTTP client of the package.

RFC 9110 allows delay-seconds (``120``) or an HTTP date (``Wed, 21 Oct 2026 07:28:00 GMT``);
servers also send fractional seconds (``0.5``). Both the model-API target and the alert
webhooks wait what it says (each caps the wait its own way).
"""

from __future__ import annotations

__all__ = ["retry_after_seconds"]

import email.utils
import math
from datetime import UTC, datetime


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait before retrying (``0.0`` for a date in the past), or ``None`` when the
    header is absent or unreadable (not a number, not an HTTP date, not finite)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
