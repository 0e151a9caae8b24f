"""``saferail plan`` through typer, mounted the way the app mounts it."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from saferail.cli.plan_cmd import plan_command
from saferail.plan import example_feature_path

app = typer.Typer()
app.command("plan")(plan_command)
app.command("noop")(lambda: None)  # two commands: typer keeps "plan" as a sub-command


def test_plan_writes_the_plan_and_skeleton(tmp_path: Path) -> None:
    out = tmp_path / "p"
    result = CliRunner().invoke(app, ["plan", str(example_feature_path()), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("order-help: 12 risks (5 critical), 7 suites")
    assert sorted(p.name for p in out.iterdir()) == [
        "alerts.yaml", "cases.jsonl", "plan.md", "policy.yaml", "suite.yaml"
    ]  # fmt: skip


def test_a_bad_feature_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "f.yaml"
    bad.write_text("name: x\nsurface: hologram\n")
    result = CliRunner().invoke(app, ["plan", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and f"{bad}:2: surface" in result.output
    assert not (tmp_path / "o").exists()


def test_an_unwritable_folder_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    result = CliRunner().invoke(app, ["plan", str(example_feature_path()), "--out", str(blocker)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot write" in result.output
