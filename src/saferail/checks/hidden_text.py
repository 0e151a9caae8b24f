"""``hidden_text``: report what the canonicalizer found hidden in the text."""

from __future__ import annotations

__all__ = ["HiddenText", "HiddenTextParams"]

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks._chars import emoji_flag_tags, rtl_marks
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import HiddenMark
from saferail.checks.registry import register_check

KINDS = (
    "unicode_tags",
    "variation_selectors",
    "bidi_control",
    "zero_width",
    "invisible",
    "homoglyph",
    "combining_marks",
    "diacritics",
    "base64",
    "hex",
    "url_encoding",
    "rot13",
    "leetspeak",
)


class HiddenTextParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kinds: list[str] = Field(
        default_factory=lambda: list(KINDS),
        description="Which kinds of hiding to report.",
    )

    @field_validator("kinds")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
        return value


@register_check
class HiddenText(Check):
    """Invisible, bidi and tag characters, homoglyphs and encoded payloads."""

    name = "hidden_text"
    categories = ("hidden_text",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "cheap"
    description = __doc__ or ""
    tags = ("owasp:llm01:2025",)
    Params: ClassVar[type[BaseModel]] = HiddenTextParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, HiddenTextParams)
        self._kinds = frozenset(self.params.kinds)

    def run(self, data: CheckInput) -> list[Finding]:
        return [
            self.finding(mark.score, mark.start, mark.end, entity_type=mark.kind.upper())
            for mark in data.canonical.hidden
            if mark.kind in self._kinds and not _ordinary(data.text, mark)
        ]


# The subdivision flags recommended for general interchange (UTS #51): England, Scotland
# and Wales. Any other tag sequence after U+1F3F4 shows as a plain black flag with its tag
# letters invisible, so "🏴ignore🏴all🏴prior..." would carry a hidden text in pieces.
_RGI_SUBDIVISIONS = frozenset({"gbeng", "gbsct", "gbwls"})


def _ordinary(text: str, mark: HiddenMark) -> bool:
    """Hidden characters that ordinary writing uses: the tag letters of the England,
    Scotland and Wales flag emoji and directional marks next to right-to-left words (still
    removed from the canonical text; only not reported)."""
    if mark.kind == "unicode_tags":
        if not emoji_flag_tags(text, mark.start, mark.end):
            return False
        code = "".join(chr(ord(c) - 0xE0000) for c in text[mark.start : mark.end - 1])
        return code in _RGI_SUBDIVISIONS
    if mark.kind == "bidi_control":
        return rtl_marks(text, mark.start, mark.end)
    return False
