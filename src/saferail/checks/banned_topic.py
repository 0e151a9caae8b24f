"""``banned_topic``: phrases the policy forbids, found however they are disguised.

Phrases come from ``phrases`` (reported as ``PHRASE``) and from named ``topics`` (reported
with the topic name as entity type). Matching ignores case and runs of whitespace, and
runs on every view of the canonicalizer, so a phrase written with homoglyphs, zero-width
characters, leetspeak or inside a base64 payload is still found. With ``whole_words`` a
phrase only matches at word boundaries ("class" does not match "classic"); a phrase that
starts or ends in a script written without spaces (Chinese, Japanese, Thai...) has no
boundary to wait for on that side.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "BannedTopic", "BannedTopicParams"]

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, ClassVar

import ahocorasick
import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View, canonicalize
from saferail.checks.registry import register_check

# Characters str.split() treats as whitespace; each becomes one space before matching.
_WS_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WS_OTHER = tuple(c for c in _WS_CHARS if c != " ")
_WS_BYTES = bytes.maketrans(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f", b" " * 9)

# The gate's word separator: a run of the whitespace characters above. The gate is one
# RE2 pattern, the escaped phrases joined by it (a literal alternation: no backtracking).
PATTERNS: dict[str, str] = {
    "gate_separator": (
        r"[\t-\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
        r"\x{205f}\x{3000}]+"
    )
}
_GATE_MAX_MEM = 64 << 20
_MAX_FINDINGS = 200
_DEFAULT_ENTITY = "PHRASE"


class BannedTopicParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrases: list[str] = Field(
        default_factory=list, description="Phrases to report, with entity type PHRASE."
    )
    topics: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Topic name -> phrases; the topic name is the finding's entity type.",
    )
    whole_words: bool = Field(True, description="Match phrases only at word boundaries.")
    score: float = Field(1.0, description="Score of every finding.")

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        for i, phrase in enumerate(value):
            if not _normalize(phrase):
                raise ValueError(f"phrases[{i}] is empty or only whitespace")
        return value

    @field_validator("topics")
    @classmethod
    def _topics(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            if not name.strip():
                raise ValueError("topic names must not be empty")
            if not phrases:
                raise ValueError(f"topic {name!r} has no phrases")
            for i, phrase in enumerate(phrases):
                if not _normalize(phrase):
                    raise ValueError(f"topic {name!r}: phrase {i} is empty or only whitespace")
        return value

    @field_validator("score")
    @classmethod
    def _score(cls, value: float) -> float:
        if not 0.0 < value <= 1.0:
            raise ValueError(f"score must be in (0, 1], got {value}")
        return value


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    entity_types: tuple[str, ...]
    word_start: bool  # the phrase starts with a word character
    word_end: bool


@register_check
class BannedTopic(Check):
    """Phrases from the policy's lists, case-, spacing- and disguise-insensitive."""

    name = "banned_topic"
    categories = ("banned_topic",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "cheap"
    description = __doc__ or ""
    Params: ClassVar[type[BaseModel]] = BannedTopicParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, BannedTopicParams)
        p = self.params
        entities: dict[str, list[str]] = {}
        for phrase in p.phrases:
            _add(entities, _normalize(phrase), _DEFAULT_ENTITY)
        for topic, phrases in p.topics.items():
            for phrase in phrases:
                _add(entities, _normalize(phrase), topic)
        self._whole = p.whole_words
        self._score = p.score
        self._automaton: Any = None
        self._gate: Any = None
        if not entities:
            return
        automaton = ahocorasick.Automaton()
        for text, types in entities.items():
            automaton.add_word(
                text, _Phrase(text, tuple(types), _bounded(text[0]), _bounded(text[-1]))
            )
        automaton.make_automaton()
        self._automaton = automaton
        self._gate = _gate(entities)

    def run(self, data: CheckInput) -> list[Finding]:
        if self._automaton is None:
            return []
        findings: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        for view in data.views():
            text = view.text
            # The gate answers "no match possible" at RE2 speed (on UTF-8 bytes, which
            # skips the wrapper's offset translation); the exact pass only runs on a hit.
            if self._gate is not None:
                folded = text if text.isascii() else text.casefold()
                subject = folded.encode("utf-8", "surrogatepass")
                if self._gate.search(subject) is None:
                    continue
            self._scan(view, findings, seen)
            if len(findings) >= _MAX_FINDINGS:
                break
        return findings

    def _scan(self, view: View, out: list[Finding], seen: set[tuple[int, int, str]]) -> None:
        norm, fold_map, cut_at, shift = _prepare(view.text)
        whole = self._whole
        for end, phrase in self._automaton.iter(norm):
            end += 1
            start = end - len(phrase.text)
            if whole and (
                (phrase.word_start and start > 0 and _is_word(norm[start - 1]))
                or (phrase.word_end and end < len(norm) and _is_word(norm[end]))
            ):
                continue
            s = _unshift(start, cut_at, shift)
            e = _unshift(end - 1, cut_at, shift) + 1
            if fold_map is not None:
                s, e = fold_map[s], fold_map[e - 1] + 1
            span = view.to_original(s, e)
            if len(out) >= _MAX_FINDINGS:
                return
            for entity in phrase.entity_types:
                key = (span[0], span[1], entity)
                if key in seen:
                    continue
                seen.add(key)
                where = "" if view.kind == "canonical" else f" ({view.kind})"
                out.append(
                    self.finding(
                        self._score,
                        span[0],
                        span[1],
                        entity_type=entity,
                        detail=f"{phrase.text!r}{where}",
                    )
                )


def _normalize(phrase: str) -> str:
    """The phrase as the text is matched: canonicalized like the text (so a phrase with a
    homoglyph or an invisible character can match), NFKC, casefolded, single-spaced."""
    if not (phrase.isascii() and phrase.isprintable()):
        phrase = canonicalize(phrase, decode=False).main.text
    return " ".join(unicodedata.normalize("NFKC", phrase).casefold().split())


def _add(entities: dict[str, list[str]], text: str, entity: str) -> None:
    types = entities.setdefault(text, [])
    if entity not in types:
        types.append(entity)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): a
# phrase there has no word boundary to wait for, or 炸弹 would never match in 如何制造炸弹.
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF),  # CJK Extensions B and later
)


def _bounded(ch: str) -> bool:
    """Whether a phrase starting or ending with ``ch`` waits for a word boundary there."""
    code = ord(ch)
    return _is_word(ch) and not any(lo <= code <= hi for lo, hi in _UNSPACED)


def _gate(entities: dict[str, list[str]]) -> Any:
    """RE2 pattern that matches wherever the exact pass could (a superset) in lowercase or
    casefolded text: the phrases with any run of whitespace between their words."""
    sep = PATTERNS["gate_separator"]
    options = re2.Options()
    options.max_mem = _GATE_MAX_MEM
    options.case_sensitive = False
    try:
        pattern = "|".join(sep.join(re2.escape(w) for w in t.split(" ")) for t in entities)
        return re2.compile(pattern, options)
    except (re2.error, UnicodeError):  # too large for the budget, or lone surrogates
        return None


def _prepare(text: str) -> tuple[str, list[int] | None, list[int], list[int]]:
    """Casefold ``text``, turn whitespace into spaces and collapse runs of spaces.

    Returns the normalized text, the map from casefolded to ``text`` offsets (None when
    casefolding kept every offset) and the collapse breakpoints for :func:`_unshift`.
    """
    folded = text.casefold()
    fold_map: list[int] | None = None
    if len(folded) != len(text):
        pieces: list[str] = []
        fold_map = []
        for i, ch in enumerate(text):
            f = ch.casefold()
            pieces.append(f)
            fold_map.extend([i] * len(f))
        folded = "".join(pieces)
    if folded.isascii():
        folded = folded.encode("ascii").translate(_WS_BYTES).decode("ascii")
    else:
        for ch in _WS_OTHER:  # a few fast searches beat str.translate on non-ASCII text
            if ch in folded:
                folded = folded.replace(ch, " ")
    norm, cut_at, shift = _collapse(folded)
    return norm, fold_map, cut_at, shift


def _collapse(text: str) -> tuple[str, list[int], list[int]]:
    """Collapse runs of spaces to one. ``cut_at[k]`` is the collapsed offset from which
    ``shift[k]`` characters have been removed before it."""
    i = text.find("  ")
    if i < 0:
        return text, [], []
    pieces: list[str] = []
    cut_at: list[int] = []
    shift: list[int] = []
    removed = 0
    last = 0
    n = len(text)
    while i >= 0:
        j = i + 2
        while j < n and text[j] == " ":
            j += 1
        pieces.append(text[last : i + 1])
        cut_at.append(i + 1 - removed)
        removed += j - i - 1
        shift.append(removed)
        last = j
        i = text.find("  ", j)
    pieces.append(text[last:])
    return "".join(pieces), cut_at, shift


def _unshift(pos: int, cut_at: list[int], shift: list[int]) -> int:
    """Offset in the uncollapsed text of collapsed offset ``pos``."""
    if not cut_at:
        return pos
    k = bisect_right(cut_at, pos) - 1
    return pos + shift[k] if k >= 0 else pos
