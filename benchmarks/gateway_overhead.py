"""Added latency of ``saferail serve`` over a mock upstream, and its maximum sustained rps.

Starts (as subprocesses, loopback only) a fast mock OpenAI-compatible upstream
(``_mock_upstream.py``: asyncio, one send per response, TCP_NODELAY) and ``saferail serve`` with
the default policy in front of it. Then, in this process:

1. Open loop: one constant-rate generator (``httpx.AsyncClient``, keep-alive) sends the same
   benign ~300-character non-streaming chat request at each rate, to the upstream directly and
   through the gateway, in alternating 1 s segments (interleaved so both share machine noise).
   Latency is measured from each request's scheduled send time (no coordinated omission).
   Reports p50/p99 for both and the added p50/p99 (gateway - direct).
2. Closed loop through the gateway at increasing concurrency; "sustained" rps = highest achieved
   rps with 0 errors and p99 < 1 s.

Nothing is pinned: the gateway, the mock upstream and this load generator share the machine's
cores (2 here), so the figures are pessimistic for the gateway alone.

    .venv/bin/python benchmarks/gateway_overhead.py [--quick] [--rates 50,100,200,400]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "gateway_overhead.json"
TARGET_P50_MS, TARGET_P99_MS, TARGET_RATE, TARGET_SUSTAINED = 2.0, 5.0, 200, 500.0

PROMPT = (
    "Hello! I'm planning a weekend trip to the mountains with two friends and would like some "
    "help. Could you suggest a simple three-day itinerary with easy hikes, a scenic lunch spot, "
    "and a short packing list for cool autumn weather? We prefer quiet trails, local food, and "
    "early evenings. Please keep the answer brief and friendly."
)
BODY = {
    "model": "mock",
    "messages": [{"role": "user", "content": PROMPT}],
    "max_tokens": 64,
    "stream": False,
}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout_s: float, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited early:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {timeout_s} s:\n{log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def make_client(connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=60
    )
    return httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(10.0))


async def one(client: httpx.AsyncClient, url: str) -> bool:
    try:
        r = await client.post(url, json=BODY)
        return r.status_code == 200 and bool(r.json()["choices"][0]["message"]["content"])
    except (httpx.HTTPError, ValueError, KeyError, IndexError):
        return False


async def warm(client: httpx.AsyncClient, url: str, n: int, conc: int) -> None:
    for _ in range(max(1, n // conc)):
        await asyncio.gather(*(one(client, url) for _ in range(conc)))


async def open_loop(
    client: httpx.AsyncClient, url: str, rate: float, seconds: float, out: dict[str, list]
) -> None:
    """Send at a constant rate for ``seconds``; append latencies (ms, from scheduled time)."""
    loop = asyncio.get_running_loop()
    n = max(1, int(rate * seconds))
    t0 = loop.time() + 0.01
    tasks = []

    async def fire(scheduled: float) -> None:
        ok = await one(client, url)
        end = loop.time()
        if ok:
            out["lat"].append((end - scheduled) * 1000)
        else:
            out["errors"].append(1)

    for i in range(n):
        scheduled = t0 + i / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(scheduled)))
    await asyncio.gather(*tasks)


async def rate_sweep(direct: str, gateway: str, rates: list[int], seconds: float) -> list[dict]:
    rows = []
    segments = max(1, round(seconds))
    seg_s = seconds / segments
    for rate in rates:
        conns = min(16, max(4, rate // 20))  # httpx pools slow down with many connections
        res = {k: {"lat": [], "errors": []} for k in ("direct", "gateway")}
        async with make_client(conns) as cd, make_client(conns) as cg:
            await warm(cd, direct, 2 * conns, conns)
            await warm(cg, gateway, 2 * conns, conns)
            for _ in range(segments):  # alternate D, G, D, G ... to share machine noise
                await open_loop(cd, direct, rate, seg_s, res["direct"])
                await open_loop(cg, gateway, rate, seg_s, res["gateway"])
        row: dict = {"rate_rps": rate, "seconds_each": seconds}
        for k, v in res.items():
            row[k] = {
                "n": len(v["lat"]),
                "errors": len(v["errors"]),
                "p50_ms": round(percentile(v["lat"], 0.50), 3),
                "p99_ms": round(percentile(v["lat"], 0.99), 3),
            }
        row["added_p50_ms"] = round(row["gateway"]["p50_ms"] - row["direct"]["p50_ms"], 3)
        row["added_p99_ms"] = round(row["gateway"]["p99_ms"] - row["direct"]["p99_ms"], 3)
        print(
            f"  {rate:>5} rps  direct p50 {row['direct']['p50_ms']:7.2f} p99 "
            f"{row['direct']['p99_ms']:7.2f} | gateway p50 {row['gateway']['p50_ms']:7.2f} p99 "
            f"{row['gateway']['p99_ms']:7.2f} | added p50 {row['added_p50_ms']:6.2f} p99 "
            f"{row['added_p99_ms']:6.2f} | errors {row['direct']['errors']}/"
            f"{row['gateway']['errors']}",
            flush=True,
        )
        rows.append(row)
    return rows


async def closed_loop(url: str, concurrency: int, seconds: float) -> dict:
    lat: list[float] = []
    errors = 0
    async with make_client(concurrency) as client:
        await warm(client, url, 2 * concurrency, concurrency)
        loop = asyncio.get_running_loop()
        start = loop.time()
        end_at = start + seconds

        async def worker() -> None:
            nonlocal errors
            while loop.time() < end_at:
                t = loop.time()
                ok = await one(client, url)
                if ok:
                    lat.append((loop.time() - t) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = loop.time() - start
    return {
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "completed": len(lat),
        "errors": errors,
        "achieved_rps": round(len(lat) / elapsed, 1),
        "p50_ms": round(percentile(lat, 0.50), 3),
        "p99_ms": round(percentile(lat, 0.99), 3),
    }


async def capacity(url: str, levels: list[int], seconds: float, label: str) -> list[dict]:
    rows = []
    for c in levels:
        row = await closed_loop(url, c, seconds)
        print(
            f"  {label:<8} conc {c:>3}: {row['achieved_rps']:8.1f} rps  p50 {row['p50_ms']:7.2f} "
            f"p99 {row['p99_ms']:7.2f} ms  errors {row['errors']}",
            flush=True,
        )
        rows.append(row)
    return rows


def sustained(rows: list[dict]) -> dict | None:
    ok = [r for r in rows if r["errors"] == 0 and r["p99_ms"] < 1000]
    return max(ok, key=lambda r: r["achieved_rps"]) if ok else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Shorter runs (smoke check).")
    parser.add_argument("--rates", default="50,100,200,400", help="Open-loop rates (rps).")
    parser.add_argument("--concurrency", default="1,2,4,8,16", help="Closed-loop levels.")
    parser.add_argument("--seconds", type=float, default=None, help="Seconds per step.")
    args = parser.parse_args()
    rates = [int(x) for x in args.rates.split(",") if x.strip()]
    levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    seconds = args.seconds or (2.0 if args.quick else 5.0)

    up_port, gw_port = free_port(), free_port()
    direct = f"http://127.0.0.1:{up_port}/v1/chat/completions"
    gateway = f"http://127.0.0.1:{gw_port}/v1/chat/completions"
    saferail = Path(sys.executable).parent / "saferail"
    logdir = Path(tempfile.mkdtemp(prefix="saferail-gwbench-"))
    up_log, gw_log = logdir / "upstream.log", logdir / "gateway.log"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with up_log.open("wb") as f:
            procs.append(
                subprocess.Popen(
                    [sys.executable, str(HERE / "_mock_upstream.py"), "--port", str(up_port)],
                    stdout=f,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_ready(f"http://127.0.0.1:{up_port}/v1/models", 20, procs[0], up_log)
        cmd = [str(saferail), "serve", "--upstream", f"http://127.0.0.1:{up_port}/v1"]
        cmd += ["--port", str(gw_port)]
        with gw_log.open("wb") as f:
            procs.append(subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT))
        wait_ready(f"http://127.0.0.1:{gw_port}/readyz", 60, procs[1], gw_log)
        r = httpx.post(gateway, json=BODY, timeout=10)
        if r.status_code != 200:
            raise RuntimeError(f"gateway refused the benchmark request: {r.status_code} {r.text}")

        cores = os.cpu_count()
        print(f"gateway overhead: {cores} cores, nothing pinned (gateway, mock upstream and load")
        print("generator share the cores); default policy; non-streaming; latency in ms")
        print(f"open loop, {seconds:g} s per target per rate, interleaved 1 s segments:")
        sweep = asyncio.run(rate_sweep(direct, gateway, rates, seconds))
        print(f"closed loop, {seconds:g} s per level:")
        gw_cap = asyncio.run(capacity(gateway, levels, seconds, "gateway"))
        up_cap = asyncio.run(capacity(direct, levels, seconds, "direct"))
    finally:
        for p in reversed(procs):
            stop(p)

    best = sustained(gw_cap)
    best_direct = sustained(up_cap)
    at_target = next((r for r in sweep if r["rate_rps"] == TARGET_RATE), None)
    verdict = {
        "added_p50_ms_at_200rps": at_target and at_target["added_p50_ms"],
        "added_p99_ms_at_200rps": at_target and at_target["added_p99_ms"],
        "p50_met": bool(at_target and at_target["added_p50_ms"] <= TARGET_P50_MS),
        "p99_met": bool(at_target and at_target["added_p99_ms"] <= TARGET_P99_MS),
        "sustained_rps": best and best["achieved_rps"],
        "sustained_met": bool(best and best["achieved_rps"] >= TARGET_SUSTAINED),
    }
    print()
    print(
        f"sustained through gateway: {verdict['sustained_rps']} rps "
        f"(concurrency {best and best['concurrency']}; direct to mock: "
        f"{best_direct and best_direct['achieved_rps']} rps)"
    )
    if at_target:
        print(
            f"at {TARGET_RATE} rps: added p50 {at_target['added_p50_ms']} ms "
            f"(target <= {TARGET_P50_MS}: {'met' if verdict['p50_met'] else 'MISSED'}), "
            f"added p99 {at_target['added_p99_ms']} ms "
            f"(target <= {TARGET_P99_MS}: {'met' if verdict['p99_met'] else 'MISSED'})"
        )
    print(
        f"sustained target >= {TARGET_SUSTAINED:g} rps: "
        f"{'met' if verdict['sustained_met'] else 'MISSED'}"
    )

    result = {
        "benchmark": "gateway_overhead",
        "command": " ".join(["python", "benchmarks/gateway_overhead.py", *sys.argv[1:]]),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "pinned": False,
            "note": "gateway, mock upstream and load generator share the cores",
        },
        "setup": {
            "policy": "default",
            "streaming": False,
            "prompt_chars": len(PROMPT),
            "client": f"httpx {httpx.__version__} AsyncClient, keep-alive",
            "upstream": "benchmarks/_mock_upstream.py (asyncio, TCP_NODELAY, one send/response)",
            "latency_from": "scheduled send time (open loop); request start (closed loop)",
            "seconds_per_step": seconds,
        },
        "targets": {
            "added_p50_ms_at_200rps": TARGET_P50_MS,
            "added_p99_ms_at_200rps": TARGET_P99_MS,
            "sustained_rps": TARGET_SUSTAINED,
        },
        "open_loop": sweep,
        "closed_loop_gateway": gw_cap,
        "closed_loop_direct": up_cap,
        "sustained_gateway": best,
        "sustained_direct": best_direct,
        "verdict": verdict,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
