"""Fuzzing counts (issue 11): inputs tried, crashes and the slowest input per target.

    .venv/bin/python benchmarks/scale_fuzz.py [--fuzz-budget 3000] [--fuzz-http-budget 300]
        [--fuzz-atheris-runs 20000] [--fuzz-seed 0] [--out benchmarks/results/scale_fuzz.json]

Runs the fuzz targets of ``tests/fuzz/targets.py`` (canonicalizer, policy loader, ``check``
JSONL reader, gateway request parser) with Hypothesis, ``--fuzz-budget`` generated inputs
each (generation only: no shrinking, no example database, a fixed seed); the same four
targets coverage-guided with atheris (libFuzzer), ``--fuzz-atheris-runs`` inputs each from
the hand-written seeds of ``tests/fuzz/corpus/``, one process per target
(``tests/fuzz/atheris_run.py``; also reported: ``cov``, the instrumented edges reached,
``ft``, libFuzzer's coverage features, and the inputs it kept; skipped when atheris is not
installed); and schemathesis
against a live gateway on loopback (its own ``/openapi.json``: valid and invalid
chat bodies, ``--fuzz-http-budget`` each) when schemathesis is installed. A *crash* is a
failed property or an unexpected exception; the first three are kept (type, message and a
short ``repr`` of the input). The slowest input: the five slowest of the run are timed
again alone (best of 5), and the slowest of those is reported by time, size and a short
``repr`` (the first-pass maximum is kept too; on a shared machine it is mostly a stall). The CI
tests run the same targets with a small budget (``tests/fuzz``).
``benchmarks/scale.py`` calls :func:`add_arguments` and :func:`run`.
"""

from __future__ import annotations

import argparse
import contextlib
import heapq
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository root: tests.fuzz.targets

DEFAULT_OUT = HERE / "results" / "scale_fuzz.json"
__all__ = ["add_arguments", "main", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fuzz-budget", type=int, default=3000, help="Inputs per target.")
    parser.add_argument(
        "--fuzz-http-budget", type=int, default=300, help="Requests per schemathesis mode."
    )
    parser.add_argument(
        "--fuzz-atheris-runs", type=int, default=20_000, help="atheris inputs per target (0: off)."
    )
    parser.add_argument("--fuzz-seed", type=int, default=0, help="Hypothesis (and libFuzzer) seed.")


class _Tally:
    """Counts what one target saw; never raises, so Hypothesis keeps generating."""

    def __init__(self, target: Callable[[Any], None]) -> None:
        self.target = target
        self.inputs = 0
        self.crashes = 0
        self.examples: list[dict[str, str]] = []
        self.slow: list[tuple[float, int, Any]] = []  # a min-heap of the 5 slowest
        self.seconds = 0.0

    def __call__(self, value: Any) -> None:
        self.inputs += 1
        t0 = time.perf_counter()
        try:
            self.target(value)
        except Exception as exc:
            self.crashes += 1
            if len(self.examples) < 3:
                msg = str(exc).splitlines()[0][:120] if str(exc) else ""
                self.examples.append(
                    {"error": type(exc).__name__, "message": msg, "input": _short(value)}
                )
        took = time.perf_counter() - t0
        self.seconds += took
        entry = (took, self.inputs, value)
        if len(self.slow) < 5:
            heapq.heappush(self.slow, entry)
        elif took > self.slow[0][0]:
            heapq.heapreplace(self.slow, entry)

    def _retime(self, value: Any) -> float:
        """The best of 5 runs of one input: its own cost, without the machine's stalls."""
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            with contextlib.suppress(Exception):
                self.target(value)
            best = min(best, time.perf_counter() - t0)
        return best

    def figures(self) -> dict[str, Any]:
        """Counts, and the slowest input: the 5 slowest of the run, re-timed alone."""
        first = max((t for t, _, _ in self.slow), default=0.0)
        retimed = [(self._retime(v), v) for _, _, v in self.slow]
        took, value = max(retimed, key=lambda tv: tv[0], default=(0.0, None))
        return {
            "inputs": self.inputs,
            "crashes": self.crashes,
            "crash_examples": self.examples,
            "slowest_ms": round(took * 1000, 2),
            "slowest_first_pass_ms": round(first * 1000, 2),
            "slowest_input_size": len(value) if isinstance(value, str | bytes) else None,
            "slowest_input": None if value is None else _short(value),
            "mean_ms": round(1000 * self.seconds / self.inputs, 3) if self.inputs else None,
        }


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def _drive(strategy: Any, tally: Callable[[Any], None], budget: int, seed: int) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    @hseed(seed)
    @settings(
        max_examples=budget,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def loop(value: Any) -> None:
        tally(value)

    loop()


def _targets(budget: int, seed: int) -> dict[str, Any]:
    from tests.fuzz.targets import TARGETS

    out: dict[str, Any] = {}
    for name, (strategy, target) in TARGETS.items():
        tally = _Tally(target)
        t0 = time.perf_counter()
        _drive(strategy, tally, budget, seed)
        out[name] = {**tally.figures(), "wall_s": round(time.perf_counter() - t0, 2)}
        print(f"  {name:16s} {_line(out[name])}", flush=True)
    return out


def _atheris(runs: int, seed: int) -> dict[str, Any]:
    """The four targets under atheris, one subprocess each (``Fuzz()`` ends in sys.exit)."""
    import tempfile

    from tests.fuzz.atheris_run import TARGETS, atheris_available, run_atheris

    if runs <= 0:
        return {"skipped": "atheris runs set to 0"}
    if not atheris_available():
        return {"skipped": "atheris is not installed (dev extra, Python < 3.12)"}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="saferail-atheris-") as tmp:
        for name in TARGETS:
            row = run_atheris(name, Path(tmp), runs=runs, seed=seed + 1, wall_s=1800)
            fuzzer = row.get("libfuzzer", {})
            out[f"atheris_{name}"] = {
                "engine": "atheris",
                "inputs": row["inputs"],
                "crashes": row["crashes"] + (1 if row["hang"] else 0),
                "crash_examples": row["crash_examples"],
                "hang": row["hang"],
                "slowest_ms": row.get("slowest_ms") or 0.0,
                "slowest_first_pass_ms": row.get("slowest_first_pass_ms"),
                "slowest_input_size": row.get("slowest_input_size"),
                "slowest_input": row.get("slowest_input"),
                "mean_ms": row.get("mean_ms"),
                "coverage": {
                    "cov": fuzzer.get("cov"),
                    "ft": fuzzer.get("ft"),
                    "corpus_inputs": fuzzer.get("corpus_inputs"),
                    "new_units_added": row["libfuzzer_stats"].get("new_units_added"),
                },
                "exit_code": row["exit_code"],
                "fuzzing_s": row.get("wall_s"),
                "wall_s": row["process_wall_s"],
            }
            cov = out[f"atheris_{name}"]["coverage"]
            print(
                f"  {'atheris ' + name[:8]:16s} {_line(out[f'atheris_{name}'])}, "
                f"cov {cov['cov']} ft {cov['ft']}",
                flush=True,
            )
    return out


def _http(budget: int, seed: int) -> dict[str, Any]:
    """schemathesis against a live gateway in front of a healthy mock upstream."""
    try:
        import schemathesis
        from schemathesis import GenerationMode
    except ImportError:
        return {"skipped": "schemathesis is not installed"}
    from saferail import Guard
    from saferail.gateway import GatewayConfig, create_app
    from saferail.targets import OpenAITarget
    from tests.gateway.conftest import serve_in_thread
    from tests.gateway.test_openapi import CHECKS, HealthyUpstream

    mock = HealthyUpstream()
    mock.start()
    guard = Guard()
    upstream = OpenAITarget(mock.url, "mock-model", timeout_s=5.0, max_retries=0)
    server, thread, port = serve_in_thread(
        create_app(guard, upstream, config=GatewayConfig(hold_back_chars=8))
    )
    base = f"http://127.0.0.1:{port}"
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")  # the gateway's own
    operation = schema["/v1/chat/completions"]["POST"]
    out: dict[str, Any] = {}
    try:
        for mode in ("positive", "negative"):
            statuses: dict[str, int] = {}

            def call(case: Any, statuses: dict[str, int] = statuses) -> None:
                response = case.call(base_url=base, timeout=10)
                key = str(response.status_code)
                statuses[key] = statuses.get(key, 0) + 1
                case.validate_response(response, checks=CHECKS)

            tally = _Tally(call)
            t0 = time.perf_counter()
            strategy = operation.as_strategy(generation_mode=GenerationMode(mode))
            _drive(strategy, tally, budget, seed)
            counted = dict(sorted(statuses.items()))  # before the re-timing calls
            figures = tally.figures()
            figures.pop("slowest_input_size")
            figures["slowest_input"] = "(a generated request)"
            out[f"gateway_http_{mode}"] = {
                **figures,
                "statuses": counted,
                "wall_s": round(time.perf_counter() - t0, 2),
            }
            print(f"  {'http ' + mode:16s} {_line(out[f'gateway_http_{mode}'])}", flush=True)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        mock.stop()
        guard.close()
    return out


def _line(row: dict[str, Any]) -> str:
    return (
        f"{row['inputs']:6d} inputs, {row['crashes']} crashes, slowest {row['slowest_ms']} ms "
        f"({row['slowest_input']}), {row['wall_s']} s"
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The fuzzing figures as a dict (and one line per target on stdout)."""
    import logging

    logging.getLogger("saferail").setLevel(logging.ERROR)  # expected upstream/check warnings
    targets = _targets(args.fuzz_budget, args.fuzz_seed)
    atheris = _atheris(args.fuzz_atheris_runs, args.fuzz_seed)
    http = _http(args.fuzz_http_budget, args.fuzz_seed)
    rows = {**targets, **{k: v for k, v in {**atheris, **http}.items() if isinstance(v, dict)}}
    slowest = max(rows.items(), key=lambda kv: kv[1]["slowest_ms"])
    return {
        "targets": rows,
        "totals": {
            "inputs": sum(r["inputs"] for r in rows.values()),
            "crashes": sum(r["crashes"] for r in rows.values()),
            "slowest": {"target": slowest[0], "ms": slowest[1]["slowest_ms"]},
        },
        "notes": [n for n in (atheris.get("skipped"), http.get("skipped")) if n] or None,
        "settings": {
            "budget_per_target": args.fuzz_budget,
            "atheris_runs_per_target": args.fuzz_atheris_runs,
            "http_budget_per_mode": args.fuzz_http_budget,
            "seed": args.fuzz_seed,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_arguments(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    result = run(args)
    t = result["totals"]
    print(
        f"total: {t['inputs']} inputs, {t['crashes']} crashes, slowest input "
        f"{t['slowest']['ms']} ms ({t['slowest']['target']})"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
