"""``system_prompt_leak``: the model's answer reveals its system prompt.

Two independent signals:

* **Canary.** :meth:`SystemPromptLeak.add_canary` appends a short random marker line to a
  system prompt. The marker means nothing to the model and never occurs by chance, so
  finding it in an answer (plainly, in another case, spaced out, or hex-, base64- or
  rot13-encoded) proves the prompt leaked: score 1.0.
* **Overlap.** When the call passes the system prompt, the answer's word n-grams are
  compared with the prompt's. The score grows with the fraction of the prompt's n-grams
  found in the answer, and one long verbatim run is reported on its own, also when the
  answer spells it out one character at a time.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "SystemPromptLeak", "SystemPromptLeakParams"]

import secrets
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from saferail.checks._leak.canary import CANARY_PREFIX, PATTERNS, CanaryMatcher
from saferail.checks._leak.ngrams import (
    CACHE_SIZE,
    PromptIndex,
    Segment,
    build_index,
    runs,
    segments,
    view_hits,
)
from saferail.checks._leak.spelled import PromptLetters, prompt_letters, spelled_copies
from saferail.checks._leak.words import word_spans
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View
from saferail.checks.registry import register_check

# The implementation lives in the private package saferail.checks._leak: the canary and its
# encodings (canary), word splitting (words) and the prompt's n-gram index (ngrams). This
# module turns canary hits and n-gram overlap into findings.

_MAX_RUN_FINDINGS = 20


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
        self._matcher = CanaryMatcher.for_canary(self.canary)
        self._token = self._matcher.token
        self._ngram = p.ngram
        self._min_overlap = p.min_overlap
        self._min_run = p.min_run_words
        # Keyed by the prompt string: a hit costs one dict lookup (str hashes are cached).
        self._index_for = lru_cache(maxsize=CACHE_SIZE)(self._prompt_index)
        self._letters_for = lru_cache(maxsize=CACHE_SIZE)(self._prompt_letters)

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
                self._spelled_findings(views, self._letters_for(data.system_prompt), findings)
        return findings

    # -- canary -----------------------------------------------------------------------

    def _canary_findings(self, views: list[View], out: list[Finding]) -> None:
        seen: list[tuple[int, int]] = []
        for view in views:
            for kind, s, e in self._matcher.hits(view.text):
                span = view.to_original(s, e)
                if any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                seen.append(span)
                where = kind if view.kind == "canonical" else f"{kind} in {view.kind}"
                out.append(
                    self.finding(1.0, *span, entity_type="CANARY", detail=f"canary ({where})")
                )

    # -- overlap ----------------------------------------------------------------------

    def _without_canary(self, prompt: str) -> str:
        low = prompt.lower()
        if CANARY_PREFIX not in low and self._token not in low:
            return prompt
        return "\n".join(
            line
            for line in prompt.splitlines()
            if CANARY_PREFIX not in line.lower() and self._token not in line.lower()
        )

    def _prompt_index(self, system_prompt: str) -> PromptIndex | None:
        return build_index(self._without_canary(system_prompt), self._ngram)

    def _prompt_letters(self, system_prompt: str) -> PromptLetters:
        return prompt_letters(self._without_canary(system_prompt))

    def _spelled_findings(
        self, views: list[View], letters: PromptLetters, out: list[Finding]
    ) -> None:
        """Runs of the prompt spelled out one character at a time (``PROMPT_COPY``)."""
        seen: list[tuple[int, int]] = []
        for view in views:
            for copy in spelled_copies(view.text, letters, self._min_run):
                span = view.to_original(copy.start, copy.end)
                if any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                seen.append(span)
                out.append(
                    self.finding(
                        self._copy_score(copy.words),
                        *span,
                        entity_type="PROMPT_COPY",
                        detail=f"{copy.words} consecutive words of the system prompt spelled "
                        "out one character at a time",
                    )
                )

    def _copy_score(self, count: int) -> float:
        """0.6 for a run of ``min_run_words``, rising to 1.0 at three times that."""
        return min(1.0, 0.6 + 0.4 * (count - self._min_run) / (2 * self._min_run))

    def _overlap_findings(self, views: list[View], index: PromptIndex, out: list[Finding]) -> None:
        n = index.n
        matched: set[int] = set()
        found: list[Segment] = []
        for view in views:
            for start, end in segments(view.text, index):
                text = view.text[start:end]
                hits = view_hits(text, index)
                if hits:
                    matched.update(gid for _, gid in hits)
                    found.append(Segment(view, start, text, hits))
        if not matched:
            return
        # Spans are only worked out for what is reported.
        lo = hi = -1
        copies: list[tuple[int, int, int]] = []
        for seg in found:
            words = [w for w, _ in seg.hits]
            long_runs = [r for r in runs(words, n) if r[1] - r[0] >= self._min_run]
            if not long_runs and len(matched) * 2 < index.count * self._min_overlap:
                continue
            spans = word_spans(seg.text)
            s, e = seg.original(spans[words[0]][0], spans[words[-1] + n - 1][1])
            lo = s if lo < 0 else min(lo, s)
            hi = max(hi, e)
            for w0, w1 in long_runs:
                rs, re_ = seg.original(spans[w0][0], spans[w1 - 1][1])
                copies.append((rs, re_, w1 - w0))
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
        for rs, re_, count in sorted(copies, key=lambda r: -r[2])[:_MAX_RUN_FINDINGS]:
            if (rs, re_) in seen:
                continue
            seen.add((rs, re_))
            out.append(
                self.finding(
                    self._copy_score(count),
                    rs,
                    re_,
                    entity_type="PROMPT_COPY",
                    detail=f"{count} consecutive words copied from the system prompt",
                )
            )
