"""Structured recognizers for financial identifiers: CREDIT_CARD, IBAN_CODE, CRYPTO_WALLET."""

from __future__ import annotations

import pytest
from stdnum import luhn

from saferail.pii.recognizers import (
    CreditCardRecognizer,
    CryptoWalletRecognizer,
    find_structured,
)
from saferail.pii.recognizers._keccak import keccak256
from saferail.pii.recognizers.credit_card import known_iin
from saferail.pii.recognizers.crypto import (
    _polymod,
    valid_base58check,
    valid_bech32,
    valid_eip55,
)


def found(text: str, entity_type: str) -> list[str]:
    return [
        text[e.start : e.end]
        for e in find_structured(text)
        if e.entity_type == entity_type and e.score >= 0.5
    ]


def with_luhn(body: str) -> str:
    return body + luhn.calc_check_digit(body)


# --------------------------------------------------------------------------- cards

VISA = with_luhn("411122223333444")  # 16 digits, Visa prefix
MASTERCARD = with_luhn("522233334444555")
AMEX = with_luhn("37123456789012")  # 15 digits
MAESTRO_12 = with_luhn("50187654321")
NO_IIN = with_luhn("990012345678901")  # 16 digits, no known issuer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Card number: {VISA}", VISA),
        (f"charge {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}, exp 08/27",
         f"{VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}"),
        (f"mc {MASTERCARD[:4]}-{MASTERCARD[4:8]}-{MASTERCARD[8:12]}-{MASTERCARD[12:]}",
         f"{MASTERCARD[:4]}-{MASTERCARD[4:8]}-{MASTERCARD[8:12]}-{MASTERCARD[12:]}"),
        (f"Amex {AMEX[:4]} {AMEX[4:10]} {AMEX[10:]} please",
         f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}"),
        (f"Kartennummer: {MAESTRO_12}", MAESTRO_12),
        (f"numéro de carte {NO_IIN}", NO_IIN),
        (f"grouped {NO_IIN[:4]} {NO_IIN[4:8]} {NO_IIN[8:12]} {NO_IIN[12:]} here",
         f"{NO_IIN[:4]} {NO_IIN[4:8]} {NO_IIN[8:12]} {NO_IIN[12:]}"),
    ],
)  # fmt: skip
def test_card_positives(text: str, value: str) -> None:
    assert found(text, "CREDIT_CARD") == [value]


def test_card_scores() -> None:
    rec = CreditCardRecognizer()
    [iin] = rec.find(f"pay {VISA}")
    [cued] = rec.find(f"card {NO_IIN}")
    [grouped] = rec.find(f"pay {NO_IIN[:4]} {NO_IIN[4:8]} {NO_IIN[8:12]} {NO_IIN[12:]}")
    assert iin.score == 0.95
    assert cued.score == 0.9
    assert grouped.score == 0.8


def test_known_iin() -> None:
    assert known_iin(VISA)
    assert known_iin(AMEX)
    assert not known_iin(NO_IIN)
    assert not known_iin(VISA[:15])  # Visa has no 15-digit numbers


def test_card_followed_by_another_number() -> None:
    text = f"card {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]} 2027"
    assert found(text, "CREDIT_CARD") == [f"{VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}"]


def _dotted(number: str) -> str:
    return ".".join(number[i : i + 4] for i in range(0, len(number), 4))


def test_dotted_cards_need_full_groups_and_an_issuer_or_a_cue() -> None:
    """4111.1111.1111.1111 was missed; dotted digit groups are also build numbers and
    timestamps, so a dotted run needs full groups of four and an issuer prefix or a cue."""
    assert found(f"pay with {_dotted(VISA)}.", "CREDIT_CARD") == [_dotted(VISA)]
    assert found(f"Kreditkarte {_dotted(NO_IIN)}", "CREDIT_CARD") == [_dotted(NO_IIN)]
    assert found(f"build {_dotted(NO_IIN)} passed", "CREDIT_CARD") == []
    assert found(f"pay {VISA[:4]}.{VISA[4:10]}.{VISA[10:]}", "CREDIT_CARD") == []
    assert found(f"invoice {_dotted(VISA)}", "CREDIT_CARD") == []
    assert found("amount 4111111111111.25 EUR", "CREDIT_CARD") == []


def _bad_luhn(number: str) -> str:
    last = (int(number[-1]) + 1) % 10
    return number[:-1] + str(last)


@pytest.mark.parametrize(
    "text",
    [
        f"Card number: {_bad_luhn(VISA)}",
        f"{_bad_luhn(MASTERCARD)[:4]} {_bad_luhn(MASTERCARD)[4:8]} 0000 0000",
        "Order #123456789012 shipped",
        f"Order #{VISA} shipped",
        f"invoice {NO_IIN} paid",
        f"IMEI {with_luhn('35209900176148')}",
        "0000 0000 0000 0000",
        "timestamp 1700000000000 ms",
        f"plain run {NO_IIN} with no cue",
        "phone 001-518-640-0854 ok",
        "ISBN 978-3-16-148410-0",
    ],
)
def test_card_negatives(text: str) -> None:
    assert found(text, "CREDIT_CARD") == []


# --------------------------------------------------------------------------- IBAN


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00.", "DE89 3704 0044 0532 0130 00"),
        ("pay to GB82WEST12345698765432 today", "GB82WEST12345698765432"),
        ("FR14 2004 1010 0505 0001 3M02 606 and", "FR14 2004 1010 0505 0001 3M02 606"),
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("lowercase es91 2100 0418 4502 0005 1332", "es91 2100 0418 4502 0005 1332"),
        ("IT60 X054 2811 1010 0000 0123 456 ok", "IT60 X054 2811 1010 0000 0123 456"),
        ("konto PL61 1090 1014 0000 0712 1981 2874.", "PL61 1090 1014 0000 0712 1981 2874"),
        # groups joined by hyphens, as online-banking forms and some invoices print them
        ("wire to DE89-3704-0044-0532-0130-00 today", "DE89-3704-0044-0532-0130-00"),
        ("IBAN: GB82-WEST-1234-5698-7654-32.", "GB82-WEST-1234-5698-7654-32"),
    ],
)
def test_iban_positives(text: str, value: str) -> None:
    assert found(text, "IBAN_CODE") == [value]


def test_two_ibans_in_a_row() -> None:
    text = "DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32"
    assert found(text, "IBAN_CODE") == [
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
    ]
    dashed = "DE89-3704-0044-0532-0130-00 and GB82-WEST-1234-5698-7654-32"
    assert found(dashed, "IBAN_CODE") == [
        "DE89-3704-0044-0532-0130-00",
        "GB82-WEST-1234-5698-7654-32",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "IBAN DE89 3704 0044 0532 0130 01",  # bad check digits
        "IBAN DE88 3704 0044 0532 0130 00",
        "GB82WEST1234569876543",  # too short for GB
        "XX12 3456 7890 1234 5678 90",  # no such country
        "De89 3704 0044 0532 0130 00",  # mixed case
        "IBAN DE89-3704-0044-0532-0130-01",  # bad check digits, hyphenated
        "ref-DE89-3704-0044-0532-0130-00",  # glued to a word on the left
    ],
)
def test_iban_negatives(text: str) -> None:
    assert found(text, "IBAN_CODE") == []


# --------------------------------------------------------------------------- crypto

P2PKH = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"  # Bitcoin wiki example
P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
SEGWIT_V0 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"  # BIP 173 test vector
TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"  # BIP 350
ETH_CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55 examples
ETH_CHECKSUMMED_2 = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        (f"send to {P2PKH}.", P2PKH, 0.95),
        (f"P2SH {P2SH}", P2SH, 0.95),
        (f"segwit {SEGWIT_V0}", SEGWIT_V0, 0.95),
        (f"upper {SEGWIT_V0.upper()}", SEGWIT_V0.upper(), 0.95),
        (f"taproot {TAPROOT}", TAPROOT, 0.95),
        (f"eth {ETH_CHECKSUMMED}", ETH_CHECKSUMMED, 0.95),
        (f"eth {ETH_CHECKSUMMED_2}", ETH_CHECKSUMMED_2, 0.95),
        (f"eth {ETH_CHECKSUMMED.lower()}", ETH_CHECKSUMMED.lower(), 0.8),
    ],
)
def test_wallet_positives(text: str, value: str, score: float) -> None:
    [e] = CryptoWalletRecognizer().find(text)
    assert text[e.start : e.end] == value
    assert e.score == score


def test_eth_with_wrong_capitalisation_scores_low() -> None:
    wrong = ETH_CHECKSUMMED[:2] + ETH_CHECKSUMMED[2:].swapcase()
    assert not valid_eip55(wrong)
    [e] = CryptoWalletRecognizer().find(wrong)
    assert e.score == 0.5


@pytest.mark.parametrize(
    "text",
    [
        P2PKH[:-1] + ("3" if P2PKH[-1] != "3" else "4"),  # bad Base58Check checksum
        SEGWIT_V0[:-1] + "5",  # bad Bech32 checksum
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # mixed case
        "0x" + "a" * 64,  # a hash, not an address
        "0x123 is a small number",
        "sha e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ],
)
def test_wallet_negatives(text: str) -> None:
    assert found(text, "CRYPTO_WALLET") == []


def _reencode(addr: str, const: int) -> str:
    """``addr`` with its checksum recomputed for the given Bech32 constant."""
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    data = [charset.index(c) for c in addr[3:-6]]
    values = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"] + data
    mod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ const
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(charset[d] for d in data + checksum)


def test_checksum_helpers() -> None:
    assert valid_base58check(P2PKH) and valid_base58check(P2SH)
    assert not valid_base58check("1" * 34)
    assert valid_bech32(SEGWIT_V0) and valid_bech32(TAPROOT)
    assert _reencode(SEGWIT_V0, 1) == SEGWIT_V0  # the helper below is right
    # A v0 program with a Bech32m checksum is invalid, a v1 one valid (BIP 350).
    assert not valid_bech32(_reencode(SEGWIT_V0, 0x2BC830A3))
    assert valid_bech32(_reencode(TAPROOT, 0x2BC830A3))
    assert not valid_bech32(_reencode(TAPROOT, 1))
    assert valid_eip55(ETH_CHECKSUMMED)


def test_keccak256_vectors() -> None:
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    assert keccak256(b"abc").hex() == (
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    )
    assert len(keccak256(b"x" * 300)) == 32  # more than one block
