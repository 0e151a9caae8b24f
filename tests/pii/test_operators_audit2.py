"""Audit of the redaction operators on non-ASCII text."""

from __future__ import annotations

import unicodedata

import pytest

from saferail.pii.model import PiiEntity
from saferail.pii.operators import OperatorConfig, RedactionConfig, RedactionContext, redact


def mask(value: str, **kw: object) -> str:
    return redact(
        value,
        [PiiEntity(0, len(value), "PERSON", 0.9, "test")],
        RedactionConfig(default=OperatorConfig.model_validate({"operator": "mask", **kw})),
        RedactionContext(),
    ).text


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("अनिल कुमार", "*** ***"),  # Devanagari vowel signs
        ("สมชาย ใจดี", "***** ***"),  # Thai vowel mark above
        (unicodedata.normalize("NFD", "José Müller"), "**** ******"),  # decomposed accents
        ("محمّد", "****"),  # Arabic shadda
    ],
)
def test_mask_leaves_no_combining_marks(name: str, masked: str) -> None:
    out = mask(name)
    assert out == masked
    assert not any(unicodedata.category(c)[0] == "M" for c in out)


def test_mask_keep_last_keeps_a_letter_with_its_marks() -> None:
    name = unicodedata.normalize("NFD", "Zoë")
    assert mask(name, keep_last=1) == "**" + unicodedata.normalize("NFD", "ë")


def test_mask_without_separators_masks_each_letter_once() -> None:
    assert mask("अनिल कुमार", keep_separators=False) == "*******"


def test_mask_of_ascii_is_unchanged() -> None:
    assert mask("anna.berg@corp.io") == "****.****@****.**"
    assert mask("4111 1111 1111 1111", keep_last=4) == "**** **** **** 1111"
