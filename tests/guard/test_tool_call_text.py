"""The ``tool_call`` surface's text checks read the arguments as the tool will: a secret
spelled with JSON ``\\uXXXX`` escapes is still the secret."""

from __future__ import annotations

import json

from saferail import Guard, parse_policy

KEY = "AKIA" + "QZ7RWN4YTJ2KXBLM"
POLICY = "tool_call:\n  checks:\n    secret: {action: redact}\n"


def _call(arguments: str) -> dict[str, object]:
    return {"type": "function", "function": {"name": "send_note", "arguments": arguments}}


def test_a_secret_hidden_in_unicode_escapes_is_found_and_redacted() -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in KEY)
    decision = Guard(parse_policy(POLICY)).check_tool_call(_call(f'{{"note": "{escaped}"}}'))
    assert decision.action == "redact"
    assert [f.entity_type for f in decision.findings] == ["AWS_ACCESS_KEY_ID"]
    assert json.loads(decision.text) == {"note": "[AWS_ACCESS_KEY_ID]"}


def test_arguments_without_findings_keep_their_own_bytes() -> None:
    raw = '{"note":"caf\\u00e9",  "n": 1}'
    decision = Guard(parse_policy(POLICY)).check_tool_call(_call(raw))
    assert decision.action == "allow" and decision.text == raw


def test_arguments_that_are_not_json_are_checked_as_they_are() -> None:
    decision = Guard(parse_policy(POLICY)).check_tool_call(_call(f"note \\u0041 {KEY}"))
    assert decision.action == "block"  # not JSON: bad_arguments, and the key is seen anyway
    assert "AWS_ACCESS_KEY_ID" in [f.entity_type for f in decision.findings]
