"""Audit regressions of ``saferail calibrate``: what is written, and what survives a failure."""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from saferail import load_policy, parse_policy
from saferail.calibrate import (
    CalibrationError,
    CalibrationResult,
    calibrate,
    calibrate_scores,
)

POLICY = """\
# Team policy. Owner: alice. Do not remove this line.
name: team  # the policy's name
input:
  checks:
    hidden_text: {action: warn}   # flow style, no threshold yet
    secret:
      action: redact
      threshold: 0.5  # tuned by hand in March
    banned_topic:
      # phrases we never want
      action: block
      params:
        phrases: [kill]
"""
BENIGN = [f"an ordinary question number {i}" for i in range(60)]


def run_cli(*args: str, cwd: Path, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if fsize is not None:  # writes past fsize bytes fail with EFBIG, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "saferail", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        preexec_fn=limits,
    )


def write_benign(path: Path) -> Path:
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in BENIGN), encoding="utf-8")
    return path


# -- the written policy ------------------------------------------------------------------


def test_the_source_policys_comments_survive_calibration() -> None:
    result = calibrate(parse_policy(POLICY), BENIGN, target_fpr=0.1)
    written = result.policy_yaml(["benign set: b.jsonl"], source=POLICY)
    for line in POLICY.splitlines():
        if "#" in line:
            assert line.split("#", 1)[1] in written, line
    assert parse_policy(written) == result.policy
    assert written.startswith("# Calibrated by `saferail calibrate`.")


def test_a_path_policy_keeps_its_comments_and_recalibrating_replaces_the_header(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(POLICY, encoding="utf-8")
    first = calibrate(path, BENIGN, target_fpr=0.1)
    once = first.policy_yaml()
    assert "# Team policy. Owner: alice." in once and "# tuned by hand" in once
    path.write_text(once, encoding="utf-8")
    again = calibrate(path, BENIGN, target_fpr=0.2).policy_yaml()
    assert again.count("Calibrated by") == 1 and "target FPR 0.2" in again
    assert "target FPR 0.1" not in again and "# Team policy. Owner: alice." in again
    assert parse_policy(again) == calibrate(path, BENIGN, target_fpr=0.2).policy


def test_a_source_that_is_not_the_policy_falls_back_to_a_plain_dump() -> None:
    result = calibrate(parse_policy(POLICY), BENIGN, target_fpr=0.1)
    written = result.policy_yaml(source="input:\n  checks:\n    secret: {action: block}\n")
    assert parse_policy(written) == result.policy


@pytest.mark.parametrize("sep", ["\n", "\r", "\x85", "\u2028", "\x07"])
def test_header_lines_cannot_break_out_of_the_comment(sep: str) -> None:
    # a benign file named "b<newline>output: {checks: {}}" wrote a YAML key into the policy
    result = calibrate(parse_policy(POLICY), BENIGN, target_fpr=0.1)
    written = result.policy_yaml([f"benign set: b{sep}settings: {{early_exit: false}}"])
    assert parse_policy(written) == result.policy


def test_scores_that_are_not_numbers_are_refused() -> None:
    # NaN sorted anywhere: the threshold depended on where it sat (0.9000000000000001 or 1.0)
    for scores in ([0.1, math.nan, 0.9, 0.2] * 10, [0.1, 0.9, 0.2, math.nan] * 10):
        with pytest.raises(CalibrationError, match="not a number"):
            calibrate_scores({"c": scores}, target_fpr=0.1)
    with pytest.raises(CalibrationError, match="not a number"):
        calibrate_scores({"c": [0.1, None] * 10}, target_fpr=0.1)  # type: ignore[list-item]


def test_small_bounds_are_not_printed_as_zero() -> None:
    checks = calibrate_scores({"c": [0.0] * 100_000}, target_fpr=0.0001)
    result = CalibrationResult(
        policy=parse_policy(POLICY), surface="input", target_fpr=0.0001, confidence=0.95,
        n=100_000, checks=tuple(checks),
    )  # fmt: skip
    assert 0 < checks[0].fpr_upper_bound < 0.0001
    row = next(line for line in result.summary_lines() if line.startswith("c "))
    assert "3.00e-05" in row, row


def test_an_absurd_target_names_a_readable_count() -> None:
    (cal,) = calibrate_scores({"c": [0.0] * 10}, target_fpr=1e-300)
    assert "need at least 1e+300" in cal.warnings[0], cal.warnings[0]


# -- the command line -------------------------------------------------------------------


def test_cli_in_place_keeps_comments(tmp_path: Path) -> None:
    benign = write_benign(tmp_path / "b.jsonl")
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    r = run_cli(
        "calibrate", "--benign", str(benign), "--policy", "p.yaml", "--out", "p.yaml",
        "--target-fpr", "0.1", "--no-progress", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    written = policy.read_text(encoding="utf-8")
    assert "# Team policy. Owner: alice." in written and "# tuned by hand in March" in written
    assert load_policy(policy).input.checks["secret"].threshold == 0.05


def test_cli_a_failed_write_leaves_the_policy_whole(tmp_path: Path) -> None:
    benign = write_benign(tmp_path / "b.jsonl")
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    r = run_cli(
        "calibrate", "--benign", str(benign), "--policy", "p.yaml", "--out", "p.yaml",
        "--target-fpr", "0.1", "--no-progress", cwd=tmp_path, fsize=200,
    )  # fmt: skip
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: --out: cannot write")
    assert policy.read_text(encoding="utf-8") == POLICY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.jsonl", "p.yaml"]


def test_cli_newline_in_the_benign_file_name(tmp_path: Path) -> None:
    name = "b\ninput: {checks: {}}\n#.jsonl"
    write_benign(tmp_path / name)
    (tmp_path / "p.yaml").write_text(POLICY, encoding="utf-8")
    r = run_cli(
        "calibrate", "--benign", name, "--policy", "p.yaml", "--out", "o.yaml",
        "--target-fpr", "0.1", "--no-progress", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert set(load_policy(tmp_path / "o.yaml").input.checks) == {
        "hidden_text", "secret", "banned_topic",
    }  # fmt: skip


def test_cli_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    benign = write_benign(tmp_path / "b.jsonl")
    real = tmp_path / "real.yaml"
    real.write_text(POLICY, encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.yaml").symlink_to("real.yaml")
    r = run_cli(
        "calibrate", "--benign", str(benign), "--policy", "link.yaml", "--out", "link.yaml",
        "--target-fpr", "0.1", "--no-progress", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "link.yaml").is_symlink()
    assert "Calibrated by" in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o640
