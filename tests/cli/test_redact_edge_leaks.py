"""``saferail redact`` never writes a text it did not fully redact. All values are made up.

The guard's request-path limits (a 250 ms time budget per check, the first ``max_chars``
characters scanned) used to apply to the command too: a pii check cut short found nothing
and the text went out unredacted with exit 0, and the characters past ``max_chars`` were
copied as they were. A check or vault error was a traceback, or a silent leak.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.checks.pii import Pii
from saferail.cli.redact_cmd import redact_command
from saferail.pii.vault import Vault, VaultError
from tests.cli._helpers import one_line

EMAIL = "orla.vance@example.com"
CARD = "4111 1111 1111 1111"

app = typer.Typer()
app.command()(redact_command)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def _policy(tmp_path: Path, settings: str = "", params: str = "") -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(
        f"settings:\n{settings or '  early_exit: true'}\n"
        "input:\n  checks:\n    pii:\n      action: redact\n"
        f"{params}",
        encoding="utf-8",
    )
    return path


def test_text_past_the_policy_max_chars_is_still_redacted(tmp_path: Path) -> None:
    text = "x" * 150 + f" mail {EMAIL} card {CARD}"
    policy = _policy(tmp_path, settings="  max_chars: 100")
    result = run("--policy", policy, text)
    assert result.exit_code == 0, result.output
    assert EMAIL not in result.stdout and CARD not in result.stdout
    assert "<EMAIL_ADDRESS_1>" in result.stdout and "<CREDIT_CARD_1>" in result.stdout


def test_the_request_path_time_budget_does_not_leak_the_text(tmp_path: Path) -> None:
    # 0.001 ms: the pii check always runs over it
    policy = _policy(tmp_path, settings="  timeout_ms: 0.001")
    result = run("--policy", policy, f"mail {EMAIL} card {CARD}")
    assert result.exit_code == 0, result.output
    assert result.stdout == "mail <EMAIL_ADDRESS_1> card <CREDIT_CARD_1>\n"


@pytest.fixture
def broken_on_boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pii check crashes on any text that contains 'boom'."""
    real = Pii.entities

    def entities(self: Pii, text: str) -> list:  # type: ignore[type-arg]
        if "boom" in text:
            raise RuntimeError("recognizer crashed")
        return real(self, text)

    monkeypatch.setattr(Pii, "entities", entities)


@pytest.mark.usefixtures("broken_on_boom")
def test_a_check_error_is_one_line_and_never_the_raw_text(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous result\n", encoding="utf-8")
    result = run("--out", out, f"boom {EMAIL}")
    assert result.exit_code == 2
    assert EMAIL not in result.stdout
    assert "not redacted" in one_line(result)
    assert out.read_text(encoding="utf-8") == "previous result\n"  # left as it was


@pytest.mark.usefixtures("broken_on_boom")
def test_a_check_error_in_jsonl_is_that_lines_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": f"mail {EMAIL}"}, {"id": 2, "text": f"boom {CARD}"}]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("--jsonl", src, "--out", out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["text"] == "mail <EMAIL_ADDRESS_1>"
    assert "text" not in rows[1] and "not redacted" in rows[1]["error"]
    assert CARD not in out.read_text(encoding="utf-8")
    assert "1 unusable lines" in result.stderr


def test_a_vault_failure_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(bytes(range(32))).decode())

    def unavailable(self: Vault, *args: str) -> str:
        raise VaultError("vault database 'v.db': database is locked")

    monkeypatch.setattr(Vault, "pseudonymize", unavailable)
    result = run("--operator", "pseudonymize", f"mail {EMAIL}")
    assert result.exit_code == 2
    assert EMAIL not in result.stdout
    assert "database is locked" in one_line(result)
