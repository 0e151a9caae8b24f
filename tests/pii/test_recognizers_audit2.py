"""Audit of the structured recognizers as a user sees them: whole entities, nothing left."""

from __future__ import annotations

import pytest
from stdnum import iban

from saferail.pii.operators import RedactionConfig, RedactionContext, redact
from saferail.pii.recognizers import find_structured


def found(text: str, entity_types: frozenset[str] | None = None) -> list[tuple[str, str]]:
    return [(e.entity_type, text[e.start : e.end]) for e in find_structured(text, entity_types)]


def placeholders(text: str) -> str:
    return redact(text, find_structured(text), RedactionConfig(), RedactionContext()).text


def be_iban(bban: str) -> str:
    """A Belgian IBAN with correct mod-97 check digits for ``bban``."""
    return "BE" + iban.calc_check_digits("BE00" + bban) + bban


def be_bban(body: str) -> str:
    """``body`` (bank code and account, 10 digits) with its national check digits."""
    return f"{body}{int(body) % 97 or 97:02d}"


# --------------------------------------------------------------------------- IBAN


@pytest.mark.parametrize(
    "value",
    [
        "BE68 5390 0754 7034",  # the IBAN registry's own Belgian example
        "BE68539007547034",
        be_iban(be_bban("1120004567")),  # bank code 112
    ],
)
def test_belgian_iban_with_a_bank_code_outside_stdnums_list_is_found(value: str) -> None:
    text = f"Please pay to IBAN {value}, thanks."
    assert found(text) == [("IBAN_CODE", value)]
    assert placeholders(text) == "Please pay to IBAN <IBAN_CODE_1>, thanks."


def test_belgian_iban_with_wrong_national_check_digits_is_still_rejected() -> None:
    value = be_iban("539007547035")  # mod 97 right, national check digits (34) wrong
    assert iban.is_valid(value, check_country=False)
    assert found(f"IBAN {value}") == []


# --------------------------------------------------------------------------- URL


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Admin UI: https://[2001:db8::1]:8443/x", "https://[2001:db8::1]:8443/x"),
        ("Admin UI: https://[2001:db8::1]:8443/x.", "https://[2001:db8::1]:8443/x"),
        ("wiki http://intranet/hr/staff?id=4711 now", "http://intranet/hr/staff?id=4711"),
    ],
)
def test_scheme_url_is_found_whether_or_not_the_text_holds_a_dot(text: str, url: str) -> None:
    assert found(text) == [("URL", url)]
    assert placeholders(text) == text.replace(url, "<URL_1>")


@pytest.mark.parametrize(
    "url",
    [
        "https://anna:s3cret@corp.io/x",
        "https://anna.berg@corp.io/reports/q3",
        "ftp://anna.berg:pw@files.corp.io/pub",
    ],
)
def test_url_with_a_login_is_redacted_whole(url: str) -> None:
    text = f"Log in at {url} now."
    assert found(text) == [("URL", url)]
    assert placeholders(text) == "Log in at <URL_1> now."


def test_url_login_is_still_an_email_when_only_emails_are_asked_for() -> None:
    text = "Log in at https://anna.berg@corp.io/x now."
    assert found(text, frozenset({"EMAIL_ADDRESS"})) == [("EMAIL_ADDRESS", "anna.berg@corp.io")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "https://corp.io/?email=anna@corp.io&id=7",
            [("EMAIL_ADDRESS", "anna@corp.io")],
        ),
        (
            "mail anna@corp.io or see https://corp.io/x",
            [("EMAIL_ADDRESS", "anna@corp.io"), ("URL", "https://corp.io/x")],
        ),
        (
            "see https://corp.io/x or mail anna@corp.io",
            [("URL", "https://corp.io/x"), ("EMAIL_ADDRESS", "anna@corp.io")],
        ),
    ],
)
def test_emails_outside_a_url_login_are_unchanged(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text) == expected


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    "address",
    [
        "taro.@docomo.example.jp",  # old Japanese carrier mail: a dot before the "@"
        "hanako..yamada@ezweb.example.jp",  # ... or two dots in a row
        "ichiro..@docomo.example.jp",
    ],
)
def test_email_with_carrier_style_dots_is_redacted_whole(address: str) -> None:
    text = f"Mail {address} today."
    assert found(text) == [("EMAIL_ADDRESS", address)]
    assert placeholders(text) == "Mail <EMAIL_ADDRESS_1> today."


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("write...anna@corp.io", "anna@corp.io"),  # an ellipsis is not part of the address
        (".anna@corp.io", "anna@corp.io"),
        ("anna.berg@corp.io.", "anna.berg@corp.io"),
    ],
)
def test_email_dots_around_the_address_stay_outside(text: str, address: str) -> None:
    assert found(text) == [("EMAIL_ADDRESS", address)]
