"""Latency of the default guard pipelines and throughput of `saferail check`.

Prints p50/p99 per message for the default input and output pipelines on 1 KB and 10 KB
messages, with and without the ``pii`` check (``no_pii``: the deterministic foundation
checks), median over runs, pinned to one core; a same-run baseline (one compiled
``re.search`` over the same message) and the docs/s of ``saferail check`` on a 10k-line
JSONL file (median of runs, whole process including start-up).

    .venv/bin/python benchmarks/guard_latency.py [--runs 5] [--messages 400]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus

from saferail import Guard, Policy

RESULTS = Path(__file__).parent / "results" / "guard_latency.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_calls(fn, texts: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for t in texts:
        t0 = time.perf_counter_ns()
        fn(t)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def bench_pipeline(guard: Guard, surface: str, texts: list[str], runs: int) -> dict[str, float]:
    baseline_re = re.compile(r"ignore (all )?previous instructions", re.I)
    p50s, p99s, base50 = [], [], []
    for _ in range(runs):
        lat = time_calls(lambda t: guard.check(t, surface=surface), texts)
        base = time_calls(baseline_re.search, texts)
        p50s.append(percentile(lat, 0.5))
        p99s.append(percentile(lat, 0.99))
        base50.append(percentile(base, 0.5))
    p50 = statistics.median(p50s)
    b50 = statistics.median(base50)
    return {
        "p50_ms": round(p50, 4),
        "p99_ms": round(statistics.median(p99s), 4),
        "baseline_re_p50_ms": round(b50, 4),
        "ratio_to_baseline": round(p50 / b50, 1) if b50 else float("nan"),
    }


def bench_cli(n_lines: int, runs: int) -> dict[str, float]:
    texts = corpus(n_lines, 300, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
        )
        walls = []
        for _ in range(runs):
            t0 = time.perf_counter()
            cmd = [sys.executable, "-m", "saferail", "check", "--jsonl", str(src)]
            cmd += ["--out", str(Path(tmp) / "out.jsonl"), "--no-progress"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"saferail check failed: {proc.stderr.strip()}")
        startup = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "saferail", "--version"], capture_output=True)
            startup.append(time.perf_counter() - t0)
    wall = statistics.median(walls)
    return {
        "lines": n_lines,
        "wall_s": round(wall, 3),
        "docs_per_s": round(n_lines / wall),
        "startup_s": round(statistics.median(startup), 3),
        "docs_per_s_excluding_startup": round(n_lines / (wall - statistics.median(startup))),
    }


def without_pii(policy: Policy) -> Policy:
    """The default policy minus the `pii` check: the deterministic foundation pipeline."""
    data = policy.model_dump()
    for surface in ("input", "output", "retrieval", "tool_call"):
        data[surface]["checks"].pop("pii", None)
    return Policy.model_validate(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--messages", type=int, default=400)
    ap.add_argument("--cli-lines", type=int, default=10_000)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    default = Guard()
    results: dict[str, object] = {"policy_version": default.policy_version, "runs": args.runs}
    guards = {"default": default, "no_pii": Guard(without_pii(default.policy))}
    for size in (1024, 10240):
        texts = corpus(args.messages, size)
        for name, guard in guards.items():
            for surface in ("input", "output"):
                for t in texts[:50]:
                    guard.check(t, surface=surface)  # warm-up
                key = f"{name}_{surface}_{size // 1024}KB"
                results[key] = bench_pipeline(guard, surface, texts, args.runs)
                print(f"{key:<24} {results[key]}")
    results["check_cli"] = bench_cli(args.cli_lines, max(1, args.runs // 2 + 1))
    print(f"{'check_cli':<24} {results['check_cli']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
