"""Data-in-URL heuristics for the ``exfiltration`` check.

A URL looks like it carries data when it has many query parameters, a long or encoded
(base64, base64url, hex) query value, an encoded path segment (file extension or not), an
encoded subdomain or a template placeholder, or when it lies on a payload the canonicalizer
decoded.
"""

from __future__ import annotations

__all__ = ["data_reason", "looks_encoded"]

from itertools import pairwise
from urllib.parse import unquote

from saferail.checks._exfil.patterns import HEX_DIGITS, PLACEHOLDER_RE, re2_subject
from saferail.checks._exfil.urls import Target
from saferail.checks.base import CheckInput

_MANY_PARAMS = 8
_MIN_B64 = 20
_MIN_HEX_QUERY = 24
_MIN_HEX_PATH = 48
_MAX_EXAMINE = 512
_MIN_SWITCHES = 0.2  # letter/digit changes per character of a lowercased encoded label
_DROP_B64 = str.maketrans(
    "", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-"
)
_DECODED_KINDS = frozenset({"base64", "hex", "url_encoding"})


def data_reason(
    target: Target, data: CheckInput, ospan: tuple[int, int] | None, max_len: int
) -> str | None:
    """Why ``target`` seems to carry data, or None. ``ospan`` is the URL's span in the
    original text (None when the URL is itself inside a decoded payload); a query value
    of ``max_len`` characters or more counts as data."""
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
            if len(v) >= max_len:
                return f"query value of {len(v)} characters"
            if looks_encoded(v, _MIN_HEX_QUERY):
                return "encoded query value"
    for seg in target.path.split("/"):
        if len(seg) >= _MIN_B64 and looks_encoded(_stem(seg), _MIN_HEX_PATH):
            return "encoded path segment"
    if not target.ip and _encoded_subdomain(target.host):
        return "encoded subdomain"
    url = target.url
    if "%" in url:
        url = unquote(url)
    if any(c in url for c in "{$[<%") and PLACEHOLDER_RE.search(re2_subject(url)) is not None:
        return "template placeholder"
    if ospan is None:
        return None  # the URL is itself inside a decoded payload
    s, e = ospan
    for view in data.canonical.decoded:
        span = view.span
        if view.kind in _DECODED_KINDS and span is not None and span[0] < e and s < span[1]:
            return f"{view.kind} payload"
    return None


def _stem(segment: str) -> str:
    """A path segment without its file extension when the rest is letters and digits only:
    ``<data>.png`` is data too (a file name like ``tool-v2-arm64.sh`` keeps its dot)."""
    stem, dot, ext = segment.rpartition(".")
    if dot and 1 <= len(ext) <= 5 and ext.isalnum() and stem.isascii() and stem.isalnum():
        return stem
    return segment


def _encoded_subdomain(host: str) -> bool:
    """Whether the labels left of the domain (``<data>.evil.example``) hold encoded data:
    one label, or the labels joined (data split into short labels). Hosts are lowercase,
    so base64 shows as letters and digits that keep switching; hex as long hex runs."""
    labels = host.split(".")[:-2]
    if not labels:
        return False
    candidates = [*labels, "".join(labels)] if len(labels) > 1 else labels
    return any(_random_label(c) for c in candidates)


def _random_label(s: str) -> bool:
    n = len(s)
    if n < _MIN_HEX_QUERY or not (s.isascii() and s.isalnum()):
        return False
    digits = sum(c.isdigit() for c in s)
    if digits == 0 or digits == n:
        return False
    if all(c in HEX_DIGITS for c in s):
        return True
    switches = sum(a.isdigit() != b.isdigit() for a, b in pairwise(s))
    return switches >= _MIN_SWITCHES * n


def looks_encoded(s: str, min_hex: int) -> bool:
    """True for base64/base64url or hex strings (not words, slugs or identifiers)."""
    n = len(s)
    if n < _MIN_B64 or s.translate(_DROP_B64):
        return False
    s = s[:_MAX_EXAMINE]
    body = s.rstrip("=")
    if all(c in HEX_DIGITS for c in body):
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
