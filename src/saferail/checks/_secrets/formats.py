"""Judging a provider-format match: tokens, PEM keys, URL, curl and Bundler credentials.

A pattern's match is only a candidate: it must not run on into neighbouring characters,
its random part must not be a placeholder and its own validator must accept it. Matches
of the generic kinds (``assign``, ``bearer``) go on to :mod:`.generic`.
"""

from __future__ import annotations

__all__ = ["evaluate"]

import string
from typing import Any

import re2

from saferail.checks._secrets.generic import assignment, generic_value, shannon_entropy
from saferail.checks._secrets.hits import Hit, ScanText, group_span
from saferail.checks._secrets.placeholders import is_placeholder, is_template, password_placeholder
from saferail.checks._secrets.spec import Spec

_PEM_MAX = 64 * 1024
# after a BEGIN line: optional "Proc-Type: ..." header lines, then base64 lines
_PEM_LINES = re2.compile(
    r"(?:(?:\r?\n|\\n|[ \t])*[A-Za-z-]+: [^\r\n\\]*)*"
    r"(?:(?:\r?\n|\\n|[ \t])*[A-Za-z0-9+/=]{16,})+"
)
_DROP_B64 = str.maketrans("", "", string.ascii_letters + string.digits + "+/=")


def evaluate(spec: Spec, m: Any, scan: ScanText, min_entropy: float) -> Hit | None:
    """Judge one match of ``spec``'s pattern: a hit, or None (a placeholder, malformed...)."""
    kind = spec.kind
    if kind == "assign":
        return assignment(spec, m, scan, min_entropy)
    span = group_span(m, spec, "v", scan)
    if span is None:
        span = (scan.char(m.start()), scan.char(m.end()))
    text = scan.text
    start, end = span
    if kind == "pem":
        return _pem(spec, m, scan, start, end)
    if kind == "url":
        user = group_span(m, spec, "u", scan)
        return _password_hit(spec, text, start, end, user)
    if kind == "curl":
        return _curl(spec, scan, start, end)
    if kind == "bundler":
        return _user_password(spec, text, start, end)
    if kind == "bearer":
        return generic_value(spec, "strong", text, start, end, spec.entity, min_entropy)
    if kind == "cli_password":
        return generic_value(spec, "password", text, start, end, spec.entity, min_entropy)
    if spec.head and start > 0 and text[start - 1] in spec.head:
        return None
    if spec.tail and end < len(text) and text[end] in spec.tail:
        return None
    value = text[start:end]
    body = value
    for name in ("b", "b2", "b3"):
        bspan = group_span(m, spec, name, scan)
        if bspan is not None:
            body = text[bspan[0] : bspan[1]]
            break
    if is_placeholder(body):
        return None
    if spec.check is not None and not spec.check(value):
        return None
    return Hit(spec.entity, start, end, spec.score, False, value)


def _user_password(spec: Spec, text: str, start: int, end: int) -> Hit | None:
    value = text[start:end]  # "user:password", both parts secret
    if any(is_placeholder(part) for part in value.split(":", 1)):
        return None
    return Hit(spec.entity, start, end, spec.score, False, value)


def _password_hit(
    spec: Spec, text: str, start: int, end: int, user_span: tuple[int, int] | None
) -> Hit | None:
    password = text[start:end]
    user = text[user_span[0] : user_span[1]] if user_span else ""
    if len(user) > 64 or len(password) > 128:
        return None
    if not password or password_placeholder(password, user):
        return None
    return Hit(spec.entity, start, end, spec.score, False, password)


def _curl(spec: Spec, scan: ScanText, start: int, end: int) -> Hit | None:
    text = scan.text
    if not 0 <= scan.curl < start:
        return None  # "-u user:pass" counts only in a curl command
    # unquote the shell word, remembering where each character came from
    chars: list[str] = []
    where: list[int] = []
    quote = ""
    for i in range(start, end):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
                continue
        elif ch in "\"'":
            quote = ch
            continue
        chars.append(ch)
        where.append(i)
    word = "".join(chars)
    if ":" not in word or is_template(word):
        return None
    cut = word.index(":")
    user, password = word[:cut], word[cut + 1 :]
    if password:
        if password_placeholder(password, user):
            return None
        s, e = where[cut + 1], where[-1] + 1
        return Hit(spec.entity, s, e, spec.score, False, password)
    # "-u KEY:" - an API key used as the user name
    if len(user) >= 8 and not is_placeholder(user) and shannon_entropy(user) >= 3.0:
        return Hit(spec.entity, where[0], where[cut - 1] + 1, spec.score, False, user)
    return None


def _pem(spec: Spec, m: Any, scan: ScanText, start: int, end: int) -> Hit | None:
    text = scan.text
    body_span = group_span(m, spec, "b", scan)
    if body_span is None:
        return None
    b0, b1 = body_span
    if group_span(m, spec, "e", scan) is None:
        # no END line (a truncated key): keep the header and base64 lines that follow
        lines = _PEM_LINES.match(text[b0 : min(b1, b0 + _PEM_MAX)])
        if lines is None:
            return None
        b1 = end = b0 + lines.end()
    body = text[b0:b1].replace("\\n", "\n").replace("\\r", "\n")
    payload = "".join(ln.strip() for ln in body.splitlines() if ":" not in ln)
    b64 = len(payload) - len(payload.translate(_DROP_B64))
    if b64 < 40 or b64 < 0.9 * len(payload) or len(set(payload)) < 10:
        return None
    low = payload.lower()
    if any(s in low for s in ("xxxx", "...", "example", "redacted")):
        return None
    return Hit(spec.entity, start, end, spec.score, False, text[start:end])
