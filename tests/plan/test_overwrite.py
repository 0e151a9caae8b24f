"""`saferail plan` keeps an existing (perhaps edited) plan unless --force."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.plan_cmd import plan_command
from saferail.plan import (
    PlanExistsError,
    build_plan,
    example_feature_path,
    load_feature,
    write_plan,
)

app = typer.Typer()
app.command("plan")(plan_command)
app.command("noop")(lambda: None)  # two commands: typer keeps "plan" as a sub-command


def test_a_second_run_keeps_an_edited_policy(tmp_path: Path) -> None:
    out = tmp_path / "p"
    args = ["plan", str(example_feature_path()), "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    policy = out / "policy.yaml"
    edited = policy.read_text() + "# hardened by hand\n"
    policy.write_text(edited)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"{out / 'plan.md'} exists" in result.output and "--force" in result.output
    assert policy.read_text() == edited


def test_force_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "p"
    out.mkdir()
    (out / "policy.yaml").write_text("# old\n")
    args = ["plan", str(example_feature_path()), "--out", str(out), "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "policy.yaml").read_text().startswith("# Policy skeleton for order-help")


def test_write_plan_refuses_before_writing_anything(tmp_path: Path) -> None:
    plan = build_plan(load_feature(example_feature_path()))
    (tmp_path / "alerts.yaml").write_text("keep: me\n")
    with pytest.raises(PlanExistsError, match=r"alerts\.yaml exists"):
        write_plan(plan, tmp_path, overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alerts.yaml"]
    assert (tmp_path / "alerts.yaml").read_text() == "keep: me\n"
    write_plan(plan, tmp_path / "fresh", overwrite=False)  # a new folder is fine
    assert (tmp_path / "fresh" / "suite.yaml").is_file()
