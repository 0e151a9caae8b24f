"""Edge cases of ``saferail calibrate`` through the real command line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from saferail import load_policy


def test_benign_file_name_that_is_not_utf8(cli: Callable[..., Any], tmp_path: Path) -> None:
    # a file name with a byte that is not UTF-8 (a Latin-1 name on Linux) goes into the
    # header of the written policy, which is UTF-8: it is escaped, not a traceback
    name = os.fsdecode(b"caf\xe9.jsonl")
    benign = tmp_path / name
    rows = [json.dumps({"id": i, "text": f"an ordinary question {i}"}) for i in range(20)]
    benign.write_text("\n".join(rows) + "\n", encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text("input:\n  checks:\n    hidden_text: {action: warn}\n", encoding="utf-8")
    out = tmp_path / "calibrated.yaml"
    r = cli(
        "calibrate", "--benign", name, "--policy", str(policy), "--target-fpr", "0.1",
        "--out", str(out), "--no-progress",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    written = out.read_text(encoding="utf-8")
    assert "# benign set: caf\\xe9.jsonl\n" in written
    assert load_policy(out).input.checks["hidden_text"].threshold is not None
