from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from saferail.io import parse_record, read_batch


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
