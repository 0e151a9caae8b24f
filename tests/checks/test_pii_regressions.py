"""Cases found by review and fixed in the PERSON and address recognizers."""

import pytest

from saferail import Guard, parse_policy
from saferail.checks.pii import Pii


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.entity_type) for e in Pii().entities(text) if e.score >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, I'm Maren Holtby and I need help.", [("Maren Holtby", "PERSON")]),
        ("Passport AJ7133523 belongs to Anna Nowak.", [("Anna Nowak", "PERSON")]),
        ("my name is borna jerković", [("borna jerković", "PERSON")]),
        ("Mein Reisepass: C01X00T47", []),
        (
            "3 avenue Victor Hugo, 75116 Paris",
            [("3 avenue Victor Hugo, 75116 Paris", "STREET_ADDRESS")],
        ),
        (
            "J'habite au 12 rue des Lilas, 69003 Lyon.",
            [("12 rue des Lilas, 69003 Lyon", "STREET_ADDRESS")],
        ),
    ],
)
def test_fixed_cases(text: str, expected: list[tuple[str, str]]) -> None:
    assert [s for s in spans(text) if s[1] in {"PERSON", "STREET_ADDRESS"}] == expected


def test_title_is_not_part_of_the_name() -> None:
    found = Pii().entities("Dear Mrs. Whitcombe, thank you.")
    assert [("Dear Mrs. Whitcombe, thank you."[e.start : e.end], e.entity_type) for e in found] == [
        ("Whitcombe", "PERSON")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Can you send me the report?",
        "Mark the ticket as resolved.",
        "Will you call me tomorrow?",
        "I work at Morgan Stanley.",
        "Tracking number: JJD688509591163152367",
    ],
)
def test_not_people(text: str) -> None:
    assert [s for s in spans(text) if s[1] == "PERSON"] == []


def test_address_stops_before_phone_label() -> None:
    text = "Lindenstraße 23, 10969 Berlin, Tel. 030 901820 44"
    assert ("Lindenstraße 23, 10969 Berlin", "STREET_ADDRESS") in spans(text)


def test_placeholder_numbers_hold_across_the_messages_of_one_call() -> None:
    guard = Guard(parse_policy("input:\n  checks:\n    pii: {action: redact}\n"))
    d = guard.check_input(
        [
            {"role": "user", "content": "Mail a.b@example.com"},
            {"role": "user", "content": "Mail c.d@example.com or a.b@example.com"},
        ]
    )
    assert d.messages is not None
    assert d.messages[0]["content"] == "Mail <EMAIL_ADDRESS_1>"
    assert d.messages[1]["content"] == "Mail <EMAIL_ADDRESS_2> or <EMAIL_ADDRESS_1>"


def test_input_and_output_checks_share_one_vault(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import os

    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(os.urandom(32)).decode())
    text = (
        "input:\n  checks:\n    pii: {action: redact, params: {operators: "
        "{default: {operator: pseudonymize}}}}\n"
        "output:\n  checks:\n    pii: {action: redact, params: {operators: "
        "{default: {operator: pseudonymize}}}}\n"
    )
    guard = Guard(parse_policy(text))
    safe = guard.check_input("Write to a.b@example.com", session="s1").text
    assert "a.b@example.com" not in safe
    surrogate = safe.removeprefix("Write to ")
    out = guard.check_output(f"Sure, I wrote to {surrogate}.", session="s1")
    assert surrogate in out.text  # the output check keeps the surrogate consistent
    assert guard.deanonymize(out.text, session="s1") == "Sure, I wrote to a.b@example.com."


def test_bare_reisepass_is_a_passport_cue() -> None:
    assert ("C01X00T47", "PASSPORT") in spans("Mein Reisepass: C01X00T47")


def test_overlaps_keep_the_best_entity_and_streets_swallow_their_namesakes() -> None:
    from saferail.checks.pii import _resolve
    from saferail.pii.model import PiiEntity

    found = [
        PiiEntity(0, 10, "PERSON", 0.6, "t"),
        PiiEntity(5, 15, "EMAIL_ADDRESS", 0.9, "t"),
        PiiEntity(20, 30, "PERSON", 0.9, "t"),  # inside the street: its namesake
        PiiEntity(18, 40, "STREET_ADDRESS", 0.7, "t"),
        PiiEntity(41, 45, "PERSON", 0.5, "t"),
        PiiEntity(44, 47, "PHONE_NUMBER", 0.5, "t"),  # same score, shorter: loses
    ]
    kept = [(e.start, e.end, e.entity_type) for e in _resolve(found)]
    assert kept == [(5, 15, "EMAIL_ADDRESS"), (18, 40, "STREET_ADDRESS"), (41, 45, "PERSON")]


def test_many_names_resolve_in_near_linear_time() -> None:
    import time

    text = "Anna, " * 8000
    t0 = time.perf_counter()
    found = Pii().entities(text)
    assert len(found) == 8000
    assert time.perf_counter() - t0 < 10  # quadratic overlap resolution took minutes
