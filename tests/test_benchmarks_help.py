"""Every benchmark script answers ``--help`` with its usage and runs nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("[a-z]*.py"))


def test_there_are_benchmark_scripts() -> None:
    assert len(SCRIPTS) >= 20


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_help_prints_usage_and_exits_0(script: Path, tmp_path: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in (BENCHMARKS / "results").glob("*")}
    proc = subprocess.run(
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith(f"usage: {script.name}")
    after = {p.name: p.stat().st_mtime_ns for p in (BENCHMARKS / "results").glob("*")}
    assert after == before  # no results written
