"""What a scan works on and produces: the scanned text with its offsets, and hits.

RE2 scans UTF-8 bytes; a :class:`ScanText` keeps the text, its bytes and the conversion
from byte to character offsets. A :class:`Hit` is one candidate secret, with character
offsets into the scanned text.
"""

from __future__ import annotations

__all__ = ["Hit", "ScanText", "group_span", "hit_order"]

from dataclasses import dataclass
from typing import Any

from saferail.checks._secrets.patterns import GROUPS
from saferail.checks._secrets.spec import Spec


@dataclass(slots=True)
class Hit:
    entity: str
    start: int
    end: int
    score: float
    generic: bool
    value: str
    order: int = 0  # the pattern's place in SPECS


def hit_order(hit: Hit) -> tuple[int, int]:
    return hit.start, hit.order


class ScanText:
    """One view's text, its UTF-8 bytes (what RE2 scans) and byte-to-char offsets."""

    __slots__ = ("_curl", "ascii", "data", "last", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self.last = (0, 0)  # the last (byte, char) offset pair converted
        self._curl: int | None = None

    def char(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        last_byte, last_char = self.last
        if byte_offset >= last_byte:
            chunk = self.data[last_byte:byte_offset]
            char = last_char + len(chunk.decode("utf-8", "surrogatepass"))
        elif byte_offset <= last_byte - byte_offset:
            char = len(self.data[:byte_offset].decode("utf-8", "surrogatepass"))
        else:
            # a step back (a group inside the match just converted): count back from the
            # last offset, not again from the start of the text (quadratic over many hits)
            chunk = self.data[byte_offset:last_byte]
            char = last_char - len(chunk.decode("utf-8", "surrogatepass"))
        self.last = (byte_offset, char)
        return char

    @property
    def curl(self) -> int:
        """Where "curl" first occurs in the text (-1 if nowhere)."""
        if self._curl is None:
            self._curl = self.text.find("curl")
        return self._curl


def group_span(m: Any, spec: Spec, name: str, scan: ScanText) -> tuple[int, int] | None:
    """The character span of group ``name`` in match ``m`` (None if absent or unset)."""
    idx = GROUPS[spec.key].get(name)
    if idx is None:
        return None
    start, end = m.span(idx)
    if start < 0:
        return None
    return scan.char(start), scan.char(end)
