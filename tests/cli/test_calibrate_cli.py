"""``saferail calibrate`` end to end through the real command line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from saferail import load_policy

POLICY = """\
# a policy with comments
name: cli-calibration
settings:
  early_exit: true
input:
  checks:
    hidden_text:
      action: warn
      threshold: 0.6
    banned_topic:
      action: block
      params:
        phrases: [kill]
output:
  checks:
    secret: {action: block}
"""


def write_benign(path: Path, texts: list[str], extra: Sequence[str] = ()) -> Path:
    rows = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    path.write_text("\n".join([*rows, *extra]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    texts = [f"an ordinary question number {i}" for i in range(95)]
    texts += ["how do I kill a python process"] * 3 + ["zero\u200bwidth text"] * 2
    return policy, write_benign(tmp_path / "benign.jsonl", texts)


def one_line_error(err: str, fragment: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("saferail: error: ") and fragment in lines[0], err
    assert "Traceback" not in err


def test_writes_a_valid_calibrated_policy(cli, files: tuple[Path, Path], tmp_path: Path) -> None:
    policy, benign = files
    out = tmp_path / "calibrated.yaml"
    r = cli(
        "calibrate", "--benign", str(benign), "--policy", str(policy),
        "--target-fpr", "0.05", "--out", str(out),
    )  # fmt: skip
    assert r.code == 0, r.err
    for word in ("check", "threshold", "achieved FPR", "FPR upper bound", "hidden_text"):
        assert word in r.out
    assert "banned_topic" in r.out and "0.0300" in r.out and "0.0200" in r.out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Calibrated by `saferail calibrate`.")
    assert f"# benign set: {benign}" in text and "target FPR 0.05" in text
    new = load_policy(out)
    old = load_policy(policy)
    # 100 texts, k = ceil(101 * 0.95) = 96 -> q = 0.0 for both checks: 3 and 2 fire
    assert new.input.checks["banned_topic"].threshold == 0.05  # the default floor
    assert new.input.checks["hidden_text"].threshold == 0.05
    assert new.name == old.name and new.output == old.output and new.settings == old.settings
    assert new.input.checks["banned_topic"].params == old.input.checks["banned_topic"].params
    v = cli("policy", "validate", str(out))
    assert v.code == 0 and "ok" in v.out, v.err


def test_tight_target_warns_but_succeeds(cli, files: tuple[Path, Path], tmp_path: Path) -> None:
    policy, benign = files
    out = tmp_path / "c.yaml"
    r = cli(
        "calibrate", "--benign", str(benign), "-p", str(policy), "--target-fpr", "0.001",
        "--checks", "hidden_text", "--confidence", "0.99", "--out", str(out), "--no-progress",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "too few" in r.err and "need at least 1000" in r.err
    assert "Traceback" not in r.err
    assert all(line.startswith("saferail: warning: ") for line in r.err.strip().splitlines())
    new = load_policy(out)
    assert new.input.checks["hidden_text"].threshold == pytest.approx(0.7)
    assert new.input.checks["hidden_text"].threshold > 0.7
    assert new.input.checks["banned_topic"].threshold is None  # not named: untouched
    assert "FPR upper bound" in r.out and "bound at 99%" in r.out


def test_default_policy_and_bad_lines_are_skipped(cli, tmp_path: Path) -> None:
    benign = write_benign(
        tmp_path / "b.jsonl", ["hello", "what time is it?"], extra=["{oops", '{"text": 3}']
    )
    r = cli("calibrate", "--benign", str(benign), "--target-fpr", "0.5", "--out", "out.yaml")
    assert r.code == 0, r.err
    assert "skipped 2 unusable lines" in r.err
    new = load_policy(tmp_path / "out.yaml")
    assert new.name == "default" and set(new.input.checks) >= {"secret", "pii"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--out", "o.yaml"], "--benign FILE is required"),
        (["--benign", "B"], "--out FILE is required"),
        (["--benign", "missing.jsonl", "--out", "o.yaml"], "no such file: missing.jsonl"),
        (["--benign", ".", "--out", "o.yaml"], "not a file"),
        (["--benign", "B", "--out", "o.yaml", "--target-fpr", "0"], "strictly between 0 and 1"),
        (["--benign", "B", "--out", "o.yaml", "--target-fpr", "1.5"], "strictly between"),
        (["--benign", "B", "--out", "o.yaml", "--target-fpr", "lots"], "must be a number"),
        (["--benign", "B", "--out", "o.yaml", "--confidence", "1"], "--confidence"),
        (["--benign", "B", "--out", "o.yaml", "--checks", "nope"], "unknown check 'nope'"),
        (["--benign", "B", "--out", "o.yaml", "--checks", "pii"], "not configured on the input"),
        (
            ["--benign", "B", "--out", "o.yaml", "--checks", "system_prompt_leak"],
            "does not run on the input surface",
        ),
        (["--benign", "B", "--out", "o.yaml", "--surface", "retrieval"], "no enabled checks"),
        (["--benign", "B", "--out", "o.yaml", "--surface", "up"], "--surface must be one of"),
        (["--benign", "B", "--out", "nodir/o.yaml"], "no such directory"),
        (["--benign", "B", "--out", "."], "is a directory"),
        (["--benign", "B", "--out", "o.yaml", "--policy", "nope.yaml"], "cannot read"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    cli, files: tuple[Path, Path], args: list[str], fragment: str
) -> None:
    policy, benign = files
    argv = [str(benign) if a == "B" else a for a in args]
    if "--policy" not in argv:
        argv += ["--policy", str(policy)]
    r = cli("calibrate", *argv)
    assert r.code == 2, (r.out, r.err)
    one_line_error(r.err, fragment)


def test_empty_benign_set(cli, files: tuple[Path, Path], tmp_path: Path) -> None:
    policy, _ = files
    for name, content in [("empty.jsonl", ""), ("blank.jsonl", "\n\n  \n"), ("bad.jsonl", "x\n")]:
        (tmp_path / name).write_text(content, encoding="utf-8")
        r = cli("calibrate", "--benign", name, "-p", str(policy), "--out", "o.yaml")
        assert r.code == 2
        one_line_error(r.err, "no benign texts")
    assert not (tmp_path / "o.yaml").exists()


def test_invalid_policy_reports_its_issues(cli, files: tuple[Path, Path], tmp_path: Path) -> None:
    _, benign = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("input:\n  checks:\n    secret: {threshold: 3}\n", encoding="utf-8")
    r = cli("calibrate", "--benign", str(benign), "-p", str(bad), "--out", "o.yaml")
    assert r.code == 2
    one_line_error(r.err, "threshold")


def test_help_lists_the_options(cli) -> None:
    r = cli("calibrate", "--help")
    assert r.code == 0
    for opt in ("--benign", "--target-fpr", "--checks", "--surface", "--confidence", "--out"):
        assert opt in r.out


def test_progress_bar_helper_counts_every_text() -> None:
    from saferail.cli.calibrate_cmd import _progress

    with _progress(120, "benign.jsonl", enabled=True) as tick:
        for _ in range(120):
            tick()
    with _progress(3, "b", enabled=False) as tick:
        tick()


def test_benign_set_from_stdin(cli, files: tuple[Path, Path], tmp_path: Path) -> None:
    """``--benign -`` reads the benign set from stdin, as ``check --jsonl -`` does."""
    policy, benign = files
    out = tmp_path / "from_stdin.yaml"
    r = cli(
        "calibrate", "--benign", "-", "--policy", str(policy), "--target-fpr", "0.05",
        "--out", str(out), stdin=benign.read_text(encoding="utf-8"),
    )  # fmt: skip
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    assert "# benign set: stdin" in text
    new = load_policy(out)
    assert new.input.checks["banned_topic"].threshold == 0.05
    assert new.input.checks["hidden_text"].threshold == 0.05


def test_empty_stdin_is_one_line_error(cli, files: tuple[Path, Path]) -> None:
    r = cli("calibrate", "--benign", "-", "--out", "o.yaml", stdin="")
    assert r.code == 2
    one_line_error(r.err, "--benign: no benign texts in stdin")
