"""``Retry-After``: delay-seconds, fractions, HTTP dates, and what is not readable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from saferail._retry import retry_after_seconds

NOW = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),
        ("Sun, 29 Nov 2026 12:00:30", 30.0),  # no zone: read as UTC
    ],
)
def test_readable_values(value: str, seconds: float) -> None:
    assert retry_after_seconds(value, now=NOW) == pytest.approx(seconds)


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "inf", "nan", "1e999", "Mon, 99"])
def test_unreadable_values_are_none(value: str | None) -> None:
    assert retry_after_seconds(value, now=NOW) is None
