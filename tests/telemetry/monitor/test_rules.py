"""Alert-rules YAML: a full file loads; every mistake is one line naming where it is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from saferail.telemetry.monitor import RulesError, load_rules, parse_rules
from saferail.telemetry.monitor.rules import LogSinkConfig, WebhookSinkConfig, parse_duration

FULL = """\
version: 1
bucket: 15m
dedup_window: 2h
cooldown: 1d
history: state/alerts.db
by: [model_version]
completeness: {surfaces: [input], fields: [policy_version]}
rules:
  - name: block-spike
    kpi: block_rate
    by: [model_version, feature_flag]
    where: {surface: input}
    detector: ewma
    params: {lambda: 0.1, L: 3.5, warmup: 48}
    severity: high
  - name: pii-leak
    kpi: pii_leakage_rate
    detector: cusum
    params: {p0: 0.001, p1: 0.01, arl0: 100000}
    cooldown: 30m
  - name: injection
    kpi: violation_rate:prompt_injection
    detector: binomial
    params: {window: 4, baseline: 96, alpha: 0.0001}
sinks:
  - type: log
  - type: webhook
    url: http://127.0.0.1:9/hook
    headers: {Authorization: "Bearer ${TOKEN}"}
"""


def test_full_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(FULL)
    config = load_rules(path)
    assert config.bucket == timedelta(minutes=15)
    assert config.dedup_window == timedelta(hours=2) and config.cooldown == timedelta(days=1)
    assert config.history == str(tmp_path / "state" / "alerts.db")
    assert [r.name for r in config.rules] == ["block-spike", "pii-leak", "injection"]
    assert config.rules[1].cooldown == timedelta(minutes=30)
    assert config.rules[0].params["lambda"] == 0.1
    assert isinstance(config.sinks[0], LogSinkConfig)
    assert isinstance(config.sinks[1], WebhookSinkConfig)
    assert config.completeness.surfaces == ["input"]


def test_empty_file_means_defaults() -> None:
    config = parse_rules("")
    assert config.rules == [] and config.bucket == timedelta(hours=1)
    assert [s.type for s in config.sinks] == ["log"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  - name: a\n    kpi: block_rate\n    params: {L: -1}\n",
         "r.yaml:4: rules.0.params.L: Input should be greater than 0"),
        ("rules:\n  - name: a\n    kpi: latency\n", "r.yaml:3: rules.0.kpi: unknown KPI 'latency'"),
        ("rules:\n  - name: a\n    kpi: block_rate\n    detector: magic\n",
         "r.yaml:4: rules.0.detector: unknown detector 'magic' (known: binomial, cusum, ewma"),
        ("rules:\n  - name: a\n    kpi: block_rate\n    detector: cusum\n",
         "r.yaml:2: rules.0.params: set `p0` or a `warmup`"),
        ("rules:\n  - name: a\n    kpi: block_rate\n    by: [user_hash]\n",
         "r.yaml:4: rules.0.by: cannot break down by 'user_hash'"),
        ("rules:\n  - name: a\n    kpi: block_rate\n    colour: red\n",
         "r.yaml:4: rules.0.colour: unknown field 'colour'"),
        ("bucket: 1x\n", "r.yaml:1: bucket: expected a duration such as 30s"),
        ("sinks:\n  - type: webhook\n    url: ftp://x\n", "r.yaml:3: sinks.0.url: expected an http://"),
        ("sinks:\n  - type: pager\n", "r.yaml:2: sinks.0: Input tag 'pager'"),
        ("rules:\n  - {name: a, kpi: block_rate}\n  - {name: a, kpi: block_rate}\n",
         "r.yaml:3: rules.1.name: duplicate rule name 'a'"),
        ("rules: [\n", "r.yaml:2: YAML syntax error"),
        ("- a\n", "r.yaml: the rules file must be a YAML mapping"),
        # durations past what timedelta holds were an OverflowError traceback
        ("bucket: 99999999999d\n", "r.yaml:1: bucket: duration out of range"),
        ("bucket: .inf\n", "r.yaml:1: bucket: duration out of range (got inf)"),
        ("cooldown: 999999999999w\n", "r.yaml:1: cooldown: duration out of range"),
        ("bucket: 999999999d\n", "r.yaml:1: bucket: must be at most 366 days"),
        # headers httpx cannot send were a UnicodeEncodeError traceback (or a late failure)
        ("sinks:\n  - type: webhook\n    url: http://x\n    headers: {A: \"caf\u00e9\"}\n",
         "r.yaml:4: sinks.0.headers: header A: the value must be printable ASCII on one line"),
        ("sinks:\n  - type: webhook\n    url: http://x\n    headers: {A: \"x\\r\\nB: 1\"}\n",
         "r.yaml:4: sinks.0.headers: header A: the value must be printable ASCII"),
        ("sinks:\n  - type: webhook\n    url: http://x\n    headers: {\"A B\": c}\n",
         "r.yaml:4: sinks.0.headers: header name 'A B' is not a valid HTTP header name"),
        # a trailing line break passed a '^...$' check (Python's $ matches before a final \n)
        ("sinks:\n  - type: webhook\n    url: http://x\n    headers: {A: \"token\\n\"}\n",
         "r.yaml:4: sinks.0.headers: header A: the value must be printable ASCII on one line"),
        ("sinks:\n  - type: webhook\n    url: http://x\n    headers: {\"A\\n\": c}\n",
         "r.yaml:4: sinks.0.headers: header name 'A\\n' is not a valid HTTP header name"),
        ("sinks:\n  - type: webhook\n    url: \"http://x/hook\\n\"\n",
         "r.yaml:3: sinks.0.url: expected an http://"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line(text: str, message: str) -> None:
    with pytest.raises(RulesError) as info:
        parse_rules(text, source="r.yaml")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"missing.yaml: cannot read: No such file"):
        load_rules(tmp_path / "missing.yaml")


def test_durations() -> None:
    assert parse_duration("90s") == timedelta(seconds=90)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    assert parse_duration("1w") == timedelta(days=7)
    assert parse_duration(30) == timedelta(seconds=30)
    assert parse_rules("bucket: PT5M").bucket == timedelta(minutes=5)
    with pytest.raises(ValueError):
        parse_duration("soon")
    for huge in ("99999999999d", float("inf"), float("nan"), 10**20):
        with pytest.raises(ValueError, match="duration out of range"):
            parse_duration(huge)


def test_the_documented_rules_file_is_valid() -> None:
    import re

    doc = Path(__file__).resolve().parents[3] / "docs" / "telemetry" / "monitoring.md"
    blocks = re.findall(r"^```text\n(.*?)^```", doc.read_text(encoding="utf-8"), re.S | re.M)
    (rules,) = [b for b in blocks if b.startswith("version: 1")]
    config = parse_rules(rules, source="monitoring.md")
    assert [r.detector for r in config.rules] == ["ewma", "cusum", "binomial"]
