"""Recall and false-positive rate of the ``secret`` check on gitleaks' rule examples.

The floors sit a little below what ``benchmarks/secret_recall.py`` measured (recall
0.802, false-positive rate 0.069), so a regression fails while noise does not. Messages
carry counts only, never a row's text.
"""

import json
from pathlib import Path

import pytest

from saferail.checks.secrets import Secrets
from tests.conftest import DATASETS, run_check

DATA = DATASETS / "gitleaks_rule_examples" / "data.jsonl"
MIN_RECALL = 0.78
MAX_FALSE_POSITIVE_RATE = 0.09


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    if not DATA.is_file():
        pytest.skip(f"gitleaks rule examples not available (expected at {DATA})")
    return _rows(DATA)


def _flagged(rows: list[dict[str, str]], label: str) -> tuple[int, int]:
    check = Secrets()
    subset = [r for r in rows if r["label"] == label]
    return sum(1 for r in subset if run_check(check, r["text"])), len(subset)


def test_recall_on_secret_rows(rows: list[dict[str, str]]) -> None:
    found, total = _flagged(rows, "secret")
    assert total > 0
    recall = found / total
    assert recall >= MIN_RECALL, f"recall {recall:.3f} ({found}/{total}) < {MIN_RECALL}"


def test_false_positive_rate_on_not_secret_rows(rows: list[dict[str, str]]) -> None:
    flagged, total = _flagged(rows, "not_secret")
    assert total > 0
    rate = flagged / total
    assert rate <= MAX_FALSE_POSITIVE_RATE, (
        f"false-positive rate {rate:.3f} ({flagged}/{total}) > {MAX_FALSE_POSITIVE_RATE}"
    )
