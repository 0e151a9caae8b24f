"""Keccak-256 (the pre-SHA-3 padding Ethereum uses), pure Python, for EIP-55 checksums.

:mod:`hashlib` only has SHA3-256, whose padding differs. This is a direct implementation of
Keccak-f[1600] from the Keccak reference: round constants come from the LFSR ``rc(t)`` and
rotation offsets from the ``(x, y) -> (y, 2x + 3y)`` walk, both computed at import. It is
slow (about a millisecond per call) and only runs on mixed-case Ethereum addresses.
"""

from __future__ import annotations

__all__ = ["keccak256"]

_MASK = (1 << 64) - 1
_RATE = 136  # bytes, for a 256-bit output


def _rc_bit(t: int) -> int:
    """The LFSR output rc(t); bit i of ``r`` is R[i] of the specification."""
    if t % 255 == 0:
        return 1
    r = 1  # R = 10000000
    for _ in range(t % 255):
        r <<= 1  # R = 0 || R
        if r & 0x100:  # R[0], R[4], R[5], R[6] ^= R[8]
            r ^= 0x71
        r &= 0xFF  # Trunc8
    return r & 1


def _round_constants() -> tuple[int, ...]:
    out = []
    for ir in range(24):
        rc = 0
        for j in range(7):
            if _rc_bit(j + 7 * ir):
                rc |= 1 << ((1 << j) - 1)
        out.append(rc)
    return tuple(out)


def _rotations() -> tuple[int, ...]:
    rot = [0] * 25
    x, y = 1, 0
    for t in range(24):
        rot[x + 5 * y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    return tuple(rot)


_RC = _round_constants()
_ROT = _rotations()


def _rol(v: int, n: int) -> int:
    return ((v << n) | (v >> (64 - n))) & _MASK if n else v


def _permute(a: list[int]) -> None:
    for rc in _RC:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for i in range(25):
            a[i] ^= d[i % 5]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rol(a[x + 5 * y], _ROT[x + 5 * y])
        for y in range(0, 25, 5):
            row = b[y : y + 5]
            for x in range(5):
                a[y + x] = row[x] ^ (~row[(x + 1) % 5] & _MASK & row[(x + 2) % 5])
        a[0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Keccak-256 digest of ``data``."""
    padded = bytearray(data)
    padded.append(0x01)
    while len(padded) % _RATE:
        padded.append(0)
    padded[-1] |= 0x80
    state = [0] * 25
    for off in range(0, len(padded), _RATE):
        block = padded[off : off + _RATE]
        for i in range(_RATE // 8):
            state[i] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _permute(state)
    return b"".join(state[i].to_bytes(8, "little") for i in range(4))
