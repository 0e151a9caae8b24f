"""Redaction operators, their config, and ``redact`` over entity spans."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from saferail.pii.model import PiiEntity
from saferail.pii.operators import (
    OperatorConfig,
    RedactionConfig,
    RedactionContext,
    RedactionError,
    apply_operator,
    redact,
)
from saferail.pii.stream import deanonymize
from saferail.pii.vault import Vault

HASH_KEY = b"k" * 32


def ent(text: str, value: str, entity_type: str, score: float = 0.9, nth: int = 0) -> PiiEntity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return PiiEntity(start, start + len(value), entity_type, score, "test")


def op(**kw: object) -> OperatorConfig:
    return OperatorConfig.model_validate(kw)


@pytest.fixture
def vault() -> Iterator[Vault]:
    with Vault(bytes(range(32))) as v:
        yield v


# ---------------------------------------------------------------- mask


def test_mask_card_keeps_last_four_and_separators() -> None:
    cfg = op(operator="mask", keep_last=4)
    ctx = RedactionContext()
    assert apply_operator(cfg, "CREDIT_CARD", "4111 1111 1111 1111", ctx) == "**** **** **** 1111"
    assert apply_operator(cfg, "CREDIT_CARD", "4111-1111-1111-1111", ctx) == "****-****-****-1111"


def test_mask_options() -> None:
    ctx = RedactionContext()
    email = "anna.berg@mail.io"
    assert apply_operator(op(operator="mask"), "EMAIL_ADDRESS", email, ctx) == "****.****@****.**"
    no_sep = op(operator="mask", keep_separators=False, mask_char="#")
    assert apply_operator(no_sep, "EMAIL_ADDRESS", email, ctx) == "#" * len(email)
    tail = op(operator="mask", keep_separators=False, keep_last=2)
    assert apply_operator(tail, "US_SSN", "123-45-6789", ctx) == "*********89"


def test_mask_never_reveals_more_than_half() -> None:
    cfg = op(operator="mask", keep_last=4)
    assert apply_operator(cfg, "PASSPORT", "AB12", RedactionContext()) == "**12"
    assert apply_operator(cfg, "PASSPORT", "A", RedactionContext()) == "*"


# ---------------------------------------------------------------- placeholder / drop


def test_placeholder_numbering_per_distinct_value() -> None:
    text = "Anna met Bo. Later Anna emailed bo@x.io and Bo."
    entities = [
        ent(text, "Anna", "PERSON"),
        ent(text, "Bo", "PERSON"),
        ent(text, "Anna", "PERSON", nth=1),
        ent(text, "bo@x.io", "EMAIL_ADDRESS"),
        ent(text, "Bo.", "PERSON", nth=1),
    ]
    entities[-1] = PiiEntity(entities[-1].start, entities[-1].end - 1, "PERSON", 0.9, "t")
    ctx = RedactionContext()
    out = redact(text, entities, RedactionConfig(), ctx).text
    assert out == (
        "<PERSON_1> met <PERSON_2>. Later <PERSON_1> emailed <EMAIL_ADDRESS_1> and <PERSON_2>."
    )
    # numbering carries over to the next call with the same context
    text2 = "Cy and Anna"
    entities2 = [ent(text2, "Cy", "PERSON"), ent(text2, "Anna", "PERSON")]
    assert redact(text2, entities2, RedactionConfig(), ctx).text == "<PERSON_3> and <PERSON_1>"
    # a fresh context starts again
    fresh = redact("Cy", [ent("Cy", "Cy", "PERSON")], RedactionConfig(), RedactionContext())
    assert fresh.text == "<PERSON_1>"


def test_drop() -> None:
    cfg = RedactionConfig(default=op(operator="drop"))
    text = "call 555-123-4567 now"
    out = redact(text, [ent(text, "555-123-4567", "PHONE_NUMBER")], cfg, RedactionContext())
    assert out.text == "call  now"
    assert out.items[0].replacement == ""


# ---------------------------------------------------------------- hash


def test_hash_requires_a_key() -> None:
    cfg = op(operator="hash")
    with pytest.raises(RedactionError, match="key"):
        apply_operator(cfg, "EMAIL_ADDRESS", "a@b.io", RedactionContext())
    with pytest.raises(RedactionError, match="16 bytes"):
        apply_operator(cfg, "EMAIL_ADDRESS", "a@b.io", RedactionContext(hash_key=b"short"))


def test_hash_is_keyed_stable_and_sized() -> None:
    cfg = op(operator="hash")
    ctx = RedactionContext(hash_key=HASH_KEY)
    h = apply_operator(cfg, "EMAIL_ADDRESS", "a@b.io", ctx)
    assert re.fullmatch(r"<EMAIL_ADDRESS:[0-9a-f]{12}>", h)
    assert apply_operator(cfg, "EMAIL_ADDRESS", "a@b.io", RedactionContext(hash_key=HASH_KEY)) == h
    assert apply_operator(cfg, "EMAIL_ADDRESS", "c@b.io", ctx) != h
    other = RedactionContext(hash_key=b"z" * 32)
    assert apply_operator(cfg, "EMAIL_ADDRESS", "a@b.io", other) != h
    long = apply_operator(op(operator="hash", hash_length=32), "EMAIL_ADDRESS", "a@b.io", ctx)
    assert re.fullmatch(r"<EMAIL_ADDRESS:[0-9a-f]{32}>", long) and long[15:27] == h[15:27]


# ---------------------------------------------------------------- pseudonymize


def test_pseudonymize_needs_vault_and_session(vault: Vault) -> None:
    cfg = op(operator="pseudonymize")
    with pytest.raises(RedactionError, match="vault"):
        apply_operator(cfg, "PERSON", "Anna Berg", RedactionContext())
    with pytest.raises(RedactionError, match="session"):
        apply_operator(cfg, "PERSON", "Anna Berg", RedactionContext(vault=vault))


def test_pseudonymize_round_trip(vault: Vault) -> None:
    cfg = RedactionConfig(default=op(operator="pseudonymize"))
    ctx = RedactionContext(vault=vault, tenant="acme", session="s1")
    text = "Anna Berg (anna@corp.io) wrote to Anna Berg."
    entities = [
        ent(text, "Anna Berg", "PERSON"),
        ent(text, "anna@corp.io", "EMAIL_ADDRESS"),
        ent(text, "Anna Berg", "PERSON", nth=1),
    ]
    result = redact(text, entities, cfg, ctx)
    assert "Anna" not in result.text and "corp.io" not in result.text
    assert result.items[0].replacement == result.items[2].replacement
    assert result.items[1].replacement.endswith(("@example.com", "@example.org", "@example.net"))
    assert deanonymize(result.text, vault, "acme", "s1") == text


# ---------------------------------------------------------------- config


def test_config_flat_form_and_per_entity() -> None:
    flat = RedactionConfig.model_validate(
        {
            "default": {"operator": "placeholder"},
            "CREDIT_CARD": {"operator": "mask", "keep_last": 4},
            "PERSON": {"operator": "pseudonymize"},
        }
    )
    nested = RedactionConfig.model_validate(
        {
            "per_entity": {
                "CREDIT_CARD": {"operator": "mask", "keep_last": 4},
                "PERSON": {"operator": "pseudonymize"},
            }
        }
    )
    assert flat == nested
    assert flat.for_entity("CREDIT_CARD").keep_last == 4
    assert flat.for_entity("PERSON").operator == "pseudonymize"
    assert flat.for_entity("EMAIL_ADDRESS").operator == "placeholder"
    assert RedactionConfig().default.operator == "placeholder"


@pytest.mark.parametrize(
    "data",
    [
        {"CREDIT_CRAD": {"operator": "mask"}},
        {"per_entity": {"NOT_A_TYPE": {"operator": "drop"}}},
        {"PERSON": {"operator": "shred"}},
        {"PERSON": {"operator": "mask", "colour": "red"}},
        {"PERSON": {"operator": "mask", "mask_char": "**"}},
        {"PERSON": {"operator": "mask", "keep_last": -1}},
        {"PERSON": {"operator": "hash", "hash_length": 2}},
        {"PERSON": {"operator": "drop"}, "per_entity": {"PERSON": {"operator": "drop"}}},
    ],
)
def test_config_rejects_mistakes(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RedactionConfig.model_validate(data)


# ---------------------------------------------------------------- redact


def test_redact_per_entity_operators_and_offsets() -> None:
    text = "Card 4111 1111 1111 1111, mail a@b.io, IP 10.0.0.1."
    entities = [
        ent(text, "a@b.io", "EMAIL_ADDRESS"),
        ent(text, "4111 1111 1111 1111", "CREDIT_CARD"),
        ent(text, "10.0.0.1", "IP_ADDRESS"),
    ]  # deliberately out of order
    cfg = RedactionConfig.model_validate(
        {"CREDIT_CARD": {"operator": "mask", "keep_last": 4}, "IP_ADDRESS": {"operator": "drop"}}
    )
    result = redact(text, entities, cfg, RedactionContext())
    assert result.text == "Card **** **** **** 1111, mail <EMAIL_ADDRESS_1>, IP ."
    assert [i.entity_type for i in result.items] == ["CREDIT_CARD", "EMAIL_ADDRESS", "IP_ADDRESS"]
    assert [i.operator for i in result.items] == ["mask", "placeholder", "drop"]
    for item in result.items:
        assert result.text[item.new_start : item.new_end] == item.replacement
        assert (item.start, item.end) in {(e.start, e.end) for e in entities}


def test_redact_merges_overlapping_spans() -> None:
    text = "contact anna.berg@mail.io today"
    email = ent(text, "anna.berg@mail.io", "EMAIL_ADDRESS", score=0.95)
    person = ent(text, "anna.berg", "PERSON", score=0.5)
    url = ent(text, "mail.io", "URL", score=0.6)
    result = redact(text, [person, url, email], RedactionConfig(), RedactionContext())
    assert result.text == "contact <EMAIL_ADDRESS_1> today"
    assert len(result.items) == 1
    assert (result.items[0].start, result.items[0].end) == (email.start, email.end)


def test_redact_merges_chains_and_keeps_adjacent_apart() -> None:
    text = "abcdefghij"
    entities = [
        PiiEntity(0, 4, "PASSPORT", 0.9, "t"),
        PiiEntity(3, 6, "NATIONAL_ID", 0.5, "t"),
        PiiEntity(5, 7, "NATIONAL_ID", 0.5, "t"),
        PiiEntity(7, 9, "US_SSN", 0.5, "t"),  # touches the previous span: kept apart
    ]
    result = redact(text, entities, RedactionConfig(), RedactionContext())
    assert result.text == "<PASSPORT_1><US_SSN_1>j"
    assert [(i.start, i.end) for i in result.items] == [(0, 7), (7, 9)]


def test_redact_edge_cases() -> None:
    cfg, ctx = RedactionConfig(), RedactionContext()
    assert redact("nothing here", [], cfg, ctx).text == "nothing here"
    odd = [PiiEntity(5, 5, "PERSON", 1, "t"), PiiEntity(8, 99, "PERSON", 1, "t")]
    result = redact("hello world", odd, cfg, ctx)
    assert result.text == "hello wo<PERSON_1>"
    assert (result.items[0].start, result.items[0].end) == (8, 11)
    # entity types outside the config's list use the default operator
    other = redact("key sk-123", [PiiEntity(4, 10, "API_KEY", 1, "t")], cfg, ctx)
    assert other.text == "key <API_KEY_1>"


def test_two_entities_on_the_same_span_are_merged_not_a_crash() -> None:
    # Two recognizers (or a deny list and a custom pattern) may report the very same span:
    # sorting the spans must never compare the PiiEntity records themselves.
    text = "call 555-1234 now"
    entities = [ent(text, "555-1234", "PHONE_NUMBER", 0.8), ent(text, "555-1234", "US_SSN", 0.9)]
    out = redact(text, entities, RedactionConfig(), RedactionContext())
    assert out.text == "call <US_SSN_1> now"
    assert [(i.start, i.end, i.entity_type) for i in out.items] == [(5, 13, "US_SSN")]
