"""The three ways saferail shows a URL (saferail._urls)."""

from __future__ import annotations

import pytest

from saferail._urls import MALFORMED, redact_url, url_origin, without_credentials


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://api.example.com/v1", "https://api.example.com/v1"),
        ("https://bob:hunter2@api.example.com/v1", "https://bob:***@api.example.com/v1"),
        ("https://h/v1?api_key=abc&model=m", "https://h/v1?api_key=***&model=m"),
        ("https://h/v1?model=m", "https://h/v1?model=m"),
        ("http://[::1", "http://[::1"),  # not a URL: nothing after '?' or before '@'
        ("http://u:pw@[::1?token=x", "[::1"),
    ],
)
def test_redact_url_masks_passwords_and_secret_query_values(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.parametrize(
    ("spec", "shown"),
    [
        ("openai:gpt-4o", "openai:gpt-4o"),
        ("runs/store.db", "runs/store.db"),
        (
            "postgresql://app:pw@db.internal:5432/events?sslkey=k",
            "postgresql://db.internal:5432/events",
        ),
        ("https://h/v1#frag", "https://h/v1"),
        ("http://u:pw@[::1/x?k=v", "[::1/x"),  # a malformed URL must not stop a system card
    ],
)
def test_without_credentials_drops_userinfo_and_query(spec: str, shown: str) -> None:
    assert without_credentials(spec) == shown


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T0/B0/s3cret", "https://hooks.slack.com/..."),
        ("https://h.example:8443", "https://h.example:8443/"),
        ("https://h/?sig=x", "https://h/..."),
        ("http://[::1]:9/x", "http://[::1]:9/..."),
        ("hooks.slack.com/services/x", MALFORMED),
        ("http://[::1", MALFORMED),
        ("http://h:notaport/", MALFORMED),
    ],
)
def test_url_origin_keeps_scheme_host_and_port_only(url: str, shown: str) -> None:
    assert url_origin(url) == shown
