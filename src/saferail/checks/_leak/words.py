"""Word splitting for the ``system_prompt_leak`` check, the same for prompt and answer.

Punctuation and whitespace are separators; what is left between them is a word. Every
function keeps offsets valid: separators become single spaces of the same length.
"""

from __future__ import annotations

__all__ = ["SEP_BYTES", "norm", "sep_text", "word_spans", "words"]


def _separator_table() -> dict[int, str]:
    """Punctuation and whitespace map to one space (length-preserving): what is left
    between spaces is a word, the same way for the prompt and for the answer."""
    table = {c: " " for c in range(128) if not chr(c).isalnum()}
    for c in range(128, 0x3001):
        ch = chr(c)
        if ch.isspace():
            table[c] = " "
    # Curly quotes, dashes, ellipsis, bullets, guillemets; U+180E was whitespace once.
    for c in (*range(0x2018, 0x201F), 0x2013, 0x2014, 0x2015, 0x2026, 0x2022, 0xB7, 0xAB, 0xBB):
        table[c] = " "
    table[0x180E] = " "
    return table


_SEPARATORS = _separator_table()
_SEP_LIST = tuple(chr(c) for c in _SEPARATORS if c != 32)
# The same for ASCII bytes, lowercasing on the way.
SEP_BYTES = bytes(32 if c in _SEPARATORS else (c + 32 if 65 <= c <= 90 else c) for c in range(256))


def sep_text(text: str) -> str:
    """``text`` with every separator replaced by a space (same length; ASCII lowercased)."""
    if text.isascii():
        return text.encode("ascii").translate(SEP_BYTES).decode("ascii")
    for ch in _SEP_LIST:  # a few fast searches beat str.translate on non-ASCII text
        if ch in text:
            text = text.replace(ch, " ")
    return text


def words(text: str) -> list[str]:
    """Casefolded words (casefolding, unlike lowercasing, does not depend on context)."""
    if text.isascii():
        return sep_text(text).split()
    return sep_text(text).casefold().split()


def norm(text: str) -> str:
    """The words of ``text``, casefolded, each between single spaces: " w1 w2 ... "."""
    if text.isascii():
        parts = text.encode("ascii").translate(SEP_BYTES).split()
        return (b" " + b" ".join(parts) + b" ").decode("ascii")
    return " " + " ".join(words(text)) + " "


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words :func:`words` yields, in ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in sep_text(text).split(" "):
        if part:
            spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans
