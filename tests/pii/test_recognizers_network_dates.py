"""Structured recognizers for IP_ADDRESS and DATE_OF_BIRTH."""

from __future__ import annotations

import datetime as dt

import pytest

from saferail.pii.recognizers import DateOfBirthRecognizer, IpAddressRecognizer, find_structured
from saferail.pii.recognizers.dob import MONTHS, parse_date


def found(text: str, entity_type: str) -> list[str]:
    return [
        text[e.start : e.end]
        for e in find_structured(text)
        if e.entity_type == entity_type and e.score >= 0.5
    ]


# --------------------------------------------------------------------------- IP addresses


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("login from 81.2.69.142 at noon", "81.2.69.142", 0.9),
        ("documentation range 203.0.113.42", "203.0.113.42", 0.85),
        ("proxy 8.8.4.4:53", "8.8.4.4", 0.9),
        ("internal host 10.20.30.40.", "10.20.30.40", 0.85),
        ("loopback 127.0.0.1", "127.0.0.1", 0.85),
        ("v6 2001:db8:85a3:0:0:8a2e:370:7334 ok", "2001:db8:85a3:0:0:8a2e:370:7334", 0.85),
        ("[2a00:1450:4001:82b::200e]:443", "2a00:1450:4001:82b::200e", 0.9),
        ("mapped ::ffff:192.0.2.128 here", "::ffff:192.0.2.128", 0.85),
        ("link-local fe80::1 on eth0", "fe80::1", 0.85),
        ("localhost is ::1", "::1", 0.85),
        ("IP:198.51.100.23", "198.51.100.23", 0.85),
        ("Upper 2001:DB8::A1B2:C3D4", "2001:DB8::A1B2:C3D4", 0.85),
        # a host or network written with its prefix length (the prefix is not PII)
        ("allow 81.2.69.142/32 only", "81.2.69.142", 0.9),
        ("subnet 10.1.2.0/24.", "10.1.2.0", 0.85),
        ("v6 net 2001:db8::/32", "2001:db8::", 0.85),
    ],
)
def test_ip_positives(text: str, value: str, score: float) -> None:
    [e] = IpAddressRecognizer().find(text)
    assert text[e.start : e.end] == value
    assert e.score == score


@pytest.mark.parametrize(
    "text",
    [
        "upgrade to v1.2.3.4 now",
        "version 10.0.19045.2965",
        "Version 1.2.3.4 released",
        "We run Python 3.11.7",
        "OID 1.3.6.1.4.1.311",
        "999.1.1.1 and 10.0.0.256",
        "leading zeros 010.001.002.003",
        "the time is 12:30:45",
        "MAC 00:1A:2B:3C:4D:5E",
        "C++ std::vector and a::b",
        "Haskell f :: Int -> Int",
        "dead::beef",
        "ticket 123e4567-e89b-12d3-a456-426614174000",
        "1.2.3.4.5.6",
        "not a prefix length 10.1.2.3/45",
    ],
)
def test_ip_negatives(text: str) -> None:
    assert found(text, "IP_ADDRESS") == []


# --------------------------------------------------------------------------- dates of birth


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # English
        ("I was born on 3 March 1985.", "3 March 1985"),
        ("She was born March 3rd, 1985 in Leeds.", "March 3rd, 1985"),
        ("DOB: 03/14/1979", "03/14/1979"),
        ("d.o.b. 1985-03-03", "1985-03-03"),
        ("Date of birth: 14/03/1979", "14/03/1979"),
        ("date of birth 3rd of March 1985", "3rd of March 1985"),
        ("birthday: Sept. 9, 1990", "Sept. 9, 1990"),
        ("DOB 03/04/85", "03/04/85"),
        ("What is your date of birth? It's 7/4/1976", "7/4/1976"),
        # German
        ("Geburtsdatum: 3. März 1985", "3. März 1985"),
        ("Ich bin am 14.03.1979 geboren.", "14.03.1979"),
        ("geb. 01.02.1960", "01.02.1960"),
        # French
        ("née le 1er mars 1985", "1er mars 1985"),
        ("Date de naissance : 28 août 1990", "28 août 1990"),
        # Spanish
        ("nació el 3 de marzo de 1985", "3 de marzo de 1985"),
        ("Fecha de nacimiento: 30/06/1972", "30/06/1972"),
        # Italian
        ("nata il 3 marzo 1985", "3 marzo 1985"),
        ("Data di nascita: 05/11/1966", "05/11/1966"),
        # Dutch
        ("geboren op 3 maart 1985", "3 maart 1985"),
        ("Geboortedatum: 21-04-1964", "21-04-1964"),
        # Polish
        ("urodzona 3 marca 1985 r.", "3 marca 1985"),
        ("Data urodzenia: 07.05.1963", "07.05.1963"),
        ("ur. 12 października 1950", "12 października 1950"),
    ],
)
def test_dob_positives(text: str, value: str) -> None:
    assert found(text, "DATE_OF_BIRTH") == [value]


def test_dob_score() -> None:
    [e] = DateOfBirthRecognizer().find("born on 3 March 1985")
    assert e.score == 0.85


@pytest.mark.parametrize(
    "text",
    [
        "the meeting is on 12/03/2024",
        "invoice dated 2021-05-01",
        "It has been like that since 5/5/1937.",
        "The orchestra was founded in 1977.",
        "DOB: 31/02/1990",  # not a calendar date
        "born on 12/03/2099",  # in the future
        "born 1899-01-01",  # before 1900
        "born on 2019-03-12T10:15:30Z",  # a timestamp
        "DOB 13/13/1985",
        "I was born in Paris. The meeting is on 12/03/2024.",
        "version 3.11.2021 is out",
        "Age: 34, joined the club on 12/03/2019",
        "19 February 1975 | Bicentenary, birth of a painter",
    ],
)
def test_dob_negatives(text: str) -> None:
    assert found(text, "DATE_OF_BIRTH") == []


def test_range_end_is_not_a_birth_date() -> None:
    text = "Ada Example (born 1 May 1901 – 3 June 1980) was a painter."
    assert found(text, "DATE_OF_BIRTH") == ["1 May 1901"]


def test_birth_cue_belongs_to_its_own_date() -> None:
    text = "Geburtsdatum: 03.02.1971 Bestellung 12345 ist am 14. September 2023 verschickt."
    assert found(text, "DATE_OF_BIRTH") == ["03.02.1971"]
    text = "Shipped on 10.07.2023. geboren am 12.03.1985"
    assert found(text, "DATE_OF_BIRTH") == ["12.03.1985"]
    text = "Zamówienie wysłane 10.07.2023. ur. 21 maja 1961"
    assert found(text, "DATE_OF_BIRTH") == ["21 maja 1961"]


def test_parse_date() -> None:
    assert parse_date("29/02/2000", "numeric")
    assert not parse_date("29/02/1900", "numeric")
    assert parse_date("12/31/1999", "numeric")  # month/day order
    assert parse_date("3 de marzo de 1985", "dmy")
    assert parse_date("March 3, 1985", "mdy")
    assert not parse_date("March 32, 1985", "mdy")
    today = dt.date.today()
    assert not parse_date(f"{today.year + 1}-01-01", "numeric")


def test_month_table_covers_every_language() -> None:
    for name, month in {
        "march": 3, "märz": 3, "mars": 3, "marzo": 3, "maart": 3, "marca": 3,
        "août": 8, "września": 9, "dezember": 12, "diciembre": 12, "dicembre": 12,
    }.items():  # fmt: skip
        assert MONTHS[name] == month
