"""``saferail monitor`` edge cases of the time window, the bucket and the rules' durations:
each mistake is one line on stderr and exit 2, never a traceback or a silently empty run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_monitor_cmd import run
from tests.telemetry.monitor.helpers import event


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(event(m).model_dump_json(exclude_none=True) + "\n" for m in range(3)))
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # a duration back from now that reaches before the year 1 (was an OverflowError)
        (["--since", "999999999d"], "--since: '999999999d' reaches back before the year 1"),
        (["--until", "999999999d"], "--until: '999999999d' reaches back before the year 1"),
        # wider than timedelta (was an OverflowError) or than any date (ditto)
        (["--bucket", "99999999999999d"], "duration out of range (got '99999999999999d')"),
        (["--bucket", "999999999d"], "--bucket: must be at most 366 days"),
        # a reversed window used to report "no events" and exit 0
        (["--since", "2026-03-02", "--until", "2026-03-01"], "the window is empty"),
        (
            ["--since", "2026-03-02T00:00:00+05:00", "--until", "2026-03-01T19:00:00Z"],
            "the window is empty",
        ),
        (["--since", "1h", "--until", "2h"], "the window is empty"),
    ],
)
def test_bad_windows_are_one_line(jsonl: Path, args: list[str], message: str) -> None:
    result = run("--events", str(jsonl), *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: ")
    assert message in lines[0]
    assert not result.stdout


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("bucket: 99999999999d\n", "rules.yaml:1: bucket: duration out of range"),
        ("bucket: .inf\n", "rules.yaml:1: bucket: duration out of range"),
        ("cooldown: 999999999999w\n", "rules.yaml:1: cooldown: duration out of range"),
        ("bucket: 999999999d\n", "rules.yaml:1: bucket: must be at most 366 days"),
        (
            "rules:\n  - {name: a, kpi: block_rate, dedup_window: 99999999999d}\n",
            "rules.yaml:2: rules.0.dedup_window: duration out of range",
        ),
    ],
)
def test_out_of_range_durations_in_rules_are_one_line(
    tmp_path: Path, jsonl: Path, rules: str, message: str
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(rules)
    result = run("--events", str(jsonl), "--rules", str(path))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: ")
    assert message in lines[0]


def test_a_window_across_timezones_is_compared_in_utc(jsonl: Path) -> None:
    # 00:00+05:00 is 19:00 UTC the day before: a real, one-hour window
    result = run(
        "--events", str(jsonl), "--since", "2026-03-02T00:00:00+05:00",
        "--until", "2026-03-01T20:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
