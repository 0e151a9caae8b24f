"""Audit of ``saferail bom``: one-line errors (never a traceback), and a BOM written whole."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.bom_cmd import bom_app
from saferail.supply import bom as bom_module
from saferail.supply import verify as verify_module
from saferail.supply.pins import ALLOW_UNPINNED_ENV, compute_pins, data_dir, render_pins
from tests.cli._helpers import one_line

app = typer.Typer()
app.add_typer(bom_app, name="bom")


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The commands see a pinned copy of the data folder as this installation's."""
    root = tmp_path / "install" / "data"
    shutil.copytree(data_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "PINS.json").write_text(render_pins(compute_pins(root)), encoding="utf-8")
    monkeypatch.delenv(ALLOW_UNPINNED_ENV, raising=False)
    monkeypatch.setattr(bom_module, "data_dir", lambda: root)
    monkeypatch.setattr(verify_module, "data_dir", lambda: root)
    return root


def test_pin_file_not_utf8_is_one_line(install: Path) -> None:
    (install / "PINS.json").write_bytes(b"\xff\xfe{}")
    for args in (["bom"], ["bom", "verify"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.exception
        assert "not UTF-8" in one_line(result)


def test_deeply_nested_bom_is_one_line(install: Path, tmp_path: Path) -> None:
    bom = tmp_path / "deep.json"
    bom.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = CliRunner().invoke(app, ["bom", "verify", str(bom)])
    assert result.exit_code == 2, result.exception
    assert "nested too deeply" in one_line(result)


def test_escape_hatch_with_a_truncated_model_is_one_line(
    install: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    model = install / "models" / "jailbreak.npz"
    model.write_bytes(model.read_bytes()[:64])
    monkeypatch.setenv(ALLOW_UNPINNED_ENV, "1")
    out = tmp_path / "bom.json"
    result = CliRunner().invoke(app, ["bom", "--out", str(out)])
    assert result.exit_code == 2, result.exception
    assert "jailbreak.npz" in one_line(result)
    assert not out.exists()


def test_out_is_a_directory_keeps_it_and_is_one_line(install: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = CliRunner().invoke(app, ["bom", "--out", str(folder)])
    assert result.exit_code == 2
    assert "Is a directory" in one_line(result)
    assert folder.is_dir() and list(folder.iterdir()) == []


def _file_size_limit() -> None:
    """``preexec_fn``: files may not grow past 64 KiB (the BOM is larger): a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 16, 1 << 16))


def test_a_failed_write_keeps_the_previous_bom_and_leaves_no_partial_file(
    tmp_path: Path,
) -> None:
    out = tmp_path / "bom.cdx.json"
    out.write_text("previous BOM\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", "bom", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, ALLOW_UNPINNED_ENV: "1"},
        preexec_fn=_file_size_limit,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: "), proc.stderr
    assert out.read_text(encoding="utf-8") == "previous BOM\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bom.cdx.json"]


def test_out_through_a_symlink_replaces_its_target(install: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = CliRunner().invoke(app, ["bom", "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("{")
