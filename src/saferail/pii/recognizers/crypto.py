"""CRYPTO_WALLET: Bitcoin and Ethereum addresses, checksum-validated.

* Bitcoin legacy/P2SH (``1...``/``3...``): Base58Check, decoded to 25 bytes with version
  byte 0x00 or 0x05 and a double-SHA-256 checksum that must match.
* Bitcoin SegWit (``bc1...``): Bech32 (witness v0) or Bech32m (v1+, BIP 350) checksum, one
  case throughout, valid witness program length (v0: 20 or 32 bytes).
* Ethereum (``0x`` + 40 hex digits): a mixed-case address must pass EIP-55 (Keccak-256, see
  :mod:`._keccak`); all-lowercase and all-uppercase addresses carry no checksum.

Scores: 0.95 checksum-validated (Bitcoin, EIP-55 Ethereum), 0.8 Ethereum without checksum,
0.5 mixed-case Ethereum failing EIP-55. Invalid Bitcoin checksums are never reported.
No cue words.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "CryptoWalletRecognizer", "valid_base58check", "valid_bech32", "valid_eip55"]

import hashlib
from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Scanner
from saferail.pii.recognizers._keccak import keccak256

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3

PATTERNS: dict[str, str] = {
    "base58": r"\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b",
    "bech32": r"\b(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}\b",
    "ethereum": r"\b0x[0-9a-fA-F]{40}\b",
}
_WALLET = Scanner("|".join(f"(?P<{k}>{v})" for k, v in PATTERNS.items()))

SCORE_CHECKSUM = 0.95
SCORE_ETH_PLAIN = 0.8
SCORE_ETH_BAD_CASE = 0.5


def valid_base58check(addr: str) -> bool:
    """Bitcoin P2PKH/P2SH address with a correct Base58Check checksum."""
    n = 0
    for ch in addr:
        i = _B58_INDEX.get(ch)
        if i is None:
            return False
        n = n * 58 + i
    pad = len(addr) - len(addr.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    raw = b"\x00" * pad + body
    if len(raw) != 25 or raw[0] not in (0x00, 0x05):
        return False
    check = hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4]
    return check == raw[21:]


def _polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate(_BECH32_GEN):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _convert_bits(data: list[int], frombits: int, tobits: int) -> list[int] | None:
    acc, bits, out = 0, 0, []
    maxv = (1 << tobits) - 1
    for v in data:
        acc = (acc << frombits) | v
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None  # non-zero padding
    return out


def valid_bech32(addr: str) -> bool:
    """Bitcoin SegWit address (``bc1``) with a correct Bech32/Bech32m checksum."""
    if addr != addr.lower() and addr != addr.upper():
        return False
    addr = addr.lower()
    hrp, _, data_part = addr.rpartition("1")
    if hrp != "bc" or len(data_part) < 7:
        return False
    data = [_BECH32_INDEX[c] for c in data_part]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _polymod(expanded + data)
    version = data[0]
    if version > 16:
        return False
    if const != (_BECH32_CONST if version == 0 else _BECH32M_CONST):
        return False
    program = _convert_bits(data[1:-6], 5, 8)
    if program is None or not 2 <= len(program) <= 40:
        return False
    return version != 0 or len(program) in (20, 32)


def valid_eip55(addr: str) -> bool:
    """Whether a mixed-case ``0x`` address matches its EIP-55 checksum capitalization."""
    body = addr[2:]
    digest = keccak256(body.lower().encode("ascii")).hex()
    for ch, h in zip(body, digest, strict=False):
        if ch.isalpha() and (ch.isupper() != (int(h, 16) >= 8)):
            return False
    return True


class CryptoWalletRecognizer:
    """Bitcoin and Ethereum wallet addresses."""

    name: ClassVar[str] = "crypto_wallet"
    entity_types: ClassVar[tuple[str, ...]] = ("CRYPTO_WALLET",)
    triggers: ClassVar[tuple[str, ...]] = tuple(PATTERNS.values())

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        for start, end, kind in _WALLET.scan(text):
            value = text[start:end]
            score: float | None = None
            if kind == "base58":
                score = SCORE_CHECKSUM if valid_base58check(value) else None
            elif kind == "bech32":
                score = SCORE_CHECKSUM if valid_bech32(value) else None
            else:
                body = value[2:]
                if body == body.lower() or body == body.upper():
                    score = SCORE_ETH_PLAIN
                else:
                    score = SCORE_CHECKSUM if valid_eip55(value) else SCORE_ETH_BAD_CASE
            if score is not None:
                out.append(PiiEntity(start, end, "CRYPTO_WALLET", score, self.name))
        return out
