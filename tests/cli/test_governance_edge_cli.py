"""Governance commands on bad input: one ``saferail: error:`` line, exit 2, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.cli.evidence_cmd import evidence_app
from saferail.cli.governance_cmd import template_command
from saferail.cli.triage_cmd import triage_command
from saferail.governance.evidence import Artifact, PackInfo, build_pack
from tests.cli._helpers import one_line

app = typer.Typer()
app.add_typer(evidence_app, name="evidence")
app.command("template")(template_command)
app.command("triage")(triage_command)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_keygen_refuses_a_key_file_ending_in_pub(tmp_path: Path) -> None:
    result = run("evidence", "keygen", "--key-file", tmp_path / "release.pub")
    assert result.exit_code == 2
    assert "must not end in .pub" in one_line(result)
    assert not (tmp_path / "release.pub").exists()


def test_zip_of_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("evidence", "keygen").exit_code == 0
    items = [Artifact.from_text("report.html", "<html>report</html>", kind="report")]
    pack = build_pack(tmp_path / "pack", items, info=PackInfo(verdict="go")).path
    monkeypatch.chdir(pack)
    result = run("evidence", "zip", ".")
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "pack.zip"
    inside = run("evidence", "zip", ".", "--out", "pack.zip")
    assert inside.exit_code == 2 and "inside the pack it zips" in one_line(inside)
    assert not (pack / "pack.zip").exists()
    assert run("evidence", "verify", tmp_path / "pack.zip").exit_code == 0
    assert run("evidence", "verify", ".").exit_code == 0


@pytest.mark.parametrize("date", ["2025-13-45", "5/1/2025"])
def test_template_refuses_a_date_that_is_not_a_date(date: str) -> None:
    result = run("template", "postmortem", "--date", date)
    assert result.exit_code == 2
    assert f"date must be YYYY-MM-DD (or a date and time, or 'today'), got {date!r}" in one_line(
        result
    )


@pytest.mark.parametrize("out", ["taken", "taken/sub"])
def test_triage_refuses_an_out_path_under_a_file_before_sending(tmp_path: Path, out: str) -> None:
    (tmp_path / "taken").write_text("not a folder\n")
    (tmp_path / "p.txt").write_text("hello\n")
    store = tmp_path / "runs.db"
    result = run(
        "triage",
        tmp_path / "p.txt",
        "-t",
        "refuse",
        "-n",
        "1",
        "--no-minimize",
        "--store",
        store,
        "--out",
        tmp_path / out,
    )
    assert result.exit_code == 2
    assert "taken exists and is not a directory" in one_line(result)
    assert not store.exists()  # refused before any send was stored
    assert (tmp_path / "taken").read_text() == "not a folder\n"


def test_triage_refuses_a_reported_at_in_the_future(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("hello\n")
    result = run(
        "triage",
        tmp_path / "p.txt",
        "-t",
        "refuse",
        "-n",
        "1",
        "--no-minimize",
        "--store",
        tmp_path / "runs.db",
        "--out",
        tmp_path / "out",
        "--reported-at",
        "2999-01-01",
    )
    assert result.exit_code == 2
    assert "reported_at '2999-01-01' is in the future" in one_line(result)
    assert not (tmp_path / "out").exists()


def test_template_out_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A write that fails part-way (a full disk: here a 100-byte file size limit) leaves the
    document that was there, not a truncated one."""
    import resource
    import signal
    import subprocess
    import sys

    out = tmp_path / "runbook.md"
    out.write_text("# our runbook\n", encoding="utf-8")

    def limits() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    proc = subprocess.run(
        [sys.executable, "-m", "saferail", "template", "runbook", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limits,
    )
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("saferail: error: --out: cannot write")
    assert out.read_text(encoding="utf-8") == "# our runbook\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runbook.md"]
