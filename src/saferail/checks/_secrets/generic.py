"""Generic assignments: ``api_key = "..."``, ``password: ...``, ``Authorization: Basic ...``.

A value whose name says "secret" (see :mod:`.names`) is reported when it looks random: long
enough for the name's strength, not a placeholder, a code reference or a provider prefix,
with enough character classes and a Shannon entropy above the configured threshold.
"""

from __future__ import annotations

__all__ = [
    "assignment",
    "basic",
    "generic_value",
    "shannon_entropy",
]

import base64
import binascii
import math
from collections import Counter
from typing import Any

import re2

from saferail.checks._secrets.hits import Hit, ScanText, group_span
from saferail.checks._secrets.names import classify_name
from saferail.checks._secrets.patterns import PROVIDER_PREFIXES
from saferail.checks._secrets.placeholders import (
    identifier_like,
    is_placeholder,
    one_case_name,
    password_placeholder,
)
from saferail.checks._secrets.spec import Spec, has_digit_and_letter

_UNQUOTED_STOP = frozenset(" \t\r\n\"'`,;<>(){}[]|\\")
_QUERY_PARAM = re2.compile(r"[A-Za-z_][A-Za-z0-9_.-]*=")
# a YAML block scalar ("password: |" or ">-", then the value on the next, indented line)
_YAML_BLOCK = re2.compile(r"[|>][+-]?[1-9]?[+-]?[ \t]*(?:#[^\n]*)?\r?\n[ \t]+(\S[^\r\n]*)")


def shannon_entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum((c / n) * math.log2(c / n) for c in Counter(value).values())


def assignment(spec: Spec, m: Any, scan: ScanText, min_entropy: float) -> Hit | None:
    """Judge a match of the ``assign`` pattern: ``NAME = value`` whose name says secret."""
    text = scan.text
    kspan = group_span(m, spec, "k", scan)
    if kspan is None:
        return None
    name = text[kspan[0] : kspan[1]]
    strength = classify_name(name)
    if strength is None:
        return None
    sep_span = group_span(m, spec, "sep", scan)
    sep = text[sep_span[0] : sep_span[1]] if sep_span else ""
    scheme_span = group_span(m, spec, "s", scan) or group_span(m, spec, "s2", scan)
    scheme = text[scheme_span[0] : scheme_span[1]].lower() if scheme_span else ""
    q_span = group_span(m, spec, "q", scan)
    start = scan.char(m.end())
    if q_span is not None:
        quote = text[q_span[0]]
        stop = text.find(quote, start, start + 1024)
        if stop < 0 or "\n" in text[start:stop]:
            return None
        end = stop
        if q_span[0] > 0 and text[q_span[0] - 1] == "\\" and text[end - 1] == "\\":
            end -= 1  # an escaped quote closes an escaped quote: {\"key\": \"value\"}
    else:
        if sep.endswith(","):
            return None
        block = _YAML_BLOCK.match(text[start : start + 1100])
        if block is not None and ":" in sep:
            start += block.start(1)  # the value is the block's first line
        end = start
        limit = min(len(text), start + 1024)
        while end < limit and text[end] not in _UNQUOTED_STOP:
            if text[end] == "&" and _QUERY_PARAM.match(text[end + 1 : end + 65]):
                break  # "?token=abc&page=2": the next query parameter
            end += 1
        if end < len(text) and text[end] in "([":
            return None  # a call or a subscript: code, not a literal
        word_end = end
        while end > start and text[end - 1] in ".:":
            end -= 1
        if end - start < 6:
            return None
        while word_end < limit and not text[word_end].isspace():
            word_end += 1
        word = text[start:word_end]
        if ".." in word or "\u2026" in word or is_placeholder(word):
            return None  # truncated or masked ("ops_eyJ...", "abc..[Redacted]")
        if _code_path(text[start:end]):
            return None
    if end - start < 6:
        return None
    if scheme == "basic":
        return basic(text, start, end)
    entity = "BEARER_TOKEN" if scheme == "bearer" else spec.entity
    low = name.lower().replace("-", "_").replace(".", "_")
    value = text[start:end]
    if ("aws" in low or "secretaccesskey" in low.replace("_", "")) and _is_aws_secret(value):
        if not is_placeholder(value):
            return Hit("AWS_SECRET_ACCESS_KEY", start, end, 0.9, True, value)
        return None
    return generic_value(spec, strength, text, start, end, entity, min_entropy)


def generic_value(
    spec: Spec,
    strength: str,
    text: str,
    start: int,
    end: int,
    entity: str,
    min_entropy: float,
) -> Hit | None:
    """Judge a value by length, character classes and entropy (``strength``: the name's)."""
    value = text[start:end]
    if len(value.split()) != 1 or not value.isprintable():
        return None
    n = len(value)
    min_len = {"password": 8, "strong": 10, "weak": 16}[strength]
    if n < min_len or n > 1024:
        return None
    if is_placeholder(value) or identifier_like(value):
        return None
    if value.startswith(PROVIDER_PREFIXES):
        return None  # a provider's prefix, but not its format: malformed or a sample
    entropy = shannon_entropy(value)
    # a short value cannot reach a high entropy (at most log2(len) bits): scale down
    threshold = min_entropy * min(1.0, 0.85 * math.log2(n) / 3.0)
    if strength == "weak":
        threshold = max(min_entropy, 3.5)
        if not has_digit_and_letter(value):
            return None
    elif not _char_classes_ok(value):
        return None
    if entropy < threshold:
        return None
    score = 0.6 + 0.1 * (entropy - threshold)
    if strength == "weak":
        score -= 0.1
    if entity == "BEARER_TOKEN":
        score += 0.1
    score = max(0.5, min(0.85, score))
    return Hit(entity, start, end, score, True, value)


def basic(text: str, start: int, end: int) -> Hit | None:
    """Judge an ``Authorization: Basic`` value: base64 of ``user:password``."""
    value = text[start:end]
    raw = value.rstrip("=")
    if len(raw) < 6:
        return None
    try:
        decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    plain = decoded.decode("utf-8", "replace")
    if ":" not in plain:
        return None
    user, password = plain.split(":", 1)
    if password and not password_placeholder(password, user):
        return Hit("BASIC_AUTH", start, end, 0.85, True, value)
    if not password and len(user) >= 16 and shannon_entropy(user) >= 3.0:
        return Hit("BASIC_AUTH", start, end, 0.75, True, value)
    return None


def _is_aws_secret(value: str) -> bool:
    return len(value) == 40 and all(c.isalnum() or c in "+/" for c in value)


def _code_path(value: str) -> bool:
    """``self.secret``, ``settings.API_KEY``, ``XSalsa20.key_length``: a reference."""
    if "." not in value:
        return False
    parts = value.split(".")
    if not all(_identifier(p) for p in parts):
        return False
    # a random dotted token has mixed-case, digit-bearing parts; a reference has names
    return any(one_case_name(p) or identifier_like(p) for p in parts[1:])


def _identifier(part: str) -> bool:
    return bool(part) and (part[0].isalpha() or part[0] == "_") and part.replace("_", "").isalnum()


def _char_classes_ok(value: str) -> bool:
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() for c in value)
    return lower + upper + digit + symbol >= 2
