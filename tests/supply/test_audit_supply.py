"""Audit of artifact integrity and the BOM library: swapped artifacts, broken pin files and
BOM files, a BOM of an installation the escape hatch let through, a venv without jsonschema."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from saferail.errors import SaferailError
from saferail.evals.suite import load_suite
from saferail.supply.bom import BomError, build_bom
from saferail.supply.pins import (
    ALLOW_UNPINNED_ENV,
    ArtifactIntegrityError,
    compute_pins,
    data_dir,
    load_pins,
    render_pins,
)
from saferail.supply.verify import read_bom, verify_installation


@pytest.fixture
def pinned_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A full copy of the data folder with its own (fresh) ``PINS.json``."""
    root = tmp_path / "install" / "data"
    shutil.copytree(data_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "PINS.json").write_text(render_pins(compute_pins(root)), encoding="utf-8")
    monkeypatch.delenv(ALLOW_UNPINNED_ENV, raising=False)
    return root


@pytest.mark.parametrize("name", ["over_refusal.jsonl", "over_refusal.yaml"])
def test_a_builtin_suite_file_symlinked_to_another_pinned_file_is_refused(
    data_copy: Path, name: str
) -> None:
    """Replacing a suite file by a link to another built-in file (whose own pin it matches)
    must not load the other file's content under this suite's name."""
    suites = data_copy / "suites"
    other = "grounded_qa" + Path(name).suffix
    (suites / name).unlink()
    os.symlink(suites / other, suites / name)
    with pytest.raises(ArtifactIntegrityError) as exc:
        load_suite("over_refusal")
    assert str(suites / name) in str(exc.value) and "\n" not in str(exc.value)


def test_a_pin_file_that_is_not_utf8_is_an_integrity_error(pinned_copy: Path) -> None:
    (pinned_copy / "PINS.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(ArtifactIntegrityError, match=r"PINS\.json.*not UTF-8"):
        verify_installation(data=pinned_copy)


def test_a_deeply_nested_pin_file_is_an_integrity_error(pinned_copy: Path) -> None:
    (pinned_copy / "PINS.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ArtifactIntegrityError, match=r"PINS\.json.*not valid JSON"):
        load_pins(pinned_copy / "PINS.json")


def test_a_rewritten_pin_file_is_read_again(pinned_copy: Path) -> None:
    """Pins are not served from a stale cache after the pin file changes in the process."""
    assert verify_installation(data=pinned_copy).ok
    pins = pinned_copy / "PINS.json"
    (pinned_copy / "NAMES.md").write_text("changed\n", encoding="utf-8")
    pins.write_text(render_pins(compute_pins(pinned_copy)), encoding="utf-8")
    assert verify_installation(data=pinned_copy).ok  # pins regenerated: matches again
    pins.write_text('{"algorithm": "sha256", "files": {}}', encoding="utf-8")
    report = verify_installation(data=pinned_copy)
    assert not report.ok and {p.kind for p in report.problems} == {"unpinned"}


def test_a_deeply_nested_bom_is_a_bom_error(tmp_path: Path) -> None:
    bom = tmp_path / "bom.json"
    bom.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(BomError, match="not valid JSON"):
        read_bom(bom)


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_escape_hatch_bom_of_an_unreadable_model_is_a_bom_error(
    pinned_copy: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    model = pinned_copy / "models" / "refusal.npz"
    if damage == "truncated":
        model.write_bytes(model.read_bytes()[:100])
    else:
        model.unlink()
    monkeypatch.setenv(ALLOW_UNPINNED_ENV, "1")
    with pytest.raises(BomError) as exc:
        build_bom(data=pinned_copy)
    assert "refusal.npz" in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("value", ["0", "false", "", "no", "off"])
def test_escape_hatch_values_that_mean_off_keep_the_check(
    pinned_copy: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    (pinned_copy / "models" / "refusal.npz").write_bytes(b"tampered")
    monkeypatch.setenv(ALLOW_UNPINNED_ENV, value)
    with pytest.raises(BomError, match="does not match its pins"):
        build_bom(data=pinned_copy)


def test_validating_without_jsonschema_is_a_bom_error() -> None:
    """A venv without the json-validation extra: one typed line, not the library's own
    multi-line exception (and no BOM is written unvalidated)."""
    code = (
        "import sys; sys.modules['jsonschema'] = None\n"
        "from saferail.supply.bom import BomError, validate_bom\n"
        "try:\n"
        "    validate_bom({'bomFormat': 'CycloneDX', 'specVersion': '1.6'})\n"
        "except BomError as exc:\n"
        "    print('BomError', str(exc).count(chr(10)), exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("BomError 0 "), proc.stdout + proc.stderr
    assert "jsonschema" in proc.stdout


def test_integrity_and_bom_errors_are_saferail_errors() -> None:
    assert issubclass(ArtifactIntegrityError, SaferailError)
    assert issubclass(BomError, SaferailError)
