"""Held-out accuracy and latency of the trained detector checks.

For each check, on the HELD-OUT sources of ``scripts/train_detectors.py`` (split by source
and template family, near-duplicates of training texts removed): recall at the shipped
threshold, FPR on benign held-out sets, ROC-AUC (and F1), scored through the check itself
(canonicalizer first), plus p50/p99 latency per 1 KB message on one core for each check and
for the whole default input pipeline with the four checks added (timed first, before any
held-out data is loaded into the process). Also the two attack checks
together (``injection_or_jailbreak``): the held-out texts of both, each flagged when either
check fires at its shipped threshold, as a policy blocking on both would. Writes
``benchmarks/results/detectors.json``; prints metrics only, never data-set text.

    .venv/bin/python benchmarks/detectors.py [--messages 400] [--models DIR]

``--models DIR`` scores the artifacts in ``DIR`` (a full model folder: the four checks and
``static_minilm.npz``) instead of the bundled ones -- a candidate measured before it is
shipped; pin checks are off for that run and the results go to ``DIR/detectors.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from functools import cache, partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "detectors.json"
NAMES = ("prompt_injection", "jailbreak", "harmful_request", "toxicity")
OPT_IN = ("harmful_request_sensitive",)  # opt-in checks: latency only (see the model card)
# held-out benign sources added after the first figures were quoted: every FPR is also given
# without them (``fpr_without_added``), comparable with the earlier figures
ADDED_BENIGN = (
    "synthetic_role_prompts",  # 2026-11-29, with jailbreak v6
    "synthetic_benign_xs",  # 2026-11-30: over-refusal questions (harmful_request)
)


def fpr_without_added(scores: dict[str, list[tuple[float, int]]], threshold: float) -> float:
    """Pooled FPR over the benign held-out rows of every source but ``ADDED_BENIGN``."""
    neg = [s for src, rows in scores.items() if src not in ADDED_BENIGN for s, y in rows if not y]
    return round(sum(s >= threshold for s in neg) / len(neg), 4) if neg else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def messages_1kb(n: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).parent))
    from _corpus import corpus

    return [t[:1024].ljust(1024, ".") for t in corpus(n, 1024, seed=7)]


@cache
def _feature_caches() -> tuple[Any, ...]:
    """The per-text caches of the detector features (imported on first use: ``--models`` must
    take effect before any check module is imported)."""
    from saferail.detectors.features import featurize, rule_tokens, tokens
    from saferail.detectors.signatures import word_chunks
    from saferail.detectors.static import embed

    return (featurize, embed, tokens, rule_tokens, word_chunks)


def forget_features() -> None:
    """The cold path of a timed call: the checks share features within a message (cached per
    text), not across messages, so every cache of per-text features is emptied first."""
    for per_text in _feature_caches():
        per_text.cache_clear()


def latency(fn, texts: list[str], runs: int = 3) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """p50/p99 per message: the median over ``runs`` passes of each pass's percentile, and
    (``*_best_of_runs``) the percentile over messages of each message's fastest pass -- on a
    shared, loaded machine the latter removes scheduler preemption, not per-message cost."""
    p50s, p99s = [], []
    per_message: list[list[float]] = [[] for _ in texts]
    for _ in range(runs):
        out = []
        for i, t in enumerate(texts):
            t0 = time.perf_counter_ns()
            fn(t)
            ms = (time.perf_counter_ns() - t0) / 1e6
            out.append(ms)
            per_message[i].append(ms)
        p50s.append(percentile(out, 0.5))
        p99s.append(percentile(out, 0.99))
    best = [min(v) for v in per_message]
    return {
        "p50_ms": round(statistics.median(p50s), 4),
        "p99_ms": round(statistics.median(p99s), 4),
        "p50_ms_best_of_runs": round(percentile(best, 0.5), 4),
        "p99_ms_best_of_runs": round(percentile(best, 0.99), 4),
    }


def accuracy(name: str) -> dict[str, object]:
    import train_detectors as td

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput

    check = available_checks()[name]()
    test, dropped = td.heldout(td.BUILDERS[name]())

    # prompt_injection is scored as retrieved text (windowed, as its threshold was fitted)
    surface = "retrieval" if name == "prompt_injection" else "input"

    def score(text: str) -> float:
        data = CheckInput(text, canonicalize(text), surface)
        return max((s for s, _ in check.score_views(data)), default=0.0)

    scores = {s: [(score(t), y) for t, y in rows] for s, rows in test.items() if rows}
    result = td.evaluate(scores, check.default_threshold)
    result["fpr_without_added"] = fpr_without_added(scores, check.default_threshold)
    result["dropped_near_duplicates"] = dropped
    return result


def injection_or_jailbreak() -> dict[str, object]:
    """Recall and FPR of ``prompt_injection`` OR ``jailbreak`` on the union of their held-out
    texts (a text in both sets counts once; positive if either set says so)."""
    import train_detectors as td

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput

    pi, jb = available_checks()["prompt_injection"](), available_checks()["jailbreak"]()
    labels: dict[str, int] = {}
    added: set[str] = set()
    for name in ("prompt_injection", "jailbreak"):
        test, _ = td.heldout(td.BUILDERS[name]())
        for source, rows in test.items():
            for text, y in rows:
                labels[text] = max(y, labels.get(text, 0))
                if source in ADDED_BENIGN:
                    added.add(text)

    def flagged(text: str) -> bool:
        for check, surface in ((pi, "retrieval"), (jb, "input")):
            data = CheckInput(text, canonicalize(text), surface)
            score = max((s for s, _ in check.score_views(data)), default=0.0)
            if score >= check.default_threshold:
                return True
        return False

    hits = {text: flagged(text) for text in labels}
    pos = [t for t, y in labels.items() if y == 1]
    neg = [t for t, y in labels.items() if y == 0]
    old = [t for t in neg if t not in added]
    return {
        "n_pos": len(pos),
        "n_neg": len(neg),
        "recall": round(sum(hits[t] for t in pos) / len(pos), 4),
        "fpr": round(sum(hits[t] for t in neg) / len(neg), 4),
        "fpr_without_added": round(sum(hits[t] for t in old) / len(old), 4),
        "n_neg_without_added": len(old),
    }


def guard_with_detectors():  # type: ignore[no-untyped-def]
    from saferail import Guard, Policy, load_policy

    data = load_policy().model_dump()
    for name in NAMES:
        data["input"]["checks"][name] = {"action": "block"}
    return Guard(Policy.model_validate(data))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--models", type=Path, help="model folder to score instead of the bundled")
    args = parser.parse_args()
    results = RESULTS
    if args.models is not None:
        from _models import use_model_folder

        models = use_model_folder(args.models)  # before any check is imported
        results = models / "detectors.json"
    if not (ROOT.parent / "shared" / "datasets").is_dir():
        print("detectors benchmark: ../shared/datasets not found")
        return 2
    sys.path.insert(0, str(ROOT / "scripts"))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from saferail import Guard, load_policy
    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput

    texts = messages_1kb(args.messages)
    out: dict[str, object] = {
        "method": "signature families + hashed word1-2 + char3-5 n-grams (+ distilled static "
        "MiniLM embedding for jailbreak, harmful_request, toxicity), logistic regression",
        "threshold_fit": "cross-fitted, benign folded by source, source-balanced (by provenance, "
        "conformal per-source estimate) target FPR",
    }
    # latency first, before any held-out data is loaded: the data sets' objects would make
    # every garbage collection during the timed calls slower than in a serving process
    base = Guard(load_policy())
    full = guard_with_detectors()
    out["pipeline_default_input"] = latency(lambda t: base.check(t, surface="input"), texts, 5)

    def cold(t: str) -> None:
        forget_features()
        full.check(t, surface="input")

    out["pipeline_default_plus_detectors"] = latency(cold, texts, 5)
    latencies: dict[str, dict[str, float]] = {}
    for name in NAMES:
        check = available_checks()[name]()

        def one(t: str, check=check) -> None:  # type: ignore[no-untyped-def]
            forget_features()
            check.run(CheckInput(t, canonicalize(t), "input"))

        latencies[name] = latency(one, texts)
    from saferail.detectors.model import models_dir

    for name in OPT_IN:  # same features and model size as harmful_request; latency only
        if (models_dir() / f"{name}.npz").is_file():
            check = available_checks()[name]()
            out[name] = {"latency_1kb": latency(partial(one, check=check), texts)}
            print(f"{name} (opt-in): {out[name]}")
    for name in NAMES:
        out[name] = {"heldout": accuracy(name), "latency_1kb": latencies[name]}
        h = out[name]["heldout"]  # type: ignore[index]
        lat = out[name]["latency_1kb"]  # type: ignore[index]
        print(
            f"{name}: recall={h['recall']} fpr={h['fpr']} "
            f"(without {', '.join(ADDED_BENIGN)}: {h['fpr_without_added']}) "
            f"auc={h['roc_auc']} f1={h['f1']} "
            f"thr={h['threshold']} p50={lat['p50_ms']}ms p99={lat['p99_ms']}ms"
        )
    out["injection_or_jailbreak"] = injection_or_jailbreak()
    print("prompt_injection or jailbreak:", out["injection_or_jailbreak"])
    print("default input pipeline:", out["pipeline_default_input"])
    print("default input pipeline + detectors:", out["pipeline_default_plus_detectors"])
    results.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
