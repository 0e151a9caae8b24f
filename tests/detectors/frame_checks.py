"""Shared assertions for the tests of ``harmful_request``'s benign frames (short questions,
security work, care): the check caps framed texts the model alone scores high, and its batch
path gives every text the same scores as one call per text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from saferail.checks import CheckInput, available_checks, canonicalize
from saferail.detectors.benign_frames import BENIGN_FRAME_SCORE
from saferail.detectors.checks import score_text
from saferail.detectors.features import tokenize
from tests.conftest import REPO, run_check

__all__ = [
    "assert_batch_matches_run",
    "assert_capped_when_the_model_is_high",
    "framed_harmful",
    "words",
]


def words(text: str) -> tuple[str, ...]:
    """The lowercased words of the canonical text, as the frames read them."""
    return tuple(tokenize(canonicalize(text).main.text))


def assert_capped_when_the_model_is_high(texts: list[str]) -> None:
    """Some of ``texts`` score 0.5 or more by the model alone, and the whole check holds every
    one of those at the frame cap, under its threshold."""
    check = available_checks()["harmful_request"]()
    high = [t for t in texts if score_text(check.model, canonicalize(t).main.text) >= 0.5]
    assert high  # the model alone scores some of these texts as likely harmful
    for text in high:
        scores = [f.score for f in run_check(check, text)]
        assert max(scores, default=0.0) <= BENIGN_FRAME_SCORE < check.default_threshold


def assert_batch_matches_run(texts: list[str]) -> None:
    """``run_batch`` gives every text the scores of ``run``."""
    check = available_checks()["harmful_request"]()
    datas = [CheckInput(t, canonicalize(t), "input") for t in texts]
    one = [[round(f.score, 6) for f in check.run(d)] for d in datas]
    batch = [[round(f.score, 6) for f in fs] for fs in check.run_batch(datas)]
    assert one == batch


def framed_harmful(
    frame: Callable[[Sequence[str]], bool], pattern: str = "*.jsonl"
) -> Counter[str]:
    """Per development file in ``scripts/data`` (``pattern``; ``**/*.jsonl`` adds the
    subfolders), how many harmful or jailbreak texts are in ``frame`` in any of their views."""
    hits: Counter[str] = Counter()
    data = REPO / "scripts" / "data"
    for path in sorted(data.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("label") in ("harmful", "jailbreak"):
                views = CheckInput(row["text"], canonicalize(row["text"]), "input").views()
                hits[str(path.relative_to(data))] += any(
                    frame(tuple(tokenize(v.text))) for v in views
                )
    return hits
