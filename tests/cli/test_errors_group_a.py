"""Bad input to check, calibrate, redact, policy, bom, evidence, chat and serve: one line on
stderr, a non-zero exit code, no traceback, no lost data."""

from __future__ import annotations

from pathlib import Path

import pytest

BINARY = b"\xbc\xff\xfe\x00\x81 not text \x00\xc3("


def one_line(r, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    assert r.code == code, (r.code, r.out, r.err)
    assert "Traceback" not in r.err, r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("saferail: error: "), r.err
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("check", "hi", "--policy", "bin.yaml"),
        ("policy", "validate", "bin.yaml"),
        ("policy", "show", "--policy", "bin.yaml"),
        ("redact", "hi", "--policy", "bin.yaml"),
        ("demo", "--policy", "bin.yaml"),
        ("calibrate", "--benign", "in.jsonl", "--out", "c.yaml", "--policy", "bin.yaml"),
        ("bom", "--policy", "bin.yaml"),
    ],
)
def test_binary_policy_file_is_one_line(cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "bin.yaml").write_bytes(BINARY)
    (tmp_path / "in.jsonl").write_text('{"id": 1, "text": "hello"}\n')
    assert "bin.yaml: file: not UTF-8 text" in one_line(cli(*args))


def test_binary_bom_file_is_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "bom.json").write_bytes(BINARY)
    assert "bom.json: not UTF-8 text" in one_line(cli("bom", "verify", "bom.json"))


JSONL = '{"id": 1, "text": "hello"}\n{"id": 2, "text": "mail me at a@b.example"}\n'


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("check", "--jsonl", "in.jsonl", "--out", "in.jsonl"), "would destroy the input"),
        (("redact", "--jsonl", "in.jsonl", "--out", "in.jsonl"), "would destroy the input"),
        (("redact", "--file", "in.jsonl", "--out", "in.jsonl"), "would destroy the input"),
        (
            ("calibrate", "--benign", "in.jsonl", "--out", "in.jsonl", "--no-progress"),
            "would destroy the --benign",
        ),
    ],
)
def test_output_over_the_input_is_refused(
    cli, tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(JSONL)
    assert needle in one_line(cli(*args))
    assert src.read_text() == JSONL


def test_redact_missing_input_leaves_existing_output_alone(cli, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("keep")
    for args in (("--jsonl", "nope.jsonl"), ("--file", "nope.txt")):
        line = one_line(cli("redact", *args, "--out", "keep.txt"))
        assert "nope" in line and "[Errno" not in line
        assert (tmp_path / "keep.txt").read_text() == "keep"


@pytest.mark.parametrize("command", ["check", "redact"])
def test_jsonl_without_a_usable_line_fails(cli, tmp_path: Path, command: str) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "bad.jsonl").write_text("[1, 2]\n{not json\n")
    (tmp_path / "adir").mkdir()
    extra = ("--out", "-") if command == "check" else ()
    assert "no lines in empty.jsonl" in one_line(cli(command, "--jsonl", "empty.jsonl", *extra))
    assert "no usable line in bad.jsonl (2 unusable" in one_line(
        cli(command, "--jsonl", "bad.jsonl", *extra)
    )
    assert "--jsonl: not a file: adir" in one_line(cli(command, "--jsonl", "adir", *extra))


def test_redact_warns_about_unusable_lines(cli, tmp_path: Path) -> None:
    (tmp_path / "mixed.jsonl").write_text(JSONL + "{not json\n")
    r = cli("redact", "--jsonl", "mixed.jsonl")
    assert r.code == 0, r.err
    assert r.err.startswith("saferail: warning: --jsonl: 1 unusable lines")
    assert len(r.out.splitlines()) == 3


def test_check_out_with_a_text_is_refused(cli, tmp_path: Path) -> None:
    assert "--out works with --jsonl only" in one_line(cli("check", "hi", "--out", "o.jsonl"))
    assert not (tmp_path / "o.jsonl").exists()


def test_check_json_with_jsonl_is_refused(cli, tmp_path: Path) -> None:
    """--json prints one result; with --jsonl it used to be ignored without a word."""
    (tmp_path / "in.jsonl").write_text(JSONL)
    r = cli("check", "--jsonl", "in.jsonl", "--out", "o.jsonl", "--json")
    assert r.code == 2
    assert "--json works with a TEXT argument only" in one_line(r)
    assert not (tmp_path / "o.jsonl").exists()


def test_redact_bad_arguments(cli, tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(BINARY)
    assert "bin.txt is not UTF-8 text" in one_line(cli("redact", "--file", "bin.txt"))
    assert "--entities: give at least one" in one_line(cli("redact", "a@b.example", "-e", ","))


def test_closed_stdin_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    for args, needle in (
        (("redact", "-"), "stdin is closed"),
        (("chat", "--echo"), "stdin is closed"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "saferail", *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
            timeout=120,
            preexec_fn=lambda: __import__("os").close(0),
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and needle in proc.stderr, proc.stderr


def test_evidence_keygen_and_zip_bad_paths(cli, tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    (tmp_path / "adir").mkdir()
    line = one_line(cli("evidence", "keygen", "--key-file", "f.txt/k.key"))
    assert "cannot write f.txt: not a directory" in line
    assert "adir is a directory" in one_line(
        cli("evidence", "keygen", "--key-file", "adir", "--force")
    )
    assert "no manifest.json" in one_line(cli("evidence", "zip", "adir"))
    assert not (tmp_path / "adir.zip").exists()
    (tmp_path / "adir" / "manifest.json").write_text("{}")
    assert "cannot write f.txt/x.zip" in one_line(
        cli("evidence", "zip", "adir", "--out", "f.txt/x.zip")
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("serve", "--upstream", "notaurl"), "--upstream 'notaurl': give an http(s) URL"),
        (("serve", "--upstream", "http://h/v1", "--port", "70000"), "--port 70000"),
        (("serve", "--upstream", "http://h/v1", "--port", "-1"), "--port -1"),
        (("serve", "--upstream", "http://h/v1", "--workers", "100000"), "--workers 100000"),
        (("serve", "--upstream", "http://h/v1", "--api-key-file", "nope"), "cannot read nope"),
        (("serve", "--upstream", "http://h/v1", "--api-key-file", "bin.txt"), "not UTF-8"),
        (("serve", "--upstream", "http://h/v1", "--api-key-file", "empty.txt"), "no keys in"),
        (("chat", "--upstream", "ftp://h/v1"), "--upstream 'ftp://h/v1': give an http(s) URL"),
    ],
)
def test_serve_and_chat_arguments(cli, tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    (tmp_path / "bin.txt").write_bytes(BINARY)
    (tmp_path / "empty.txt").write_text("# no keys yet\n")
    assert needle in one_line(cli(*args))


def test_serve_duplicate_key_id_and_bom_out_under_a_file(cli, tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"k1 {'a' * 64}\nk1 {'b' * 64}\n")
    line = one_line(cli("serve", "--upstream", "http://h/v1", "--api-key-file", "keys.txt"))
    assert "keys.txt:2: key id 'k1' is given twice" in line
    (tmp_path / "f.txt").write_text("x")
    assert "f.txt is not a folder" in one_line(cli("bom", "--out", "f.txt/bom.json"))
