"""``saferail monitor`` audit: an alert history that cannot be written is one error line (exit
2), not a traceback; the "last bucket" column shows the report's last bucket."""

from __future__ import annotations

from pathlib import Path

from tests.cli._helpers import one_line
from tests.cli.test_monitor_cmd import jsonl, run, stream  # noqa: F401  (fixtures)
from tests.telemetry.monitor.helpers import blocked, event
from tests.telemetry.test_alerts_audit2 import _full

RULES = """
rules:
  - name: block-spike
    kpi: block_rate
    by: [model_version]
    params: {warmup: 6}
sinks: []
"""


def test_a_full_alert_history_is_one_error_line(tmp_path: Path, jsonl: Path) -> None:  # noqa: F811
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    db = tmp_path / "alerts.db"
    _full(db)
    result = run("--events", str(jsonl), "--rules", str(rules), "--history", str(db))
    assert result.exit_code == 2, result.output
    assert "database or disk is full" in one_line(result)
    assert "Traceback" not in result.output


def test_last_bucket_is_the_reports_last_bucket_not_an_old_one(tmp_path: Path) -> None:
    old = [blocked(h * 60 + i, model_version="v1") for h in range(2) for i in range(10)]
    new = [event(h * 60 + i, model_version="v2") for h in range(16) for i in range(10)]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.model_dump_json() + "\n" for e in old + new))
    result = run("--events", str(path), "--by", "model_version")
    assert result.exit_code == 0, result.output
    rows = {
        line.split("│")[2].strip(): line.split("│")[5].strip()
        for line in result.stdout.splitlines()
        if line.startswith("│ block_rate ")
    }
    # v1 stopped at hour 2: its 100% blocked bucket was shown as the current rate before
    assert rows == {"model_version=v1": "- (0)", "model_version=v2": "0.00% (10)"}
