"""Redaction operators of the ``pii`` check, configured in a policy and applied by the Guard.

Placeholders, masks, keyed hashes, drop, and reversible pseudonyms: per-session
consistency, isolation between sessions, de-anonymization of whole and streamed model
output, and a vault persisted in SQLite across Guard instances. All values are made up.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail import Guard, parse_policy
from saferail.errors import SaferailError

KEY_ENV = "SAFERAIL_VAULT_KEY"

NAME = "Maren Holtby"
EMAIL = "orla.vance@example.com"
PHONE = "+44 20 7946 0958"
CARD = "4111 1111 1111 1111"
SSN = "123-45-6789"
PROMPT = f"My name is {NAME}. Mail me at {EMAIL} or call {PHONE}."


def policy(operators: str, extra: str = "") -> str:
    """A policy whose input ``pii`` check redacts with ``operators`` (a YAML flow mapping)."""
    return (
        "input:\n  checks:\n    pii:\n      action: redact\n      params:\n"
        f"        operators: {operators}\n{extra}"
    )


PSEUDONYMIZE = policy("{default: {operator: pseudonymize}}")


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def vault_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = new_key()
    monkeypatch.setenv(KEY_ENV, key)
    return key


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture
def pseudo_guard(vault_key: str) -> Iterator[Guard]:
    guard = Guard(parse_policy(PSEUDONYMIZE))
    yield guard
    assert guard.vault is not None
    guard.vault.close()


# -- placeholder ----------------------------------------------------------------------------


def test_placeholder_is_the_default_and_numbers_distinct_values() -> None:
    guard = Guard(parse_policy("input:\n  checks:\n    pii:\n      action: redact\n"))
    text = (
        "Hi, my name is Maren Holtby. Write to orla.vance@example.com or to "
        "ben.tarrow@example.org; again: orla.vance@example.com. Maren Holtby"
    )
    decision = guard.check_input(text)
    assert decision.action == "redact"
    assert decision.text == (
        "Hi, my name is <PERSON_1>. Write to <EMAIL_ADDRESS_1> or to "
        "<EMAIL_ADDRESS_2>; again: <EMAIL_ADDRESS_1>. <PERSON_1>"
    )


def test_placeholder_numbers_follow_reading_order_per_entity_type() -> None:
    guard = Guard(parse_policy(policy("{default: {operator: placeholder}}")))
    text = f"Call {PHONE}, mail {EMAIL}, then call +33 1 99 00 12 34 or {PHONE} again."
    assert guard.check_input(text).text == (
        "Call <PHONE_NUMBER_1>, mail <EMAIL_ADDRESS_1>, then call <PHONE_NUMBER_2> or "
        "<PHONE_NUMBER_1> again."
    )


# -- mask -----------------------------------------------------------------------------------


def test_mask_with_keep_last_and_mask_char() -> None:
    guard = Guard(
        parse_policy(
            policy(
                "{CREDIT_CARD: {operator: mask, keep_last: 4}, "
                "US_SSN: {operator: mask, keep_last: 4, mask_char: '#'}, "
                "EMAIL_ADDRESS: {operator: mask}, "
                "PHONE_NUMBER: {operator: mask, keep_separators: false}}"
            )
        )
    )
    text = f"Card {CARD}, SSN {SSN}, mail {EMAIL}, phone {PHONE}."
    assert guard.check_input(text).text == (
        "Card **** **** **** 1111, SSN ###-##-6789, mail ****.*****@*******.***, "
        "phone ****************."
    )


def test_mask_never_shows_more_than_half() -> None:
    guard = Guard(parse_policy(policy("{EMAIL_ADDRESS: {operator: mask, keep_last: 100}}")))
    out = guard.check_input("Mail ab@example.org").text
    assert out == "Mail **@****ple.org"
    visible = [c for c in out.removeprefix("Mail ") if c.isalnum()]
    assert len(visible) <= len([c for c in "ab@example.org" if c.isalnum()]) // 2


# -- hash -----------------------------------------------------------------------------------

HASH = policy(
    "{default: {operator: placeholder}, EMAIL_ADDRESS: {operator: hash, hash_length: 16}}"
)


def test_hash_without_a_key_refuses_to_build(no_key: None) -> None:
    with pytest.raises(SaferailError) as info:
        Guard(parse_policy(HASH))
    assert type(info.value) is not SaferailError  # a specific subclass
    assert KEY_ENV in str(info.value)


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()])
def test_hash_with_a_bad_key_refuses_to_build(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, bad)
    with pytest.raises(SaferailError):
        Guard(parse_policy(HASH))


def test_hash_is_keyed_stable_and_sized(vault_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Mail {EMAIL}, ben.tarrow@example.org and {EMAIL} again, or call {PHONE}."
    out = Guard(parse_policy(HASH)).check_input(text).text
    hashes = re.findall(r"<EMAIL_ADDRESS:([0-9a-f]+)>", out)
    assert len(hashes) == 3 and all(len(h) == 16 for h in hashes)
    assert hashes[0] == hashes[2] != hashes[1]
    assert "<PHONE_NUMBER_1>" in out and EMAIL not in out
    # not an unkeyed digest of the value
    assert hashes[0] != hashlib.sha256(EMAIL.encode()).hexdigest()[:16]
    # the same key in another Guard gives the same hash; another key a different one
    assert Guard(parse_policy(HASH)).check_input(text).text == out
    monkeypatch.setenv(KEY_ENV, new_key())
    assert Guard(parse_policy(HASH)).check_input(text).text != out


# -- drop -----------------------------------------------------------------------------------


def test_drop_removes_the_value() -> None:
    guard = Guard(parse_policy(policy("{EMAIL_ADDRESS: {operator: drop}}")))
    assert guard.check_input(f"Mail {EMAIL} or call {PHONE}.").text == (
        "Mail  or call <PHONE_NUMBER_1>."
    )


# -- pseudonymize ---------------------------------------------------------------------------


def test_pseudonymize_without_a_key_refuses_to_build(no_key: None) -> None:
    with pytest.raises(SaferailError) as info:
        Guard(parse_policy(PSEUDONYMIZE))
    assert type(info.value) is not SaferailError
    assert KEY_ENV in str(info.value)


def test_pseudonymize_hides_originals_and_is_consistent_within_a_session(
    pseudo_guard: Guard,
) -> None:
    text = f"{PROMPT} Again: {EMAIL}, {NAME}."
    first = pseudo_guard.check_input(text, tenant="acme", session="chat-1")
    assert first.action == "redact"
    for original in (NAME, EMAIL, PHONE):
        assert original not in first.text
    vault = pseudo_guard.vault
    assert vault is not None
    mapping = vault.surrogates("acme", "chat-1")
    assert sorted(mapping.values()) == sorted([NAME, EMAIL, PHONE])
    by_original = {o: s for s, o in mapping.items()}
    # each value has one surrogate, used at every occurrence
    assert first.text.count(by_original[EMAIL]) == 2
    assert first.text.count(by_original[NAME]) == 2
    assert by_original[EMAIL].endswith(("@example.com", "@example.org", "@example.net"))
    assert by_original[PHONE].startswith("+44 ")
    assert len(by_original[NAME].split()) == 2
    # a later turn of the same session reuses the surrogates
    later = pseudo_guard.check_input(f"Did {NAME} get my mail?", tenant="acme", session="chat-1")
    assert later.text == f"Did {by_original[NAME]} get my mail?"


def test_pseudonyms_differ_between_sessions_and_tenants(pseudo_guard: Guard) -> None:
    one = pseudo_guard.check_input(PROMPT, tenant="acme", session="chat-1").text
    two = pseudo_guard.check_input(PROMPT, tenant="acme", session="chat-2").text
    other_tenant = pseudo_guard.check_input(PROMPT, tenant="globex", session="chat-1").text
    assert len({one, two, other_tenant}) == 3
    # a surrogate of one session does not resolve in another
    assert pseudo_guard.deanonymize(one, tenant="acme", session="chat-2") != PROMPT
    assert pseudo_guard.deanonymize(one, tenant="globex", session="chat-1") != PROMPT


def test_deanonymize_restores_the_originals_in_model_output(pseudo_guard: Guard) -> None:
    safe = pseudo_guard.check_input(PROMPT, tenant="acme", session="chat-1").text
    assert pseudo_guard.deanonymize(safe, tenant="acme", session="chat-1") == PROMPT
    vault = pseudo_guard.vault
    assert vault is not None
    fake = {o: s for s, o in vault.surrogates("acme", "chat-1").items()}
    answer = f"Dear {fake[NAME]}, I will write to {fake[EMAIL]} and not to {fake[PHONE]}."
    assert pseudo_guard.deanonymize(answer, tenant="acme", session="chat-1") == (
        f"Dear {NAME}, I will write to {EMAIL} and not to {PHONE}."
    )


def cut(text: str, points: tuple[int, ...]) -> list[str]:
    bounds = [0, *points, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def test_streaming_deanonymizer_at_every_chunk_boundary(pseudo_guard: Guard) -> None:
    pseudo_guard.check_input(PROMPT, tenant="acme", session="chat-1")
    vault = pseudo_guard.vault
    assert vault is not None
    fake = {o: s for s, o in vault.surrogates("acme", "chat-1").items()}
    answer = f"Hi {fake[NAME]}! Mail: {fake[EMAIL]}. Phone {fake[PHONE]}; {fake[NAME]}"
    expected = f"Hi {NAME}! Mail: {EMAIL}. Phone {PHONE}; {NAME}"
    assert pseudo_guard.deanonymize(answer, tenant="acme", session="chat-1") == expected

    def stream(chunks: list[str]) -> str:
        d = pseudo_guard.deanonymizer(tenant="acme", session="chat-1")
        return "".join(d.feed(c) for c in chunks) + d.flush()

    n = len(answer)
    for i in range(n + 1):  # every single cut, empty chunks at both ends included
        assert stream(cut(answer, (i,))) == expected, i
    for points in itertools.combinations(range(1, n), 2):  # every pair of cuts
        assert stream(cut(answer, points)) == expected, points
    assert stream(list(answer)) == expected  # one character at a time


def test_deanonymizer_of_another_session_passes_text_through(pseudo_guard: Guard) -> None:
    safe = pseudo_guard.check_input(PROMPT, tenant="acme", session="chat-1").text
    d = pseudo_guard.deanonymizer(tenant="acme", session="chat-9")
    assert "".join(d.feed(c) for c in cut(safe, (5, 20, 40))) + d.flush() == safe


def test_guard_without_pseudonyms_has_no_vault() -> None:
    guard = Guard(parse_policy(policy("{default: {operator: mask}}")))
    assert guard.vault is None
    with pytest.raises(SaferailError):
        guard.deanonymize("text")
    with pytest.raises(SaferailError):
        guard.deanonymizer()


def test_pseudonyms_persist_in_a_sqlite_vault_across_guards(
    tmp_path: Path, vault_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "vault" / "pii.db"
    db.parent.mkdir()
    persisted = policy("{default: {operator: pseudonymize}}", f"        vault_path: '{db}'\n")

    first = Guard(parse_policy(persisted))
    safe = first.check_input(PROMPT, tenant="acme", session="chat-1").text
    assert first.vault is not None
    first.vault.close()
    assert db.is_file()
    stored = db.read_bytes()
    for original in (NAME, EMAIL, PHONE):
        assert original.encode() not in stored  # encrypted at rest

    second = Guard(parse_policy(persisted))  # a new process would do the same
    assert second.check_input(PROMPT, tenant="acme", session="chat-1").text == safe
    assert second.deanonymize(safe, tenant="acme", session="chat-1") == PROMPT
    assert second.vault is not None
    second.vault.close()

    monkeypatch.setenv(KEY_ENV, new_key())
    with pytest.raises(SaferailError):
        Guard(parse_policy(persisted))  # another key cannot open this store


def test_per_entity_operators_together(vault_key: str) -> None:
    guard = Guard(
        parse_policy(
            policy(
                "{default: {operator: placeholder}, CREDIT_CARD: {operator: mask, keep_last: 4}, "
                "EMAIL_ADDRESS: {operator: hash}, PHONE_NUMBER: {operator: drop}, "
                "PERSON: {operator: pseudonymize}}"
            )
        )
    )
    text = f"I'm {NAME}, card {CARD}, mail {EMAIL}, phone {PHONE}, SSN {SSN}."
    out = guard.check_input(text, tenant="acme", session="s").text
    vault = guard.vault
    assert vault is not None
    (fake_name,) = vault.surrogates("acme", "s")
    assert re.fullmatch(
        rf"I'm {re.escape(fake_name)}, card \*\*\*\* \*\*\*\* \*\*\*\* 1111, "
        r"mail <EMAIL_ADDRESS:[0-9a-f]{12}>, phone , SSN <US_SSN_1>\.",
        out,
    ), out
    assert guard.deanonymize(out, tenant="acme", session="s").startswith(f"I'm {NAME}, card ")
    vault.close()
