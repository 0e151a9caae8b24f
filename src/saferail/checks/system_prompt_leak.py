"""``system_prompt_leak``: the model's answer reveals its system prompt.

Two independent signals:

* **Canary.** :meth:`SystemPromptLeak.add_canary` appends a short random marker line to a
  system prompt. The marker means nothing to the model and never occurs by chance, so
  finding it in an answer (plainly, in another case, or hex-, base64- or rot13-encoded)
  proves the prompt leaked: score 1.0.
* **Overlap.** When the call passes the system prompt, the answer's word n-grams are
  compared with the prompt's. The score grows with the fraction of the prompt's n-grams
  found in the answer, and one long verbatim run is reported on its own.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "SystemPromptLeak", "SystemPromptLeakParams"]

import base64
import codecs
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import ahocorasick
import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View
from saferail.checks.registry import register_check

CANARY_PREFIX = "sr-canary-"
PATTERNS: dict[str, str] = {
    # A canary made by this check: the random part is what is searched for.
    "canary": r"^sr-canary-(?P<token>[0-9A-Za-z]{8,})$",
}
_CANARY_RE = re2.compile(PATTERNS["canary"])

_MIN_PROMPT_WORDS = 3
_MAX_RUN_FINDINGS = 20
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")
_HEX_CHARS = frozenset("0123456789abcdefABCDEF")
_MAX_EXTEND = 8192
_GATE_SEPARATOR = "[^0-9A-Za-z]+"
_GATE_MAX_MEM = 64 << 20
_CACHE_SIZE = 32


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
_SEP_BYTES = bytes(32 if c in _SEPARATORS else (c + 32 if 65 <= c <= 90 else c) for c in range(256))


class SystemPromptLeakParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    canary: str | None = Field(
        None,
        description="Canary marker to look for; a random 'sr-canary-<hex>' when unset.",
    )
    ngram: int = Field(5, description="Words per n-gram when comparing with the prompt.")
    min_overlap: float = Field(
        0.3, description="Fraction of the prompt's n-grams in the answer that scores 0.5."
    )
    min_run_words: int = Field(
        12, description="A verbatim run of this many prompt words is reported on its own."
    )

    @field_validator("canary")
    @classmethod
    def _canary(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) < 8 or any(c.isspace() or "\ud800" <= c <= "\udfff" for c in value):
            raise ValueError(
                "canary must be a single token of at least 8 characters without whitespace "
                f"(got {value!r}); leave it unset to generate a random one"
            )
        return value

    @field_validator("ngram")
    @classmethod
    def _ngram(cls, value: int) -> int:
        if not 2 <= value <= 20:
            raise ValueError(f"ngram must be between 2 and 20 words, got {value}")
        return value

    @field_validator("min_overlap")
    @classmethod
    def _overlap(cls, value: float) -> float:
        if not 0.0 < value <= 1.0:
            raise ValueError(f"min_overlap must be in (0, 1], got {value}")
        return value

    @model_validator(mode="after")
    def _run(self) -> SystemPromptLeakParams:
        if self.min_run_words < self.ngram:
            raise ValueError(
                f"min_run_words ({self.min_run_words}) must be at least ngram ({self.ngram})"
            )
        return self


@dataclass(frozen=True, slots=True)
class _PromptIndex:
    """The distinct word n-grams of one system prompt, in an Aho-Corasick automaton."""

    automaton: ahocorasick.Automaton
    count: int
    n: int
    gate: Any  # RE2 pattern matching (a superset of) the n-grams in raw text; None: no gate


@dataclass(slots=True)
class _Segment:
    """A stretch of one view around gate matches, and the prompt n-grams found in it."""

    view: View
    offset: int
    text: str
    hits: list[tuple[int, int]]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.view.to_original(self.offset + start, self.offset + end)


@register_check
class SystemPromptLeak(Check):
    """The answer contains the system prompt's canary or copies the system prompt."""

    name = "system_prompt_leak"
    categories = ("system_prompt_leak",)
    surfaces = frozenset({"output"})
    cost = "cheap"
    description = __doc__ or ""
    tags = ("owasp:llm07:2025",)
    Params: ClassVar[type[BaseModel]] = SystemPromptLeakParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, SystemPromptLeakParams)
        p = self.params
        self.canary: str = p.canary or f"{CANARY_PREFIX}{secrets.token_hex(8)}"
        m = _CANARY_RE.search(self.canary)
        self._token = (m.group(1) if m else self.canary).lower()
        self._prefix = self.canary[: len(self.canary) - len(self._token)].lower()
        self._automaton, self._canary_gate = _canary_automaton(self._token)
        self._ngram = p.ngram
        self._min_overlap = p.min_overlap
        self._min_run = p.min_run_words
        # Keyed by the prompt string: a hit costs one dict lookup (str hashes are cached).
        self._index_for = lru_cache(maxsize=_CACHE_SIZE)(self._prompt_index)

    def add_canary(self, system_prompt: str) -> str:
        """``system_prompt`` with the canary line appended (unchanged if already there)."""
        if self._token in system_prompt.lower():
            return system_prompt
        body = system_prompt.rstrip()
        line = f"[ref:{self.canary}]"
        return f"{body}\n\n{line}" if body else line

    def run(self, data: CheckInput) -> list[Finding]:
        findings: list[Finding] = []
        views = list(data.views())
        self._canary_findings(views, findings)
        if data.system_prompt:
            index = self._index_for(data.system_prompt)
            if index is not None:
                self._overlap_findings(views, index, findings)
        return findings

    # -- canary -----------------------------------------------------------------------

    def _canary_findings(self, views: list[View], out: list[Finding]) -> None:
        seen: list[tuple[int, int]] = []
        for view in views:
            if self._canary_gate.search(_subject(view.text)) is None:
                continue
            low = _lower(view.text)
            for end, (kind, length) in self._automaton.iter(low):
                s, e = self._extend(low, kind, end + 1 - length, end + 1)
                span = view.to_original(s, e)
                if any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                seen.append(span)
                where = kind if view.kind == "canonical" else f"{kind} in {view.kind}"
                out.append(
                    self.finding(1.0, *span, entity_type="CANARY", detail=f"canary ({where})")
                )

    def _extend(self, low: str, kind: str, start: int, end: int) -> tuple[int, int]:
        """Grow a canary hit to the whole token or encoded blob that carries it."""
        if kind in ("plain", "rot13"):
            p = self._prefix if kind == "plain" else codecs.encode(self._prefix, "rot13")
            if p and low[max(0, start - len(p)) : start] == p:
                start -= len(p)
            return start, end
        chars = _HEX_CHARS if kind == "hex" else _B64_CHARS
        lo, hi = start, end
        while lo > 0 and start - lo < _MAX_EXTEND and low[lo - 1] in chars:
            lo -= 1
        while hi < len(low) and hi - end < _MAX_EXTEND and low[hi] in chars:
            hi += 1
        return lo, hi

    # -- overlap ----------------------------------------------------------------------

    def _prompt_index(self, system_prompt: str) -> _PromptIndex | None:
        prompt = system_prompt
        low = prompt.lower()
        if CANARY_PREFIX in low or self._token in low:
            prompt = "\n".join(
                line
                for line in prompt.splitlines()
                if CANARY_PREFIX not in line.lower() and self._token not in line.lower()
            )
        return _build_index(prompt, self._ngram)

    def _overlap_findings(self, views: list[View], index: _PromptIndex, out: list[Finding]) -> None:
        n = index.n
        matched: set[int] = set()
        segments: list[_Segment] = []
        for view in views:
            for start, end in _segments(view.text, index):
                text = view.text[start:end]
                hits = _view_hits(text, index)
                if hits:
                    matched.update(gid for _, gid in hits)
                    segments.append(_Segment(view, start, text, hits))
        if not matched:
            return
        # Spans are only worked out for what is reported.
        lo = hi = -1
        runs: list[tuple[int, int, int]] = []
        for seg in segments:
            words = [w for w, _ in seg.hits]
            long_runs = [r for r in _runs(words, n) if r[1] - r[0] >= self._min_run]
            if not long_runs and len(matched) * 2 < index.count * self._min_overlap:
                continue
            spans = _word_spans(seg.text)
            s, e = seg.original(spans[words[0]][0], spans[words[-1] + n - 1][1])
            lo = s if lo < 0 else min(lo, s)
            hi = max(hi, e)
            for w0, w1 in long_runs:
                rs, re_ = seg.original(spans[w0][0], spans[w1 - 1][1])
                runs.append((rs, re_, w1 - w0))
        fraction = len(matched) / index.count
        m = self._min_overlap
        if fraction >= m:
            score = 0.5 + 0.5 * (fraction - m) / (1.0 - m) if m < 1.0 else 1.0
        else:
            score = 0.5 * fraction / m
        if score >= 0.25:
            detail = f"{len(matched)}/{index.count} prompt {index.n}-grams in the answer"
            out.append(self.finding(score, lo, hi, entity_type="PROMPT_OVERLAP", detail=detail))
        seen: set[tuple[int, int]] = set()
        for rs, re_, count in sorted(runs, key=lambda r: -r[2])[:_MAX_RUN_FINDINGS]:
            if (rs, re_) in seen:
                continue
            seen.add((rs, re_))
            score = 0.6 + 0.4 * (count - self._min_run) / (2 * self._min_run)
            out.append(
                self.finding(
                    min(1.0, score),
                    rs,
                    re_,
                    entity_type="PROMPT_COPY",
                    detail=f"{count} consecutive words copied from the system prompt",
                )
            )


# -- helpers -------------------------------------------------------------------------


def _canary_automaton(token: str) -> tuple[ahocorasick.Automaton, Any]:
    """Patterns (lowercase) for the canary token: plain, hex, rot13 and base64.

    A string inside a base64 payload is encoded differently depending on its offset
    modulo 3; for each offset the characters that depend only on the token are fixed,
    so three cores (per alphabet) find it in any base64 text.
    """
    automaton = ahocorasick.Automaton()
    raw = token.encode("utf-8")
    patterns: dict[str, tuple[str, int]] = {}

    def add(pattern: str, kind: str) -> None:
        pattern = pattern.lower()
        if len(pattern) >= 8 and pattern not in patterns:
            patterns[pattern] = (kind, len(pattern))

    add(token, "plain")
    add(codecs.encode(token, "rot13"), "rot13")
    add(raw.hex(), "hex")
    for k in range(3):
        enc = base64.b64encode(b"\0" * k + raw).decode("ascii")
        first = -(-8 * k // 6)
        last = (8 * (k + len(raw))) // 6
        core = enc[first:last]
        add(core, "base64")
        add(core.replace("+", "-").replace("/", "_"), "base64")
    for pattern, value in patterns.items():
        automaton.add_word(pattern, value)
    automaton.make_automaton()
    # RE2 finds "any of these literals" faster than iterating the automaton, so it gates
    # the detailed pass; a literal alternation cannot backtrack.
    gate = re2.compile("(?i:" + "|".join(re2.escape(p) for p in patterns) + ")")
    return automaton, gate


def _subject(text: str) -> bytes:
    """What to hand RE2 for a yes/no search: UTF-8 bytes skip the wrapper's offset
    translation; lone surrogates pass through as bytes that match nothing."""
    return text.encode("utf-8", "surrogatepass")


def _lower(text: str) -> str:
    """Lowercase without changing the length (offsets must stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _sep_text(text: str) -> str:
    """``text`` with every separator replaced by a space (same length; ASCII lowercased)."""
    if text.isascii():
        return text.encode("ascii").translate(_SEP_BYTES).decode("ascii")
    for ch in _SEP_LIST:  # a few fast searches beat str.translate on non-ASCII text
        if ch in text:
            text = text.replace(ch, " ")
    return text


def _words(text: str) -> list[str]:
    """Casefolded words (casefolding, unlike lowercasing, does not depend on context)."""
    if text.isascii():
        return _sep_text(text).split()
    return _sep_text(text).casefold().split()


def _norm(text: str) -> str:
    """The words of ``text``, casefolded, each between single spaces: " w1 w2 ... "."""
    if text.isascii():
        words = text.encode("ascii").translate(_SEP_BYTES).split()
        return (b" " + b" ".join(words) + b" ").decode("ascii")
    return " " + " ".join(_words(text)) + " "


@lru_cache(maxsize=_CACHE_SIZE)
def _build_index(prompt: str, n: int) -> _PromptIndex | None:
    words = _words(prompt)
    if len(words) < _MIN_PROMPT_WORDS:
        return None
    n = min(n, len(words))
    automaton = ahocorasick.Automaton()
    grams: dict[str, int] = {}
    for i in range(len(words) - n + 1):
        gram = " " + " ".join(words[i : i + n]) + " "
        if gram not in grams:
            grams[gram] = len(grams)
            automaton.add_word(gram, len(grams) - 1)
    automaton.make_automaton()
    return _PromptIndex(automaton, len(grams), n, _gate(grams))


def _gate(grams: Iterable[str]) -> Any:
    """One RE2 pattern finding any of the n-grams in the raw text, words separated by any
    run of non-alphanumerics: a superset of what the exact pass finds, so a text it does
    not match has no overlap, and the tokenizing pass is skipped."""
    alternatives = (_GATE_SEPARATOR.join(re2.escape(w) for w in gram.split()) for gram in grams)
    options = re2.Options()
    options.max_mem = _GATE_MAX_MEM
    options.case_sensitive = False
    try:
        return re2.compile("|".join(alternatives), options)
    except (re2.error, UnicodeError):  # too large for the budget, or lone surrogates
        return None


def _segments(text: str, index: _PromptIndex) -> list[tuple[int, int]]:
    """Stretches of ``text`` that can hold prompt n-grams: each gate match widened by
    n-1 words on both sides (an n-gram the exact pass finds overlaps some gate match, and
    so lies inside that match's stretch), overlapping stretches merged. Without a gate,
    the whole text."""
    if index.gate is None:
        return [(0, len(text))] if text else []
    if not text.isascii():
        # The gate is only a superset of the exact pass on casefolded text, whose offsets
        # can differ from the view's: it answers yes or no, the exact pass takes the rest.
        hit = index.gate.search(text.casefold().encode("utf-8", "surrogatepass"))
        return [] if hit is None else [(0, len(text))]
    out: list[tuple[int, int]] = []
    marks: bytes | None = None
    for m in index.gate.finditer(text.encode("ascii")):
        if marks is None:
            marks = text.encode("ascii").translate(_SEP_BYTES)
        start = _skip_back(marks, m.start(), index.n - 1)
        end = _skip_forward(marks, m.end(), index.n - 1)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _skip_back(marks: bytes, pos: int, words: int) -> int:
    """Start of the word at ``pos``, then ``words`` words further back."""
    i = marks.rfind(b" ", 0, pos) + 1
    for _ in range(words):
        while i > 0 and marks[i - 1] == 32:
            i -= 1
        i = marks.rfind(b" ", 0, i) + 1
    return i


def _skip_forward(marks: bytes, pos: int, words: int) -> int:
    """End of the word at ``pos``, then ``words`` words further on."""
    n = len(marks)
    i = marks.find(b" ", pos)
    i = n if i < 0 else i
    for _ in range(words):
        while i < n and marks[i] == 32:
            i += 1
        i = marks.find(b" ", i)
        i = n if i < 0 else i
    return i


def _view_hits(text: str, index: _PromptIndex) -> list[tuple[int, int]]:
    """(word index in ``text``, n-gram id) of every prompt n-gram ``text`` contains."""
    norm = _norm(text)
    hits: list[tuple[int, int]] = []
    word = 0
    pos = 0
    for end, gid in index.automaton.iter(norm):
        # Hits arrive by end position; n-grams of a fixed word count therefore arrive by
        # start position too, so the word index is counted incrementally.
        start = _gram_start(norm, end, index.n)
        word += norm.count(" ", pos, start)
        pos = start
        hits.append((word, gid))
    return hits


def _gram_start(norm: str, end: int, n: int) -> int:
    """Position of the leading space of the n-gram whose trailing space is at ``end``."""
    pos = end
    for _ in range(n):
        pos = norm.rfind(" ", 0, pos)
    return pos


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words :func:`_words` yields, in ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in _sep_text(text).split(" "):
        if part:
            spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def _runs(words: Iterable[int], n: int) -> list[tuple[int, int]]:
    """Word ranges [start, end) covered by consecutive n-gram hits."""
    out: list[tuple[int, int]] = []
    start = prev = -2
    for w in words:
        if w == prev + 1:
            prev = w
            continue
        if start >= 0:
            out.append((start, prev + n))
        start = prev = w
    if start >= 0:
        out.append((start, prev + n))
    return out
