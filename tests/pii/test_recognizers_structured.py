"""find_structured and the recognizer package as a whole: protocol, overlaps, type filter,
RE2-only patterns, adversarial inputs, the one-pass gate, offsets on canonical text."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import re2

import saferail.pii.recognizers as pkg
from saferail.checks.canonical import canonicalize
from saferail.pii.model import ENTITY_TYPES, PiiEntity
from saferail.pii.recognizers import (
    STRUCTURED_RECOGNIZERS,
    EmailRecognizer,
    find_structured,
    resolve_overlaps,
)
from saferail.pii.recognizers._common import Scanner

MODULES = sorted(
    f"{pkg.__name__}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__) if m.name[0] != "_"
)
INSTANCES = [cls() for cls in STRUCTURED_RECOGNIZERS]

MIXED = (
    "Hi, this is a note about my account. You can reach me at jane.roe@example.org or call "
    "me on +44 20 7946 0958 after 5pm. I was born on 12 March 1985 and my card number is "
    "4111 1111 1111 1111. Please refund the deposit to DE89 3704 0044 0532 0130 00. "
    "The login came from 81.2.69.142; details at https://example.org/claims/77."
)
MIXED_EXPECTED = [
    ("EMAIL_ADDRESS", "jane.roe@example.org"),
    ("PHONE_NUMBER", "+44 20 7946 0958"),
    ("DATE_OF_BIRTH", "12 March 1985"),
    ("CREDIT_CARD", "4111 1111 1111 1111"),
    ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
    ("IP_ADDRESS", "81.2.69.142"),
    ("URL", "https://example.org/claims/77"),
]


def pairs(text: str, entities: list[PiiEntity]) -> list[tuple[str, str]]:
    return [(e.entity_type, text[e.start : e.end]) for e in entities]


def run_all(text: str) -> list[PiiEntity]:
    """Every recognizer on ``text``, without the one-pass gate."""
    out: list[PiiEntity] = []
    for rec in INSTANCES:
        out.extend(rec.find(text))
    return resolve_overlaps(out)


# --------------------------------------------------------------------------- protocol


def test_recognizers_satisfy_the_protocol() -> None:
    names = set()
    for cls, rec in zip(STRUCTURED_RECOGNIZERS, INSTANCES, strict=True):
        assert isinstance(cls.name, str) and cls.name not in names
        names.add(cls.name)
        assert cls.entity_types and set(cls.entity_types) <= set(ENTITY_TYPES)
        assert cls.triggers
        assert rec.find("") == []
        assert rec.find("nothing to see here") == []


def test_every_structured_type_has_a_recognizer() -> None:
    covered = {t for cls in STRUCTURED_RECOGNIZERS for t in cls.entity_types}
    assert covered == set(ENTITY_TYPES) - {"PERSON", "STREET_ADDRESS"}


def test_mixed_message_exact_spans() -> None:
    found = find_structured(MIXED)
    assert pairs(MIXED, found) == MIXED_EXPECTED
    assert all(0.5 <= e.score <= 1.0 for e in found)
    assert [e.start for e in found] == sorted(e.start for e in found)


def test_entity_type_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: object, text: str) -> list[PiiEntity]:
        raise AssertionError("recognizer for an unwanted type was run")

    for cls in STRUCTURED_RECOGNIZERS:
        if cls is not EmailRecognizer:
            monkeypatch.setattr(cls, "find", boom)
    only = find_structured(MIXED, frozenset({"EMAIL_ADDRESS"}))
    assert pairs(MIXED, only) == [("EMAIL_ADDRESS", "jane.roe@example.org")]
    assert find_structured(MIXED, frozenset()) == []


def test_entity_type_filter_keeps_types() -> None:
    wanted = frozenset({"IBAN_CODE", "URL"})
    assert pairs(MIXED, find_structured(MIXED, wanted)) == [
        ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
        ("URL", "https://example.org/claims/77"),
    ]


# --------------------------------------------------------------------------- overlaps


def test_resolve_overlaps_prefers_score_then_length_then_specificity() -> None:
    a = PiiEntity(0, 10, "PHONE_NUMBER", 0.8, "phone")
    b = PiiEntity(5, 12, "CREDIT_CARD", 0.95, "credit_card")
    c = PiiEntity(20, 30, "URL", 0.5, "url")
    d = PiiEntity(20, 25, "URL", 0.5, "url")
    e = PiiEntity(40, 49, "PHONE_NUMBER", 0.85, "phone")
    f = PiiEntity(40, 49, "NATIONAL_ID", 0.85, "national_id")
    g = PiiEntity(49, 52, "URL", 0.5, "url")  # touching, not overlapping
    assert resolve_overlaps([a, b, c, d, e, f, g]) == [b, c, f, g]
    assert resolve_overlaps([]) == []


def test_email_wins_over_the_url_inside_it() -> None:
    text = "write to sales@shop.example.com today"
    assert pairs(text, find_structured(text)) == [("EMAIL_ADDRESS", "sales@shop.example.com")]


# --------------------------------------------------------------------------- hard negatives


@pytest.mark.parametrize(
    "text",
    [
        "Card 4111 1111 1111 1112 was declined",  # invalid Luhn
        "Order #123456789012 was shipped on Monday.",
        "Ticket 123e4567-e89b-12d3-a456-426614174000 is still open.",
        "Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8.",
        "Short sha 1234567abcdef and a7c3e91",
        "Please upgrade to v1.2.3.4 before Friday.",
        "We run Python 3.11.7 on the build hosts.",
        "The meeting is on 12/03/2024 at 10:30.",
        "Invoice dated 2021-05-01, due 2021-06-01.",
        "ISBN 978-3-16-148410-0 and ISBN 0-306-40615-2.",
        "Logged at 2024-03-12T10:15:30Z (epoch 1710238530, ms 1710238530000).",
        "IBAN DE89 3704 0044 0532 0130 01 has a bad checksum.",
        "The house costs $1,234,567.89 before tax.",
        "Il costo è di 1.234.567,89 € più IVA.",
        "Tracking number: 1Z999AA10123456784",
        "Sendungsnummer: JJD000390007827490",
        "Reference A1234567 and INV-2023-00042",
        "Room 4B, floor 12, 3 people, 45 minutes.",
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert pairs(text, find_structured(text)) == []


# --------------------------------------------------------------------------- RE2 / ReDoS


@pytest.mark.parametrize("module", MODULES)
def test_pattern_tables_compile_under_re2(module: str) -> None:
    mod = importlib.import_module(module)
    patterns = getattr(mod, "PATTERNS", None)
    assert isinstance(patterns, dict) and patterns, f"{module} has no PATTERNS table"
    for name, source in patterns.items():
        assert re2.compile(source) is not None, name


def test_triggers_compile_under_re2() -> None:
    for cls in STRUCTURED_RECOGNIZERS:
        for source in cls.triggers:
            assert re2.compile(source) is not None, cls.name


ADVERSARIAL = [
    "1" * 100_000,
    "1-" * 50_000,
    "1 " * 50_000,
    "1." * 50_000,
    "a@" * 50_000,
    "a." * 50_000,
    "0x" + "a" * 100_000,
    "1" + "A" * 99_999,
    "bc1" + "q" * 99_997,
    "DE89 " * 20_000,
    "ab12 " * 20_000,
    ":" * 100_000,
    "1:" * 50_000,
    "http://" + "a." * 49_990,
    "born on 12/03/1985 " * 5_000,
    "passport " * 11_000,
    "(" * 50_000 + "1" * 50_000,
    "+1 (" * 25_000,
    "é1" * 50_000,
    "и@" * 50_000,
    "иван@пример." * 20_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_inputs_complete(text: str) -> None:
    assert isinstance(find_structured(text), list)


@pytest.mark.parametrize("text", [t[:20_000] for t in ADVERSARIAL], ids=lambda t: repr(t[:12]))
def test_adversarial_inputs_through_the_gate(text: str) -> None:
    assert pairs(text, find_structured(text)) == pairs(text, run_all(text))


# --------------------------------------------------------------------------- the gate


GATE_TEXTS = [
    MIXED,
    "Phone:\n0161 496 0000\nIBAN: GB82 WEST 1234 5698 7654 32",
    "DNI 48301257W, NIE Y2345678Z, born 3 de marzo de 1985",
    "passport number: 123456789; SSN 536-22-8726; eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "v6 2001:db8::1 and bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 and www.example.com/x",
    "plain prose without anything in it at all",
]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_gate_changes_nothing(text: str) -> None:
    assert pairs(text, find_structured(text)) == pairs(text, run_all(text))


# --------------------------------------------------------------------------- offsets


def test_offsets_after_non_ascii_text() -> None:
    text = "Grüße aus Köln 🌍 — schreib an jürgen@beispiel.de oder ruf an: +49 30 1234567"
    assert pairs(text, find_structured(text)) == [
        ("EMAIL_ADDRESS", "jürgen@beispiel.de"),
        ("PHONE_NUMBER", "+49 30 1234567"),
    ]


def test_scanner_fast_path_matches_public_api() -> None:
    scanner = Scanner(r"(?P<num>\d+)|(?P<word>[a-zé]+é)")
    slow = Scanner(r"(?P<num>\d+)|(?P<word>[a-zé]+é)")
    slow._raw = None
    for text in ("abc 12 éé x 3", "日本 42 café 7", "", "no digits"):
        assert scanner.scan(text) == slow.scan(text)
    assert scanner.scan("x 12 café") == [(2, 4, "num"), (5, 9, "word")]


def test_canonicalized_input_maps_back_to_the_original() -> None:
    # Fullwidth digits and a zero-width space: the canonical view is what recognizers see.
    original = "Call me on ＋４４ ２０ ７９４６ ０９５８, SSN 536\u200b-22-8726."
    canon = canonicalize(original, decode=False)
    found = find_structured(canon.text)
    spans = [(e.entity_type, *canon.main.to_original(e.start, e.end)) for e in found]
    assert [(t, original[s:e]) for t, s, e in spans] == [
        ("PHONE_NUMBER", "＋４４ ２０ ７９４６ ０９５８"),
        ("US_SSN", "536\u200b-22-8726"),
    ]


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00" * 10, "\ud800 536-22-8726", "\U0001f600" * 100, "@", "0x", "+"],
)
def test_odd_inputs_never_raise(text: str) -> None:
    assert isinstance(find_structured(text), list)
    for rec in INSTANCES:
        assert isinstance(rec.find(text), list)
