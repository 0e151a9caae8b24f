"""The ``pii`` check end to end: every entity type, hard negatives, params, obfuscation.

Every value here is made up for these tests (names, streets, numbers), or is a standard
documentation example (the test card 4111 1111 1111 1111, the IBAN DE89 3704 0044 0532 0130
00, the codice fiscale RSSMRA85T10A562S, the DNI 12345678Z...). Domains are example.com /
example.org. Wallet addresses are built here from a made-up payload with their checksums.
"""

from __future__ import annotations

import hashlib

import pytest

from saferail import Guard, parse_policy
from saferail.checks.base import Finding
from saferail.checks.pii import CustomRecognizer, Pii, PiiParams
from saferail.errors import PolicyError
from saferail.pii.model import ENTITY_TYPES
from saferail.pii.recognizers._keccak import keccak256
from tests.conftest import run_check

PII = Pii()


def spans(text: str, check: Pii = PII) -> list[tuple[str, str]]:
    """(entity type, exact value) of every finding, in text order."""
    found = run_check(check, text)
    for f in found:
        assert f.start is not None and f.end is not None
        assert 0 <= f.start < f.end <= len(text)
    return [(f.entity_type or "", text[f.start : f.end]) for f in found]


def only(text: str, entity_type: str, check: Pii = PII) -> list[str]:
    """The exact values of one entity type found in ``text``."""
    return [value for etype, value in spans(text, check) if etype == entity_type]


# -- wallet addresses built from a made-up payload ------------------------------------------

_PAYLOAD = hashlib.sha256(b"saferail made-up wallet payload").digest()[:20]
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def base58check(version: int, payload: bytes) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate(gen):
            if (top >> i) & 1:
                chk ^= g
    return chk


def bech32_v0(program: bytes) -> str:
    acc = bits = 0
    data = [0]  # witness version 0
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"]
    mod = _polymod(hrp + data + [0] * 6) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(_BECH32[d] for d in data + checksum)


def eip55(payload: bytes) -> str:
    # The well-known Keccak-256 digest of the empty string: the hash below is Keccak, not SHA-3.
    empty = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert keccak256(b"").hex() == empty
    body = payload.hex()
    digest = keccak256(body.encode("ascii")).hex()[: len(body)]
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(h, 16) >= 8 else c
        for c, h in zip(body, digest, strict=True)
    )


BTC_LEGACY = base58check(0x00, _PAYLOAD)
BTC_P2SH = base58check(0x05, _PAYLOAD)
BTC_SEGWIT = bech32_v0(_PAYLOAD)
ETH_CHECKSUM = eip55(_PAYLOAD)
ETH_PLAIN = "0x" + _PAYLOAD.hex()


def test_wallet_helpers_build_what_they_claim() -> None:
    assert BTC_LEGACY.startswith("1") and BTC_P2SH.startswith("3")
    assert BTC_SEGWIT.startswith("bc1q") and len(BTC_SEGWIT) == 42
    assert ETH_CHECKSUM.lower() == ETH_PLAIN and ETH_CHECKSUM != ETH_PLAIN


# -- (a) positives: every entity type, exact spans ----------------------------------------

# (entity type, text, the exact value that must be reported)
POSITIVES: list[tuple[str, str, str]] = [
    # PERSON: introductions in the seven languages
    ("PERSON", "I'm Maren Holtby and I need help with my booking.", "Maren Holtby"),
    ("PERSON", "Hello! I'm Maren Holtby.", "Maren Holtby"),
    ("PERSON", "My name is Corwin Ashdale.", "Corwin Ashdale"),
    ("PERSON", "Hallo, ich bin Jörg Wendtland und habe eine Frage.", "Jörg Wendtland"),
    ("PERSON", "Mein Name ist Friederike Lanzinger.", "Friederike Lanzinger"),
    (
        "PERSON",
        "Bonjour, je m'appelle Élodie Marchetaud et j'habite à Lyon.",
        "Élodie Marchetaud",
    ),
    ("PERSON", "Je suis Anaïs Dumoulin.", "Anaïs Dumoulin"),
    ("PERSON", "Hola, me llamo Inés Carbajosa y quiero cambiar mi vuelo.", "Inés Carbajosa"),
    ("PERSON", "Soy Lucía Ortega Varela.", "Lucía Ortega Varela"),
    ("PERSON", "Ciao, mi chiamo Giulia Ferrandi e vorrei un rimborso.", "Giulia Ferrandi"),
    ("PERSON", "Sono Matteo Bianconi, il nuovo cliente.", "Matteo Bianconi"),
    ("PERSON", "Hallo, ik ben Sanne de Vrieslander en ik heb een vraag.", "Sanne de Vrieslander"),
    ("PERSON", "Ik heet Femke Dijkstra.", "Femke Dijkstra"),
    (
        "PERSON",
        "Dzień dobry, nazywam się Agnieszka Wróblewska i mam pytanie.",
        "Agnieszka Wróblewska",
    ),
    ("PERSON", "Jestem Tomasz Wiśniewski.", "Tomasz Wiśniewski"),
    # PERSON: signatures
    ("PERSON", "Thanks for your help.\n\nBest regards,\nTobias Ellingham", "Tobias Ellingham"),
    ("PERSON", "Bis bald.\n\nMit freundlichen Grüßen\nKatrin Oberhauser", "Katrin Oberhauser"),
    ("PERSON", "Merci.\n\nCordialement,\nMathilde Gauthereau", "Mathilde Gauthereau"),
    ("PERSON", "Gracias.\n\nAtentamente,\nJavier Montesinos Ruiz", "Javier Montesinos Ruiz"),
    ("PERSON", "Grazie.\n\nCordiali saluti,\nAlessandro Pellegrino", "Alessandro Pellegrino"),
    (
        "PERSON",
        "Dank je.\n\nMet vriendelijke groet,\nPieter van den Berghe",
        "Pieter van den Berghe",
    ),
    ("PERSON", "Dziękuję.\n\nPozdrawiam,\nMałgorzata Zielińska", "Małgorzata Zielińska"),
    # PERSON: form labels
    ("PERSON", "Applicant: Rowan Pemberly\nDate: 2024-05-01", "Rowan Pemberly"),
    ("PERSON", "Customer: Hamish O'Connell", "Hamish O'Connell"),
    ("PERSON", "Antragsteller: Lukas Brenninger", "Lukas Brenninger"),
    ("PERSON", "Nom complet : Élodie Marchetaud", "Élodie Marchetaud"),
    ("PERSON", "Nombre: Inés Carbajosa", "Inés Carbajosa"),
    ("PERSON", "Nome: Giulia Ferrandi", "Giulia Ferrandi"),
    ("PERSON", "Naam: Sanne de Vrieslander", "Sanne de Vrieslander"),
    ("PERSON", "Imię i nazwisko: Agnieszka Wróblewska", "Agnieszka Wróblewska"),
    # PERSON: ALL CAPS
    ("PERSON", "PATIENT: MARGARET OKONKWO-HALE", "MARGARET OKONKWO-HALE"),
    ("PERSON", "APPLICANT: ROWAN PEMBERLY", "ROWAN PEMBERLY"),
    ("PERSON", "ICH BIN JÖRG WENDTLAND.", "JÖRG WENDTLAND"),
    ("PERSON", "See you soon.\n\nBest regards,\nTOBIAS ELLINGHAM", "TOBIAS ELLINGHAM"),
    # PERSON: a title is not part of the name; a name in running text
    (
        "PERSON",
        "The letter was signed by Dr. Helena Vasquez-Moreau.",
        "Helena Vasquez-Moreau",
    ),
    ("PERSON", "Please forward this to Katarzyna Nowicka.", "Katarzyna Nowicka"),
    ("PERSON", "Lorenzo Bassani said the delivery will be late.", "Lorenzo Bassani"),
    # STREET_ADDRESS in the seven languages (US and UK formats for English)
    (
        "STREET_ADDRESS",
        "Please ship it to 742 Larchmont Avenue, Springfield, IL 62704 by Friday.",
        "742 Larchmont Avenue, Springfield, IL 62704",
    ),
    (
        "STREET_ADDRESS",
        "I live at 18 Windermere Road, Leeds LS6 2AB.",
        "18 Windermere Road, Leeds LS6 2AB",
    ),
    (
        "STREET_ADDRESS",
        "Office: 1600 Old Mill Road, Suite 200, Denver, CO 80202",
        "1600 Old Mill Road, Suite 200, Denver, CO 80202",
    ),
    (
        "STREET_ADDRESS",
        "Meine Adresse ist Lindenstraße 23, 10969 Berlin.",
        "Lindenstraße 23, 10969 Berlin",
    ),
    ("STREET_ADDRESS", "Bitte an Schillerstr. 12, 80336 München", "Schillerstr. 12, 80336 München"),
    (
        "STREET_ADDRESS",
        "J'habite au 12 rue des Lilas, 69003 Lyon depuis 2019.",
        "12 rue des Lilas, 69003 Lyon",
    ),
    (
        "STREET_ADDRESS",
        "Adresse : 8 boulevard Haussmann, 75009 Paris",
        "8 boulevard Haussmann, 75009 Paris",
    ),
    (
        "STREET_ADDRESS",
        "Mi dirección es Calle de Alcalá 45, 28014 Madrid.",
        "Calle de Alcalá 45, 28014 Madrid",
    ),
    ("STREET_ADDRESS", "Envíelo a Calle Mayor, 5, 28013 Madrid", "Calle Mayor, 5, 28013 Madrid"),
    (
        "STREET_ADDRESS",
        "Vivo in Via Garibaldi 17, 20121 Milano.",
        "Via Garibaldi 17, 20121 Milano",
    ),
    (
        "STREET_ADDRESS",
        "Indirizzo: Viale dei Mille 24, 50131 Firenze",
        "Viale dei Mille 24, 50131 Firenze",
    ),
    (
        "STREET_ADDRESS",
        "Mijn adres is Prinsengracht 263, 1016 GV Amsterdam.",
        "Prinsengracht 263, 1016 GV Amsterdam",
    ),
    (
        "STREET_ADDRESS",
        "Stuur het naar:\nKeizersgracht 123\n1015 CJ Amsterdam",
        "Keizersgracht 123\n1015 CJ Amsterdam",
    ),
    (
        "STREET_ADDRESS",
        "Mieszkam przy ul. Długa 5/7, 00-238 Warszawa.",
        "ul. Długa 5/7, 00-238 Warszawa",
    ),
    # EMAIL_ADDRESS
    ("EMAIL_ADDRESS", "Write to orla.vance@example.com for details.", "orla.vance@example.com"),
    (
        "EMAIL_ADDRESS",
        "Schreiben Sie an j.doe+billing@mail.example.org bitte.",
        "j.doe+billing@mail.example.org",
    ),
    # PHONE_NUMBER (national and international, seven languages)
    ("PHONE_NUMBER", "Call me on +44 20 7946 0958 tomorrow.", "+44 20 7946 0958"),
    ("PHONE_NUMBER", "My phone is (212) 555-0147.", "(212) 555-0147"),
    ("PHONE_NUMBER", "Mein Handy: 030 901820 44", "030 901820 44"),
    ("PHONE_NUMBER", "Téléphone : 01 99 00 12 34", "01 99 00 12 34"),
    ("PHONE_NUMBER", "Móvil: +34 612 345 678", "+34 612 345 678"),
    ("PHONE_NUMBER", "Il mio cellulare è 347 123 4567.", "347 123 4567"),
    ("PHONE_NUMBER", "Bel me op 06 12345678.", "06 12345678"),
    ("PHONE_NUMBER", "Mój numer telefonu to 512 345 678.", "512 345 678"),
    # CREDIT_CARD (Luhn-valid test numbers)
    ("CREDIT_CARD", "Card: 4111 1111 1111 1111, exp 12/27.", "4111 1111 1111 1111"),
    ("CREDIT_CARD", "Pay with 5555-5555-5555-4444 please.", "5555-5555-5555-4444"),
    ("CREDIT_CARD", "Amex: 3782 822463 10005.", "3782 822463 10005"),
    ("CREDIT_CARD", "Meine Kreditkarte 4111111111111111 ist gesperrt.", "4111111111111111"),
    # IBAN_CODE
    ("IBAN_CODE", "IBAN: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("IBAN_CODE", "Überweisung an DE89370400440532013000 bitte.", "DE89370400440532013000"),
    ("IBAN_CODE", "Transfer to GB82WEST12345698765432 today.", "GB82WEST12345698765432"),
    # US_SSN
    ("US_SSN", "My SSN is 123-45-6789.", "123-45-6789"),
    ("US_SSN", "Social security number: 123 45 6789", "123 45 6789"),
    # IP_ADDRESS
    ("IP_ADDRESS", "Server 203.0.113.45 is down.", "203.0.113.45"),
    ("IP_ADDRESS", "Connect to 192.168.1.20 via ssh.", "192.168.1.20"),
    ("IP_ADDRESS", "Also check 2001:db8::8a2e:370:7334 please.", "2001:db8::8a2e:370:7334"),
    (
        "IP_ADDRESS",
        "The gateway is fe80::1ff:fe23:4567:890a on the LAN.",
        "fe80::1ff:fe23:4567:890a",
    ),
    # DATE_OF_BIRTH (a date with a birth cue, seven languages)
    ("DATE_OF_BIRTH", "I was born on 14 March 1987.", "14 March 1987"),
    ("DATE_OF_BIRTH", "Date of birth: 1985-11-23", "1985-11-23"),
    ("DATE_OF_BIRTH", "DOB: 04/22/1990", "04/22/1990"),
    ("DATE_OF_BIRTH", "My birthday is March 3, 1984.", "March 3, 1984"),
    ("DATE_OF_BIRTH", "Geboren am 14.02.1991 in Köln.", "14.02.1991"),
    ("DATE_OF_BIRTH", "Ich bin am 3. März 1984 geboren.", "3. März 1984"),
    ("DATE_OF_BIRTH", "Né le 2 avril 1990 à Lyon.", "2 avril 1990"),
    ("DATE_OF_BIRTH", "Nacido el 7 de julio de 1975 en Sevilla.", "7 de julio de 1975"),
    ("DATE_OF_BIRTH", "Fecha de nacimiento: 12/05/1982", "12/05/1982"),
    ("DATE_OF_BIRTH", "Sono nato il 21 settembre 1988 a Bari.", "21 settembre 1988"),
    ("DATE_OF_BIRTH", "Ik ben geboren op 5 mei 1993.", "5 mei 1993"),
    ("DATE_OF_BIRTH", "Data urodzenia: 30.01.1979", "30.01.1979"),
    # PASSPORT (after a passport cue)
    ("PASSPORT", "Passport number: 533412789", "533412789"),
    ("PASSPORT", "Reisepassnummer: C01X00T47", "C01X00T47"),
    ("PASSPORT", "Numéro de passeport : 12AB34567", "12AB34567"),
    ("PASSPORT", "Número de pasaporte: AAA123456", "AAA123456"),
    ("PASSPORT", "Passaporto n. YA1234567", "YA1234567"),
    ("PASSPORT", "Paspoortnummer: NW1234K51", "NW1234K51"),
    ("PASSPORT", "Numer paszportu: AB1234567", "AB1234567"),
    # NATIONAL_ID (check digits)
    ("NATIONAL_ID", "DNI 12345678Z", "12345678Z"),
    ("NATIONAL_ID", "NIE X1234567L", "X1234567L"),
    ("NATIONAL_ID", "Codice fiscale: RSSMRA85T10A562S", "RSSMRA85T10A562S"),
    (
        "NATIONAL_ID",
        "Numéro de sécurité sociale : 1 85 05 78 006 084 91",
        "1 85 05 78 006 084 91",
    ),
    ("NATIONAL_ID", "Rentenversicherungsnummer 12 150385 M 014", "12 150385 M 014"),
    ("NATIONAL_ID", "Steuer-ID: 65929970489", "65929970489"),
    ("NATIONAL_ID", "Mein Personalausweis: T220001293", "T220001293"),
    ("NATIONAL_ID", "BSN: 111222333", "111222333"),
    ("NATIONAL_ID", "PESEL: 44051401359", "44051401359"),
    ("NATIONAL_ID", "National insurance number AB 12 34 56 C.", "AB 12 34 56 C"),
    ("NATIONAL_ID", "ITIN 912-70-1234", "912-70-1234"),
    # URL
    (
        "URL",
        "See https://example.org/account/42 for details.",
        "https://example.org/account/42",
    ),
    ("URL", "Read the guide at http://example.com/docs?page=2.", "http://example.com/docs?page=2"),
    ("URL", "Visit www.example.com today.", "www.example.com"),
    ("URL", "See example.org/forms/a for the form.", "example.org/forms/a"),
    # CRYPTO_WALLET (checksums computed above)
    ("CRYPTO_WALLET", f"Send BTC to {BTC_LEGACY} today.", BTC_LEGACY),
    ("CRYPTO_WALLET", f"Multisig: {BTC_P2SH}", BTC_P2SH),
    ("CRYPTO_WALLET", f"My wallet is {BTC_SEGWIT}.", BTC_SEGWIT),
    ("CRYPTO_WALLET", f"Send ETH to {ETH_CHECKSUM} please.", ETH_CHECKSUM),
    ("CRYPTO_WALLET", f"ETH: {ETH_PLAIN}", ETH_PLAIN),
]


def test_positives_cover_every_entity_type() -> None:
    assert {etype for etype, _, _ in POSITIVES} == set(ENTITY_TYPES)


@pytest.mark.parametrize(
    ("entity_type", "text", "value"),
    POSITIVES,
    ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(POSITIVES)],
)
def test_positive_exact_span(entity_type: str, text: str, value: str) -> None:
    assert value in text
    assert only(text, entity_type) == [value], spans(text)


def test_several_entities_in_one_text_each_with_its_span() -> None:
    text = (
        "Ik ben Femke Dijkstra en mijn collega heet Joost Verbeek. Mail: femke@example.org, "
        "IBAN DE89 3704 0044 0532 0130 00, kaart 4111 1111 1111 1111, tel. +31 20 123 4567."
    )
    assert spans(text) == [
        ("PERSON", "Femke Dijkstra"),
        ("PERSON", "Joost Verbeek"),
        ("EMAIL_ADDRESS", "femke@example.org"),
        ("IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("PHONE_NUMBER", "+31 20 123 4567"),
    ]


def test_street_named_after_a_person_is_an_address_not_a_person() -> None:
    for text, value in [
        ("Rue Jean Moulin 4 est fermée.", "Rue Jean Moulin 4"),
        ("Via Giuseppe Verdi 8, Milano", "Via Giuseppe Verdi 8, Milano"),
        ("Calle Isabel Cortés 14, Madrid", "Calle Isabel Cortés 14, Madrid"),
        (
            "Johann-Sebastian-Bach-Straße 7, 04109 Leipzig",
            "Johann-Sebastian-Bach-Straße 7, 04109 Leipzig",
        ),
        ("Corso Vittorio Emanuele 22, Torino", "Corso Vittorio Emanuele 22, Torino"),
    ]:
        assert spans(text) == [("STREET_ADDRESS", value)], text


def test_wallet_scores_follow_checksums() -> None:
    def score(text: str) -> float:
        (f,) = run_check(PII, text)
        assert f.entity_type == "CRYPTO_WALLET"
        return f.score

    checksummed = score(f"to {ETH_CHECKSUM}")
    assert checksummed == score(f"to {BTC_SEGWIT}") >= 0.95
    assert score(f"to {ETH_PLAIN}") < checksummed
    i = next(i for i, c in enumerate(ETH_CHECKSUM) if c.isupper())
    broken = ETH_CHECKSUM[:i] + ETH_CHECKSUM[i].lower() + ETH_CHECKSUM[i + 1 :]
    assert score(f"to {broken}") < score(f"to {ETH_PLAIN}")


def test_findings_carry_check_category_and_score() -> None:
    (f,) = run_check(PII, "Write to orla.vance@example.com.")
    assert isinstance(f, Finding)
    assert (f.check, f.category, f.entity_type) == ("pii", "pii", "EMAIL_ADDRESS")
    assert 0.5 <= f.score <= 1.0


# -- (b) hard negatives ---------------------------------------------------------------------

NOTHING = [
    # invalid checksums
    "Card: 4111 1111 1111 1112, exp 12/27.",
    "IBAN DE89 3704 0044 0532 0130 01",
    f"Send BTC to {BTC_LEGACY[:-1]}{'2' if BTC_LEGACY[-1] != '2' else '3'} today.",
    "My SSN is 000-12-3456.",
    # order, invoice, tracking and book numbers
    "Your order number is 4111 1111 1111 1111.",
    "Order #1234567890123 has shipped.",
    "Invoice 2024-000123 is due on 2024-06-30.",
    "Tracking number 1Z999AA10123456784.",
    "ISBN 978-3-16-148410-0",
    "The price is 1 234 567 EUR.",
    # UUIDs, git SHAs, versions
    "Request id 3f2b8c1e-9a4d-4e7b-b6c2-1d0e5f7a9c34 failed.",
    "Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8.",
    "Fixed in commit 9fceb02 yesterday.",
    "Upgrade to version 1.2.3.4 of the app.",
    "Python 3.12.1 was released.",
    # dates that are not birthdays
    "The meeting is on 12/03/2024 at 10:00.",
    "The invoice date is 14 March 1987.",
    "The project started on 2019-05-01 and ended on 2021-08-31.",
    "Der Termin ist am 14.02.1991 um 9 Uhr.",
    # organisations after "I work at"
    "I work at Baker Harwell and love it.",
    # capitalized sentence starts, in the seven languages
    "Yesterday we met. Please send the report. However, nothing happened.",
    "Die Rechnung wurde gestern an die Buchhaltung geschickt. Bitte prüfen Sie den Betrag.",
    "Der Vertrag läuft am Ende des Monats aus. Können Sie mir helfen?",
    "Les Misérables est un roman. Merci pour votre aide.",
    "Gracias por la información. Mañana hablamos.",
    "Grazie per la risposta. Domani chiamo il servizio clienti.",
    "Dank je wel voor de hulp. Morgen bel ik terug.",
    "Dziękuję za pomoc. Jutro zadzwonię ponownie.",
    "May I ask a question?",
    "Summer Sale starts Monday.",
    "Where is the Eiffel Tower?",
    # street names without a number: neither a PERSON nor an address
    "I live on Elm Street and Maple Avenue is nearby.",
    "We met at the corner of Baker Street and Oxford Street.",
    "Meet me on Wilhelmina Street tomorrow.",
    "The shop is on Hauptstraße near the station.",
    "Turn left into Rosa-Luxemburg-Straße.",
    "The Karl-Marx-Allee is long.",
    "Via Roma is busy today.",
    "Ulica Marii Konopnickiej jest zamknięta.",
    # file names and image names are not e-mails or URLs
    "Use icon@2x.png for the logo.",
    "Read README.md and setup.py first.",
    # a passport cue without a number
    "Passport control was slow at 10:45.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_hard_negative(text: str) -> None:
    assert spans(text) == []


# -- (c) params -----------------------------------------------------------------------------

MIXED = "My name is Corwin Ashdale, mail orla.vance@example.com or call +44 20 7946 0958."


def test_entities_subset() -> None:
    assert [e for e, _ in spans(MIXED)] == ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]
    email_only = Pii(PiiParams(entities=["EMAIL_ADDRESS"]))
    assert spans(MIXED, email_only) == [("EMAIL_ADDRESS", "orla.vance@example.com")]
    no_person = Pii(PiiParams(entities=["EMAIL_ADDRESS", "PHONE_NUMBER"]))
    assert [e for e, _ in spans(MIXED, no_person)] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]


def test_entities_subset_through_a_policy() -> None:
    guard = Guard(
        parse_policy(
            "input:\n  checks:\n    pii:\n      action: redact\n"
            "      params: {entities: [PHONE_NUMBER]}\n"
        )
    )
    decision = guard.check_input(MIXED)
    assert [f.entity_type for f in decision.findings] == ["PHONE_NUMBER"]
    assert decision.text == (
        "My name is Corwin Ashdale, mail orla.vance@example.com or call <PHONE_NUMBER_1>."
    )


def test_per_entity_thresholds() -> None:
    person = next(f for f in run_check(PII, MIXED) if f.entity_type == "PERSON")
    above = Pii(PiiParams(thresholds={"PERSON": min(1.0, person.score + 0.01)}))
    assert [e for e, _ in spans(MIXED, above)] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]
    at = Pii(PiiParams(thresholds={"PERSON": person.score}))
    assert [e for e, _ in spans(MIXED, at)] == ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"]
    # a threshold only applies to its own entity type
    other = Pii(PiiParams(thresholds={"CREDIT_CARD": 1.0}))
    assert spans(MIXED, other) == spans(MIXED)


def test_thresholds_through_a_policy() -> None:
    guard = Guard(
        parse_policy(
            "input:\n  checks:\n    pii:\n      action: redact\n"
            "      params:\n        thresholds: {PERSON: 1.0, PHONE_NUMBER: 1.0}\n"
        )
    )
    decision = guard.check_input(MIXED)
    assert [f.entity_type for f in decision.findings] == ["EMAIL_ADDRESS"]


def test_allow_values_are_never_reported_case_insensitively() -> None:
    text = "Write to SUPPORT@example.com or to orla.vance@example.com."
    check = Pii(PiiParams(allow_values=["support@example.com"]))
    assert spans(text, check) == [("EMAIL_ADDRESS", "orla.vance@example.com")]
    assert len(spans(text)) == 2
    names = Pii(PiiParams(allow_values=["Corwin Ashdale"]))
    assert [e for e, _ in spans(MIXED, names)] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]


def test_deny_values_are_always_reported_as_whole_words() -> None:
    check = Pii(PiiParams(deny_values={"PERSON": ["Quillon"], "NATIONAL_ID": ["ZX-41"]}))
    text = "ask quillon about badge ZX-41 (not the Quillons team)."
    found = run_check(check, text)
    assert [(f.entity_type, text[f.start : f.end]) for f in found] == [
        ("PERSON", "quillon"),
        ("NATIONAL_ID", "ZX-41"),
    ]
    assert all(f.score == 1.0 for f in found)
    assert spans(text) == []


def test_custom_recognizer_with_context_words() -> None:
    custom = CustomRecognizer(
        entity_type="EMPLOYEE_ID",
        pattern=r"\bEMP-\d{6}\b",
        score=0.7,
        context=["employee", "Personalnummer"],
    )
    check = Pii(PiiParams(custom=[custom]))
    text = "Employee number EMP-004211 asked for a transfer."
    (f,) = run_check(check, text)
    assert (f.entity_type, text[f.start : f.end], f.score) == (
        "EMPLOYEE_ID",
        "EMP-004211",
        0.7,
    )
    assert only("Die Personalnummer lautet EMP-004211.", "EMPLOYEE_ID", check) == ["EMP-004211"]
    # without a context word nearby, nothing
    assert spans("The ticket EMP-004211 was closed.", check) == []
    # without context words, any match
    anywhere = Pii(PiiParams(custom=[CustomRecognizer(entity_type="TICKET", pattern=r"T-\d{4}")]))
    assert spans("see T-0042", anywhere) == [("TICKET", "T-0042")]


def test_custom_recognizer_through_a_policy_is_redacted() -> None:
    policy = """
input:
  checks:
    pii:
      action: redact
      params:
        entities: [EMAIL_ADDRESS]
        custom:
          - entity_type: EMPLOYEE_ID
            pattern: '\\bEMP-\\d{6}\\b'
            context: [employee]
"""
    guard = Guard(parse_policy(policy))
    decision = guard.check_input("Employee EMP-004211, mail orla.vance@example.com")
    assert decision.action == "redact"
    assert decision.text == "Employee <EMPLOYEE_ID_1>, mail <EMAIL_ADDRESS_1>"


@pytest.mark.parametrize(
    ("params", "location", "needle"),
    [
        ("entities: [EMAIL_ADDRESS, SOCIAL_MEDIA]", "params.entities", "SOCIAL_MEDIA"),
        (
            "custom: [{entity_type: EMPLOYEE_ID, pattern: '(?<=EMP)[0-9]+'}]",
            "params.custom.0.pattern",
            "RE2",
        ),
        ("custom: [{entity_type: employee id, pattern: 'x'}]", "params.custom.0.entity_type", ""),
        ("thresholds: {PERSON: 1.5}", "params.thresholds", "PERSON"),
        (
            "operators: {PASSWORD: {operator: mask}}",
            "params.operators.per_entity",
            "PASSWORD",
        ),
        ("operators: {default: {operator: shred}}", "params.operators.default.operator", ""),
        ("allow_list: [x]", "params.allow_list", "allow_list"),
        ("vault_ttl_s: 0", "params.vault_ttl_s", ""),
    ],
)
def test_invalid_params_name_the_field(params: str, location: str, needle: str) -> None:
    text = f"input:\n  checks:\n    pii:\n      params: {{{params}}}\n"
    with pytest.raises(PolicyError) as info:
        parse_policy(text)
    issues = info.value.issues
    assert len(issues) == 1
    assert issues[0].location == f"input.checks.pii.{location}", issues[0]
    assert needle in issues[0].message
    assert issues[0].line == 4


# -- (d) obfuscation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Mail me: orla\u200b.vance@exa\u200dmple.com thanks",
            "orla\u200b.vance@exa\u200dmple.com",
        ),
        ("Mail me: o\u200cr\u200cl\u200ca@example.com", "o\u200cr\u200cl\u200ca@example.com"),
        (
            "Mail me: ｏｒｌａ．ｖａｎｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ thanks",
            "ｏｒｌａ．ｖａｎｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        ),
        ("Mail: orla.vance＠example.com", "orla.vance＠example.com"),
        ("Mail\u2060: orla.v\u00adance@example.com", "orla.v\u00adance@example.com"),
    ],
)
def test_obfuscated_email_is_found_with_original_spans(text: str, value: str) -> None:
    assert spans(text) == [("EMAIL_ADDRESS", value)]


def test_obfuscated_card_and_name_map_to_original_offsets() -> None:
    card = "Card ４１１１ １１１１ １１１１ １１１１ please"
    assert spans(card) == [("CREDIT_CARD", "４１１１ １１１１ １１１１ １１１１")]
    name = "Hello! I'm \u200bMaren Hol\u200btby."
    assert spans(name) == [("PERSON", "Maren Hol\u200btby")]


def test_obfuscated_email_is_redacted_in_the_original_text() -> None:
    guard = Guard(parse_policy("input:\n  checks:\n    pii:\n      action: redact\n"))
    decision = guard.check_input("Mail me: orla\u200b.vance@exa\u200dmple.com thanks")
    assert decision.text == "Mail me: <EMAIL_ADDRESS_1> thanks"
