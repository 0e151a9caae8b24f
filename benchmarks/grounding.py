"""``ungrounded`` and ``citation`` checks on HaluEval QA: accuracy without the length shortcut,
and latency.

Data: ``../shared/datasets/halueval_qa`` -- a knowledge passage, a question and an answer
labelled supported or unsupported (3 answers per question: the right one, two
hallucinated). Only the TEST half is scored: questions with ``crc32("grounding:" +
question)`` odd, as defined by ``scripts/train_grounding.py`` (which trains on the even
half and never sees these). The check sees the answer and the passage (not the question),
as in production.

The dataset has a length shortcut: right answers are short spans ("Delhi"), hallucinated
ones are often whole sentences. So besides balanced accuracy this reports

* a length-only baseline (a word-count threshold chosen on the train half),
* pairwise accuracy: for each question, is the hallucinated answer scored above the right
  one (ties count half)?
* length-matched pairs: right/hallucinated pairs of one question whose word counts differ
  by at most 0, 1, 2 or 3 words; balanced accuracy and pairwise accuracy (with a 95% Wilson
  interval) within them, next to the length baseline on the same pairs;
* balanced accuracy within word-count buckets (macro mean over buckets with both classes).

An answer counts as flagged when a claim scores at or above the default threshold 0.5.
Latency: p50/p99 of ``Ungrounded.run`` per answer with cold caches (context indexed anew
every time), of ``Citation.run`` on the same answer with ``[1]`` appended and the passage
numbered ``[1]``, and of the ``ungrounded`` check on a RAG-sized case (5 numbered passages,
a 4-sentence cited answer); one pinned core. Prints metrics only, never data-set text;
writes ``benchmarks/results/grounding.json``.

    .venv/bin/python benchmarks/grounding.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "grounding.json"
THRESHOLD = 0.5
BUCKETS = ((1, 1), (2, 3), (4, 6), (7, 10), (11, 15), (16, 10_000))

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from train_grounding import DATA, load_rows, split_of  # noqa: E402

from saferail.checks import CheckInput, canonicalize  # noqa: E402
from saferail.checks._grounding.context import context_index  # noqa: E402
from saferail.checks._grounding.support import _cached  # noqa: E402
from saferail.checks.citation import Citation  # noqa: E402
from saferail.checks.grounding import Ungrounded, assess  # noqa: E402


def n_words(text: str) -> int:
    return len(text.split())


def answer_score(answer: str, context: str) -> float:
    """The answer's highest claim score (0.0 when it has no checkable claim)."""
    return max((r.score for r in assess(answer, context)), default=0.0)


def balanced(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    pos = [p for p, g in zip(pred, gold, strict=True) if g]
    neg = [p for p, g in zip(pred, gold, strict=True) if not g]
    tpr = sum(pos) / len(pos) if pos else float("nan")
    tnr = (len(neg) - sum(neg)) / len(neg) if neg else float("nan")
    return {
        "n": len(gold),
        "balanced_accuracy": round(0.5 * (tpr + tnr), 4),
        "sensitivity": round(tpr, 4),
        "specificity": round(tnr, 4),
    }


def roc_auc(scores: list[float], gold: list[bool]) -> float:
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = [s for s, g in zip(scores, gold, strict=True) if not g]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return round(wins / (len(pos) * len(neg)), 4)


def calibration(scores: list[float], gold: list[bool], bins: int = 10) -> dict[str, float]:
    """Class-balanced Brier score and expected calibration error (the model is calibrated
    for a balanced prior, so each class carries half the weight)."""
    n_pos = sum(gold)
    n_neg = len(gold) - n_pos
    weights = [0.5 / n_pos if g else 0.5 / n_neg for g in gold]
    brier = sum(w * (s - g) ** 2 for s, g, w in zip(scores, gold, weights, strict=True))
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if not idx:
            continue
        w = sum(weights[i] for i in idx)
        conf = sum(weights[i] * scores[i] for i in idx) / w
        acc = sum(weights[i] * gold[i] for i in idx) / w
        ece += w * abs(conf - acc)
    return {"brier_balanced": round(brier, 4), "ece_balanced": round(ece, 4)}


def wilson(p: float, n: int, z: float = 1.96) -> list[float]:
    """95% Wilson score interval of a proportion ``p`` over ``n`` trials."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(centre - half, 4), round(centre + half, 4)]


def pair_metrics(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Pairs of (right, hallucinated) answers of one question."""
    if not pairs:
        return {"n_pairs": 0}
    rank = [
        1.0 if h["score"] > r["score"] else 0.5 if h["score"] == r["score"] else 0.0
        for r, h in pairs
    ]
    length = [
        1.0 if h["words"] > r["words"] else 0.5 if h["words"] == r["words"] else 0.0
        for r, h in pairs
    ]
    pred = [x["score"] >= THRESHOLD for pair in pairs for x in pair]
    gold = [x["gold"] for pair in pairs for x in pair]
    acc = statistics.fmean(rank)
    return {
        "n_pairs": len(pairs),
        "pairwise_accuracy": round(acc, 4),
        "pairwise_accuracy_wilson95": wilson(acc, len(pairs)),
        "length_baseline_pairwise_accuracy": round(statistics.fmean(length), 4),
        **balanced(pred, gold),
    }


def length_baseline(train: list[dict[str, Any]], test: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [r["label"] == "unsupported" for r in train]
    lengths = [n_words(r["answer"]) for r in train]
    best = max(
        range(1, 40),
        key=lambda t: balanced([n >= t for n in lengths], gold)["balanced_accuracy"],
    )
    test_gold = [r["label"] == "unsupported" for r in test]
    pred = [n_words(r["answer"]) >= best for r in test]
    return {"rule": f"unsupported when the answer has >= {best} words", **balanced(pred, test_gold)}


def eval_scorer_rule(test: list[dict[str, Any]]) -> dict[str, Any]:
    """The eval harness's lexical ``grounding`` scorer rule (every sentence's word support
    >= ``min_support``, names and numbers present) on the same answers, for comparison."""
    from saferail.evals.scorers.grounding import _SENTENCE, support

    gold = [r["label"] == "unsupported" for r in test]
    out: dict[str, Any] = {}
    for min_support in (0.8, 1.0):
        pred = [
            any(
                support(s, r["context"]) < min_support
                for s in filter(str.strip, _SENTENCE.split(r["answer"]))
            )
            for r in test
        ]
        out[f"min_support_{min_support}"] = balanced(pred, gold)
    return out


def latency(fn: Callable[[], object], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    return {
        "p50_ms": round(times[len(times) // 2], 4),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 4),
    }


def cold_run(check: Ungrounded | Citation, data: CheckInput) -> Callable[[], object]:
    def run() -> object:
        context_index.cache_clear()
        _cached.cache_clear()
        return check.run(data)

    return run


def time_checks(test: list[dict[str, Any]], passes: int) -> dict[str, Any]:
    ung, cit = Ungrounded(), Citation()
    one: list[float] = []
    cited: list[float] = []
    for r in test:
        text = r["answer"]
        data = CheckInput(text, canonicalize(text), "output", r["context"])
        one.append(latency(cold_run(ung, data), passes)["p50_ms"])
        ctext = f"{text} [1]"
        cdata = CheckInput(ctext, canonicalize(ctext), "output", f"[1] {r['context']}")
        cited.append(latency(cold_run(cit, cdata), passes)["p50_ms"])
    rag: list[float] = []
    groups = [test[i : i + 5] for i in range(0, len(test) - 4, 5)][:100]
    for g in groups:
        context = "\n\n".join(f"[{i}] {r['context']}" for i, r in enumerate(g, 1))
        answer = " ".join(f"{r['answer'].rstrip('.')} [{i}]." for i, r in enumerate(g[:4], 1))
        data = CheckInput(answer, canonicalize(answer), "output", context)
        rag.append(latency(cold_run(ung, data), passes)["p50_ms"])
    return {
        "ungrounded_per_answer": _summary(one),
        "citation_per_answer": _summary(cited),
        "ungrounded_rag_5_docs_4_claims": _summary(rag),
        "note": "cold caches (context indexed every call), median of "
        f"{passes} passes per item, one pinned core",
    }


def _summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "n": len(values),
        "p50_ms": round(values[len(values) // 2], 4),
        "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timing passes per answer")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"no data at {DATA}: ../shared/datasets is needed", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = load_rows()
    train = [r for r in rows if split_of(r["question"]) == "train"]
    test = [r for r in rows if split_of(r["question"]) == "test"]
    scored: list[dict[str, Any]] = []
    for r in test:
        score = answer_score(r["answer"], r["context"])
        gold = r["label"] == "unsupported"
        scored.append(
            {"q": r["question"], "score": score, "gold": gold, "words": n_words(r["answer"])}
        )
    gold = [x["gold"] for x in scored]
    scores = [x["score"] for x in scored]
    overall = {
        **balanced([s >= THRESHOLD for s in scores], gold),
        "roc_auc": roc_auc(scores, gold),
        **calibration(scores, gold),
    }
    by_q: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for x in scored:
        by_q[x["q"]]["h" if x["gold"] else "r"].append(x)
    pairs = [(r, h) for q in by_q.values() for r in q["r"] for h in q["h"]]
    matched = {
        f"pairs_length_matched_within_{k}_word{'s' if k != 1 else ''}": pair_metrics(
            [(r, h) for r, h in pairs if abs(r["words"] - h["words"]) <= k]
        )
        for k in (0, 1, 2, 3)
    }
    buckets: dict[str, Any] = {}
    for lo, hi in BUCKETS:
        inside = [x for x in scored if lo <= x["words"] <= hi]
        g = [x["gold"] for x in inside]
        if any(g) and not all(g):
            buckets[f"{lo}-{hi}"] = balanced([x["score"] >= THRESHOLD for x in inside], g)
    macro = statistics.fmean(b["balanced_accuracy"] for b in buckets.values())
    result = {
        "benchmark": "grounding",
        "command": ".venv/bin/python benchmarks/grounding.py",
        "dataset": "halueval_qa (HaluEval QA, MIT), TEST half by question hash (never trained on)",
        "threshold": THRESHOLD,
        "positive_class": "unsupported answer (sensitivity = unsupported answers caught)",
        "test": overall,
        "length_only_baseline": length_baseline(train, test),
        "eval_grounding_scorer_rule": eval_scorer_rule(test),
        "pairs_all": pair_metrics(pairs),
        **matched,
        "length_buckets": buckets,
        "length_buckets_macro_balanced_accuracy": round(macro, 4),
        "latency": time_checks(test, args.passes),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps({k: v for k, v in result.items() if k not in ("dataset", "command")}, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
