"""``saferail approve`` and ``saferail evidence ...`` through the real typer commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.cli.evidence_cmd import approve_command, evidence_app
from saferail.governance.evidence import Artifact, PackInfo, build_pack
from saferail.governance.keys import default_key_path, generate_key

app = typer.Typer()
app.command("approve")(approve_command)
app.add_typer(evidence_app, name="evidence")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    assert run("evidence", "keygen").exit_code == 0
    items = [
        Artifact.from_text("report.html", "<html>report</html>", kind="report"),
        Artifact.from_json("runs/r-1.json", {"run_id": "r-1"}, kind="run_manifest"),
    ]
    info = PackInfo(verdict="no-go", reasons=["jailbreak gate failed"])
    return build_pack(tmp_path / "pack", items, info=info).path


def test_keygen_and_pubkey() -> None:
    result = run("evidence", "keygen")
    assert result.exit_code == 0, result.stderr
    assert str(default_key_path()) in result.stdout and "fingerprint sha256:" in result.stdout
    assert default_key_path().stat().st_mode & 0o777 == 0o600
    again = run("evidence", "keygen")
    assert again.exit_code == 2 and again.stderr.count("\n") == 1
    assert "already exists" in again.stderr
    pub = run("evidence", "pubkey")
    assert pub.exit_code == 0 and pub.stdout.startswith("ed25519:")
    pem = run("evidence", "pubkey", "--pem")
    assert pem.stdout.startswith("-----BEGIN PUBLIC KEY-----")


def test_approve_then_verify(pack: Path) -> None:
    ok = run(
        "approve",
        "--pack",
        pack,
        "--by",
        "ana",
        "--role",
        "safety lead",
        "--decision",
        "approve",
        "--note",
        "reviewed",
    )
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.startswith("recorded #0 approve of release by ana (safety lead)")
    risk = run(
        "approve",
        "--pack",
        pack,
        "--by",
        "bo",
        "--role",
        "security",
        "--decision",
        "accept-risk",
        "--risk",
        "LLM01",
        "--note",
        "mitigated",
    )
    assert risk.exit_code == 0, risk.stderr
    result = run("evidence", "verify", pack)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"valid: {pack}")
    assert "2 artifacts, verdict no-go" in result.stdout
    assert "jailbreak gate failed" in result.stdout
    assert "#1" in result.stdout and "accept-risk risk:LLM01 by bo (security)" in result.stdout


def test_verify_lists_every_problem_one_line_each(pack: Path) -> None:
    (pack / "report.html").write_text("edited")
    (pack / "runs" / "r-1.json").unlink()
    (pack / "extra.txt").write_text("x")
    result = run("evidence", "verify", pack)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        f"saferail: error: {pack}: report.html: modified artifact (SHA-256 or size differs)",
        f"saferail: error: {pack}: runs/r-1.json: missing artifact",
        f"saferail: error: {pack}: extra.txt: file not in the manifest",
    ]
    assert result.stdout == ""


def test_verify_json(pack: Path) -> None:
    (pack / "report.html").write_text("edited")
    result = run("evidence", "verify", "--json", pack)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["valid"] is False and doc["pack"]["verdict"] == "no-go"
    assert [p["code"] for p in doc["problems"]] == ["modified"]


def test_verify_with_another_expected_key(pack: Path, tmp_path: Path) -> None:
    other = generate_key(tmp_path / "other.key")
    result = run("evidence", "verify", pack, "--key", other.public.text)
    assert result.exit_code == 1
    assert "manifest.sig: signed by an untrusted key" in result.stderr
    own = run("evidence", "verify", pack, "--key", str(default_key_path().with_suffix(".pub")))
    assert own.exit_code == 0, own.stderr


def test_trust_then_verify_on_another_machine(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pub = tmp_path / "release.pub"
    pub.write_text(run("evidence", "pubkey").stdout)
    monkeypatch.setenv("SAFERAIL_HOME", str(tmp_path / "auditor-home"))
    untrusted = run("evidence", "verify", pack)
    assert untrusted.exit_code == 1 and "no trusted key" in untrusted.stderr
    trusted = run("evidence", "trust", pub, "--name", "release")
    assert trusted.exit_code == 0 and "1 trusted keys" in trusted.stdout
    assert run("evidence", "verify", pack).exit_code == 0


def test_approve_refuses_a_tampered_pack(pack: Path) -> None:
    (pack / "report.html").write_text("edited")
    result = run("approve", "--pack", pack, "--by", "x", "--role", "y", "--decision", "approve")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "fails verification" in result.stderr
    assert (pack / "approvals.jsonl").read_bytes() == b""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "x", "--role", "y", "--decision", "approve"], "exactly one of --pack"),
        (["--decision", "accept-risk", "--note", "n"], "needs --risk"),
        (["--decision", "reject"], "needs --note"),
        (["--decision", "approve", "--risk", "no spaces"], "invalid risk id"),
    ],
)
def test_approve_usage_errors(pack: Path, args: list[str], message: str) -> None:
    full = args if "--by" in args else ["--pack", str(pack), "--by", "x", "--role", "y", *args]
    result = run("approve", *full)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("by", "role", "note", "message"),
    [
        (" ", "y", "", "actor must be one line"),
        ("x", "a\nb", "", "role must be one line"),
        ("x" * 201, "y", "", "1 to 200 characters"),
        ("x", "y", "n" * 4001, "at most 4000"),
    ],
)
def test_approve_refuses_a_bad_decider_before_writing(
    pack: Path, by: str, role: str, note: str, message: str
) -> None:
    args = ["--pack", pack, "--by", by, "--role", role, "--decision", "approve", "--note", note]
    result = run("approve", *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert (pack / "approvals.jsonl").read_bytes() == b""


def test_approve_to_a_missing_pack_or_a_directory_log_is_a_usage_error(tmp_path: Path) -> None:
    decide = ["--by", "x", "--role", "y", "--decision", "approve"]
    missing = run("approve", "--pack", tmp_path / "nope", *decide)
    assert missing.exit_code == 2
    assert missing.stderr.strip().endswith("nope: no such pack directory")
    folder = run("approve", "--log", tmp_path, *decide)
    assert folder.exit_code == 2 and "is a directory" in folder.stderr
    bad_actor = run(
        "approve",
        "--log",
        tmp_path / "log.jsonl",
        "--by",
        "",
        "--role",
        "y",
        "--decision",
        "approve",
    )
    assert bad_actor.exit_code == 2
    assert not (tmp_path / "log.jsonl").exists()  # nothing created for a refused decision


def test_standalone_log_and_zip(pack: Path, tmp_path: Path) -> None:
    log = tmp_path / "risk-acceptances.jsonl"
    made = run(
        "approve",
        "--log",
        log,
        "--by",
        "ana",
        "--role",
        "lead",
        "--decision",
        "accept-risk",
        "--risk",
        "R2",
        "--note",
        "until Q3",
    )
    assert made.exit_code == 0, made.stderr
    assert run("evidence", "verify", log).exit_code == 0
    zipped = run("evidence", "zip", pack)
    assert zipped.exit_code == 0 and zipped.stdout.strip().endswith("pack.zip")
    assert run("evidence", "verify", tmp_path / "pack.zip").exit_code == 0


def test_verify_of_no_pack_is_a_usage_error(tmp_path: Path) -> None:
    result = run("evidence", "verify", tmp_path / "nothing")
    assert result.exit_code == 2 and "no such pack" in result.stderr


def _wired() -> bool:
    from saferail.cli.app import app as main_app

    names = {g.name for g in main_app.registered_groups}
    return "evidence" in names


@pytest.mark.skipif(not _wired(), reason="`saferail evidence` is not wired into cli/app.py yet")
def test_the_installed_command_line(pack: Path, tmp_path: Path) -> None:
    def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "saferail", *map(str, args)]
        return subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=120)

    ok = cli("approve", "--pack", pack, "--by", "ana", "--role", "lead", "--decision", "approve")
    assert ok.returncode == 0, ok.stderr
    assert cli("evidence", "verify", pack).returncode == 0
    (pack / "report.html").write_text("edited")
    bad = cli("evidence", "verify", pack)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_a_hostile_file_name_cannot_forge_output_lines(pack: Path) -> None:
    (pack / "x\nsaferail: ok").write_text("x")
    result = run("evidence", "verify", pack)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"saferail: error: {pack}: x\\nsaferail: ok: file not in the manifest"
    ]


def test_an_approval_note_cannot_forge_summary_lines(pack: Path, tmp_path: Path) -> None:
    """Whoever records an approval writes its note (and actor, role): a line break or a
    terminal escape in them must not show as a further approval by someone else."""
    forged = "fine\n    #1 2030-01-01T00:00:00.000Z approve release by ceo (ceo)"
    ok = run(
        "approve", "--pack", pack, "--by", "bo\x1b[2K", "--role", "intern",
        "--decision", "approve", "--note", forged,
    )  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    result = run("evidence", "verify", pack)
    assert result.exit_code == 0, result.stderr
    approvals = [line for line in result.stdout.splitlines() if line.startswith("    #")]
    assert len(approvals) == 1  # the note stays on its own approval's line
    shown = forged.replace("\n", "\\n")
    assert approvals[0].endswith(f"by bo\\x1b[2K (intern): {shown}")
    assert "\x1b" not in result.stdout
