"""A closed stdout, runs where every case errored, duplicate API keys, evidence and review
messages, a report of the wrong suite, transcript turns without content: one line on stderr
(or none), the right exit code, never a traceback, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_errors_group_a import one_line
from tests.cli.test_errors_group_b import GOOD_SUITE, _two_runs
from tests.pg import pg_schema_url


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with group B's one-case suite (good.yaml), the commands' working directory."""
    (tmp_path / "good.yaml").write_text(GOOD_SUITE)
    return tmp_path


# -- 1. a closed stdout -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--jsonl", "many.jsonl", "--out", "-"),
        ("redact", "--jsonl", "many.jsonl"),
        ("checks",),
    ],
)
def test_stdout_whose_reader_left_exits_quietly(tmp_path: Path, args: tuple[str, ...]) -> None:
    rows = (json.dumps({"id": i, "text": f"hello number {i}"}) for i in range(3000))
    (tmp_path / "many.jsonl").write_text("\n".join(rows) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "saferail", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        first = proc.stdout.readline()  # read one line, then go away (`| head -1`)
        proc.stdout.close()
        code = proc.wait(timeout=120)
        err = proc.stderr.read().decode()
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert first, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ignored" not in err, err
    assert err == "", err
    # 1 when the reader left before the end; a short output may fit in the pipe's buffer
    assert code in ((1,) if args[0] != "checks" else (0, 1)), (code, err)


@pytest.mark.parametrize(
    "args", [("check", "--jsonl", "many.jsonl", "--out", "-"), ("checks",), ("--version",)]
)
def test_closed_stdout_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "many.jsonl").write_text('{"id": 1, "text": "hello"}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "saferail: error: stdout is closed (nowhere to write the output)\n"


# -- 2. eval where every case errored ------------------------------------------------------


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # a port nothing listens on (bound, then released)
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_eval_where_every_case_errored_exits_1(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    (files / "two.yaml").write_text(GOOD_SUITE + "  - {id: b, prompt: yo, expected: refuse}\n")
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    store = str(files / "runs.db")
    run = cli("eval", "two.yaml", "-t", url, "--store", store, "--retries", "0", "-q", "-f", "json")
    assert run.code == 1 and "Traceback" not in run.err, run.err
    errors = [ln for ln in run.err.splitlines() if ln.startswith("saferail: error: ")]
    assert errors == [run.err.strip().splitlines()[-1]], run.err  # one line, the last
    assert errors[0].startswith("saferail: error: all 2 cases errored (first: cannot reach ")
    # nothing lost: the run is stored and its report written
    run_id = run.out.split("run: ")[1].split()[0]
    assert (files / "saferail-reports" / run_id / "report.json").is_file()
    listed = cli("runs", "--store", store)
    assert run_id in listed.out


def test_eval_where_no_case_errored_still_exits_0(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("eval", "good.yaml", "-t", "echo", "--store", str(files / "r.db"), "--no-report")
    assert run.code == 0, run.err
    assert "errored" not in run.err


# -- 3. a duplicate API key name -------------------------------------------------------------


def _duplicate_key(cli, events: str) -> None:  # type: ignore[no-untyped-def]
    made = cli("telemetry", "keys", "create", "ops", "--role", "admin", "--events", events)
    assert made.code == 0, made.err
    again = cli("telemetry", "keys", "create", "ops", "--events", events)
    # one line (not SQLite's or PostgreSQL's own words); the exit code is the keys command's
    line = one_line(again, again.code)
    assert again.code != 0
    assert line == "saferail: error: a key named 'ops' already exists"
    assert "UNIQUE" not in again.err and "duplicate key" not in again.err
    listed = cli("telemetry", "keys", "list", "--events", events, "--json")
    assert [k["role"] for k in json.loads(listed.out)] == ["admin"]  # the first one kept


def test_duplicate_api_key_name_sqlite(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _duplicate_key(cli, str(tmp_path / "tel.db"))


def test_duplicate_api_key_name_postgres(cli) -> None:  # type: ignore[no-untyped-def]
    with pg_schema_url() as url:
        _duplicate_key(cli, url)


def test_duplicate_api_key_is_a_typed_error(tmp_path: Path) -> None:
    from saferail.telemetry.store import DuplicateApiKeyError, StoreError, open_event_store

    with open_event_store(tmp_path / "t.db") as store:
        store.create_api_key("ops", "viewer")
        store.revoke_api_key("ops")
        with pytest.raises(DuplicateApiKeyError) as caught:
            store.create_api_key("ops", "viewer")  # revoked names stay taken
    assert isinstance(caught.value, StoreError) and caught.value.name == "ops"
    assert str(caught.value) == "a key named 'ops' already exists"


# -- 4. evidence verify names the pack once --------------------------------------------------


def _pack(tmp_path: Path) -> Path:
    from saferail.governance.evidence import Artifact, PackInfo, build_pack
    from saferail.governance.keys import generate_key

    generate_key()
    items = [Artifact.from_text("report.html", "<html>report</html>", kind="report")]
    return build_pack(tmp_path / "pack", items, info=PackInfo(verdict="go")).path


def test_evidence_verify_names_the_pack_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pack = _pack(tmp_path)
    # no trusted key on this machine (another SAFERAIL_HOME): a problem of the whole pack
    env_home = tmp_path / "elsewhere"
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", "evidence", "verify", "pack"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "SAFERAIL_HOME": str(env_home)},
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    for line in proc.stderr.splitlines():
        assert line.startswith("saferail: error: pack: "), proc.stderr
        assert line.count("pack") == 1, line
    assert "no trusted key" in proc.stderr
    # a tampered artifact: the pack, then the member
    (pack / "report.html").write_text("<html>edited</html>")
    tampered = cli("evidence", "verify", "pack")
    assert tampered.code == 1
    assert "saferail: error: pack: report.html: " in tampered.err
    # missing, a directory that is no pack, a corrupt zip, an approvals log
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "empty").mkdir()
    for target in ("nope", "bad.zip", "empty"):
        ran = cli("evidence", "verify", target)
        assert ran.code in (1, 2) and "Traceback" not in ran.err
        for line in ran.err.splitlines():
            assert line.count(target) == 1, line


def test_evidence_verify_log_names_the_log_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = cli(
        "approve", "--log", "approvals.jsonl", "--by", "ana", "--role", "lead",
        "--decision", "approve",
    )  # fmt: skip
    assert made.code == 0, made.err
    log = tmp_path / "approvals.jsonl"
    log.write_bytes(log.read_bytes() + b'{"index": 1')  # an incomplete last line
    ran = cli("evidence", "verify", "approvals.jsonl")
    assert ran.code == 1 and "Traceback" not in ran.err
    assert ran.err.strip(), ran.err
    for line in ran.err.splitlines():
        assert line.startswith("saferail: error: approvals.jsonl"), line
        assert line.count("approvals.jsonl") == 1 or ".head" in line, line


# -- 5. review agreement without labels ------------------------------------------------------


def test_review_agreement_without_labels_exits_1(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run, _, store = _two_runs(cli, files)
    (files / "alice.csv").write_text("case_id,label\na,\n")
    (files / "bob.jsonl").write_text('{"case_id": "a", "label": ""}\n')
    ran = cli("review", "agreement", run, "alice.csv", "bob.jsonl", "--store", store)
    line = one_line(ran, 1)
    assert "no labels in alice.csv, bob.jsonl" in line
    assert ran.out == ""
    (files / "alice.csv").write_text("case_id,label\na,fail\n")
    labelled = cli("review", "agreement", run, "alice.csv", "--store", store)
    assert labelled.code == 0, labelled.err  # labels, too few to flag a scorer: as before
    assert "human review: 1 labelled cases" in labelled.out


# -- 6. report --suite of another suite ------------------------------------------------------


def test_report_with_another_suite_is_refused(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run, _, store = _two_runs(cli, files)
    (files / "other.yaml").write_text(GOOD_SUITE.replace("prompt: hi", "prompt: bye"))
    ran = cli("report", run, "--suite", "other.yaml", "--store", store, "-o", "out")
    line = one_line(ran, 1)
    assert f"--suite: run {run} used suite 's' version " in line
    assert ", not 's' version " in line
    versions = [part.split()[0] for part in line.split("version ")[1:]]
    assert len(versions) == 2 and versions[0] != versions[1]
    assert not (files / "out").exists()
    same = cli("report", run, "--suite", "good.yaml", "--store", store, "-o", "out", "-f", "md")
    assert same.code == 0, same.err
    assert (files / "out" / run).is_dir()


def test_review_export_with_another_suite_is_refused(cli, files: Path) -> None:  # type: ignore[no-untyped-def]
    run, _, store = _two_runs(cli, files)
    (files / "other.yaml").write_text(GOOD_SUITE.replace("prompt: hi", "prompt: bye"))
    ran = cli(
        "review", "export", run, "--suite", "other.yaml", "--store", store, "-o", "r.csv"
    )  # fmt: skip
    line = one_line(ran, 1)
    assert f"--suite: run {run} used suite 's' version " in line
    assert not (files / "r.csv").exists()
    same = cli("review", "export", run, "--suite", "good.yaml", "--store", store, "-o", "r.csv")
    assert same.code == 0, same.err
    assert (files / "r.csv").is_file()


# -- 7. a transcript turn without content ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        (
            "t.json",
            [{"role": "system", "content": "be nice"}, {"role": "user"}],
            "t.json: message 2: no 'content'",
        ),
        ("t.jsonl", [{"role": "user", "content": None}], "t.jsonl: message 1: no 'content'"),
        (
            "t2.json",
            {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": 7}]},
            "t2.json: message 2: content must be a string",
        ),
        (
            "t3.json",
            [{"role": "user", "content": [{"type": "text", "text": 5}]}],
            "t3.json: message 1: content must be a string",
        ),
        (
            "t4.json",
            [{"role": "user", "content": [{"type": "text"}]}],
            "t4.json: message 1: content must be a string",
        ),
    ],
)
def test_triage_turn_without_content_is_refused(
    cli, tmp_path: Path, name: str, content: object, needle: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    if name.endswith(".jsonl"):
        assert isinstance(content, list)
        path.write_text("".join(json.dumps(m) + "\n" for m in content))
    else:
        path.write_text(json.dumps(content))
    ran = cli("triage", name, "-t", "echo", "--store", str(tmp_path / "r.db"), "--no-minimize")
    assert needle in one_line(ran, 2)
    assert not (tmp_path / "saferail-triage").exists()


def test_triage_parse_report_needs_content() -> None:
    from saferail.governance.triage import ReportError, parse_report

    with pytest.raises(ReportError, match=r"^x\.json: message 1: no 'content'"):
        parse_report('[{"role": "user"}]', "x.json", "json")
    ok = parse_report('[{"role": "user", "content": ""}, {"role": "user", "content": "hi"}]')
    assert ok.last == "hi"
