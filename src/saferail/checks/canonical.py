"""Canonicalization: undo the character tricks that hide text from detectors.

:func:`canonicalize` turns a text into a :class:`Canonical`: the *main* view (NFKC,
invisible, bidi and tag characters removed, homoglyphs in Latin words folded) with a map
back to the original offsets, one view per decoded payload (base64, hex, URL-encoding,
rot13, leetspeak, Unicode-tag and variation-selector smuggling), and the list of what was
hidden, with original spans. Every later check scans these views, so an instruction hidden
in base64 is still seen, and reports spans in the original text.
"""

from __future__ import annotations

__all__ = ["Canonical", "HiddenMark", "View", "canonicalize"]

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_to_bytes

import re2

from saferail.checks._chars import (
    CONFUSABLES,
    LEET,
    ROT13,
    is_special,
)
from saferail.checks._vocab import COMMON_WORDS

_ROT_COMMON = frozenset(w.translate(ROT13) for w in COMMON_WORDS)
_ROTATED = _ROT_COMMON - COMMON_WORDS  # words that are only common once rotated

MAX_DECODED_VIEWS = 32
MAX_DEPTH = 2

_SPECIAL_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)
_CANDIDATE_RE = re2.compile(
    r"(?P<xhex>(?:\\x[0-9A-Fa-f]{2}){4,})"
    r"|(?P<shex>\b(?:[0-9A-Fa-f]{2}[ :]){5,}[0-9A-Fa-f]{2}\b)"
    r"|(?P<url>[^\s%]*(?:%[0-9A-Fa-f]{2}[^\s%]*){3,})"
    r"|(?P<blob>[A-Za-z0-9+/_-]{16,}={0,2})"
)
# Simple character-class runs: linear in Python's engine, and faster than RE2's binding
# when a text has hundreds of matches.
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_LOWER_WORD_RE = re.compile(r"[a-z]{3,}")
# Leet tokens are whole runs of letters and leet symbols that mix both; pure numbers and
# pure words are not. Such a run always has a letter next to a symbol. _leet_tokens finds
# those pairs in a byte string of character classes (letter "a", symbol "1", anything else
# " "), one byte per character, with bytes.find.
_LEET_CLASSES = bytes(
    ord("a")
    if chr(b).isascii() and chr(b).isalpha()
    else ord("1")
    if chr(b) in "0123456789@$|!"
    else ord(" ")
    for b in range(256)
)
_CONFUSABLE_RE = re.compile("[" + "".join(sorted(CONFUSABLES)) + "]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ACCENTED_RE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")  # Latin-1 to Latin Extended Additional
_MIXED_WORD_RE = re.compile(r"\w+")  # Unicode words; only runs on non-ASCII text
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
# The generic combining diacritics (not the marks of Indic, Hebrew, Arabic... scripts): on a
# Latin letter they either compose with it (e + U+0301 -> é) or only decorate it ("Zalgo"
# text, strokes): either way they split an English word for every later check.
_MARK_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# pyre2 rebuilds the name -> index map on every named lookup: look groups up by number.
_XHEX, _SHEX, _URL = (_CANDIDATE_RE.groupindex[g] for g in ("xhex", "shex", "url"))


@dataclass(frozen=True, slots=True)
class HiddenMark:
    """Something hidden in the original text, with its original span."""

    kind: str
    start: int
    end: int
    score: float
    detail: str = ""


@dataclass(slots=True)
class View:
    """A text a detector scans, and how its offsets map back to the original."""

    text: str
    kind: str
    offsets: list[int] | None = None
    span: tuple[int, int] | None = None
    # original end of a character that stands for more than one (a letter and the combining
    # marks folded into it), by view index; others end one past their offset
    ends: dict[int, int] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of this view to a span of the original text."""
        if self.span is not None:
            return self.span
        if self.offsets is None:
            return start, end
        n = len(self.offsets)
        if n == 0:
            return 0, 0
        s = self.offsets[min(start, n - 1)]
        last = min(max(end, start + 1), n) - 1
        e = self.ends.get(last, self.offsets[last] + 1) if self.ends else self.offsets[last] + 1
        return s, max(s, e)


@dataclass(slots=True)
class Canonical:
    """The canonical form of one text: main view, decoded views, hidden marks."""

    original: str
    main: View
    decoded: list[View] = field(default_factory=list)
    hidden: list[HiddenMark] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.main.text


def canonicalize(text: str, *, decode: bool = True, depth: int = MAX_DEPTH) -> Canonical:
    """Return the canonical form of ``text`` (see the module docstring)."""
    hidden: list[HiddenMark] = []
    decoded: list[View] = []
    if text.isascii():
        main = View(text, "canonical")
    else:
        main = _clean(_no_surrogates(text), hidden, decoded)
        _fold_homoglyphs(main, hidden)
    canon = Canonical(text, main, decoded, hidden)
    if decode and depth > 0:
        _decode_payloads(canon, depth)
    return canon


def _no_surrogates(text: str) -> str:
    """Replace lone surrogates (invalid in UTF-8) with U+FFFD, keeping every offset."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return text


def _clean(text: str, hidden: list[HiddenMark], decoded: list[View]) -> View:
    specials = list(_SPECIAL_RE.finditer(text))
    if not specials and unicodedata.is_normalized("NFKC", text) and not _MARK_RE.search(text):
        return View(text, "canonical")
    out: list[str] = []
    offsets: list[int] = []
    marks = _FoldedMarks()
    pos = 0
    runs = _group_runs(specials)
    for kind, start, end in runs:
        _append_plain(text, pos, start, out, offsets, marks)
        chars = list(text[start:end])
        _close_run(text, kind, start, end, chars, hidden, decoded)
        pos = end
    _append_plain(text, pos, len(text), out, offsets, marks)
    if len(marks.dropped) >= 3:  # marks that only decorate letters: "Zalgo" text
        hidden.append(HiddenMark("combining_marks", marks.dropped[0], marks.dropped[-1] + 1, 0.7))
    return View("".join(out), "canonical", offsets, ends=marks.ends or None)


@dataclass(slots=True)
class _FoldedMarks:
    """Combining diacritics folded into the Latin letter before them (see _fold_mark)."""

    ends: dict[int, int] = field(default_factory=dict)  # view index -> original end
    dropped: list[int] = field(default_factory=list)  # original offsets of uncomposable ones


def _group_runs(specials: list[re.Match[str]]) -> list[tuple[str, int, int]]:
    """Merge adjacent special characters of the same kind into runs."""
    runs: list[tuple[str, int, int]] = []
    for m in specials:
        kind = is_special(m.group())
        if runs and runs[-1][0] == kind and runs[-1][2] == m.start():
            runs[-1] = (kind, runs[-1][1], m.end())
        else:
            runs.append((kind, m.start(), m.end()))
    return runs


def _append_plain(
    text: str, start: int, end: int, out: list[str], offsets: list[int], marks: _FoldedMarks
) -> None:
    chunk = text[start:end]
    if not chunk:
        return
    if unicodedata.is_normalized("NFKC", chunk) and not _MARK_RE.search(chunk):
        out.append(chunk)
        offsets.extend(range(start, end))
        return
    # Character by character, but ASCII stretches (always normalized) in one piece each.
    pos = start
    for m in _NON_ASCII_RE.finditer(text, start, end):
        if m.start() > pos:
            out.append(text[pos : m.start()])
            offsets.extend(range(pos, m.start()))
        for i, ch in enumerate(m.group(), m.start()):
            if _MARK_RE.match(ch) and _fold_mark(ch, i, out, offsets, marks):
                continue
            norm = (
                ch if unicodedata.is_normalized("NFKC", ch) else unicodedata.normalize("NFKC", ch)
            )
            out.append(norm)
            offsets.extend([i] * len(norm))
        pos = m.end()
    if pos < end:
        out.append(text[pos:end])
        offsets.extend(range(pos, end))


def _fold_mark(mark: str, i: int, out: list[str], offsets: list[int], marks: _FoldedMarks) -> bool:
    """Fold the combining diacritic at original offset ``i`` into the Latin letter just
    written (composed with it when Unicode has the accented letter, dropped otherwise), so
    that the letter's span covers it; False when no Latin letter comes before it."""
    if not out or not out[-1] or not _latin_letter(out[-1][-1]):
        return False
    base = out[-1][-1]
    composed = unicodedata.normalize("NFC", base + mark)
    if len(composed) == 1:
        out[-1] = out[-1][:-1] + composed
    else:
        marks.dropped.append(i)
    marks.ends[len(offsets) - 1] = i + 1
    return True


@lru_cache(maxsize=4096)
def _bare_letter(ch: str) -> str:
    """The ASCII letter under an accented Latin letter (``é`` -> ``e``), else ``ch``."""
    parts = unicodedata.normalize("NFD", ch)
    base, rest = parts[0], parts[1:]
    if rest and base.isascii() and base.isalpha() and all(_MARK_RE.match(c) for c in rest):
        return base
    return ch


def _latin_letter(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or ch in CONFUSABLES or _bare_letter(ch) != ch


def _close_run(
    text: str,
    kind: str,
    start: int,
    end: int,
    chars: list[str],
    hidden: list[HiddenMark],
    decoded: list[View],
) -> None:
    if kind == "tag":
        payload = "".join(chr(ord(c) - 0xE0000) for c in chars if 0xE0020 <= ord(c) <= 0xE007E)
        hidden.append(HiddenMark("unicode_tags", start, end, 0.95, payload[:80]))
        if payload.strip():
            decoded.append(View(payload, "unicode_tags", span=(start, end)))
    elif kind == "selector":
        _selector_run(text, start, end, chars, hidden, decoded)
    elif kind == "bidi":
        hidden.append(HiddenMark("bidi_control", start, end, 0.8))
    elif kind == "zero_width":
        _zero_width_run(text, start, end, chars, hidden)
    else:
        hidden.append(HiddenMark("invisible", start, end, 0.6))


def _selector_run(
    text: str,
    start: int,
    end: int,
    chars: list[str],
    hidden: list[HiddenMark],
    decoded: list[View],
) -> None:
    if len(chars) < 2:
        return  # one selector after an emoji or CJK character is ordinary text
    data = bytes(_selector_byte(c) for c in chars)
    payload = data.decode("utf-8", errors="ignore")
    hidden.append(HiddenMark("variation_selectors", start, end, 0.9, payload[:80]))
    if _looks_like_text(payload):
        decoded.append(View(payload, "variation_selectors", span=(start, end)))


def _selector_byte(ch: str) -> int:
    cp = ord(ch)
    return cp - 0xFE00 if cp <= 0xFE0F else cp - 0xE0100 + 16


def _zero_width_run(
    text: str, start: int, end: int, chars: list[str], hidden: list[HiddenMark]
) -> None:
    if all(c in "\u200c\u200d" for c in chars) and len(chars) == 1:
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if not (before.isascii() and before.isalpha() and after.isascii() and after.isalpha()):
            return  # joiners inside emoji sequences and Indic or Persian words are normal
    hidden.append(HiddenMark("zero_width", start, end, 0.7))


def _fold_homoglyphs(main: View, hidden: list[HiddenMark]) -> None:
    text = main.text
    if text.isascii() or _CONFUSABLE_RE.search(text) is None:
        return
    foreign = sum(1 for run in _NON_ASCII_RE.findall(text) for c in run if c.isalpha())
    ascii_text = text.encode("ascii", "ignore")
    letters = foreign + len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))
    candidates: list[tuple[re.Match[str], bool]] = []  # (word, has ASCII letters)
    for m in _MIXED_WORD_RE.finditer(text):
        word = m.group()
        if word.isascii() or not any(c in CONFUSABLES for c in word):
            continue
        if all(c.isascii() or c in CONFUSABLES for c in word):
            candidates.append((m, any(c.isascii() and c.isalpha() for c in word)))
    # Words mixing scripts are folded whatever the text; the share of foreign letters is
    # counted after folding them (confusables fold to ASCII letters), so that folding the
    # canonical text again changes nothing.
    mixed = sum(1 for m, has_ascii in candidates if has_ascii for c in m.group() if not c.isascii())
    mostly_latin = letters > 0 and (foreign - mixed) / letters < 0.3
    pieces: list[str] = []
    last = 0
    for m, has_ascii in candidates:
        word = m.group()
        if not (has_ascii or mostly_latin):
            continue
        pieces.append(text[last : m.start()])
        pieces.append("".join(CONFUSABLES.get(c, c) for c in word))
        last = m.end()
        s, e = main.to_original(m.start(), m.end())
        hidden.append(HiddenMark("homoglyph", s, e, 0.75, word))
    if pieces:
        pieces.append(text[last:])
        main.text = "".join(pieces)


def _decode_payloads(canon: Canonical, depth: int) -> None:
    main = canon.main
    text = main.text
    for m in _CANDIDATE_RE.finditer(text):
        if len(canon.decoded) >= MAX_DECODED_VIEWS:
            break
        kind, payload = _decode_candidate(m)
        if payload is None or not _looks_like_text(payload):
            continue
        span = main.to_original(m.start(), m.end())
        _add_decoded(canon, kind, payload, span, depth)
    _decode_rot13(canon, depth)
    _decode_diacritics(canon)
    _decode_leet(canon)


def _decode_candidate(m: Any) -> tuple[str, str | None]:
    raw = m.group()
    if m.group(_XHEX) is not None:
        return "hex", _bytes_text(bytes.fromhex(raw.replace("\\x", "")))
    if m.group(_SHEX) is not None:
        return "hex", _bytes_text(bytes.fromhex(raw.replace(":", " ")))
    if m.group(_URL) is not None:
        encoded = unquote_to_bytes(raw)
        escaped_alnum = sum(
            1 for i in range(len(raw) - 2) if raw[i] == "%" and _hex_alnum(raw[i + 1 : i + 3])
        )
        return "url_encoding", _bytes_text(encoded) if escaped_alnum >= 3 else None
    body = raw.rstrip("=")
    if len(body) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in body):
        return "hex", _bytes_text(bytes.fromhex(body))
    return "base64", _b64_text(raw)


def _hex_alnum(pair: str) -> bool:
    try:
        return chr(int(pair, 16)).isalnum()
    except ValueError:
        return False


def _b64_text(raw: str) -> str | None:
    body = raw.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _bytes_text(data)


def _bytes_text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _looks_like_text(payload: str) -> bool:
    if len(payload) < 4:
        return False
    printable = sum(1 for c in payload if c.isprintable() or c in "\n\t\r")
    if printable < 0.95 * len(payload):
        return False
    letters = sum(1 for c in payload if c.isalpha() or c == " ")
    return letters >= 4 and letters >= 0.6 * len(payload)


def _add_decoded(
    canon: Canonical, kind: str, payload: str, span: tuple[int, int], depth: int
) -> None:
    inner = canonicalize(payload, depth=depth - 1)
    score = 0.85 if _word_hits(inner.text) >= 2 else 0.6
    canon.hidden.append(HiddenMark(kind, span[0], span[1], score, payload[:80]))
    canon.decoded.append(View(inner.text, kind, span=span))
    for view in inner.decoded:
        if len(canon.decoded) < MAX_DECODED_VIEWS:
            canon.decoded.append(View(view.text, view.kind, span=span))


def _word_hits(text: str) -> int:
    return sum(1 for w in _WORD_RE.findall(text) if w.lower() in COMMON_WORDS)


def _decode_rot13(canon: Canonical, depth: int) -> None:
    text = canon.main.text
    lowered = set(_LOWER_WORD_RE.findall(text.lower()))
    if len(lowered & _ROT_COMMON) < 2 or len(lowered & _ROTATED) < 2:
        return  # cheap exit: fewer than two words that are common words once rotated
    if not _rot13_dense(text):
        return
    words = [m for m in _WORD_RE.finditer(text) if len(m.group()) >= 3]
    hits = [w for w in words if w.group().lower() in _ROTATED]
    start, end = hits[0].start(), hits[-1].end()
    inside = [w for w in words if start <= w.start() < end]
    if len(hits) < 0.4 * len(inside):
        return
    payload = text[start:end].translate(ROT13)
    span = canon.main.to_original(start, end)
    _add_decoded(canon, "rot13", payload, span, depth)


def _rot13_dense(text: str) -> bool:
    """The test below on plain strings: whether the words from the first to the last that
    are common words once rotated (and not before) are at least 40% rotated ones. Long texts
    almost always have two such words by chance, far apart, and fail it; this saves them
    a match object per word."""
    words = [w for w in _WORD_RE.findall(text) if len(w) >= 3]
    hits = [i for i, w in enumerate(words) if w.lower() in _ROTATED]
    return bool(hits) and len(hits) >= 0.4 * (hits[-1] - hits[0] + 1)


def _decode_diacritics(canon: Canonical) -> None:
    """A view without the accents of Latin letters when that turns at least two words into
    common English words (``Ígnóré ãll prévíóús`` -> ``ignore all previous``): accents
    sprinkled over an English instruction hide its words from every word-based check, while
    ordinary French or German text rarely folds into English words."""
    text = canon.main.text
    if text.isascii() or _ACCENTED_RE.search(text) is None:
        return
    hits: list[re.Match[str]] = []
    for m in _MIXED_WORD_RE.finditer(text):
        word = m.group()
        if word.isascii() or _ACCENTED_RE.search(word) is None:
            continue
        bare = _ACCENTED_RE.sub(lambda c: _bare_letter(c.group()), word).lower()
        if len(bare) >= 2 and bare in COMMON_WORDS and word.lower() not in COMMON_WORDS:
            hits.append(m)
    if len(hits) < 2:
        return
    folded = _ACCENTED_RE.sub(lambda c: _bare_letter(c.group()), text)
    canon.decoded.append(View(folded, "diacritics", canon.main.offsets, ends=canon.main.ends))
    if len(hits) >= 3:
        span = canon.main.to_original(hits[0].start(), hits[-1].end())
        score = 0.8 if len(hits) >= 5 else 0.6
        canon.hidden.append(HiddenMark("diacritics", span[0], span[1], score))


def _leet_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the runs of letters and leet symbols that hold both, in order."""
    # "replace" turns each non-ASCII character into one "?", so offsets stay those of text.
    classes = text.encode("ascii", "replace").translate(_LEET_CLASSES)
    size = len(classes)
    pos = 0
    next_ls = classes.find(b"a1")  # the next letter-symbol and symbol-letter pairs
    next_sl = classes.find(b"1a")
    while next_ls >= 0 or next_sl >= 0:
        hit = next_sl if next_ls < 0 or 0 <= next_sl < next_ls else next_ls
        start = classes.rfind(b" ", pos, hit) + 1 or pos
        end = classes.find(b" ", hit)
        end = size if end < 0 else end
        yield start, end
        pos = end
        if 0 <= next_ls < pos:
            next_ls = classes.find(b"a1", pos)
        if 0 <= next_sl < pos:
            next_sl = classes.find(b"1a", pos)


def _decode_leet(canon: Canonical) -> None:
    text = canon.main.text
    pieces: list[str] = []
    last = 0
    first = last_end = -1
    for start, end in _leet_tokens(text):
        if end - start < 3:
            continue
        folded = text[start:end].lower().translate(LEET)
        if folded not in COMMON_WORDS:
            continue
        pieces.append(text[last:start])
        pieces.append(folded)
        last = end
        first = start if first < 0 else first
        last_end = end
    if not pieces:
        return
    pieces.append(text[last:])
    span = canon.main.to_original(first, last_end)
    score = 0.75 if len(pieces) >= 5 else 0.45
    canon.hidden.append(HiddenMark("leetspeak", span[0], span[1], score))
    canon.decoded.append(
        View("".join(pieces), "leetspeak", canon.main.offsets, ends=canon.main.ends)
    )
