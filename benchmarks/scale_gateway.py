"""Gateway throughput with 1 vs 2 replicas, with and without shared state in Redis (issue 11).

    .venv/bin/python benchmarks/scale_gateway.py [--gw-seconds 3] [--gw-rounds 3]
        [--gw-concurrency 16] [--gw-no-state] [--out benchmarks/results/scale_gateway.json]

Starts, as subprocesses on loopback: the fast mock upstream (``_mock_upstream.py``), two
``saferail serve`` replicas with the default policy and in-process state, and, unless
``--gw-no-state``, a private ``redis-server`` (free port, no persistence) with two more
replicas using ``--state redis://...`` and ``--rate-limit 1000000`` (so every request runs
the shared Lua token bucket without being limited). Then a closed-loop load generator
(``gateway_overhead.LoadClient``: raw keep-alive HTTP/1.1, one pre-encoded benign ~300
character non-streaming request) keeps ``--gw-concurrency`` requests in flight, sending
request *k* to replica *k mod n* (round robin), for ``--gw-seconds`` per segment. Segments
cycle through the configurations ``--gw-rounds`` times (interleaved, so they share machine
noise); each configuration's rps is the median of its segments, and its gateway CPU per
request is the replicas' CPU time (``/proc``) over the requests served.

Nothing is pinned: the replicas, the mock upstream and the load generator share the
machine's cores (2 here), so 2 replicas cannot double the rps of 1 when one replica already
keeps a core busy; CPU per request is the figure to size with (requests/s per core =
1000 / cpu_ms). ``benchmarks/scale.py`` calls :func:`add_arguments` and :func:`run`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gateway_overhead as go  # noqa: E402  (the load generator and process helpers)

DEFAULT_OUT = HERE / "results" / "scale_gateway.json"
__all__ = ["add_arguments", "main", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gw-seconds", type=float, default=3.0, help="Seconds per segment.")
    parser.add_argument("--gw-rounds", type=int, default=3, help="Segments per configuration.")
    parser.add_argument("--gw-concurrency", type=int, default=16, help="Requests in flight.")
    parser.add_argument(
        "--gw-no-state", action="store_true", help="Skip the replicas with Redis state."
    )


@contextlib.contextmanager
def _process(cmd: list[str], log: Path, ready_url: str | None) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        if ready_url is not None:
            go.wait_ready(ready_url, 90.0, proc, log)
        yield proc
    finally:
        go.stop(proc)


def _redis(tmp: Path, stack: contextlib.ExitStack) -> str | None:
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    port = go.free_port()
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    cmd += ["--appendonly", "no", "--dir", str(tmp)]
    stack.enter_context(_process(cmd, tmp / "redis.log", None))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            import socket

            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def _replica(upstream: str, extra: list[str], tmp: Path, stack: contextlib.ExitStack) -> Any:
    port = go.free_port()
    saferail = Path(sys.executable).parent / "saferail"
    cmd = [str(saferail), "serve", "--upstream", upstream, "--port", str(port), *extra]
    log = tmp / f"serve-{port}.log"
    proc = stack.enter_context(_process(cmd, log, f"http://127.0.0.1:{port}/healthz"))
    return {"url": f"http://127.0.0.1:{port}/v1/chat/completions", "pid": proc.pid}


async def _segment(
    clients: list[go.LoadClient], concurrency: int, seconds: float
) -> tuple[int, int, float]:
    """(ok, errors, elapsed) of a round-robin closed loop over ``clients``."""
    ok = errors = 0
    turn = itertools.count()
    clock = time.perf_counter
    start = clock()
    end_at = start + seconds

    async def worker() -> None:
        nonlocal ok, errors
        while clock() < end_at:
            if await clients[next(turn) % len(clients)].post():
                ok += 1
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ok, errors, clock() - start


async def _measure(
    configs: dict[str, list[dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    body = json.dumps(go.BODY).encode()
    clients = {
        name: [go.LoadClient(r["url"], body) for r in reps] for name, reps in configs.items()
    }
    for group in clients.values():  # warm every replica and connection pool
        for client in group:
            await go.warm(client, 4 * args.gw_concurrency, args.gw_concurrency)
    acc: dict[str, dict[str, Any]] = {
        name: {"rps": [], "errors": 0, "requests": 0, "cpu_s": 0.0} for name in configs
    }
    for _ in range(args.gw_rounds):
        for name, group in clients.items():
            pids = [r["pid"] for r in configs[name]]
            cpu0 = sum(go.tree_cpu_s(p) for p in pids)
            ok, errors, elapsed = await _segment(group, args.gw_concurrency, args.gw_seconds)
            acc[name]["cpu_s"] += sum(go.tree_cpu_s(p) for p in pids) - cpu0
            acc[name]["rps"].append(ok / elapsed)
            acc[name]["errors"] += errors
            acc[name]["requests"] += ok
    for group in clients.values():
        for client in group:
            client.close()
    out: dict[str, Any] = {}
    for name, a in acc.items():
        cpu_ms = 1000.0 * a["cpu_s"] / a["requests"] if a["requests"] else None
        out[name] = {
            "replicas": len(configs[name]),
            "rps_median": round(statistics.median(a["rps"]), 1),
            "rps_segments": [round(x, 1) for x in a["rps"]],
            "errors": a["errors"],
            "gateway_cpu_ms_per_request": None if cpu_ms is None else round(cpu_ms, 3),
            "rps_per_core": None if not cpu_ms else round(1000.0 / cpu_ms, 1),
        }
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start everything, measure, stop everything; the figures as a dict."""
    with (
        tempfile.TemporaryDirectory(prefix="saferail-scale-gw-") as raw,
        contextlib.ExitStack() as stack,
    ):
        tmp = Path(raw)
        up_port = go.free_port()
        mock = [sys.executable, str(HERE / "_mock_upstream.py"), "--port", str(up_port)]
        stack.enter_context(
            _process(mock, tmp / "mock.log", f"http://127.0.0.1:{up_port}/v1/models")
        )
        upstream = f"http://127.0.0.1:{up_port}/v1"
        plain = [_replica(upstream, [], tmp, stack) for _ in range(2)]
        configs = {"1 replica": plain[:1], "2 replicas": plain}
        redis_url = None if args.gw_no_state else _redis(tmp, stack)
        if redis_url is not None:
            extra = ["--state", redis_url, "--rate-limit", "1000000"]
            shared = [_replica(upstream, extra, tmp, stack) for _ in range(2)]
            configs["1 replica, Redis state"] = shared[:1]
            configs["2 replicas, Redis state"] = shared
        figures = go.run_async(_measure(configs, args))
    one, two = figures["1 replica"]["rps_median"], figures["2 replicas"]["rps_median"]
    return {
        "configurations": figures,
        "speedup_2_vs_1": round(two / one, 2) if one else None,
        "settings": {
            "seconds_per_segment": args.gw_seconds,
            "rounds": args.gw_rounds,
            "concurrency": args.gw_concurrency,
            "request": "benign ~300-character non-streaming chat completion, default policy",
        },
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_arguments(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    result = run(args)
    for name, row in result["configurations"].items():
        print(
            f"{name:26s} {row['rps_median']:8.1f} rps (median of {row['rps_segments']}), "
            f"errors {row['errors']}, gateway cpu {row['gateway_cpu_ms_per_request']} ms/req "
            f"= {row['rps_per_core']} rps/core",
            flush=True,
        )
    print(f"2 vs 1 replicas: x{result['speedup_2_vs_1']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
