"""``saferail bom`` and ``saferail bom verify`` through typer, mounted as the app mounts them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.bom_cmd import bom_app
from saferail.supply import bom as bom_module
from saferail.supply import verify as verify_module
from saferail.supply.pins import ALLOW_UNPINNED_ENV, compute_pins, data_dir, render_pins
from tests.supply.conftest import flip_byte

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


def test_bom_then_verify(install: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "bom.cdx.json"
    result = runner.invoke(app, ["bom", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "CycloneDX 1.6 ML-BOM" in result.output
    assert json.loads(out.read_text())["bomFormat"] == "CycloneDX"
    ok = runner.invoke(app, ["bom", "verify", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "verify: OK" in ok.output
    flip_byte(install / "models" / "refusal.npz")
    bad = runner.invoke(app, ["bom", "verify", str(out), "--json"])
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    assert [p["subject"] for p in report["problems"]] == ["data:models/refusal.npz"]


def test_bom_to_stdout(install: Path) -> None:
    result = CliRunner().invoke(app, ["bom"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["specVersion"] == "1.6"


def test_verify_without_a_bom_uses_the_pins(install: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["bom", "verify"]).exit_code == 0
    flip_byte(install / "suites" / "pii_leakage.yaml", offset=0)
    result = runner.invoke(app, ["bom", "verify"])
    assert result.exit_code == 1
    assert "hash_mismatch: data:suites/pii_leakage.yaml" in result.output


def test_unreadable_bom_is_a_one_line_usage_error(install: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(app, ["bom", "verify", str(bad)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not valid JSON" in result.output


def test_tampered_installation_gets_no_bom(install: Path) -> None:
    flip_byte(install / "models" / "jailbreak.npz")
    result = CliRunner().invoke(app, ["bom", "--out", "x.json"])
    assert result.exit_code == 2
    assert "does not match its pins" in result.output


def test_source_date_epoch_makes_the_bom_reproducible(
    install: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    runner = CliRunner()
    first, second = runner.invoke(app, ["bom"]), runner.invoke(app, ["bom"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    bom = json.loads(first.stdout)
    assert bom["metadata"]["timestamp"].startswith("2026-01-01T00:00:00")
    assert bom["serialNumber"].startswith("urn:uuid:")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    later = json.loads(runner.invoke(app, ["bom"]).stdout)
    assert later["serialNumber"] != bom["serialNumber"]  # a new time is a new BOM


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_one_line_error(
    install: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(app, ["bom"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "SOURCE_DATE_EPOCH" in result.output
