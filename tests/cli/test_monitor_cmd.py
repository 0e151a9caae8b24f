"""``saferail monitor``: KPIs and alerts over a JSONL file or a real SQLite event store,
webhook delivery to a loopback server, dry runs, and one-line errors.

The command is driven through a Typer app holding only it (the lead wires it into
``saferail.cli.app``), with typer's CliRunner: the real option parsing and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.cli.monitor_cmd import monitor_command
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.store import open_event_store
from tests.telemetry.monitor.helpers import blocked, event
from tests.telemetry.monitor.test_sinks import Hook

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("monitor")(monitor_command)


@app.callback()
def _root() -> None:
    """Keep ``monitor`` a sub-command."""


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["monitor", *args], input=stdin)


def _stream() -> list[SafetyEvent]:
    """16 hours of 100 input decisions per model version; v2's block rate jumps at hour 12."""
    out = []
    for version, shift in (("v1", 99), ("v2", 12)):
        for h in range(16):
            hits = 30 if h >= shift else 5
            for i in range(100):
                minute = h * 60 + i * 0.6
                make = blocked if i < hits else event
                out.append(make(minute, model_version=version, request_id=f"{version}-{h}-{i}"))
    return out


@pytest.fixture(scope="module")
def stream() -> list[SafetyEvent]:
    return _stream()


@pytest.fixture
def jsonl(tmp_path: Path, stream: list[SafetyEvent]) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.model_dump_json(exclude_none=True) + "\n" for e in stream))
    return path


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.close()


def _rules(tmp_path: Path, sinks: str = "[]", extra: str = "") -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "by: [model_version]\n"
        "kpis: [block_rate, telemetry_completeness]\n"
        "rules:\n"
        "  - {name: block-spike, kpi: block_rate, by: [model_version], detector: ewma,"
        " params: {warmup: 6}, severity: high}\n"
        f"sinks: {sinks}\n{extra}"
    )
    return path


def test_kpis_and_alerts_from_a_jsonl_file(tmp_path: Path, jsonl: Path) -> None:
    result = run("--events", str(jsonl), "--rules", str(_rules(tmp_path)))
    assert result.exit_code == 1, result.output  # an alert was opened
    out = result.stdout
    assert "block_rate" in out and "model_version=v2" in out and "telemetry_completeness" in out
    assert "alerts: 2 (4 detector alarms)" in out
    sent = [line for line in out.splitlines() if line.startswith("sent")]
    assert sent == [
        "sent       [high] block-spike: block_rate (model_version=v2) = 0.3 went up; "
        "ewma 0.1 > 0.07131 at 2026-03-02T12:00:00+00:00 (x2)"  # 0.05 + 3 sqrt(V_7)
    ]


def test_without_rules_only_kpis_and_exit_0(jsonl: Path) -> None:
    result = run("--events", str(jsonl), "--by", "model_version", "--bucket", "4h")
    assert result.exit_code == 0, result.output
    assert "bucket 4:00:00" in result.stdout and "alerts: none (0 detector alarms)" in result.stdout


def test_json_output_and_time_window(tmp_path: Path, jsonl: Path) -> None:
    rules = str(_rules(tmp_path))
    result = run("--events", str(jsonl), "--rules", rules, "--json")
    data = json.loads(result.stdout)
    assert [a["status"] for a in data["alerts"]] == ["sent", "suppressed"]
    early = run("--events", str(jsonl), "--rules", rules, "--json",
                "--until", "2026-03-02T12:00:00")  # fmt: skip
    assert early.exit_code == 0 and json.loads(early.stdout)["alerts"] == []
    series = json.loads(early.stdout)["kpis"]["series"]
    assert max(s["total"] for s in series if s["kpi"] == "block_rate") == 1200


def test_reads_a_sqlite_event_store(tmp_path: Path, stream: list[SafetyEvent]) -> None:
    db = tmp_path / "telemetry.db"
    with open_event_store(db) as store:
        store.write(stream)
    rules = str(_rules(tmp_path))
    for source in (str(db), f"sqlite:{db}"):
        result = run("--events", source, "--rules", rules, "--json")
        assert result.exit_code == 1, result.output
        data = json.loads(result.stdout)
        assert [a["key"] for a in data["alerts"]] == [{"model_version": "v2"}] * 2


def test_webhook_gets_the_alert_and_history_stops_a_resend(
    tmp_path: Path, jsonl: Path, hook: Hook
) -> None:
    rules = _rules(tmp_path, sinks=f"[{{type: webhook, url: '{hook.url}'}}]", extra="history: h.db")
    first = run("--events", str(jsonl), "--rules", str(rules))
    assert first.exit_code == 1 and len(hook.requests) == 1
    assert hook.requests[0]["json"]["alert"]["key"] == {"model_version": "v2"}
    assert (tmp_path / "h.db").is_file()
    second = run("--events", str(jsonl), "--rules", str(rules))
    assert second.exit_code == 0 and "alerts: none" in second.stdout
    assert len(hook.requests) == 1


def test_an_alert_the_webhook_refused_is_delivered_by_the_next_run(
    tmp_path: Path, jsonl: Path, hook: Hook
) -> None:
    sinks = f"[{{type: webhook, url: '{hook.url}', retries: 0}}]"
    rules = _rules(tmp_path, sinks=sinks, extra="history: h.db")
    hook.codes = [503, 503]  # the first alert, and its retry when an alarm folds into it
    first = run("--events", str(jsonl), "--rules", str(rules))
    assert first.exit_code == 1 and "failed     [high] block-spike" in first.stdout
    assert len(hook.requests) == 3  # the second alert was sent: nobody had heard of the first
    second = run("--events", str(jsonl), "--rules", str(rules), "--json")
    assert second.exit_code == 0, second.output  # no new alert ...
    data = json.loads(second.stdout)
    assert data["alerts"] == []
    (resent,) = data["resent"]  # ... but the refused one went out
    assert resent["status"] == "sent" and resent["deliveries"][0]["attempts"] == 3
    assert resent["first_seen"] == hook.requests[3]["json"]["alert"]["first_seen"]
    third = run("--events", str(jsonl), "--rules", str(rules))
    assert "delivered again" not in third.stdout and len(hook.requests) == 4


def test_a_still_failing_webhook_is_reported_with_its_try_count(
    tmp_path: Path, jsonl: Path, hook: Hook
) -> None:
    sinks = f"[{{type: webhook, url: '{hook.url}', retries: 0}}]"
    rules = _rules(tmp_path, sinks=sinks, extra="history: h.db")
    hook.codes = [500] * 6
    run("--events", str(jsonl), "--rules", str(rules))
    second = run("--events", str(jsonl), "--rules", str(rules))
    assert "earlier failed alerts delivered again: 2 (2 still failing)" in second.stdout
    assert second.stdout.count("HTTP 500 (try 3)") == 2


def test_dry_run_sends_nothing_and_keeps_no_history(
    tmp_path: Path, jsonl: Path, hook: Hook
) -> None:
    rules = _rules(tmp_path, sinks=f"[{{type: webhook, url: '{hook.url}'}}]", extra="history: h.db")
    result = run("--events", str(jsonl), "--rules", str(rules), "--dry-run")
    assert result.exit_code == 1 and "quiet" in result.stdout
    assert hook.requests == [] and not (tmp_path / "h.db").exists()


def test_events_from_stdin(jsonl: Path) -> None:
    result = run("--events", "-", stdin=jsonl.read_text())
    assert result.exit_code == 0 and "block_rate" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--events", "missing.jsonl"], "--events: no such file: missing.jsonl"),
        (["--events", "sqlite:missing.db"], "--events: no such store: missing.db"),
        (["--events", "{jsonl}", "--rules", "nope.yaml"], "nope.yaml: cannot read"),
        (["--events", "{jsonl}", "--rules", "{bad_rules}"], "rules.0.kpi: unknown KPI 'latency'"),
        (["--events", "{bad_jsonl}"], "bad.jsonl:2: not a SafetyEvent: type: Input should be"),
        (["--events", "{jsonl}", "--since", "yesterday"], "--since: expected an ISO time"),
        (["--events", "{jsonl}", "--bucket", "1x"], "--bucket: expected a duration"),
        (["--events", "{jsonl}", "--by", "user_hash"], "--by: cannot break down by 'user_hash'"),
        (["--events", "{db}", "--api-key", "nope"], "malformed API key"),
        (["--events", "{jsonl}", "--rules", "{hook_rules}"], "needs ${NO_SUCH_TOKEN}"),
    ],
)
def test_errors_are_one_line(
    tmp_path: Path,
    jsonl: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    bad_rules = tmp_path / "bad.yaml"
    bad_rules.write_text("rules:\n  - {name: a, kpi: latency}\n")
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text(event(0).model_dump_json() + "\n" + '{"type": "nope"}\n')
    hook_rules = tmp_path / "hook.yaml"
    hook_rules.write_text(
        "sinks: [{type: webhook, url: 'http://127.0.0.1:9/', headers: {X: '${NO_SUCH_TOKEN}'}}]\n"
    )
    db = tmp_path / "t.db"
    open_event_store(db).close()
    paths = {"jsonl": jsonl, "bad_rules": bad_rules, "bad_jsonl": bad_jsonl, "db": db,
             "hook_rules": hook_rules}  # fmt: skip
    result = run(*[a.format(**paths) for a in args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: ")
    assert message in lines[0]


def test_reads_a_postgresql_event_store(tmp_path: Path, stream: list[SafetyEvent]) -> None:
    from tests.pg import pg_schema_url

    with pg_schema_url() as url:
        with open_event_store(url) as store:
            store.write(stream)
        result = run("--events", url, "--rules", str(_rules(tmp_path)), "--json")
    assert result.exit_code == 1, result.output
    assert [a["status"] for a in json.loads(result.stdout)["alerts"]] == ["sent", "suppressed"]
