"""A virtual environment of its own for a peer tool or a heavy dependency of a benchmark.

Side-by-side benchmarks run the other tools (Presidio, fairlearn, Inspect, the MiniLM
embedding model) in their own environments under ``benchmarks/.venvs/``, never in the
project's. :func:`ensure_venv` creates one with ``python3 -m venv`` and pip-installs the
given packages, once: a marker file in the venv records the package list, and a later call
with the same list does nothing. pip's output goes to ``<name>-setup.log`` beside the venv;
while it runs a line is printed every minute, since a torch install takes several.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MARKER = ".bench-packages"
HEARTBEAT_S = 60.0


class SetupError(Exception):
    """The venv could not be created or the packages not installed (message: the cause and
    the end of the log)."""


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _tail(log: Path, lines: int = 15) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def ensure_venv(
    venv: Path,
    packages: Sequence[str],
    name: str,
    *,
    say: Callable[[str], None] = print,
) -> Path:
    """The python of ``venv`` with ``packages`` installed (set up now unless it already was)."""
    py = venv_python(venv)
    marker = venv / MARKER
    wanted = "\n".join(packages) + "\n"
    if py.exists() and marker.exists() and marker.read_text() == wanted:
        return py
    venv.parent.mkdir(parents=True, exist_ok=True)
    log = venv.parent / f"{name}-setup.log"
    t0 = time.monotonic()
    say(f"setting up {name}'s venv in {venv} (log: {log.name}) ...")
    with log.open("w") as fh:
        if not py.exists():
            made = subprocess.run(
                ["python3", "-m", "venv", str(venv)], stdout=fh, stderr=subprocess.STDOUT
            )
            if made.returncode != 0:
                fh.flush()
                raise SetupError(f"python3 -m venv {venv} failed:\n{_tail(log)}")
        pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *packages]
        proc = subprocess.Popen(pip, stdout=fh, stderr=subprocess.STDOUT)
        beat = t0 + HEARTBEAT_S
        while proc.poll() is None:
            time.sleep(0.5)
            if time.monotonic() >= beat:
                say(f"  pip install still running ({time.monotonic() - t0:.0f} s)")
                beat += HEARTBEAT_S
    if proc.returncode != 0:
        raise SetupError(f"pip install into {name}'s venv failed:\n{_tail(log)}")
    marker.write_text(wanted)
    say(f"  done in {time.monotonic() - t0:.0f} s")
    return py
