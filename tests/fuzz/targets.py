"""Fuzz targets and their input strategies, shared by the tests in this folder and by
``benchmarks/scale_fuzz.py`` (which runs them with a larger budget and counts inputs).

Each target takes one generated input and asserts what must hold for *every* input; a
failed assertion or an unexpected exception is a crash:

- :func:`canonicalizer`: ``canonicalize`` never fails, every view's spans map into the
  original text, hidden marks lie inside it, the main view has one offset per character,
  and its text is canonical already (canonicalizing it again changes nothing).
- :func:`policy_loader`: ``parse_policy`` returns a policy or raises ``PolicyError`` with
  issues whose line numbers exist; nothing else.
- :func:`jsonl_reader`: ``parse_record`` never raises; a record has a string text or an
  error; a valid line round-trips.
- :func:`gateway_request`: ``parse_chat_request`` returns a request whose messages all
  have a string role and string (or absent) content, or raises a 400 ``RequestError``.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import yaml
from hypothesis import strategies as st

from saferail.checks import canonicalize
from saferail.checks.registry import available_checks
from saferail.errors import PolicyError
from saferail.gateway.wire import RequestError, parse_chat_request
from saferail.io import parse_record
from saferail.policy.loader import default_policy_path, parse_policy

__all__ = [
    "GATEWAY_BODIES",
    "JSONL_LINES",
    "POLICY_TEXTS",
    "TARGETS",
    "TEXTS",
    "canonicalizer",
    "gateway_request",
    "jsonl_reader",
    "policy_loader",
]

# -- canonicalizer ------------------------------------------------------------------------

_TRICKS = st.sampled_from(
    [
        "\u200b", "\u200d", "\u2060", "\u202e", "\u2066", "\ufeff", "\u00ad", "\ufe0f",
        "\U000e0041", "\U000e0069", "\U000e007f", "\U000e0100", "\U000e01ef",
        "а", "е", "о", "р", "ѕ", "ᴀ", "ﬁ", "Ｉ", "①", "\ud800", "%2F", "%41%42%43",
        "\\x69\\x67", "0x41", "==", "eyJ", "aWdub3Jl", "1gn0r3", "vtaber", "@$!", " ", "\n",
    ]
)  # fmt: skip
_WORDS = st.sampled_from(
    ["ignore", "previous", "instructions", "system", "prompt", "hello", "the", "password"]
)


def _encoded(text: str, how: str) -> str:
    raw = text.encode("utf-8", "surrogatepass")
    if how == "b64":
        return base64.b64encode(raw).decode()
    if how == "hex":
        return raw.hex(" ")
    if how == "url":
        return "".join(f"%{b:02X}" for b in raw)
    return "".join(f"\\x{b:02x}" for b in raw)


_PAYLOADS = st.builds(
    _encoded,
    st.lists(_WORDS, min_size=1, max_size=6).map(" ".join),
    st.sampled_from(["b64", "hex", "url", "xhex"]),
)
TEXTS = st.lists(st.one_of(st.text(max_size=24), _TRICKS, _WORDS, _PAYLOADS), max_size=24).map(
    "".join
)
"""Text mixing random Unicode, invisible/bidi/tag characters, homoglyphs and encodings."""


def canonicalizer(text: str) -> None:
    canon = canonicalize(text)
    n = len(text)
    main = canon.main
    if main.offsets is not None:
        assert len(main.offsets) == len(main.text)
        assert all(0 <= o < n for o in main.offsets)
    for view in (main, *canon.decoded):
        for start, end in ((0, len(view.text)), (0, 1), (len(view.text) // 2, len(view.text))):
            s, e = view.to_original(start, end)
            assert 0 <= s <= e <= max(n, 1), (view.kind, s, e, n)
    for mark in canon.hidden:
        assert 0 <= mark.start <= mark.end <= n, mark
        assert 0.0 <= mark.score <= 1.0
    again = canonicalize(main.text, decode=False).main.text
    assert again == main.text, f"not idempotent: {main.text!r} -> {again!r}"


# -- policy loader ------------------------------------------------------------------------

_DEFAULT_POLICY = default_policy_path().read_text(encoding="utf-8")
_CHECK_NAMES = sorted(available_checks())
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-1, 2, allow_nan=False),
    st.sampled_from(["block", "redact", "warn", "log", "allow", "closed", "open", ""]),
    st.text(max_size=8),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_CHECK_CONFIG = st.one_of(
    _VALUES,
    st.fixed_dictionaries(
        {"action": st.sampled_from(["block", "redact", "warn", "log", "nope"])},
        optional={"params": _VALUES, "threshold": _SCALARS, "fail_mode": _SCALARS},
    ),
)
_POLICY_DATA = st.fixed_dictionaries(
    {},
    optional={
        "name": _SCALARS,
        "version": _SCALARS,
        "settings": _VALUES,
        "input": st.fixed_dictionaries(
            {"checks": st.dictionaries(st.sampled_from(_CHECK_NAMES), _CHECK_CONFIG, max_size=3)}
        ),
        "output": st.fixed_dictionaries(
            {"checks": st.dictionaries(st.sampled_from(_CHECK_NAMES), _CHECK_CONFIG, max_size=3)}
        ),
        "retrieval": _VALUES,
        "tools": _VALUES,
        "bogus": _VALUES,
    },
)


def _mutate(text: str, cut: int, insert: str) -> str:
    lines = text.splitlines()
    i = cut % (len(lines) + 1)
    return "\n".join([*lines[:i], insert, *lines[i + 1 :]])


POLICY_TEXTS = st.one_of(
    _POLICY_DATA.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.builds(
        _mutate,
        st.just(_DEFAULT_POLICY),
        st.integers(0, 400),
        st.one_of(st.text(max_size=30), st.sampled_from(["  - x", ": :", "\t", "&a *a", "{"])),
    ),
    st.text(max_size=200),
)
"""Structured policies (valid and not), mutated default policies, and raw text."""


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def policy_loader(text: str) -> None:
    try:
        parse_policy(text, source="<fuzz>")
    except PolicyError as exc:
        assert exc.issues, "a PolicyError must name at least one issue"
        lines = len(_YAML_BREAK.split(text)) + 1  # YAML counts \r, NEL, LS, PS as breaks too
        for issue in exc.issues:
            assert issue.line is None or 1 <= issue.line <= lines, issue
            assert issue.message.strip()


# -- check JSONL reader -------------------------------------------------------------------

_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), _JSON),
        "text": st.one_of(st.text(max_size=40), _JSON),
        "context": st.one_of(st.none(), st.text(max_size=20), _JSON),
        "system_prompt": st.one_of(st.none(), st.text(max_size=20), _JSON),
        "extra": _JSON,
    },
)
JSONL_LINES = st.one_of(
    _RECORDS.map(json.dumps),
    _RECORDS.map(lambda r: json.dumps(r).encode("utf-8")),
    st.binary(max_size=60),
    st.text(max_size=60),
    st.integers(1, 3000).map(lambda n: "[" * n),
    st.sampled_from(
        ['{"id": NaN, "text": "x"}', '{"id": 1e999, "text": "x"}', '{"text": "x"', "1e999999"]
    ),
)
"""Well-formed records with wrong types, raw bytes, text, deep nesting, JSON edge cases."""


def jsonl_reader(line: str | bytes) -> None:
    record = parse_record(line, 7)
    if record.error is not None:
        assert isinstance(record.error, str) and record.error.startswith("line 7: ")
        assert not isinstance(record.id, dict | list)
        return
    assert isinstance(record.text, str)
    assert record.context is None or isinstance(record.context, str)
    assert record.system_prompt is None or isinstance(record.system_prompt, str)
    data = json.loads(line)
    assert record.text == data["text"] and record.id == data.get("id", 7)


# -- gateway request parsing --------------------------------------------------------------

_ROLES = st.one_of(st.sampled_from(["system", "user", "assistant", "tool", "developer"]), _JSON)
_PARTS = st.lists(
    st.one_of(
        st.fixed_dictionaries({"type": st.just("text"), "text": st.one_of(st.text(), _JSON)}),
        st.fixed_dictionaries({"type": st.sampled_from(["image_url", "input_audio", "x"])}),
        _JSON,
    ),
    max_size=3,
)
_MESSAGES = st.fixed_dictionaries(
    {"role": _ROLES},
    optional={
        "content": st.one_of(st.text(max_size=40), _PARTS, _JSON),
        "name": _JSON,
        "tool_calls": _JSON,
        "tool_call_id": _JSON,
    },
)
_BODIES = st.fixed_dictionaries(
    {"messages": st.one_of(st.lists(_MESSAGES, max_size=4), _JSON)},
    optional={
        "model": _JSON,
        "stream": _JSON,
        "n": st.one_of(st.integers(0, 3), _JSON),
        "temperature": _JSON,
        "tools": _JSON,
    },
)
GATEWAY_BODIES = st.one_of(
    _BODIES.map(lambda b: json.dumps(b).encode()),
    st.binary(max_size=80),
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
)
"""Chat request bodies: OpenAI-shaped with wrong types, raw bytes, any JSON, deep nesting."""


def gateway_request(raw: bytes) -> None:
    try:
        chat = parse_chat_request(raw)
    except RequestError as exc:
        assert exc.status == 400, exc.status
        return
    assert chat.messages
    for m in chat.messages:
        assert isinstance(m["role"], str)
        assert m.get("content") is None or isinstance(m["content"], str)
    assert isinstance(chat.stream, bool) and isinstance(chat.params, dict)
    _ = chat.checkable


TARGETS: dict[str, tuple[Any, Any]] = {
    "canonicalizer": (TEXTS, canonicalizer),
    "policy_loader": (POLICY_TEXTS, policy_loader),
    "jsonl_reader": (JSONL_LINES, jsonl_reader),
    "gateway_request": (GATEWAY_BODIES, gateway_request),
}
"""Name -> (strategy, target), for the benchmark."""
