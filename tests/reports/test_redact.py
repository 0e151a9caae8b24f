from typing import Any

import pytest

from saferail.reports import Redactor, _redact
from saferail.reports._redact import WITHHELD, truncate


def test_pii_and_secrets_are_redacted() -> None:
    text = Redactor()("Mail anna.berg@corp.io or call +1 415 555 0132; key AKIAZ3MSJV4WWNKWW5FG.")
    assert "anna.berg@corp.io" not in text and "AKIAZ3MSJV4WWNKWW5FG" not in text
    assert "<EMAIL_ADDRESS_1>" in text and "[AWS_ACCESS_KEY_ID]" in text
    assert "415 555" not in text


def test_redaction_happens_before_truncation() -> None:
    text = "x" * 30 + " anna.berg@corp.io " + "y" * 100
    out = Redactor(max_chars=40)(text)
    assert "anna.berg" not in out and "@corp" not in out
    assert out.endswith("more characters]") and out.startswith("x" * 30)


def test_disabled_only_truncates_and_cleans_control_characters() -> None:
    out = Redactor(enabled=False, max_chars=1000)("anna.berg@corp.io\x1b[0m\ttab\nline")
    assert out == "anna.berg@corp.io\ufffd[0m\ttab\nline"


def test_truncate() -> None:
    assert truncate("abc", 3) == "abc"
    assert truncate("abcdef", 2) == "ab… [4 more characters]"
    with pytest.raises(ValueError, match="max_chars"):
        Redactor(max_chars=0)


def test_text_that_cannot_be_cleared_is_withheld(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def check_output(self, text: str) -> Any:
            class Decision:
                blocked = True
                errors = ("pii: RuntimeError: boom",)
                text = "unredacted anna.berg@corp.io"

            return Decision()

    monkeypatch.setattr(_redact, "_guard", lambda: Broken())
    assert Redactor()("anna.berg@corp.io") == WITHHELD
    assert Redactor().clean("  ") == "  "


def test_truncation_counts_the_text_beyond_the_scan_limit() -> None:
    text = "x" * (_redact._SCAN_LIMIT * 2)
    out = Redactor(max_chars=10)(text)
    assert out == "x" * 10 + f"… [{len(text) - 10:,} more characters]"
    assert Redactor(enabled=False, max_chars=10)(text) == out
