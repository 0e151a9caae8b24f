"""Human review hooks as a demanding user drives them."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from saferail.evals import CaseResult
from saferail.evals.review import (
    ReviewFileError,
    export_review_sample,
    read_review_labels,
    write_review_file,
)


def _results() -> list[CaseResult]:
    return [
        CaseResult(
            case_id=f"c{i}",
            case_hash="-",
            category="chat",
            expected="comply",
            output=f"answer {i}",
            passed=i % 2 == 0,
            refused=[True, False, None][i % 3],
        )
        for i in range(12)
    ]


@pytest.mark.parametrize(
    ("stratify_by", "strata"),
    [
        (lambda r: r.refused, {"True", "False", "None"}),  # None beside bools: unsortable
        (lambda r: r.passed, {"True", "False"}),  # a bool is no str for the review item
        (lambda r: len(r.output) % 2, {"0", "1"}),
    ],
    ids=["optional-bool", "bool", "int"],
)
def test_a_stratify_function_may_return_any_value(
    tmp_path: Path, stratify_by: Callable[[CaseResult], object], strata: set[str]
) -> None:
    # "any function of a CaseResult" (docs): one returning a bool, an int or None crashed
    # with a TypeError from sorting or a pydantic ValidationError on the review item.
    items = export_review_sample(_results(), 6, seed=3, stratify_by=stratify_by, redact=False)
    assert {i.stratum for i in items} == strata
    assert len(items) == 6 and len({i.case_id for i in items}) == 6
    again = export_review_sample(_results(), 6, seed=3, stratify_by=stratify_by, redact=False)
    assert [i.case_id for i in again] == [i.case_id for i in items]
    path = write_review_file(items, tmp_path / "review.csv")
    assert read_review_labels(path) == []  # written and read back: nothing labelled yet


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_labels_saved_by_a_spreadsheet_with_another_separator(
    tmp_path: Path, delimiter: str
) -> None:
    # Excel set to German or French saves "CSV" with semicolons: the file was refused as
    # "missing column(s): case_id, label" although both columns were there.
    items = export_review_sample(_results(), 4, seed=0, redact=False)
    path = tmp_path / "review.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(items[0].model_dump()), delimiter=delimiter)
        writer.writeheader()
        for item in items:
            row = item.model_dump() | {"reviewer": "ann", "label": "pass", "note": "a; b, c"}
            writer.writerow(row)
    labels = read_review_labels(path)
    assert [lab.case_id for lab in labels] == [i.case_id for i in items]
    assert {(lab.reviewer, lab.label, lab.note) for lab in labels} == {("ann", "pass", "a; b, c")}


def test_a_csv_without_a_case_id_column_still_names_it(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text("id;label\nc1;pass\n", encoding="utf-8")
    with pytest.raises(ReviewFileError, match=r"review.csv:1: missing column\(s\): case_id, label"):
        read_review_labels(path)
