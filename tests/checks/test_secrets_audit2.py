"""Audit regressions of the ``secret`` check: passwords in URLs as URL parsers read them."""

from __future__ import annotations

import pytest

from saferail import Guard, parse_policy
from saferail.checks.secrets import Secrets
from tests.conftest import run_check

# made-up values, not real credentials
_PASSWORD = "Zq8v@R2mK9pLx"


@pytest.mark.parametrize(
    ("text", "password"),
    [
        # an unencoded "@" in the password: the host starts after the last "@", so
        # reporting only "Zq8v" left "R2mK9pLx" in the redacted text
        (f"DATABASE_URL=postgres://app:{_PASSWORD}@db.internal:5432/app", _PASSWORD),
        (f"https://admin:{_PASSWORD}@git.internal/o/r.git", _PASSWORD),
        # an unencoded ":" in the password: the user name ends at the first ":"
        ("postgres://app:Zq8v:R2mK9pLx@db.internal/app", "Zq8v:R2mK9pLx"),
        # an IPv6 host literal
        ("redis://default:Zq8vR2mK9pLx@[2001:db8::1]:6379/0", "Zq8vR2mK9pLx"),
        (f"redis://default:{_PASSWORD}@[::1]:6379/0", _PASSWORD),
    ],
)
def test_the_whole_password_of_a_url_is_reported(text: str, password: str) -> None:
    found = [(f.entity_type, text[f.start : f.end]) for f in run_check(Secrets(), text)]
    assert found == [("URL_CREDENTIALS", password)]


def test_redaction_removes_a_url_password_holding_an_at_sign() -> None:
    guard = Guard(parse_policy("input:\n  checks:\n    secret: {action: redact}\n"))
    decision = guard.check_input(f"connect to postgres://app:{_PASSWORD}@db.internal/app")
    assert decision.action == "redact"
    assert "Zq8v" not in decision.text and "R2mK9pLx" not in decision.text
    assert decision.text.endswith("@db.internal/app")


@pytest.mark.parametrize(
    "text",
    [
        "http://host:8080/path and write to x@y.com",
        "see https://a.example:443/x?a=b@c.example",
        "ssh://git@github.com:22/o/r",
    ],
)
def test_urls_without_a_password_are_not_reported(text: str) -> None:
    assert run_check(Secrets(), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # JSON inside a JSON string (tool-call arguments, logged request bodies)
        ('{\\"api_key\\": \\"Zq8vR2mK9pLx4Wn7Tb3Y\\"}', "Zq8vR2mK9pLx4Wn7Tb3Y"),
        (
            '"arguments": "{\\"password\\":\\"Zq8vR2mK9pLx\\",\\"user\\":\\"bob\\"}"',
            "Zq8vR2mK9pLx",
        ),
        # a bold label, as models write them in markdown answers
        ("Here you go:\n**Password:** Zq8vR2mK9pLx", "Zq8vR2mK9pLx"),
        ("**Password**: Zq8vR2mK9pLx", "Zq8vR2mK9pLx"),
        ('**api_key:** "Zq8vR2mK9pLx4Wn7Tb3Y"', "Zq8vR2mK9pLx4Wn7Tb3Y"),
    ],
)
def test_assignments_in_escaped_json_and_under_bold_labels_are_reported(
    text: str, value: str
) -> None:
    found = [(f.entity_type, text[f.start : f.end]) for f in run_check(Secrets(), text)]
    assert found == [("GENERIC_SECRET", value)]


@pytest.mark.parametrize(
    "text",
    ["**Token:** see the docs", "**Password:** changeme", "**Secret:** the-rest-of-it"],
)
def test_bold_labels_without_a_secret_are_not_reported(text: str) -> None:
    assert run_check(Secrets(), text) == []
