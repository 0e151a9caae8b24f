"""Shared helpers for the tests of the hazard rule's forms (``hazard_covert``,
``hazard_genre``, ``hazard_persuasion`` ...): the folded word string a form reads, and its
matches over the labelled development files in ``scripts/data``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from saferail.checks import available_checks, canonicalize
from saferail.detectors.features import rule_tokens
from tests.conftest import REPO, run_check

__all__ = ["assert_flagged", "benign_matches", "matches_by_label", "subject"]

DATA = REPO / "scripts" / "data"


def subject(text: str) -> str:
    """The word string of the canonical text, as the hazard rule's forms read one chunk."""
    return " ".join(rule_tokens(canonicalize(text).main.text))


def assert_flagged(text: str, **params: object) -> None:
    """The whole ``harmful_request`` check (with ``params``) flags ``text``."""
    cls = available_checks()["harmful_request"]
    check = cls(cls.Params.model_validate(params))
    assert max(f.score for f in run_check(check, text)) >= check.default_threshold


def benign_matches(form: Callable[[str], bool], pattern: str = "*.jsonl") -> Counter[str]:
    """Per development file (``pattern`` under ``scripts/data``; ``**/*.jsonl`` adds the
    subfolders), how many benign or clean texts ``form`` matches."""
    hits: Counter[str] = Counter()
    for path in sorted(DATA.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("label") in ("benign", "clean") and "text" in row:
                hits[str(path.relative_to(DATA))] += form(subject(row["text"]))
    return hits


def matches_by_label(form: Callable[[str], bool], name: str) -> Counter[str]:
    """Per label, how many texts of the development file ``name`` ``form`` matches."""
    hits: Counter[str] = Counter()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        hits[row["label"]] += form(subject(row["text"]))
    return hits
