"""Structured recognizers for contact data: EMAIL_ADDRESS, URL and PHONE_NUMBER."""

from __future__ import annotations

import pytest

from saferail.pii.recognizers import (
    EmailRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
    find_structured,
)


def found(text: str, entity_type: str) -> list[str]:
    """Values of ``entity_type`` that find_structured reports (score >= 0.5)."""
    return [
        text[e.start : e.end]
        for e in find_structured(text)
        if e.entity_type == entity_type and e.score >= 0.5
    ]


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Write to anna.k-smith@mail.example.de please", "anna.k-smith@mail.example.de"),
        ("Mail: ops+alerts@example.co.uk.", "ops+alerts@example.co.uk"),
        ("Kontakt: jürgen.weiß@beispiel.de, danke", "jürgen.weiß@beispiel.de"),
        ("(contact: m_rossi@posta.example.it)", "m_rossi@posta.example.it"),
        ("<o'connor@example.ie>", "o'connor@example.ie"),
        ("quoted 'lena@example.nl' here", "lena@example.nl"),
        ("ALL CAPS: JAN.KOWALSKI@PRZYKLAD.PL", "JAN.KOWALSKI@PRZYKLAD.PL"),
        # other scripts (the Latin pattern missed them)
        ("пишите на иван@пример.рф пожалуйста", "иван@пример.рф"),
        ("почта: анна.смирнова@почта.рус.", "анна.смирнова@почта.рус"),
        ("Στείλτε στο ελένη@παράδειγμα.ελ σήμερα", "ελένη@παράδειγμα.ελ"),
        ("联系 用户@例子.广告 谢谢", "用户@例子.广告"),
        ("mail ivan@пример.рф now", "ivan@пример.рф"),
    ],
)
def test_email_positives(text: str, value: str) -> None:
    assert found(text, "EMAIL_ADDRESS") == [value]


def test_many_non_latin_addresses_are_all_found() -> None:
    text = " ".join(f"адрес{i}@пример.рф" for i in range(300))
    assert len(found(text, "EMAIL_ADDRESS")) == 300


def test_email_ip_literal_scores_lower() -> None:
    text = "root@[192.0.2.7] is the admin box"
    [e] = [e for e in EmailRecognizer().find(text)]
    assert text[e.start : e.end] == "root@[192.0.2.7]"
    assert e.score < 0.95


@pytest.mark.parametrize(
    "text",
    [
        "retina image icon@2x.png in the repo",
        "ping @channel and @here",
        "user@localhost is not routable",
        "the address ends with @ sign",
        "name@domain",
        "a@b.c",
        "пишите @имя в телеграме",
        "цена@5.00 за штуку",
        "ник: @иван",
    ],
)
def test_email_negatives(text: str) -> None:
    assert found(text, "EMAIL_ADDRESS") == []


# --------------------------------------------------------------------------- URL


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "see https://docs.example.org/guide?x=1&y=2#top.",
            "https://docs.example.org/guide?x=1&y=2#top",
        ),
        ("(details at www.example.com/path)", "www.example.com/path"),
        ("ftp://files.example.net/pub/a.tar.gz", "ftp://files.example.net/pub/a.tar.gz"),
        ("read https://en.example.org/wiki/Foo_(bar) now", "https://en.example.org/wiki/Foo_(bar)"),
        ("Formular unter http://beispiel.de/antrag.", "http://beispiel.de/antrag"),
        ("on example.org/forms/a today", "example.org/forms/a"),
        ("bare with slash example.org/ ok", "example.org/"),
        ("HTTPS://EXAMPLE.COM/X", "HTTPS://EXAMPLE.COM/X"),
    ],
)
def test_url_positives(text: str, value: str) -> None:
    assert found(text, "URL") == [value]


def test_bare_domain_scores_lower_than_full_url() -> None:
    rec = UrlRecognizer()
    [bare] = rec.find("visit example.com today")
    [full] = rec.find("visit https://example.com today")
    assert bare.score == 0.5
    assert full.score > bare.score


@pytest.mark.parametrize(
    "text",
    [
        "edit config.yaml and script.py, then README.md",
        "e.g. this, i.e. that",
        "the module node.js and file main.rs",
        "version 1.2.3.com",
        "log in.it was fine",
        "https:// alone",
    ],
)
def test_url_negatives(text: str) -> None:
    assert found(text, "URL") == []


def test_domain_of_an_email_is_not_a_url() -> None:
    assert found("mail jo@example.com now", "URL") == []


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # en_US
        ("Call me at (212) 555-0147 tomorrow.", "(212) 555-0147"),
        ("My cell: 212.555.0147", "212.555.0147"),
        ("Phone +1 212 555 0147", "+1 212 555 0147"),
        ("reach me at +1 (415) 555-2671 x204", "+1 (415) 555-2671 x204"),
        ("Please text 2125550147", "2125550147"),
        # en_GB
        ("Ring me on 020 7946 0958", "020 7946 0958"),
        ("Mobile 07700 900 461", "07700 900 461"),
        ("0044 20 7946 0958 is the switchboard", "0044 20 7946 0958"),
        # de_DE
        ("Telefon: 030 12345678", "030 12345678"),
        ("Ruf an: +49 (0)30 1234567", "+49 (0)30 1234567"),
        ("Fax: (030) 1234-5678", "(030) 1234-5678"),
        # fr_FR
        ("Téléphone : 01 42 68 53 00", "01 42 68 53 00"),
        ("appelez le 06.12.34.56.78", "06.12.34.56.78"),
        # es_ES
        ("Teléfono: 912 345 678", "912 345 678"),
        ("llámame al 612 34 56 78", "612 34 56 78"),
        # it_IT
        ("cellulare 347 123 4567", "347 123 4567"),
        ("Telefono: 06 1234 5678", "06 1234 5678"),
        # nl_NL
        ("bel me op 06-12345678", "06-12345678"),
        ("Telefoon: 020 123 4567", "020 123 4567"),
        # pl_PL
        ("komórka 512 345 678", "512 345 678"),
        ("Telefon: 12 345 67 89", "12 345 67 89"),
        # international format without a cue
        ("+48 512 345 678", "+48 512 345 678"),
        ("+39 347 123 4567", "+39 347 123 4567"),
    ],
)
def test_phone_positives(text: str, value: str) -> None:
    assert found(text, "PHONE_NUMBER") == [value]


def test_phone_labels_after_the_number() -> None:
    text = "0161 496 0000 office\n07700 900 461 mobile"
    assert found(text, "PHONE_NUMBER") == ["0161 496 0000", "07700 900 461"]
    text = "(030) 1234567-Office, (030) 7654321-Fax"
    assert found(text, "PHONE_NUMBER") == ["(030) 1234567", "(030) 7654321"]


def test_two_numbers_side_by_side() -> None:
    text = "Tel: 030 12345678 / 030 87654321"
    assert found(text, "PHONE_NUMBER") == ["030 12345678", "030 87654321"]


def test_phone_score_reflects_validity_and_cues() -> None:
    rec = PhoneRecognizer()
    [cued] = rec.find("Call me at 212-555-0147")
    [plain] = rec.find("See 212-555-0147")
    assert cued.score >= 0.85
    assert 0.5 <= plain.score < cued.score


def test_phone_regions_are_configurable() -> None:
    text = "Teléfono 912 345 678"
    assert PhoneRecognizer().find(text)
    us_only = PhoneRecognizer(regions=("US",)).find(text)
    assert all(e.score < 0.85 for e in us_only)


@pytest.mark.parametrize(
    "text",
    [
        "Order #123456789012 was shipped.",
        "Order no. 3722920509 shipped today",
        "Bestellnummer: 3658-3985-68",
        "Invoice 2021-0042-77 is due",
        "Passport No.: 123456789",
        "Reference 1234567890",
        "It costs $1,234,567.89 in total.",
        "Kosztuje 1 234 567,89 zł.",
        "Preis: 1.234.567,89 €",
        "population 38 386 000 in 2021",
        "ISBN 978-3-16-148410-0",
        "see 978-3-16-148410-0 for details",
        "the meeting is on 12/03/2024 at 10:30",
        "logged at 2024-03-12 10:15:30",
        "upgrade to v1.2.3.4 now",
        "version 10.0.19045.2965 installed",
        "OID 1.3.6.1.4.1.311 is registered",
        "server 192.168.100.200 is down",
        "ticket 123e4567-e89b-12d3-a456-426614174000 is open",
        "timestamp 1700000000 in seconds",
        "SSN 123-45-6789",
        "IBAN: DE89 3704 0044 0532 0130 00",
        "Meeting room 4B, floor 12, 3 people",
        "17151 2450 Crown Street",
        "at 60.2754583°N 30.5460167°E",  # coordinates
        "catalogue no. 0 6700 33227 1 3",  # barcode
        'the television series "Lost" (2010-2012)',  # year range, "tele..." is no cue
        'const ClientID = "12345678-ABCD-ABCD-ABCD"',
        "the no-fly zone was debated by April 1993 500 times",
    ],
)
def test_phone_negatives(text: str) -> None:
    assert found(text, "PHONE_NUMBER") == []


def test_phone_cue_for_the_next_field_does_not_count() -> None:
    # "Tel.:" on the next line labels the next value, not this reference number.
    text = "Reference: 9506136368\nTel.: +44 20 7946 0958"
    assert found(text, "PHONE_NUMBER") == ["+44 20 7946 0958"]


_LOADED_AFTER_BUILD = """
import sys
from phonenumbers.phonemetadata import PhoneMetadata
from saferail.checks.pii import Pii, PiiParams
loaded = getattr(PhoneMetadata, "_region_metadata", None)
if not isinstance(loaded, dict):
    print("unknown")
    sys.exit(0)
Pii(PiiParams(entities=[sys.argv[1]]))
print(" ".join(sorted(loaded)))
"""


@pytest.mark.parametrize(("entity", "loads"), [("PHONE_NUMBER", True), ("EMAIL_ADDRESS", False)])
def test_building_a_pii_check_loads_phone_metadata_for_every_region_of_its_codes(
    entity: str, loads: bool
) -> None:
    """libphonenumber loads a region's metadata on its first number; the check loads it when
    built (for +1 that is two dozen regions: a US number is checked against all of them), so
    a request is not the one that waits. Fresh processes: the metadata is process-wide."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER_BUILD, entity],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    regions = set(proc.stdout.split())
    if regions == {"unknown"}:
        pytest.skip("this phonenumbers version keeps its metadata elsewhere")
    assert ({"US", "CA", "JM", "GB", "DE", "PL"} <= regions) is loads


def test_warm_up_skips_unknown_regions() -> None:
    """An unknown region has no country code (0): it is skipped, not an error."""
    import phonenumbers

    from saferail.pii.recognizers.phone import warm_up

    assert phonenumbers.country_code_for_region("XX") == 0
    warm_up(("XX", "GB"))  # raises nothing
    assert found("Call +44 20 7946 0958 today.", "PHONE_NUMBER") == ["+44 20 7946 0958"]
