"""Scale figures (issue 11): how saferail's components grow past one process.

    .venv/bin/python benchmarks/scale.py [--only ray] [--out benchmarks/results/scale.json]
        ray:  [--cases 2000] [--latency-ms 20] [--concurrency 8,64] [--passes 3]
              [--chunk-size 32] [--workers 1,2]

Each section is a :class:`Section` in ``SECTIONS`` (its own command-line options and a
``run(args) -> dict`` returning its figures); ``--only`` picks sections (default: all).
Results are merged into ``--out`` by section, so running one section keeps the others'
figures. Sections other owners add: gateway rps with 1 vs 2 replicas, fuzzing counts.

**ray** — eval throughput (cases/s) of ``Runner.run()`` with the local executor and with the
Ray executor running 1 and 2 tasks at once (``RayExecutor(workers=W)``) on one local cluster
of 2 CPUs. Target: an OpenAI-compatible mock on loopback in its own process
(``_latency_upstream.py``) that answers every call after ``--latency-ms``; suite: ``--cases``
generated ``expected: comply`` cases scored by the default ``refusal`` scorer; cache off; a
fresh SQLite store per pass; ``--concurrency`` cases in flight (per Ray worker: the
executor's documented meaning). The first run of each mode (256 cases: worker processes
start, the target is built on them) is reported apart; then ``--passes`` warm passes of every
mode, interleaved with the order rotating, so the modes share the machine's noise.
Throughput is N / wall time of ``run()``, median of the passes; every pass is checked (N
results, no errors). The machine has 2 cores shared with other work: the load average is
recorded beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "scale.json"


@dataclass(frozen=True)
class Section:
    """One part of the benchmark: its options and how to measure it."""

    name: str
    summary: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], dict[str, Any]]


SECTIONS: dict[str, Section] = {}


def section(name: str, summary: str, add_arguments: Callable[[argparse.ArgumentParser], None]):  # type: ignore[no-untyped-def]
    """Register ``run(args) -> dict`` as section ``name``."""

    def register(run: Callable[[argparse.Namespace], dict[str, Any]]) -> Callable[..., Any]:
        SECTIONS[name] = Section(name, summary, add_arguments, run)
        return run

    return register


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


# -- ray: eval throughput, local vs Ray ---------------------------------------------------------


def _ray_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("ray")
    group.add_argument("--cases", type=int, default=2000, help="Cases per pass.")
    group.add_argument("--latency-ms", type=float, default=20.0, help="Mock per-call latency.")
    group.add_argument("--concurrency", default="8,64", help="Cases in flight (per worker).")
    group.add_argument("--passes", type=int, default=3, help="Warm passes per mode.")
    group.add_argument(
        "--chunk-size", type=int, default=None, help="Cases per Ray task (default: the executor's)."
    )
    group.add_argument("--workers", default="1,2", help="Ray worker CPUs to measure.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _upstream(latency_ms: float) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "_latency_upstream.py"),
            "--port",
            str(port),
            "--latency-ms",
            str(latency_ms),
        ],
        cwd=HERE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the mock upstream did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _suite(n: int) -> Any:
    from saferail.evals import Suite

    cases = [
        {
            "id": f"case-{i:06d}",
            "prompt": f"Give me a tip for a picnic, idea {i}.",
            "expected": "comply",
            "category": f"c{i % 4}",
        }
        for i in range(n)
    ]
    return Suite(name="scale", cases=cases, params={"temperature": 0, "max_tokens": 32})


def _one_run(suite: Any, url: str, concurrency: int, executor: Any = None) -> float:
    """Seconds of one ``Runner.run()`` (fresh store, cache off), checked."""
    from saferail.evals import RunStore
    from saferail.evals.runner import RunConfig, Runner
    from saferail.targets.spec import target_from_spec

    target = target_from_spec(url, model="mock", max_concurrency=concurrency)
    config = RunConfig(concurrency=concurrency, use_cache=False)
    with tempfile.TemporaryDirectory() as tmp, RunStore(Path(tmp) / "runs.db") as store:
        runner = Runner(suite, target, store, config, target_spec=url, executor=executor)

        async def go() -> Any:
            try:
                return await runner.run()
            finally:
                await target.aclose()

        started = time.perf_counter()
        info = asyncio.run(go())
        seconds = time.perf_counter() - started
        results = store.results(info.run_id)
    errors = [r.error for r in results if r.error]
    if len(results) != len(suite.cases) or errors:
        raise RuntimeError(f"{len(results)} results, {len(errors)} errors: {errors[:1]}")
    return seconds


def _rates(n: int, seconds: list[float]) -> dict[str, Any]:
    return {
        "cases_per_s": round(n / statistics.median(seconds), 1),
        "passes_cases_per_s": [round(n / s, 1) for s in seconds],
    }


def _measure(args: argparse.Namespace, url: str, c: int, ray: Any) -> dict[str, Any]:
    """Warm passes of every mode at concurrency ``c``, interleaved (the order rotates each
    pass) so that the modes share the machine's noise."""
    from saferail.evals.executors import TargetRecipe
    from saferail.evals.executors.ray_executor import RayExecutor

    suite = _suite(args.cases)
    recipe = TargetRecipe(spec=url, model="mock", options={"max_concurrency": c})
    modes: dict[str, Any] = {"local": None}
    for w in _ints(args.workers):
        modes[f"ray_{w}"] = RayExecutor(recipe, workers=w, chunk_size=args.chunk_size)
    cold: dict[str, float] = {}
    for name, executor in modes.items():  # first runs: worker processes start, targets build
        cold[name] = _one_run(_suite(256), url, c, executor)
    seconds: dict[str, list[float]] = {name: [] for name in modes}
    names = list(modes)
    for i in range(args.passes):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            seconds[name].append(_one_run(suite, url, c, modes[name]))
    out: dict[str, Any] = {}
    base = args.cases / statistics.median(seconds["local"])
    for name in names:
        out[name] = {
            **_rates(args.cases, seconds[name]),
            "first_run_256_cases_s": round(cold[name], 2),
        }
        out[name]["vs_local"] = round(out[name]["cases_per_s"] / base, 2)
        line = ", ".join(f"{x:.0f}" for x in out[name]["passes_cases_per_s"])
        print(
            f"  c={c:<4} {name:<8} {out[name]['cases_per_s']:8.0f} cases/s "
            f"x{out[name]['vs_local']:.2f}  (passes: {line})",
            flush=True,
        )
    return out


@section("ray", "eval throughput: local executor vs Ray with 1 and 2 workers", _ray_arguments)
def ray_section(args: argparse.Namespace) -> dict[str, Any]:
    import ray

    workers = _ints(args.workers)
    load_before = os.getloadavg()
    started = time.perf_counter()
    ray.init(
        num_cpus=max(workers),
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=128 * 1024 * 1024,
        configure_logging=False,
    )
    cluster_start = time.perf_counter() - started
    figures: dict[str, Any] = {}
    try:
        with _upstream(args.latency_ms) as url:
            _one_run(_suite(64), url, 8)  # warm the mock and the imports
            for c in _ints(args.concurrency):
                figures[f"concurrency_{c}"] = _measure(args, url, c, ray)
    finally:
        ray.shutdown()
    return {
        "cases": args.cases,
        "latency_ms": args.latency_ms,
        "passes": args.passes,
        "chunk_size": args.chunk_size or "executor default: 8 x concurrency, at least 32",
        "cluster": f"local, num_cpus={max(workers)}; ray_W caps running tasks at W",
        "cluster_start_s": round(cluster_start, 2),
        "scorer": "refusal (default for expected: comply)",
        "store": "SQLite (fresh per pass)",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "throughput": figures,
    }


# -- the gateway and fuzzing sections live in their own scripts ---------------------------------


def _register_siblings() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale_fuzz
    import scale_gateway

    SECTIONS["gateway"] = Section(
        "gateway",
        "gateway rps with 1 vs 2 replicas, with and without Redis state",
        scale_gateway.add_arguments,
        scale_gateway.run,
    )
    SECTIONS["fuzz"] = Section(
        "fuzz",
        "fuzzing counts: inputs tried, crashes, slowest input",
        scale_fuzz.add_arguments,
        scale_fuzz.run,
    )


# -- main ---------------------------------------------------------------------------------------


def main() -> None:
    _register_siblings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help=f"Sections: {', '.join(SECTIONS)}.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    for sec in SECTIONS.values():
        sec.add_arguments(parser)
    args = parser.parse_args()
    wanted = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)} (known: {', '.join(SECTIONS)})")
    results: dict[str, Any] = {}
    if args.out.exists():
        results = json.loads(args.out.read_text())
    results.setdefault("sections", {})
    for name in wanted:
        print(f"{name}: {SECTIONS[name].summary}", flush=True)
        figures = SECTIONS[name].run(args)
        figures["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        figures["machine"] = {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        }
        results["sections"][name] = figures
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
