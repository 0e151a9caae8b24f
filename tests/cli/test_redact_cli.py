"""``saferail redact`` run as a real command line in a subprocess. All values are made up."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

KEY_ENV = "SAFERAIL_VAULT_KEY"
EMAIL = "orla.vance@example.com"
CARD = "4111 1111 1111 1111"
PHONE = "+44 20 7946 0958"
TEXT = f"Mail {EMAIL}, card {CARD}, phone {PHONE}."
SPAN_LINE = re.compile(r"^([A-Z_]+)\t\[(\d+), (\d+)\)\t(\d\.\d\d)\t(.+)$")


class Result:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr


Run = Callable[..., Result]


@pytest.fixture
def redact(tmp_path: Path) -> Run:
    """Run ``saferail redact ARGS`` with SAFERAIL_VAULT_KEY unset unless ``key`` is given."""

    def run(*args: str, stdin: str | None = None, key: str | None = None) -> Result:
        env = dict(os.environ)
        env.pop(KEY_ENV, None)
        if key is not None:
            env[KEY_ENV] = key
        env["PYTHONIOENCODING"] = "utf-8"
        proc = subprocess.run(
            [sys.executable, "-m", "saferail", "redact", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            input=stdin,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        return Result(proc)

    return run


def assert_one_error_line(r: Result) -> str:
    assert r.code == 2, (r.out, r.err)
    assert "Traceback" not in r.err
    lines = r.err.splitlines()
    assert len(lines) == 1, r.err
    assert lines[0].startswith("saferail: error: ")
    return lines[0]


def test_redacts_a_text_argument(redact: Run) -> None:
    r = redact(TEXT)
    assert r.code == 0, r.err
    assert r.out == "Mail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, phone <PHONE_NUMBER_1>.\n"
    assert r.err == ""


def test_text_without_pii_is_printed_unchanged(redact: Run) -> None:
    r = redact("What is the tallest mountain in Europe?")
    assert r.code == 0, r.err
    assert r.out == "What is the tallest mountain in Europe?\n"


def test_spans_go_to_stderr(redact: Run) -> None:
    r = redact(TEXT, "--spans")
    assert r.code == 0, r.err
    assert "<EMAIL_ADDRESS_1>" in r.out and EMAIL not in r.out
    rows = []
    for line in r.err.splitlines():
        m = SPAN_LINE.match(line)
        assert m is not None, line
        etype, start, end, score, value = m.groups()
        assert TEXT[int(start) : int(end)] == value.strip("'\"")
        assert 0.5 <= float(score) <= 1.0
        rows.append((etype, value.strip("'\"")))
    assert rows == [("EMAIL_ADDRESS", EMAIL), ("CREDIT_CARD", CARD), ("PHONE_NUMBER", PHONE)]


def test_dash_reads_stdin(redact: Run) -> None:
    r = redact("-", stdin=f"first line\n{TEXT}\n")
    assert r.code == 0, r.err
    assert r.out == (
        "first line\nMail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, phone <PHONE_NUMBER_1>.\n"
    )


def test_file(redact: Run, tmp_path: Path) -> None:
    src = tmp_path / "letter.txt"
    src.write_text(f"Hallo,\nich bin Jörg Wendtland.\n{TEXT}\n", encoding="utf-8")
    r = redact("--file", str(src))
    assert r.code == 0, r.err
    assert r.out == (
        "Hallo,\nich bin <PERSON_1>.\n"
        "Mail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, phone <PHONE_NUMBER_1>.\n"
    )


def test_file_and_out(redact: Run, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.txt"
    r = redact("--file", str(src), "--out", str(out))
    assert r.code == 0, r.err
    assert r.out == ""
    assert out.read_text(encoding="utf-8") == (
        "Mail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, phone <PHONE_NUMBER_1>.\n"
    )


def test_missing_file_is_one_error_line(redact: Run, tmp_path: Path) -> None:
    line = assert_one_error_line(redact("--file", str(tmp_path / "nope.txt")))
    assert "nope.txt" in line


def test_jsonl_one_output_line_per_input_line(redact: Run, tmp_path: Path) -> None:
    rows_in = [
        json.dumps({"id": "a", "text": TEXT}),
        "{not json",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": 4, "text": "Nothing personal here."}),
        json.dumps({"id": "e", "text": "Ich bin Jörg Wendtland."}, ensure_ascii=False),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows_in) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = redact("--jsonl", str(src), "--out", str(out))
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", 2, "c", 4, "e"]

    a = rows[0]
    assert a["text"] == "Mail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, phone <PHONE_NUMBER_1>."
    assert [TEXT[e["start"] : e["end"]] for e in a["entities"]] == [EMAIL, CARD, PHONE]
    assert [e["entity_type"] for e in a["entities"]] == [
        "EMAIL_ADDRESS",
        "CREDIT_CARD",
        "PHONE_NUMBER",
    ]
    assert set(rows[1]) == {"id", "error"} and "invalid JSON" in rows[1]["error"]
    assert set(rows[2]) == {"id", "error"} and "'text' must be a string" in rows[2]["error"]
    assert rows[3] == {"id": 4, "text": "Nothing personal here.", "entities": []}
    assert rows[4]["text"] == "Ich bin <PERSON_1>."


def test_jsonl_to_stdout(redact: Run, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": f"mail {EMAIL}"}) + "\n", encoding="utf-8")
    r = redact("--jsonl", str(src))
    assert r.code == 0, r.err
    (line,) = r.out.splitlines()
    assert json.loads(line)["text"] == "mail <EMAIL_ADDRESS_1>"


def test_entities_restricts_what_is_redacted(redact: Run) -> None:
    r = redact(TEXT, "--entities", "EMAIL_ADDRESS")
    assert r.code == 0, r.err
    assert r.out == f"Mail <EMAIL_ADDRESS_1>, card {CARD}, phone {PHONE}.\n"
    r = redact(TEXT, "--entities", "email_address, PHONE_NUMBER")
    assert r.code == 0, r.err
    assert r.out == f"Mail <EMAIL_ADDRESS_1>, card {CARD}, phone <PHONE_NUMBER_1>.\n"


def test_operator_mask(redact: Run) -> None:
    r = redact(TEXT, "--operator", "mask")
    assert r.code == 0, r.err
    assert r.out == (
        "Mail ****.*****@*******.***, card **** **** **** ****, phone +** ** **** ****.\n"
    )


def test_operator_drop(redact: Run) -> None:
    r = redact(TEXT, "--operator", "drop", "--entities", "EMAIL_ADDRESS,CREDIT_CARD")
    assert r.code == 0, r.err
    assert r.out == f"Mail , card , phone {PHONE}.\n"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--entities", "EMAIL_ADDRESS,SOCIAL_MEDIA"), "SOCIAL_MEDIA"),
        (("--entities", "person"), None),  # case-insensitive: valid
        (("--operator", "shred"), "shred"),
        (("--operator", "MASK"), "MASK"),
    ],
)
def test_bad_entities_or_operator_exit_2_one_line(
    redact: Run, args: tuple[str, ...], needle: str | None
) -> None:
    r = redact(TEXT, *args)
    if needle is None:
        assert r.code == 0, r.err
        return
    line = assert_one_error_line(r)
    assert needle in line
    assert r.out == ""


@pytest.mark.parametrize("operator", ["pseudonymize", "hash"])
def test_keyed_operators_without_key_exit_2_one_line(redact: Run, operator: str) -> None:
    line = assert_one_error_line(redact(TEXT, "--operator", operator))
    assert KEY_ENV in line
    line = assert_one_error_line(redact(TEXT, "--operator", operator, key="not base64!"))
    assert KEY_ENV in line


def test_pseudonymize_with_a_key(redact: Run) -> None:
    key = base64.b64encode(os.urandom(32)).decode()
    r = redact(TEXT, "--operator", "pseudonymize", "--session", "s1", key=key)
    assert r.code == 0, r.err
    for original in (EMAIL, CARD, PHONE):
        assert original not in r.out
    assert re.search(r"@example\.(com|org|net), card \d{4} \d{4} \d{4} \d{4}, phone \+44 ", r.out)


def test_hash_with_a_key_is_stable(redact: Run) -> None:
    key = base64.b64encode(os.urandom(32)).decode()
    first = redact(f"mail {EMAIL}", "--operator", "hash", key=key)
    second = redact(f"mail {EMAIL}", "--operator", "hash", key=key)
    assert first.code == second.code == 0, first.err
    assert re.fullmatch(r"mail <EMAIL_ADDRESS:[0-9a-f]{12}>\n", first.out)
    assert first.out == second.out


@pytest.mark.parametrize(
    "args",
    [
        (),
        (TEXT, "--file", "x.txt"),
        (TEXT, "--jsonl", "x.jsonl"),
    ],
)
def test_exactly_one_input_source(redact: Run, args: tuple[str, ...]) -> None:
    assert_one_error_line(redact(*args))


def test_missing_jsonl_is_one_error_line(redact: Run, tmp_path: Path) -> None:
    line = assert_one_error_line(redact("--jsonl", str(tmp_path / "none.jsonl")))
    assert "none.jsonl" in line
