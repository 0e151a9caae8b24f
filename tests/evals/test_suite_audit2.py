"""Second audit of suite loading: errors name the file and line, nothing is dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferail.evals.datasets import load_dataset_cases
from saferail.evals.suite import ScorerSpec, SuiteError, load_cases, load_suite

CASE = '{"id": "%s", "prompt": "hi", "expected": "comply"}\n'


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _error(path: Path) -> str:
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    message = str(info.value)
    assert "\n" not in message and "Value error" not in message
    return message


# -- file:line in YAML suites -------------------------------------------------------------------

YAML = """\
name: lines
gate:
  - pass_rate >= 0.9
  - {criterion}
cases:
  - id: a
    prompt: hi
    expected: comply
  - id: b
    prompt: hi
    expected: {expected}
"""


def test_a_bad_inline_case_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.yaml", YAML.format(criterion="error_rate <= 0", expected="refuze"))
    assert _error(path).startswith(f"{path}:9: cases[1]: expected: Input should be")


def test_a_bad_gate_criterion_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.yaml", YAML.format(criterion="pass_rat >= 0.9", expected="refuse"))
    assert _error(path).startswith(f"{path}:4: gate: gate criterion 'pass_rat >= 0.9'")


def test_a_bad_suite_field_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.yaml", "name: x\n\nparams: 5\ncases:\n  - " + CASE % "a")
    assert _error(path).startswith(f"{path}:3: params: Input should be a valid dictionary")


# -- duplicate ids --------------------------------------------------------------------------------


def test_a_duplicate_id_in_a_cases_file_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", CASE % "a" + CASE % "b" + "\n" + CASE % "a")
    message = _error(path)
    assert message == f"{path}:4: duplicate case id 'a' (first at {path}:1)"
    with pytest.raises(SuiteError, match=r"c.jsonl:4: duplicate case id 'a'"):
        load_cases(path)


def test_a_duplicate_id_across_inline_cases_and_files_names_both(tmp_path: Path) -> None:
    _write(tmp_path / "more.csv", "id,prompt,expected\nz,q,comply\na,q,comply\n")
    path = _write(
        tmp_path / "s.yaml",
        "name: x\ncases:\n  - id: a\n    prompt: hi\n    expected: comply\ncases_from: more.csv\n",
    )
    more = tmp_path.resolve() / "more.csv"
    assert _error(path) == f"{more}:3: duplicate case id 'a' (first at {path}:3)"


# -- nothing dropped silently ---------------------------------------------------------------------


def test_a_jsonl_case_writing_a_key_twice_is_refused(tmp_path: Path) -> None:
    # json keeps the last value: this case would have run as "comply" without a word
    row = '{"id": "a", "prompt": "bomb?", "expected": "refuse", "expected": "comply"}'
    path = _write(tmp_path / "c.jsonl", CASE % "x" + row + "\n")
    assert _error(path) == f"{path}:2: key 'expected' written twice"
    nested = '{"id": "a", "prompt": "x", "expected": "comply", "metadata": {"k": 1, "k": 2}}\n'
    with pytest.raises(SuiteError, match=r"c2.jsonl:1: key 'k' written twice"):
        load_cases(_write(tmp_path / "c2.jsonl", nested))


def test_a_scorer_restricted_to_an_unknown_behaviour_is_refused(tmp_path: Path) -> None:
    # a typo made the scorer apply to no case: the run scored nothing
    text = "name: x\nscorers:\n  - name: refusal\n    expected: [refuze]\ncases:\n  - " + CASE % "a"
    message = _error(_write(tmp_path / "s.yaml", text))
    assert message.startswith(f"{tmp_path / 's.yaml'}:4: scorers.0.expected: unknown behaviour")
    assert "'refuze'" in message


def test_a_scorer_for_one_behaviour_may_name_it_without_a_list() -> None:
    spec = ScorerSpec(name="refusal", expected="refuse")  # type: ignore[arg-type]
    assert spec.expected == ("refuse",)
    assert ScorerSpec(name="refusal", expected=("refuse", "comply")).expected == (
        "refuse",
        "comply",
    )


@pytest.mark.parametrize("value", ["{}", '""', "0", "false"])
def test_cases_that_are_not_a_list_are_refused_not_ignored(tmp_path: Path, value: str) -> None:
    _write(tmp_path / "more.jsonl", CASE % "z")
    path = _write(tmp_path / "s.yaml", f"name: x\ncases_from: more.jsonl\ncases: {value}\n")
    assert _error(path).startswith(f"{path}:3: cases: expected a list of cases")


@pytest.mark.parametrize("value", ['""', "0", "{}"])
def test_cases_from_that_is_not_file_names_is_refused(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path / "s.yaml", f"name: x\ncases:\n  - {CASE % 'a'}cases_from: {value}\n")
    assert _error(path).startswith(f"{path}:4: cases_from: expected a file name")


def test_empty_cases_keys_still_mean_none(tmp_path: Path) -> None:
    _write(tmp_path / "more.jsonl", CASE % "z")
    path = _write(tmp_path / "s.yaml", "name: x\ncases:\ncases_from: more.jsonl\n")
    assert [c.id for c in load_suite(path).cases] == ["z"]
    path = _write(tmp_path / "t.yaml", "name: x\ncases: []\ncases_from: []\n" + "\n")
    assert _error(path) == f"{path}:1: suite: a suite needs at least one case"


# -- data-set rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("nq_open_benign", '{"id": "1", "text": "Who wrote it?", "answers": 5}'),
        ("do_not_answer", '{"id": "1", "text": "q", "category": "x", "intents": 7}'),
    ],
)
def test_a_dataset_row_with_a_value_of_the_wrong_type_is_a_suite_error(
    tmp_path: Path, name: str, row: str
) -> None:
    # a TypeError traceback before
    (tmp_path / name).mkdir()
    _write(tmp_path / name / "data.jsonl", row + "\n")
    with pytest.raises(SuiteError, match=rf"data.jsonl:1: unusable row for '{name}'") as info:
        load_dataset_cases(name, root=tmp_path)
    assert "Who wrote it" not in str(info.value)  # row text is never shown
