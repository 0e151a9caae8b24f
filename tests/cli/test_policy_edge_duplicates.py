"""`saferail policy validate` and every command loading a policy refuse a repeated key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_validate_rejects_a_section_written_twice(cli: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("input:\n  checks:\n    secret: {action: block}\ninput:\n  checks: {}\n")
    r = cli("policy", "validate", str(bad))
    assert r.code == 2
    assert r.out == ""
    assert r.err.strip().splitlines() == [
        f"saferail: error: {bad}:4: input: duplicate key 'input' (first on line 1)"
    ]
    assert "Traceback" not in r.err


def test_check_refuses_a_policy_whose_action_is_written_twice(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("input:\n  checks:\n    secret:\n      action: block\n      action: log\n")
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": 1, "text": "hello"}\n')
    r = cli("check", "--jsonl", str(data), "--out", str(tmp_path / "o.jsonl"), "-p", str(bad))
    assert r.code == 2
    assert f"{bad}:5: input.checks.secret.action: duplicate key 'action'" in r.err
    assert not (tmp_path / "o.jsonl").exists()
