"""benchmarks/_peer_venv.py: a peer tool's venv is set up once, and a failure says why."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HELPER = Path(__file__).resolve().parents[1] / "benchmarks" / "_peer_venv.py"


@pytest.fixture(scope="module")
def peer_venv() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_peer_venv_under_test", HELPER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_venv_with_the_same_packages_is_left_alone(peer_venv: ModuleType, tmp_path) -> None:
    venv = tmp_path / "venvs" / "tool"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("not run")
    (venv / peer_venv.MARKER).write_text("pkg-a\npkg-b\n")
    said: list[str] = []
    py = peer_venv.ensure_venv(venv, ["pkg-a", "pkg-b"], "tool", say=said.append)
    assert py == venv / "bin" / "python"
    assert said == [] and not (tmp_path / "venvs" / "tool-setup.log").exists()


def test_a_failed_install_is_a_setup_error_with_the_log_tail(
    peer_venv: ModuleType, tmp_path
) -> None:
    venv = tmp_path / "venvs" / "tool"
    missing = tmp_path / "no-such-package-1.0-py3-none-any.whl"  # fails without any network
    said: list[str] = []
    with pytest.raises(peer_venv.SetupError) as err:
        peer_venv.ensure_venv(venv, [str(missing)], "tool", say=said.append)
    assert "pip install into tool's venv failed" in str(err.value)
    assert missing.name in str(err.value)  # pip's own message, from the log
    assert (venv / "bin" / "python").exists()  # the venv itself was made
    assert not (venv / peer_venv.MARKER).exists()  # so the next call tries again
    assert said[0].startswith("setting up tool's venv")
    assert (tmp_path / "venvs" / "tool-setup.log").exists()
