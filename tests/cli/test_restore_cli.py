"""``saferail restore``: the originals back in place of a session's pseudonyms, from the vault
``saferail redact --operator pseudonymize --vault`` wrote; one-line errors, nothing written
on failure."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

ORIGINAL = "Write to Anna Berg at anna.berg@corp.io today."


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    value = base64.b64encode(os.urandom(32)).decode()
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", value)  # the cli subprocess inherits it
    return value


def _pseudonymized(cli, vault: Path, session: str = "s1") -> str:  # type: ignore[no-untyped-def]
    r = cli(
        "redact",
        "--operator",
        "pseudonymize",
        "--vault",
        str(vault),
        "--session",
        session,
        ORIGINAL,
    )
    assert r.code == 0, r.err
    assert "Anna" not in r.out and "corp.io" not in r.out
    return r.out.rstrip("\n")


def test_round_trip_text_and_jsonl(cli, key: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "v.db"
    safe = _pseudonymized(cli, vault)
    r = cli("restore", "--vault", str(vault), "--session", "s1", f"Answer: {safe}")
    assert (r.code, r.out, r.err) == (0, f"Answer: {ORIGINAL}\n", "")
    rows = tmp_path / "in.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": safe}) + "\n" + '{"id": "b"}\n')
    out = tmp_path / "out.jsonl"
    r = cli(
        "restore", "--vault", str(vault), "--session", "s1", "--jsonl", str(rows), "--out", str(out)
    )
    assert r.code == 0, r.err
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines[0] == {"id": "a", "text": ORIGINAL}
    assert lines[1]["id"] == "b" and "error" in lines[1]
    assert "1 unusable lines left as errors" in r.err


def test_another_session_is_left_as_written_with_a_warning(cli, key: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "v.db"
    safe = _pseudonymized(cli, vault)
    r = cli("restore", "--vault", str(vault), "--session", "s2", safe)
    assert r.code == 0 and r.out == safe + "\n"
    assert "holds no live pseudonyms of tenant 'default', session 's2'" in r.err


def test_the_vault_can_come_from_the_policy(cli, key: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "v.db"
    policy = tmp_path / "p.yaml"
    policy.write_text(f"input:\n  checks:\n    pii:\n      params:\n        vault_path: {vault}\n")
    r = cli("redact", "--policy", str(policy), "--operator", "pseudonymize", ORIGINAL)
    assert r.code == 0, r.err
    r = cli("restore", "--policy", str(policy), r.out)
    assert (r.code, r.out) == (0, ORIGINAL + "\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no vault to restore from: give --vault FILE"),
        (("--vault", "missing.db"), "--vault: no such vault file: missing.db"),
        (("--vault", "v.db", "--file", "nope.txt"), "--file: cannot read nope.txt"),
        (("--vault", "v.db", "--jsonl", "nope.jsonl"), "--jsonl: no such file: nope.jsonl"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, key: str, tmp_path: Path, args, message) -> None:  # type: ignore[no-untyped-def]
    _pseudonymized(cli, tmp_path / "v.db")
    text = () if "--file" in args or "--jsonl" in args else ("some text",)
    r = cli("restore", *args, *text)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith(f"saferail: error: {message}"), r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


def test_a_wrong_or_missing_key_is_refused(
    cli, key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "v.db"
    safe = _pseudonymized(cli, vault)
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(os.urandom(32)).decode())
    r = cli("restore", "--vault", str(vault), "--session", "s1", safe)
    assert r.code == 2 and r.out == ""
    assert "not the key this store was written with" in r.err
    monkeypatch.delenv("SAFERAIL_VAULT_KEY")
    r = cli("restore", "--vault", str(vault), "--session", "s1", safe)
    assert r.code == 2 and "SAFERAIL_VAULT_KEY is not set" in r.err


def test_out_is_not_written_when_the_vault_fails(cli, key: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.txt"
    out.write_text("kept")
    r = cli("restore", "--vault", str(tmp_path / "missing.db"), "--out", str(out), "x")
    assert r.code == 2 and out.read_text() == "kept"
