import errno
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferail.errors import SaferailError, TextFileError
from saferail.io import parse_record, read_batch, read_text


def test_parse_good_record() -> None:
    r = parse_record('{"id": "x", "text": "hi", "context": "c", "system_prompt": "s"}', 1)
    assert (r.id, r.text, r.context, r.system_prompt, r.error) == ("x", "hi", "c", "s", None)


def test_missing_id_uses_line_number() -> None:
    assert parse_record('{"text": "hi"}', 7).id == 7


def test_bad_records_have_errors() -> None:
    assert "invalid JSON" in (parse_record("{", 1).error or "")
    assert "JSON object" in (parse_record("[1]", 1).error or "")
    assert "'text'" in (parse_record('{"id": 1}', 1).error or "")
    assert "'context'" in (parse_record('{"text": "a", "context": 1}', 1).error or "")
    assert "'id'" in (parse_record('{"id": [1], "text": "a"}', 1).error or "")
    assert parse_record(b"\xff\xfe", 1).error is not None


def test_blank_lines_skipped(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"text": "a"}\n\n{"text": "b"}\n')
    assert [r.text for r in read_batch(p)] == ["a", "b"]


@given(st.binary(max_size=200))
def test_parse_record_never_raises(raw: bytes) -> None:
    rec = parse_record(raw, 1)
    assert (rec.error is None) == isinstance(rec.text, str)


def test_read_text_good_file(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_bytes("name: caf\u00e9\r\nx: 1\n".encode())
    assert read_text(p) == "name: caf\u00e9\nx: 1\n"  # newlines translated as read_text does
    assert read_text(str(p)) == read_text(p)


def test_read_text_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(p) == "\ufeffa: 1\n"


def test_read_text_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "missing.yaml"
    with pytest.raises(TextFileError) as info:
        read_text(p, expect="a policy YAML")
    err, why = info.value, os.strerror(errno.ENOENT)
    assert isinstance(err, SaferailError)
    assert err.path == p
    assert (err.reason, err.strerror) == (f"cannot read: {why}", why)
    assert str(err) == f"{p}: cannot read: {why}"
    assert isinstance(err.__cause__, FileNotFoundError)


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(TextFileError) as info:
        read_text(tmp_path)
    assert info.value.reason == f"cannot read: {os.strerror(errno.EISDIR)}"
    assert info.value.strerror == os.strerror(errno.EISDIR)


def test_read_text_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("name: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(TextFileError) as info:
        read_text(p)
    assert (info.value.reason, info.value.strerror) == ("not UTF-8 text", None)
    assert str(info.value) == f"{p}: not UTF-8 text"
    assert isinstance(info.value.__cause__, UnicodeDecodeError)
    with pytest.raises(TextFileError) as info:
        read_text(p, expect="a rules YAML")
    assert info.value.reason == "not UTF-8 text (is it a rules YAML?)"


def test_read_text_utf16_with_bom_is_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "wide.yaml"
    p.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(TextFileError, match="not UTF-8 text"):
        read_text(p)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32-le"])
def test_read_batch_refuses_utf16_and_utf32_before_any_record(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"id": 1, "text": "hi"}\n'.encode(encoding))
    with pytest.raises(TextFileError, match="UTF-16 or UTF-32 text, not UTF-8") as caught:
        read_batch(path)  # at the call, not at the first record
    assert caught.value.path == path


def test_read_batch_reads_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes('{"id": 1, "text": "hi"}\n'.encode("utf-8-sig"))
    (record,) = read_batch(path)
    assert (record.id, record.text, record.error) == (1, "hi", None)


def test_read_stdin_text_decodes_the_bytes_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    import io as stdio
    import sys

    from saferail.io import read_stdin_text

    def stdin(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(data)))

    stdin("\ufeffCafé\n".encode())
    assert read_stdin_text() == "\ufeffCafé\n"
    stdin("\ufeffCafé\n".encode())
    assert read_stdin_text("utf-8-sig") == "Café\n"
    stdin(b"bad \xff byte")
    with pytest.raises(UnicodeError):
        read_stdin_text()
    monkeypatch.setattr(sys, "stdin", stdio.StringIO("lone \ud800"))  # a text stream only
    with pytest.raises(UnicodeError):
        read_stdin_text()


@pytest.mark.parametrize("first", [b"\xef\xbb\xbf\r\n", b"\xef\xbb\xbf\n", b"\xef\xbb\xbf  \n"])
def test_a_first_line_holding_only_a_utf8_bom_is_blank(tmp_path: Path, first: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(first + b'{"id": "a", "text": "hi"}\r\n')
    records = list(read_batch(path))
    assert [(r.id, r.text, r.error) for r in records] == [("a", "hi", None)]


def test_a_bom_before_the_first_record_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "hi"}\n')
    assert [(r.id, r.error) for r in read_batch(path)] == [("a", None)]
