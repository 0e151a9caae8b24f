"""Throughput of the vectorized batch path vs one call per text, same run, one core.

Policy: the default input policy plus the four trained detectors. Texts: 2,000 synthetic
~300-character messages. Prints docs/s of ``Guard.check`` per text and of
``Guard.check_batch`` in chunks of 256 (what ``saferail check --jsonl`` uses), median of runs.

    .venv/bin/python benchmarks/batch_throughput.py [--runs 3] [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus

from saferail import Guard, Policy, load_policy

RESULTS = Path(__file__).parent / "results" / "batch_throughput.json"
DETECTORS = ("prompt_injection", "jailbreak", "harmful_request", "toxicity")


def policy_with_detectors() -> Policy:
    data = load_policy().model_dump()
    for name in DETECTORS:
        data["input"]["checks"][name] = {"action": "block"}
    return Policy.model_validate(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    guard = Guard(policy_with_detectors())
    texts = corpus(args.n, 300, seed=5)
    guard.check_batch(texts[:64])
    single, batch = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for t in texts:
            guard.check(t)
        single.append(len(texts) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for i in range(0, len(texts), 256):
            guard.check_batch(texts[i : i + 256])
        batch.append(len(texts) / (time.perf_counter() - t0))
    out = {
        "texts": len(texts),
        "per_text_docs_per_s": round(statistics.median(single)),
        "batch_docs_per_s": round(statistics.median(batch)),
        "speedup": round(statistics.median(batch) / statistics.median(single), 2),
    }
    print(out)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
