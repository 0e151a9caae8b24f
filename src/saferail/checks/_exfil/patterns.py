"""The RE2 patterns of the ``exfiltration`` check and the helpers for matching them.

``PATTERNS`` holds each alternative of the scanner, in priority order, and the helper
patterns. RE2 syntax (no lookarounds, no backreferences): matching is linear in the text
length. :func:`re2_subject` prepares a text so that match offsets are character offsets.
"""

from __future__ import annotations

__all__ = [
    "ATTR_RE",
    "BACKTICKS_RE",
    "CSS_URL_RE",
    "FENCE_RE",
    "HEX_DIGITS",
    "IMAGE_REF_RE",
    "MARKDOWN_ALTERNATIVES",
    "PATTERNS",
    "PLACEHOLDER_RE",
    "SCANNER_ALTERNATIVES",
    "match_group",
    "re2_subject",
]

from typing import Any

import re2

PATTERNS: dict[str, str] = {
    "markdown_image": (
        r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?P<mdimg><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
        r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    ),
    "markdown_link": (
        r"\[[^\[\]]*\]\(\s*(?P<mdlink><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
        r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    ),
    "markdown_reference": (
        # also inside block quotes and list items, the URL also on the next line
        r"(?m:^(?:[ \t]{0,3}(?:>[ \t]*|(?:[-*+]|\d{1,9}[.)])[ \t]+))*[ \t]{0,3}"
        r"\[(?P<refid>[^\]\n]+)\]:[ \t]*\n?[ \t]*(?P<mdref><[^>\n]*>|\S+)[^\n]*)"
    ),
    "html_tag": (
        # a quoted attribute value may hold ">"; "/" separates attributes like a space
        r"<(?P<tag>[A-Za-z][A-Za-z0-9:-]*)[\s/](?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^>])*?"
        r"(?i:src|srcset|href|data|action|poster|background|style)\s*=\s*"
        r"(?:\"[^\"]*\"|'[^']*')?(?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^>])*>"
    ),
    "css_url": r"(?i:url)\(\s*(?P<css>\"[^\"\n]*\"|'[^'\n]*'|[^)\s]*)\s*\)",
    "css_import": r"@(?i:import)\s+(?P<cssimport>\"[^\"\n]*\"|'[^'\n]*')",
    "bare_url": r"(?P<bare>(?i:https?|ftp)://[^\s\x0b<>\"'`]+)",
    # helpers
    "html_attribute": (
        r"(?i:(?:^|[\s\"'/])(?P<name>src|srcset|href|xlink:href|data|action|formaction"
        r"|poster|background|style)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'>]+))"
    ),
    "markdown_image_reference": (
        r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\](?:\[(?P<ref>[^\]]*)\])?"
    ),
    # A line that can open or close a code fence, and a run of backticks (code spans).
    "code_fence": r"(?m:^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$)",
    "backticks": r"`+",
    "placeholder": (
        r"\{\{?\s*[A-Za-z_][A-Za-z0-9_.\- ]*\}\}?|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]{2,}"
        r"|\[[A-Z_][A-Z0-9_ ]{2,}\]|<[A-Z_][A-Z0-9_ ]{2,}>|%[A-Z_]{3,}%"
    ),
}

SCANNER_ALTERNATIVES: tuple[str, ...] = (
    "markdown_image",
    "markdown_link",
    "markdown_reference",
    "html_tag",
    "css_url",
    "css_import",
    "bare_url",
)
MARKDOWN_ALTERNATIVES: frozenset[str] = frozenset(
    {"markdown_image", "markdown_link", "markdown_reference"}
)

ATTR_RE: Any = re2.compile(PATTERNS["html_attribute"])
IMAGE_REF_RE: Any = re2.compile(PATTERNS["markdown_image_reference"])
FENCE_RE: Any = re2.compile(PATTERNS["code_fence"])
BACKTICKS_RE: Any = re2.compile(PATTERNS["backticks"])
PLACEHOLDER_RE: Any = re2.compile(PATTERNS["placeholder"])
CSS_URL_RE: Any = re2.compile(PATTERNS["css_url"])

HEX_DIGITS: frozenset[str] = frozenset("0123456789abcdefABCDEF")


def re2_subject(text: str) -> str | bytes:
    """What to hand RE2 so that match offsets are character offsets of ``text``: ASCII as
    bytes, other text as str with lone surrogates (which UTF-8 cannot encode) replaced."""
    if text.isascii():
        return text.encode("ascii")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def match_group(text: str, m: Any, i: int) -> str:
    """Group ``i`` of a match found in ``re2_subject(text)``, as a slice of ``text``."""
    s, e = m.span(i)
    return text[s:e] if s >= 0 else ""
