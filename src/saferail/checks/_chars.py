"""Character tables for canonicalization: invisibles, bidi controls, homoglyphs, leetspeak."""

from __future__ import annotations

__all__ = [
    "BIDI",
    "BIDI_MARKS",
    "CONFUSABLES",
    "LEET",
    "LEET_CHARS",
    "ROT13",
    "ZERO_WIDTH",
    "emoji_flag_tags",
    "is_special",
    "rtl_marks",
]

import re
import string
import unicodedata

ZERO_WIDTH: frozenset[str] = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"
)
BIDI: frozenset[str] = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Directional marks: invisible strong characters that reorder nothing on their own; writers
# of Hebrew, Arabic and Persian (and their keyboards) put them next to RTL words routinely.
BIDI_MARKS: frozenset[str] = frozenset("\u200e\u200f\u061c")
# Other characters that render as nothing or as blank space: soft hyphen, combining
# grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian selectors, the
# deprecated format controls U+206A..U+206F.
_INVISIBLE: frozenset[str] = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    "\u206a\u206b\u206c\u206d\u206e\u206f"
)

# Letters from other scripts drawn like Latin letters (Cyrillic, Greek, Armenian, IPA).
_PAIRS = (
    "аa еe оo рp сc уy хx іi јj ѕs һh ԁd ԛq ԝw ӏl ɡg ɑa ıi ʏy ᴄc ᴏo ᴠv ᴡw ᴢz "
    "АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ІI ЈJ ЅS ԌG ԚQ ԜW Ӏl "
    "αa οo νv ρp ιi κk τt υu χx ϲc ϳj "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX "
    "օo սu ոn հh ցg զq"
)
CONFUSABLES: dict[str, str] = {p[0]: p[1] for p in _PAIRS.split()}

_LEET_FROM = "013457@$!|8"
LEET: dict[int, int] = str.maketrans(_LEET_FROM, "oieastasiib")
LEET_CHARS: frozenset[str] = frozenset(_LEET_FROM)

_LOW = string.ascii_lowercase
_UP = string.ascii_uppercase
ROT13: dict[int, int] = str.maketrans(_LOW + _UP, _LOW[13:] + _LOW[:13] + _UP[13:] + _UP[:13])


def is_special(ch: str) -> str:
    """The hiding kind of one character, or "" for an ordinary character."""
    if ch.isascii():
        return ""
    cp = ord(ch)
    if 0xE0000 <= cp <= 0xE007F:
        return "tag"
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return "selector"
    if ch in ZERO_WIDTH:
        return "zero_width"
    if ch in BIDI:
        return "bidi"
    if ch in _INVISIBLE:
        return "invisible"
    return ""


_FLAG_BASE = "\U0001f3f4"  # WAVING BLACK FLAG, the base of every emoji tag sequence
_CANCEL_TAG = "\U000e007f"
# A subdivision code (CLDR unicode_subdivision_id): a region, then 1 to 4 letters or digits.
_SUBDIVISION = re.compile(r"[a-z]{2}[a-z0-9]{1,4}")


def emoji_flag_tags(text: str, start: int, end: int) -> bool:
    """Whether the tag characters ``text[start:end]`` are a subdivision flag's tag sequence:
    right after the flag base U+1F3F4, a subdivision code (``gbeng``) in tag letters, then
    CANCEL TAG (UTS #51 emoji tag sequences: England, Scotland, Wales)."""
    run = text[start:end]
    if start < 1 or text[start - 1] != _FLAG_BASE or not run.endswith(_CANCEL_TAG):
        return False
    spec = "".join(chr(ord(c) - 0xE0000) for c in run[:-1])
    return _SUBDIVISION.fullmatch(spec) is not None


def rtl_marks(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds only directional marks (LRM, RLM, ALM) and touches
    a right-to-left letter: ordinary Hebrew, Arabic or Persian writing, not a trick."""
    if not text[start:end] or any(c not in BIDI_MARKS for c in text[start:end]):
        return False
    around = text[start - 1 : start] + text[end : end + 1]
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in around)
