"""Audit regressions of the ``secret`` check: offsets and running time on hostile inputs."""

from __future__ import annotations

import random
from typing import Any

import pytest

from saferail.checks._secrets.hits import ScanText
from saferail.checks.secrets import Secrets

_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


def test_byte_to_char_offsets_in_any_order() -> None:
    text = "".join(random.Random(7).choice("aé日😀 ") for _ in range(5000))
    scan = ScanText(text)
    byte_of = [len(text[:i].encode("utf-8")) for i in range(len(text) + 1)]
    rng = random.Random(8)
    for _ in range(2000):
        i = rng.randrange(len(text) + 1)
        assert scan.char(byte_of[i]) == i


class _CountingBytes(bytes):
    """UTF-8 bytes that count how many bytes their slices hold (what ``char`` decodes)."""

    sliced = 0

    def __getitem__(self, key: Any) -> Any:
        out = bytes.__getitem__(self, key)
        if isinstance(key, slice):
            _CountingBytes.sliced += len(out)
        return out


def test_many_tokens_in_non_ascii_text_decode_each_byte_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each JWT's body group starts before the end of its value: the byte-to-char conversion
    # stepped back and decoded the text again from its start, for every token (quadratic:
    # ~22 s for 8,000 tokens in 2.5 MB); the work is counted here, not timed
    real_init = ScanText.__init__

    def counting_init(self: ScanText, text: str) -> None:
        real_init(self, text)
        self.data = _CountingBytes(self.data)

    monkeypatch.setattr(ScanText, "__init__", counting_init)
    _CountingBytes.sliced = 0
    filler = " 日本語のテキスト" * 20 + " "
    text = (_JWT + filler) * 400
    hits = Secrets().scan(text)
    assert len(hits) == 400
    assert all(text[h.start : h.end] == _JWT for h in hits)
    size = len(text.encode("utf-8"))
    assert _CountingBytes.sliced <= 4 * size, _CountingBytes.sliced / size
