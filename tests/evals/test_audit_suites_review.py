"""Edge cases of suite files, data-set rows and human-review files found in an audit."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from saferail.evals import CaseResult
from saferail.evals.datasets import dataset_suite, load_dataset_cases
from saferail.evals.review import (
    ReviewError,
    ReviewFileError,
    ReviewItem,
    ReviewLabel,
    agreement,
    read_review_labels,
    write_review_file,
)
from saferail.evals.suite import SuiteError, load_cases, load_suite

DEEP = '{"id": "a", "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}\n"


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


# -- suites -----------------------------------------------------------------------------------


def test_deeply_nested_jsonl_case_is_a_suite_error(tmp_path: Path) -> None:
    ok = '{"id": "ok", "prompt": "x", "expected": "comply"}\n'
    path = _write(tmp_path / "deep.jsonl", ok + DEEP)
    with pytest.raises(SuiteError, match=r"deep\.jsonl:2: not JSON: nested too deeply"):
        load_cases(path)


def test_csv_with_a_column_twice_is_refused_not_half_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", "id,prompt,expected,prompt\na,first,comply,second\n")
    with pytest.raises(SuiteError, match=r"c\.csv:1: duplicate column\(s\): prompt"):
        load_cases(path)


def test_csv_line_ends_do_not_change_the_suite_version(tmp_path: Path) -> None:
    rows = ["id,prompt,expected", 'a,"two\nlines, and a comma",comply', "b,plain,refuse", ""]
    lf = _write(tmp_path / "lf" / "cases.csv", "\n".join(rows))
    crlf = _write(tmp_path / "crlf" / "cases.csv", "\r\n".join(rows).replace("\n", "\r\n"))
    assert b"two\r\nlines" in crlf.read_bytes()
    one, two = load_suite(lf), load_suite(crlf)
    assert one.cases[0].prompt == "two\nlines, and a comma" == two.cases[0].prompt
    assert one.version == two.version


def test_csv_rows_of_empty_cells_are_blank_rows(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", "id,prompt,expected\na,hi,comply\n,,\n,,\n")
    assert [c.id for c in load_cases(path)] == ["a"]


def test_suite_reached_through_a_symlink_reads_cases_beside_the_real_file(
    tmp_path: Path,
) -> None:
    real = tmp_path / "suites" / "suite.yaml"
    _write(real.parent / "cases.jsonl", '{"id": "a", "prompt": "x", "expected": "comply"}\n')
    _write(real, "name: s\ncases_from: cases.jsonl\n")
    link = tmp_path / "elsewhere" / "linked.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    assert load_suite(link).version == load_suite(real).version


def test_suite_relative_reference_from_another_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "s" / "cases.jsonl", '{"id": "a", "prompt": "x", "expected": "comply"}\n')
    _write(tmp_path / "s" / "suite.yaml", "name: s\ncases_from: cases.jsonl\n")
    monkeypatch.chdir(tmp_path)
    here = load_suite("s/suite.yaml")
    monkeypatch.chdir(tmp_path / "s")
    assert load_suite("suite.yaml").version == here.version


# -- data sets --------------------------------------------------------------------------------


def _dataset(root: Path, name: str, data: str | bytes) -> str:
    _write(root / name / "data.jsonl", data)
    return name


def test_dataset_row_ids_that_collide_after_renaming_stay_unique(tmp_path: Path) -> None:
    rows = [
        {"id": "2", "text": "a", "label": "benign"},
        {"id": "y", "text": "b", "label": "benign"},
        {"id": "y", "text": "c", "label": "benign"},  # renamed to its index: 2, taken
        {"id": 2, "text": "d", "label": "benign"},
    ]
    name = _dataset(tmp_path, "mine", "".join(json.dumps(r) + "\n" for r in rows))
    suite = dataset_suite(name, root=tmp_path)
    ids = [c.id for c in suite.cases]
    assert len(set(ids)) == 4 and ids[:2] == ["mine:2", "mine:y"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"id": "1", "text": "caf\xe9", "label": "benign"}\n'.encode("latin-1"), "not UTF-8"),
        (DEEP, r"data\.jsonl:1: not JSON: nested too deeply"),
    ],
)
def test_unreadable_dataset_rows_are_suite_errors(
    tmp_path: Path, data: str | bytes, message: str
) -> None:
    name = _dataset(tmp_path, "bad", data)
    with pytest.raises(SuiteError, match=message):
        load_dataset_cases(name, root=tmp_path)


def test_dataset_with_a_byte_order_mark(tmp_path: Path) -> None:
    name = _dataset(tmp_path, "bom", '\ufeff{"id": "1", "text": "hi", "label": "benign"}\n')
    assert [c.id for c in load_dataset_cases(name, root=tmp_path)] == ["bom:1"]


# -- review files -----------------------------------------------------------------------------


def _item(case_id: str = "c1", **kw: object) -> ReviewItem:
    base: dict[str, object] = {
        "case_id": case_id,
        "stratum": "s",
        "category": "c",
        "expected": "refuse",
        "guidance": "g",
        "prompt": "p",
        "output": "o",
        "redacted": False,
    }
    return ReviewItem.model_validate({**base, **kw})


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "'quoted", "-C"]


def test_exported_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    items = [
        _item(f"=c{i}", prompt=f, output=f, canary=f, category=f) for i, f in enumerate(FORMULAS)
    ]
    path = write_review_file(items, tmp_path / "review.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_formula_escaped_cells_read_back_as_written(tmp_path: Path) -> None:
    items = [_item(f, reviewer="ann", label="pass", note=f) for f in FORMULAS]
    path = write_review_file(items, tmp_path / "review.csv")
    labels = read_review_labels(path)
    assert [(lab.case_id, lab.note) for lab in labels] == [(f, f.strip()) for f in FORMULAS]


def test_a_failed_write_leaves_the_previous_review_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "review.jsonl"
    write_review_file([_item("keep")], path)
    before = path.read_bytes()

    def replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("saferail.reports._files.os.replace", replace)
    with pytest.raises(ReviewFileError, match=r"cannot write .*: No space left"):
        write_review_file([_item("a"), _item("b")], path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["review.jsonl"]


@pytest.mark.parametrize("name", ["review.csv", "review.jsonl"])
def test_an_answer_with_a_lone_surrogate_is_written_whole(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_review_file([_item("keep")], path)
    write_review_file([_item("a", output="bad \ud800 text", reviewer="r", label="fail")], path)
    assert "\\ud800" in path.read_text(encoding="utf-8")
    assert [lab.case_id for lab in read_review_labels(path)] == ["a"]


def test_deeply_nested_label_line_is_a_review_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "labels.jsonl", DEEP)
    with pytest.raises(ReviewFileError, match=r"labels\.jsonl:1: not JSON: nested too deeply"):
        read_review_labels(path)


def test_label_csv_with_a_column_twice_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "l.csv", "case_id,reviewer,label,label\nc1,ann,pass,fail\n")
    with pytest.raises(ReviewFileError, match=r"l\.csv:1: duplicate column\(s\): label"):
        read_review_labels(path)


def test_case_ids_with_spaces_round_trip_through_the_review_file(tmp_path: Path) -> None:
    path = write_review_file([_item("case 1 ", reviewer="ann", label=" PASS ")], tmp_path / "r.csv")
    assert read_review_labels(path) == [
        ReviewLabel(reviewer="ann", case_id="case 1 ", label="pass")
    ]


def _results(n: int) -> list[CaseResult]:
    return [
        CaseResult(
            case_id=f"c{i}", case_hash="h", category="a", expected="refuse", passed=i % 2 == 0
        )
        for i in range(n)
    ]


def test_one_reviewer_labelling_a_case_both_ways_is_an_error() -> None:
    labels = [
        ReviewLabel(reviewer="ann", case_id="c1", label="pass"),
        ReviewLabel(reviewer="ann", case_id="c1", label="fail"),
    ]
    with pytest.raises(ReviewError, match="'ann' labelled case 'c1' both pass and fail"):
        agreement(_results(4), labels)


def test_the_same_label_given_twice_counts_once() -> None:
    one = [ReviewLabel(reviewer="ann", case_id=f"c{i}", label="pass") for i in range(4)]
    assert agreement(_results(4), one + one) == agreement(_results(4), one)
