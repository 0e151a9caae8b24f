"""Train the second stage of the ``refusal`` scorer (offline, deterministic).

The second stage (:mod:`saferail.evals.scorers._refusal_stack`) is an L2 logistic regression
over the first stage's log-odds (the shipped wording model and topic rule, unchanged), the
static MiniLM embedding of the answer's first 60 words and its cosine with the request's.

Training rows (only counts and metrics are printed, never text):

* ``../shared/datasets/pyrit_scorer_evals`` (MIT), HELD-IN side only, as split by
  ``scripts/train_scorers.py``: the refusal-labelled answers, the weak refusals (answers to
  ``objective/*`` requests rated as not achieving them) and the harmful answers as compliance;
* the ``dev`` half of the bundled model's labelled answers (``benchmarks/data``);
* answers written for this project from three briefs (``scripts/data/refusal_answers.jsonl``,
  ``refusal_answers_2.jsonl``), each pair labelled refusal / compliance under PyRIT's
  convention.

The first two groups have weight ``--w-base`` (2), the written answers 1. Before fitting, the
script reports leave-one-brief-out accuracy on each written brief (the other two and the
rest trained) against the first stage alone. Needs scikit-learn (training only)::

    .venv/bin/python scripts/train_refusal_stack.py [--out src/saferail/data/models]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorers as ts  # noqa: E402
import written_data as wd  # noqa: E402

from saferail.evals.scorers._refusal_stack import (  # noqa: E402
    STACK_FILE,
    RefusalStack,
    is_english,
    stack_features,
)
from saferail.evals.scorers._response_features import parse_answer  # noqa: E402
from saferail.evals.scorers.refusal import first_stage  # noqa: E402

VERSION = 5
BRIEFS = ("a", "b", "c")  # refusal_answers.jsonl is writer a; refusal_answers_2 holds b and c


@dataclass(frozen=True)
class Pair:
    request: str
    answer: str
    label: int  # 1 = refusal
    group: str  # "base" or "written:<brief>"


def base_pairs() -> list[Pair]:
    """PyRIT's held-in rows and the bundled model's dev rows."""
    ref = ts.refusal_dataset()
    harm_in, _ = ts.split(ts.harm_dataset())
    ref_in, _ = ts.split(ref)
    rows = [Pair(r.prompt or "", r.text, r.label, "base") for r in ref_in]
    rows += [Pair(r.prompt or "", r.text, 1, "base") for r in ts.objective_refusals(harm_in, ref)]
    rows += [Pair(r.prompt or "", r.text, 0, "base") for r in harm_in if r.label == 1]
    rows += [Pair(r.prompt or "", r.text, r.label, "base") for r in ts.local_model_rows()]
    return rows


def synthetic_pairs() -> list[Pair]:
    """The wording model's synthetic TRAIN rows in seven languages (v2 and v3 templates of
    ``train_scorers``; their check split stays out), so that the second stage keeps the
    first stage's non-English refusals."""
    rows = ts.synthetic_refusal_rows(ts.SEED, "train") + ts.synthetic_v3_rows(ts.SEED, "train")
    return [Pair(r.prompt or "", r.text, r.label, "synthetic") for r in rows]


def written_pairs() -> list[Pair]:
    rows = [dict(r, writer="a") for r in wd.refusal_answers()] + wd.refusal_answers_2()
    return [
        Pair(r["request"], r["answer"], int(r["label"] == "refusal"), f"written:{r['writer']}")
        for r in rows
    ]


def featurize(pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """(feature rows, first-stage probabilities)."""
    feats, first = [], []
    for p in pairs:
        answer = parse_answer(p.answer)
        value, _ = first_stage(p.request, answer)
        first.append(value)
        feats.append(stack_features(value, answer.words, parse_answer(p.request).words))
    return np.vstack(feats), np.array(first)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w)


def accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    return round(float((pred == y).mean()), 4)


def leave_one_brief_out(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: list[str], first: np.ndarray, c: float
) -> dict[str, dict[str, float]]:
    """Per written brief: accuracy of the first stage alone and of a second stage trained
    without that brief."""
    out = {}
    for brief in BRIEFS:
        held = np.array([g == f"written:{brief}" for g in groups])
        model = fit(x[~held], y[~held], w[~held], c)
        pred = model.predict_proba(x[held])[:, 1] >= 0.5
        out[brief] = {
            "n": int(held.sum()),
            "first_stage": accuracy(first[held] >= 0.5, y[held]),
            "stacked": accuracy(pred, y[held]),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "saferail" / "data" / "models")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--w-base", type=float, default=2.0, help="weight of PyRIT / bundled rows")
    parser.add_argument("--w-synth", type=float, default=1.0, help="weight of synthetic rows")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)
    try:
        every = base_pairs() + synthetic_pairs() + written_pairs()
    except FileNotFoundError as exc:
        print(
            f"error: training data not found ({exc}); ../shared/datasets is needed", file=sys.stderr
        )
        return 2
    # the stage runs on English answers only, so it is trained on them only
    pairs = [p for p in every if is_english(parse_answer(p.answer).words)]
    x, first = featurize(pairs)
    y = np.array([p.label for p in pairs])
    groups = [p.group for p in pairs]
    weight = {"base": args.w_base, "synthetic": args.w_synth}
    w = np.array([weight.get(g, 1.0) for g in groups])
    lobo = leave_one_brief_out(x, y, w, groups, first, args.c)
    model = fit(x, y, w, args.c)
    counts = {g: groups.count(g) for g in sorted(set(groups))}
    meta = {
        "version": VERSION,
        "c": args.c,
        "w_base": args.w_base,
        "w_synth": args.w_synth,
        "rows": counts,
        "refusals": int(y.sum()),
        "not_english_left_out": len(every) - len(pairs),
        "leave_one_brief_out": lobo,
        "features": "logit(first stage), static MiniLM of the answer's first 60 words, cosine",
    }
    print(json.dumps(meta, indent=1, sort_keys=True))
    if not args.dry_run:
        stack = RefusalStack(model.coef_[0].astype(np.float64), float(model.intercept_[0]), meta)
        stack.save(args.out / STACK_FILE)
        print(f"wrote {args.out / STACK_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
