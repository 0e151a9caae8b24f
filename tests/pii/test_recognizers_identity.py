"""Structured recognizers for identity numbers: US_SSN, NATIONAL_ID and PASSPORT.

Valid test numbers are built here from their check-digit rules (never copied from a data
set), and each one is asserted valid by python-stdnum where stdnum covers it.
"""

from __future__ import annotations

import pytest
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel

from saferail.pii.recognizers import (
    NationalIdRecognizer,
    PassportRecognizer,
    UsSsnRecognizer,
    find_structured,
)
from saferail.pii.recognizers._idchecks import (
    icao_check_digit,
    valid_de_id_card,
    valid_nino,
    valid_rvnr,
)
from saferail.pii.recognizers.passport import passport_shape
from saferail.pii.recognizers.us_ssn import valid_ssn


def found(text: str, entity_type: str) -> list[str]:
    return [
        text[e.start : e.end]
        for e in find_structured(text)
        if e.entity_type == entity_type and e.score >= 0.5
    ]


# --------------------------------------------------------------------------- builders


def make_dni(number: int) -> str:
    return f"{number:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def make_nie(prefix: str, number: int) -> str:
    lead = "XYZ".index(prefix)
    return f"{prefix}{number:07d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[int(f"{lead}{number:07d}") % 23]


def make_pesel(yymmdd: str, serial: str) -> str:
    body = yymmdd + serial
    return body + pesel.calc_check_digit(body)


def make_nir(first13: str) -> str:
    return first13 + f"{97 - int(first13) % 97:02d}"


def make_idnr(first10: str) -> str:
    return first10 + mod_11_10.calc_check_digit(first10)


def make_bsn(first8: str) -> str:
    """The "11-proof": weights 9..2 on the first eight digits, minus the last digit."""
    total = sum(int(d) * w for d, w in zip(first8, range(9, 1, -1), strict=True))
    assert total % 11 < 10, "no check digit for this prefix"
    return first8 + str(total % 11)


def make_rvnr(area: str, ddmmyy: str, letter: str, serial: str) -> str:
    digits = area + ddmmyy + f"{ord(letter) - 64:02d}" + serial
    products = [
        int(d) * w for d, w in zip(digits, (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1), strict=True)
    ]
    check = sum(sum(map(int, str(p))) for p in products) % 10
    return f"{area}{ddmmyy}{letter}{serial}{check}"


DNI = make_dni(48301257)
NIE = make_nie("Y", 2345678)
CF = "RSSMRA85T10A562S"  # the usual documentation example
PESEL = make_pesel("900715", "0451")
NIR = make_nir("2920775123456")
IDNR = make_idnr("8150930472")
BSN = make_bsn("23456781")
RVNR = make_rvnr("12", "150385", "M", "01")
NHS = "9434765919"


def test_builders_make_valid_numbers() -> None:
    assert dni.is_valid(DNI)
    assert nie.is_valid(NIE)
    assert codicefiscale.is_valid(CF)
    assert pesel.is_valid(PESEL)
    assert nir.is_valid(NIR)
    assert idnr.is_valid(IDNR)
    assert bsn.is_valid(BSN)
    assert valid_rvnr(RVNR)
    assert nhs.is_valid(NHS)


# --------------------------------------------------------------------------- US SSN


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("SSN: 536-22-8726", "536-22-8726", 0.95),
        ("on file 536-22-8726.", "536-22-8726", 0.85),
        ("my ssn is 536 22 8726", "536 22 8726", 0.85),
        ("Social Security number 536228726", "536228726", 0.85),
    ],
)
def test_ssn_positives(text: str, value: str, score: float) -> None:
    [e] = [e for e in find_structured(text) if e.entity_type == "US_SSN"]
    assert text[e.start : e.end] == value
    assert e.score == score


@pytest.mark.parametrize(
    "text",
    [
        "SSN 000-12-3456",  # area 000
        "SSN 666-12-3456",  # area 666
        "SSN 912-70-1234",  # 9xx: an ITIN, not an SSN
        "SSN 536-00-8726",  # group 00
        "SSN 536-22-0000",  # serial 0000
        "SSN 111-11-1111",  # one repeated digit
        "536228726 without any cue",
        "536 22 8726 without any cue",
        "Order 536-22-8726 shipped",
        "call 536-22-8726 now",
        "536-22-87260",
    ],
)
def test_ssn_negatives(text: str) -> None:
    assert found(text, "US_SSN") == []


def test_valid_ssn() -> None:
    assert valid_ssn("536228726")
    assert not valid_ssn("53622872")
    assert not valid_ssn("9362287260"[:9])


# --------------------------------------------------------------------------- national IDs


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # distinctive shapes, no cue needed
        (f"Mi documento es {DNI}.", DNI),
        (f"con guion {DNI[:8]}-{DNI[8]}", f"{DNI[:8]}-{DNI[8]}"),
        (f"residente {NIE}", NIE),
        (f"il mio {CF} grazie", CF),
        (f"minuscolo {CF.lower()}", CF.lower()),
        (f"numéro {NIR}", NIR),
        (
            f"espacé {NIR[0]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} {NIR[7:10]} {NIR[10:13]} {NIR[13:]}",
            f"{NIR[0]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} {NIR[7:10]} {NIR[10:13]} {NIR[13:]}",
        ),
        (f"Versicherung {RVNR}", RVNR),
        ("NI number AB 12 34 56 C", "AB 12 34 56 C"),
        ("national insurance AB123456C", "AB123456C"),
        ("ITIN 912-70-1234", "912-70-1234"),
        # weak shapes, with their own cue
        (f"Mój PESEL to {PESEL}.", PESEL),
        (f"BSN: {BSN}", BSN),
        (f"burgerservicenummer {BSN}", BSN),
        (f"Steuer-ID: {IDNR}", IDNR),
        (f"Steueridentifikationsnummer {IDNR[:2]} {IDNR[2:5]} {IDNR[5:8]} {IDNR[8:]}",
         f"{IDNR[:2]} {IDNR[2:5]} {IDNR[5:8]} {IDNR[8:]}"),
        (f"NHS number {NHS[:3]} {NHS[3:6]} {NHS[6:]}", f"{NHS[:3]} {NHS[3:6]} {NHS[6:]}"),
        ("taxpayer identification 912701234", "912701234"),
    ],
)  # fmt: skip
def test_national_id_positives(text: str, value: str) -> None:
    assert found(text, "NATIONAL_ID") == [value]


def test_national_id_scores() -> None:
    rec = NationalIdRecognizer()
    [plain] = rec.find(f"x {DNI}")
    [cued] = rec.find(f"DNI {DNI}")
    [weak] = rec.find(f"PESEL {PESEL}")
    assert plain.score == 0.9
    assert cued.score == 0.95
    assert weak.score == 0.85


def test_german_id_card_needs_a_cue() -> None:
    serial = "T22000129"
    number = serial + str(icao_check_digit(serial))
    assert valid_de_id_card(number)
    assert found(f"Personalausweis {number}", "NATIONAL_ID") == [number]
    assert found(f"Code {number}", "NATIONAL_ID") == []


def _bump(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.mark.parametrize(
    "text",
    [
        f"DNI {DNI[:8]}{'A' if DNI[8] != 'A' else 'B'}",  # wrong letter
        f"codice fiscale {CF[:-1]}{'A' if CF[-1] != 'A' else 'B'}",
        f"NIR {_bump(NIR)}",
        f"PESEL {_bump(PESEL)}",
        f"BSN {_bump(BSN)}",
        f"Versicherung {_bump(RVNR)}",
        f"ticket {PESEL} is open",  # valid PESEL checksum, but no cue
        f"order {BSN}",  # valid 11-proof, but no cue
        f"number {IDNR}",
        "NINO: QQ 12 34 56 C",  # QQ is not allocated
        "NI number BG123456A",
        "NI number AB123456E",  # suffix must be A-D
        "ITIN 912-89-1234",  # group 89 is not an ITIN group
    ],
)
def test_national_id_negatives(text: str) -> None:
    assert found(text, "NATIONAL_ID") == []


def test_nino_rules() -> None:
    assert valid_nino("AB123456C")
    assert not valid_nino("DA123456C")  # D is not a first letter
    assert not valid_nino("AO123456C")  # O is not a second letter
    assert not valid_nino("TN123456C")


# --------------------------------------------------------------------------- passports


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("passport number: 123456789", "123456789"),
        ("US passport A12345678, valid until 2031", "A12345678"),
        ("Passport No. 987654321.", "987654321"),
        ("Reisepassnummer C01X00T47", "C01X00T47"),
        ("Reisepass-Nr.: CFGH12345", "CFGH12345"),
        ("numéro de passeport 12AB34567", "12AB34567"),
        ("Mi número de pasaporte es AAA123456.", "AAA123456"),
        ("il numero di passaporto è YA1234567", "YA1234567"),
        ("Paspoortnummer: NW1K23456", "NW1K23456"),
        ("Nr paszportu: ZS1234567", "ZS1234567"),
        ("PASSPORT NO: 564738291", "564738291"),
    ],
)
def test_passport_positives(text: str, value: str) -> None:
    assert found(text, "PASSPORT") == [value]


def test_passport_score() -> None:
    [e] = PassportRecognizer().find("passport 123456789")
    assert e.score == 0.8


@pytest.mark.parametrize(
    "text",
    [
        "123456789",  # no cue
        "A12345678 is the order",
        "I lost my passport in Paris on 12.03.2024",
        "Passport photo taken in 2019",
        "passport valid until 2031-05-01",
        "the passport office is at 221 Baker Street",
        "password 123456789",
        "passport number: abc123def",
        "passport: 12-345-678",
    ],
)
def test_passport_negatives(text: str) -> None:
    assert found(text, "PASSPORT") == []


def test_passport_shape() -> None:
    assert passport_shape("123456789")
    assert passport_shape("YA1234567")
    assert not passport_shape("ABCDEFGHI")
    assert not passport_shape("12345")
    assert not passport_shape("ya1234567")


def test_ssn_recognizer_alone() -> None:
    text = "SSN 536-22-8726"
    [e] = UsSsnRecognizer().find(text)
    assert (e.entity_type, text[e.start : e.end]) == ("US_SSN", "536-22-8726")
