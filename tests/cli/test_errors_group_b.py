"""Bad input to the eval, red-team, triage, governance and telemetry commands: one line on
stderr, a non-zero exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_SUITE = "name: s\ncases:\n  - {id: a, prompt: hi, expected: refuse}\n"
BINARY = b"\xff\xfe\x00bad"


def _one_line(run, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    assert run.code == code, (run.code, run.err)
    assert "Traceback" not in run.err
    lines = [ln for ln in run.err.splitlines() if ln.strip() and not ln.startswith("plan:")]
    assert len(lines) == 1, run.err
    assert lines[0].startswith("saferail: error: ")
    return lines[0]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD_SUITE)
    (tmp_path / "bin.yaml").write_bytes(BINARY)
    (tmp_path / "bin.jsonl").write_bytes(BINARY)
    (tmp_path / "regfile").write_text("x")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bin.yaml", None, "bin.yaml: not UTF-8 text"),
        ("bin.jsonl", None, "bin.jsonl: not UTF-8 text"),
        ("cases.yaml", "name: s\ncases: 5\n", "cases: expected a list of cases, got int"),
        ("from.yaml", "name: s\ncases_from: {a: 1}\n", "cases_from: expected a file name"),
        ("meta.csv", "id,prompt,expected,metadata\na,hi,refuse,{bad\n", "meta.csv:2: metadata"),
        (
            "gate.yaml",
            GOOD_SUITE + "gate: ['pass_rate >>= 2']\n",
            "cannot read gate criterion 'pass_rate >>= 2'",
        ),
    ],
)
def test_eval_bad_suite_file(
    cli, files: Path, name: str, content: str | None, message: str
) -> None:  # type: ignore[no-untyped-def]
    if content is not None:
        (files / name).write_text(content)
    line = _one_line(cli("eval", name, "-t", "echo", "--no-report"))
    assert message in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "0"], "--rate: Input should be greater than 0"),
        (["--timeout", "nan"], "--timeout: Input should be greater than 0"),
        (["--retries", "11"], "--retries: Input should be less than or equal to 10"),
        (["-c", "100000"], "--concurrency: Input should be less than or equal to 1024"),
    ],
)
def test_eval_bad_numbers(cli, files: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    line = _one_line(cli("eval", "good.yaml", "-t", "echo", "--no-report", *args))
    assert message in line


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ("mysql://x/y", "unsupported URL scheme 'mysql'"),
        ("regfile/runs.db", "regfile is not a folder"),
    ],
)
def test_bad_run_store(cli, files: Path, store: str, message: str) -> None:  # type: ignore[no-untyped-def]
    listing = _one_line(cli("runs", "--store", store))
    assert message in listing or f"no run store at {store}" in listing  # runs only reads
    assert message in _one_line(cli("eval", "good.yaml", "-t", "echo", "--store", store))
    assert not (files / "mysql:").exists()


def test_commands_that_read_runs_do_not_create_a_store(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    # a mistyped --store made an empty runs.db and then said "no run matches"
    for args in (
        ["runs"],
        ["gate", "r1"],
        ["compare", "r1", "r2"],
        ["report", "r1"],
        ["review", "export", "r1", "-o", "x.csv"],
        ["review", "agreement", "r1", "x.csv"],
    ):
        line = _one_line(cli(*args, "--store", "typo.db"))
        assert "no run store at typo.db" in line, (args, line)
        assert not (files / "typo.db").exists(), args


def test_report_suite_not_utf8(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    store = str(files / "runs.db")
    ran = cli("eval", "good.yaml", "-t", "echo", "--store", store, "--no-report", "-q")
    assert ran.code == 0, ran.err
    run_id = ran.out.split("run: ")[1].split()[0]
    line = _one_line(cli("report", run_id, "--suite", "bin.yaml", "--store", store))
    assert "bin.yaml: not UTF-8 text" in line


def test_hotfix_bad_suite_and_concurrency(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    assert "not UTF-8" in _one_line(cli("hotfix", "-t", "echo", "-s", "bin.yaml", "--dry-run"))
    huge = cli("hotfix", "-t", "echo", "-s", "good.yaml", "-c", "99999999")
    assert "--concurrency: Input should be less than or equal" in _one_line(huge)
    assert huge.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--goals", "bin.yaml"], "bin.yaml: not UTF-8 text"),
        (["--compare", "bin.yaml"], "bin.yaml: not a red-team JSON report (not UTF-8 text)"),
        (["-c", "99999999999"], "--concurrency: Input should be less than or equal to 256"),
        (["--store", "mysql://a/b"], "unsupported URL scheme"),
    ],
)
def test_redteam_bad_input(cli, files: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    line = _one_line(cli("redteam", "-t", "echo", "--dry-run", *args))
    assert message in line


def _two_runs(cli, files: Path) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    store = str(files / "runs.db")
    ids = []
    for target in ("echo", "refuse"):
        ran = cli("eval", "good.yaml", "-t", target, "--store", store, "--no-report", "-q")
        assert ran.code == 0, ran.err
        ids.append(ran.out.split("run: ")[1].split()[0])
    return ids[0], ids[1], store


def test_compare_and_gate_bad_alpha_margin(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run, base, store = _two_runs(cli, files)
    line = _one_line(cli("compare", run, base, "--alpha", "2", "--store", store))
    assert "alpha must be between 0 and 1 (got 2.0)" in line
    line = _one_line(cli("compare", run, base, "--margin", "nan", "--store", store))
    assert "margin must be a pass-rate drop between 0 and 1 (got nan)" in line
    gate = cli(
        "gate", run, "--baseline", base, "-c", "no_regression", "--alpha", "0", "--store", store
    )
    assert "alpha must be between 0 and 1" in _one_line(gate)


def test_report_formats(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run, _, store = _two_runs(cli, files)
    empty = cli("report", run, "-f", "", "--store", store)
    assert "--format: no report format given" in _one_line(empty)
    under_file = cli("report", run, "-o", "regfile/x", "--store", store)
    assert "cannot write reports: " in _one_line(under_file)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", ""], "--format: no report format given"),
        (["-f", "html,bogus"], "unknown report format 'bogus'"),
        (["--no-report", "-o", "out"], "--out and --no-report conflict"),
    ],
)
def test_eval_report_options_checked_before_the_run(
    cli, files: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    store = files / "runs.db"
    run = cli("eval", "good.yaml", "-t", "echo", "--store", str(store), *args)
    assert message in _one_line(run)
    assert run.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "bin.yaml"], "bin.yaml: not UTF-8 text (is it a feature YAML?)"),
        (["risks", "validate", "bin.yaml"], "not UTF-8 text (is it a risk register YAML?)"),
        (["risks", "coverage", "-r", "bin.yaml"], "not UTF-8 text (is it a risk register"),
        (["kpis", "--register", "bin.yaml"], "not UTF-8 text (is it a risk register YAML?)"),
        (["template", "threat-model", "-r", "bin.yaml"], "not UTF-8 text (is it a risk"),
        (["risks", "coverage", "--max-age-days", "-5"], "--max-age-days: expected a number"),
        (["risks", "coverage", "--max-age-days", "nan"], "--max-age-days: expected a number"),
        (["risks", "coverage", "-o", "regfile/x.json"], "--out: cannot write regfile/x.json"),
        (["risks", "coverage", "--store", "mysql://a/b"], "unsupported URL scheme 'mysql'"),
        (["template", "triage", "-o", "regfile/x.md"], "--out: cannot write regfile/x.md"),
        (["template", "triage", "-o", "."], "--out: cannot write .: Is a directory"),
    ],
)
def test_governance_bad_input(cli, files: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert message in _one_line(cli(*args))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "bin.jsonl"], "--events bin.jsonl: not UTF-8 text"),
        (["-e", "empty.jsonl", "-r", "bin.yaml"], "bin.yaml: not UTF-8 text (is it a rules YAML?)"),
        (["-e", "empty.jsonl", "--history", "regfile/h.db"], "cannot create folder regfile"),
    ],
)
def test_monitor_bad_input(cli, files: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    (files / "empty.jsonl").write_text("")
    assert message in _one_line(cli("monitor", *args))


def test_telemetry_and_dashboard_bad_input(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    events = str(files / "tel.db")
    made = cli("telemetry", "keys", "create", "admin1", "--role", "admin", "--events", events)
    assert made.code == 0, made.err
    for days, message in (
        ("1e400", "--event-days: must be positive"),
        ("nan", "--event-days: must be positive"),
        ("1e9", "--event-days: at most 36500 days"),
    ):
        purge = cli("telemetry", "purge", "--events", events, "--event-days", days)
        assert message in _one_line(purge)
    bad_scheme = cli("telemetry", "keys", "create", "a2", "--role", "admin", "-e", "mysql://a/b")
    assert "unsupported URL scheme 'mysql'" in _one_line(bad_scheme)
    assert not (files / "mysql:").exists()
    for port in ("-1", "99999"):
        served = cli("dashboard", "--events", events, "--port", port)
        assert f"--port: expected 0..65535 (got {port})" in _one_line(served)


def test_redteam_params_of_a_strategy_left_out_are_not_ignored(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("redteam", "-t", "echo", "--param", "pair.turns=3", "--dry-run")
    assert "strategy 'pair' needs an attacker model (--attacker)" in _one_line(run)


@pytest.mark.parametrize("threshold", ["5", "nan", "-2"])
def test_review_agreement_threshold_out_of_range(cli, files: Path, threshold: str) -> None:  # type: ignore[no-untyped-def]
    (files / "alice.csv").write_text("case_id,label\n")
    run = cli("review", "agreement", "any", "alice.csv", "--threshold", threshold)
    assert "--threshold: Cohen's kappa lies in [-1, 1]" in _one_line(run)
