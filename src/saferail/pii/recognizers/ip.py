"""IP_ADDRESS: IPv4 dotted quads and IPv6 (full, ``::``-compressed, embedded IPv4).

Candidates come from one RE2 pass and are validated with :mod:`ipaddress` (so octets above
255 and leading zeros are rejected). Rejected as well:

* candidates glued to a longer token (``1.2.3.4.5``, ``v1.2.3.4``, ``std::``); a CIDR
  prefix length is not such a token (``10.1.2.0/24`` reports ``10.1.2.0``);
* version numbers: a dotted quad right after a version cue;
* IPv6 look-alikes: times (``12:30:45``), MAC addresses, ``::`` alone, and compressed forms
  with fewer than two non-empty groups (``d::`` in C++ code), except ``::1``.

Version cues: version, ver, v, release, build, rev, revision, firmware, versión, versione,
versie, wersja, wersji, wersję.

Scores: 0.9 for public addresses, 0.85 for private, loopback, link-local and reserved ones.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "IpAddressRecognizer"]

import ipaddress
from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import (
    Cues,
    Scanner,
    glued_left,
    glued_right,
    words_before,
)

_HEX = r"[0-9A-Fa-f]{1,4}"
PATTERNS: dict[str, str] = {
    "ipv4": r"\b(?:\d{1,3}\.){3}\d{1,3}\b",
    "ipv6": r"(?:" + _HEX + r")?(?::(?:" + _HEX + r")?){2,7}(?:\.\d{1,3}){0,3}",
}
_IP = Scanner("(?P<v4>" + PATTERNS["ipv4"] + ")|(?P<v6>" + PATTERNS["ipv6"] + ")")

VERSION_CUES = Cues.of(
    "version", "ver", "v", "release", "build", "rev", "revision", "firmware", "versión",
    "versione", "versie", "wersja", "wersji", "wersję", "update", "upgrade", "upgraded",
)  # fmt: skip

SCORE_PUBLIC = 0.9
SCORE_PRIVATE = 0.85


def _score(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> float:
    if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
        return SCORE_PRIVATE
    return SCORE_PUBLIC


def _ipv6_ok(value: str) -> bool:
    if value == "::1":
        return True
    groups = value.split(":")
    nonempty = [g for g in groups if g]
    if "::" not in value:
        return len(groups) == 8 or (len(groups) == 7 and "." in groups[-1])
    if len(nonempty) >= 3:
        return True
    return len(nonempty) == 2 and any(c.isdigit() for c in value)


def _prefix_length_end(text: str, end: int) -> int | None:
    """End of a CIDR prefix length (``/0`` to ``/32``) at ``text[end:]``, or None."""
    if text[end : end + 1] != "/":
        return None
    i = end + 1
    while i < len(text) and i - end <= 3 and text[i].isascii() and text[i].isdigit():
        i += 1
    digits = text[end + 1 : i]
    if not 1 <= len(digits) <= 2 or int(digits) > 32:
        return None
    return i


def _v4_glued_right(text: str, end: int) -> bool:
    """Whether a dotted quad ending at ``end`` continues a longer token; a CIDR prefix
    length (``10.1.2.0/24``) does not count, unless something is glued to it in turn."""
    cidr = _prefix_length_end(text, end)
    if cidr is not None:
        return glued_right(text, cidr)
    return glued_right(text, end)


class IpAddressRecognizer:
    """IPv4 and IPv6 addresses."""

    name: ClassVar[str] = "ip_address"
    entity_types: ClassVar[tuple[str, ...]] = ("IP_ADDRESS",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["ipv4"], PATTERNS["ipv6"])

    def find(self, text: str) -> list[PiiEntity]:
        if "." not in text and "::" not in text and text.count(":") < 2:
            return []
        out: list[PiiEntity] = []
        for start, end, kind in _IP.scan(text):
            value = text[start:end]
            if kind == "v4":
                if glued_left(text, start) or _v4_glued_right(text, end):
                    continue
                try:
                    v4 = ipaddress.IPv4Address(value)
                except ValueError:
                    continue
                before = words_before(text, start, 24)
                if before and VERSION_CUES.nearest_before(before) in (0, 1):
                    continue
                out.append(PiiEntity(start, end, "IP_ADDRESS", _score(v4), self.name))
                continue
            # IPv6: the regex may have stopped inside a longer hex run or a dotted tail.
            if glued_left(text, start, ":") or glued_right(text, end, ":."):
                continue
            if not _ipv6_ok(value):
                continue
            try:
                v6 = ipaddress.IPv6Address(value)
            except ValueError:
                continue
            out.append(PiiEntity(start, end, "IP_ADDRESS", _score(v6), self.name))
        return out
