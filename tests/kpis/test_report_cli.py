"""``compute_kpis_report`` and ``saferail kpis``: every KPI reported, missing inputs said so,
table / JSON / Markdown output, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.kpis_cmd import kpis_command
from saferail.kpis import KPI_ORDER, KpiError, compute_kpis_report, render_markdown
from tests.kpis.conftest import History, hours

app = typer.Typer()
app.command()(kpis_command)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_without_inputs_has_every_kpi_and_no_number() -> None:
    report = compute_kpis_report()
    assert [k.name for k in report.kpis] == list(KPI_ORDER)
    for kpi in report.kpis:
        assert kpi.value is None
        assert kpi.missing is not None and kpi.missing.startswith("no data: ")
        assert kpi.definition
    text = render_markdown(report)
    assert text.count("| no data |") == len(KPI_ORDER)
    assert "| Time to triage | no data |  | no triage records given (--triage DIR) |" in text


def test_report_rejects_bad_options() -> None:
    with pytest.raises(KpiError, match="cannot break down by 'tenant'"):
        compute_kpis_report(by=["tenant"])
    with pytest.raises(KpiError, match="window is empty"):
        compute_kpis_report(since=hours(2), until=hours(1))


def test_cli_json_and_markdown(
    regression_history: tuple[History, list[object]], tmp_path: Path
) -> None:
    history, _ = regression_history
    store = str(history.store.path)
    out = tmp_path / "kpis.md"
    code, stdout, stderr = invoke("--store", store, "--until", "2026-03-02T15:00:00Z", "--json",
                                  "--by", "model_version", "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    data = json.loads(stdout)
    kpis = {k["name"]: k for k in data["kpis"]}
    assert kpis["gate_pass_rate"]["value"] == 0.4
    assert kpis["regression_lead_time"]["value"] == 3600.0
    assert kpis["gate_pass_rate"]["rows"][0]["key"] == {"model_version": "v1"}
    assert kpis["pii_leakage_rate"]["missing"] == "no data: no telemetry events given (--events)"
    assert data["inputs"]["store"] == store
    text = out.read_text(encoding="utf-8")
    assert "| Pre-release gate pass rate | 40.0% | 5 |" in text
    assert "| Regression detection lead time | 1.0 h | 2 |" in text


def test_cli_table_prints_definitions(
    regression_history: tuple[History, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per row
    history, _ = regression_history
    code, stdout, _ = invoke("--store", str(history.store.path), "--register", "template")
    assert code == 0
    assert "Pre-release gate pass rate" in stdout and "40.0%" in stdout
    assert "Release gate decisions that passed" in stdout  # the definition beside the value
    assert "no data" in stdout and "no telemetry events given (--events)" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "missing.db"], "--store: no such run store: missing.db"),
        (["--events", "nope.jsonl"], "--events: no such file: nope.jsonl"),
        (["--register", "nope.yaml"], "--register: no such file: nope.yaml"),
        (["--triage", "nowhere"], "--triage: no such folder: nowhere"),
        (["--review", "nowhere"], "--review: no such file or folder: nowhere"),
        (["--card", "nowhere.md"], "--card: cannot read nowhere.md"),
        (["--alerts", "nope.db"], "--alerts: no such alert history: nope.db"),
        (["--since", "yesterday"], "--since: expected an ISO time or a duration"),
        (["--by", "tenant"], "--by: cannot break down by 'tenant'"),
        (["--since", "2026-03-02", "--until", "2026-03-01"], "the window is empty"),
        (["--since", "999999999d"], "--since: '999999999d' reaches back before the year 1"),
    ],
)
def test_cli_errors_are_one_line(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = invoke(*args)
    assert code == 2
    assert stderr.startswith(f"saferail: error: {message}")
    assert stderr.count("\n") == 1 and not stdout


def test_cli_bad_input_lines_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("labelled.jsonl").write_text('{"id": 1, "label": "spam", "action": "allow"}\n')
    code, _, stderr = invoke("--labelled", "labelled.jsonl")
    assert code == 2 and stderr.startswith("saferail: error: --labelled labelled.jsonl:1: label:")
    Path("outcomes.jsonl").write_text('{"alert_id": "a1"}\n')
    code, _, stderr = invoke("--alert-outcomes", "outcomes.jsonl")
    assert code == 2 and "outcomes.jsonl:1: needs 'alert_id' and a true/false" in stderr
    Path("card.md").write_text("# not a card\n")
    code, _, stderr = invoke("--card", "card.md")
    assert code == 2 and "is not a saferail system card" in stderr
    Path("events.jsonl").write_text('{"type": "nope"}\n')
    code, _, stderr = invoke("--events", "events.jsonl")
    assert code == 2 and stderr.startswith(
        "saferail: error: --events events.jsonl:1: not a SafetyEvent"
    )


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ({"verdict": "go", "suites": "run-1"}, "'suites' is not a list of objects"),
        ({"verdict": "go", "suites": [1]}, "'suites' is not a list of objects"),
        ({"verdict": "go", "redteam": "run-2"}, "'redteam' is not an object"),
        ({"verdict": "go", "target": "echo"}, "'target' is not an object"),
        ({"verdict": "go", "target": [["a", "b", "c"]]}, "'target' is not an object"),
    ],
)
def test_cli_malformed_review_is_a_one_line_error(
    review: dict[str, object], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("review.json").write_text(json.dumps(review), encoding="utf-8")
    code, stdout, stderr = invoke("--review", "review.json", "--json")
    assert code == 2 and not stdout
    assert stderr == f"saferail: error: review.json: not a review.json ({message})\n"


def test_cli_review_with_odd_target_params_still_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    review = {"verdict": "go", "suites": [{"run_id": 7}], "target": {"params": "x", "model": "m"}}
    Path("review.json").write_text(json.dumps(review), encoding="utf-8")
    code, stdout, stderr = invoke("--review", "review.json", "--json", "--by", "model_version")
    assert code == 0, stderr
    gate = next(k for k in json.loads(stdout)["kpis"] if k["name"] == "gate_pass_rate")
    assert gate["value"] == 1.0 and gate["rows"][0]["key"] == {"model_version": "m"}


def test_cli_labelled_times_without_zone_are_utc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        {"id": 1, "label": "benign", "action": "block", "time": "2026-03-02T10:00:00"},
        {"id": 2, "label": "benign", "action": "allow", "time": "2026-03-01T10:00:00"},
    ]
    Path("labelled.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, stdout, stderr = invoke("--labelled", "labelled.jsonl", "--since", "2026-03-02", "--json")
    assert code == 0, stderr
    fpr = next(k for k in json.loads(stdout)["kpis"] if k["name"] == "filter_fpr")
    assert (fpr["value"], fpr["n"]) == (1.0, 1)


def test_cli_unreadable_events_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("events.jsonl").write_text("{}\n")

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    code, _, stderr = invoke("--events", "events.jsonl")
    assert code == 2
    assert stderr == "saferail: error: --events: cannot read events.jsonl: Permission denied\n"


def test_cli_out_under_a_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("taken").write_text("x")
    code, _, stderr = invoke("--out", "taken/kpis.md")
    assert code == 2
    assert stderr == ("saferail: error: --out: cannot write taken/kpis.md: taken is not a folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
