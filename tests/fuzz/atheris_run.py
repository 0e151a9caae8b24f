"""Run one atheris harness (``tests/fuzz/atheris_harness.py``) in a subprocess and read
its figures; used by ``tests/fuzz/test_atheris.py`` and ``benchmarks/scale_fuzz.py``.

The seed corpus of a target is the hand-written files of ``tests/fuzz/corpus/TARGET/``,
copied into a scratch folder first (libFuzzer adds the inputs it keeps to the corpus folder
it is given; the repository's copy stays as written).
"""

from __future__ import annotations

__all__ = ["CORPUS", "TARGETS", "atheris_available", "run_atheris"]

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = HERE / "corpus"
TARGETS = ("canonicalizer", "policy_loader", "jsonl_reader", "gateway_request")
# libFuzzer's status lines: "#2000	DONE   cov: 1234 ft: 5678 corp: 90/2345b ..."
_STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\d+)(\w*)b?", re.M)
_STAT = re.compile(r"^stat::(\w+):\s+(\S+)", re.M)


def atheris_available() -> bool:
    return importlib.util.find_spec("atheris") is not None


def run_atheris(
    target: str,
    workdir: Path,
    *,
    runs: int = 2000,
    seed: int = 1,
    max_len: int = 4096,
    timeout_s: int = 10,
    wall_s: float = 300.0,
) -> dict[str, Any]:
    """Fuzz ``target`` for ``runs`` inputs (libFuzzer's ``-runs``; the seed corpus counts)
    with a fixed ``seed``; an input running longer than ``timeout_s`` is a hang. Returns the
    harness's summary plus libFuzzer's coverage (``cov``: edges, ``ft``: features, ``corp``:
    inputs kept), its exit code and the tail of its log."""
    if target not in TARGETS:
        raise ValueError(f"unknown fuzz target {target!r}")
    work = workdir / target
    corpus = work / "corpus"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(CORPUS / target, corpus)
    artifacts = work / "artifacts"
    artifacts.mkdir()
    summary = work / "summary.json"
    cmd = [
        sys.executable,
        "-m",
        "tests.fuzz.atheris_harness",
        target,
        str(summary),
        f"-runs={runs}",
        f"-seed={seed}",
        f"-max_len={max_len}",
        f"-timeout={timeout_s}",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/",
        str(corpus),
    ]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=REPO, capture_output=True, text=True, timeout=wall_s, check=False
        )
        code, log = proc.returncode, proc.stderr + proc.stdout
    except subprocess.TimeoutExpired as exc:
        code = None
        log = _text(exc.stderr) + _text(exc.stdout)
    (work / "libfuzzer.log").write_text(log)
    row: dict[str, Any] = {}
    if summary.exists():
        row = json.loads(summary.read_text())
    else:
        row = {"final": False, "inputs": 0, "crashes": 0, "crash_examples": []}
    statuses = _STATUS.findall(log)
    if statuses:
        last = statuses[-1]
        row["libfuzzer"] = {
            "runs": int(last[0]),
            "cov": int(last[2]),
            "ft": int(last[3]),
            "corpus_inputs": int(last[4]),
        }
    row["libfuzzer_stats"] = {k: _number(v) for k, v in _STAT.findall(log)}
    row["exit_code"] = code
    timeouts = [p for p in artifacts.iterdir() if p.name.startswith("timeout-")]
    row["hang"] = code is None or bool(timeouts) or "ALARM: working on the last Unit" in log
    row["process_wall_s"] = round(time.perf_counter() - t0, 2)
    row["log_tail"] = log.strip().splitlines()[-8:]
    return row


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _number(value: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value
