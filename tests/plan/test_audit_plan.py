"""`saferail plan` writes all of its files or none, and odd feature values stay in their place."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.plan_cmd import plan_command
from saferail.plan import build_plan, example_feature_path, load_feature, parse_feature, write_plan
from saferail.plan import skeleton as skeleton_module
from saferail.plan.render import render_markdown

app = typer.Typer()
app.command("plan")(plan_command)
app.command("noop")(lambda: None)  # two commands: typer keeps "plan" as a sub-command


def _edited(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.yaml").write_text("# hardened by hand\n")
    (folder / "notes.txt").write_text("mine\n")
    return {p.name: p.read_text() for p in folder.iterdir() if p.is_file()}


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in folder.iterdir() if p.is_file()}


def test_a_failure_midway_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = build_plan(load_feature(example_feature_path()))
    out = tmp_path / "p"
    before = _edited(out)

    def interrupted(_plan: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(skeleton_module, "render_markdown", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_plan(plan, out, overwrite=True)
    assert _files(out) == before  # the edited policy kept, no half skeleton, no temp files


def test_a_directory_in_the_way_fails_before_anything_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "p"
    before = _edited(out)
    (out / "plan.md").mkdir()
    args = ["plan", str(example_feature_path()), "--out", str(out), "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"cannot write {out / 'plan.md'}: Is a directory" in result.output
    assert _files(out) == before


def test_a_write_error_without_a_file_name_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "p"
    before = _edited(out)
    real_open, real_write_text = Path.open, Path.write_text

    def full(path: Path) -> None:
        if path.parent == out and "cases" in path.name:
            raise OSError(errno.ENOSPC, "No space left on device")  # what write() raises

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        full(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    def write_text(self: Path, *args: object, **kwargs: object) -> int:
        full(self)
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "write_text", write_text)
    args = ["plan", str(example_feature_path()), "--out", str(out), "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "None" not in result.output and "Traceback" not in result.output
    assert f"cannot write {out / 'cases.jsonl'}: No space left on device" in result.output
    assert _files(out) == before


def test_line_breaks_in_feature_values_do_not_make_markdown_headings() -> None:
    feature = parse_feature(
        'name: w\nsurface: chat\ndescription: "a\\n# Injected description"\n'
        'deployment: {model: "m\\r\\n# Injected model", feature_flag: "f\\n\\n# Injected flag"}\n'
    )
    text = render_markdown(build_plan(feature, per_suite=1))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert not [h for h in headings if "Injected" in h]
    assert "turn the feature flag `f  # Injected flag` off" in text
