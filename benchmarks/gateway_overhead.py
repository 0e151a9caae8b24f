"""Added latency of ``saferail serve`` over a mock upstream, and its maximum sustained rps.

Starts (as subprocesses, loopback only) a fast mock OpenAI-compatible upstream
(``_mock_upstream.py``: asyncio/uvloop, one send per response, TCP_NODELAY) and ``saferail serve``
with the default policy in front of it. Then, in this process:

1. Open loop: one constant-rate generator sends the same benign ~300-character non-streaming
   chat request at each rate, to the upstream directly and through the gateway, in alternating
   1 s segments (interleaved so both share machine noise). Latency is measured from each
   request's scheduled send time (no coordinated omission). Reports p50/p99 for both, the
   added p50/p99 (gateway - direct), the gateway's CPU time per request and the time per
   request its threads spent runnable but waiting for a CPU (``schedstat``).
2. Closed loop at increasing concurrency, through the gateway and directly, alternating
   segments; "sustained" rps = highest achieved rps with 0 errors and p99 < 1 s. The direct
   figure is what the load generator can drive at all: the gateway cannot be measured above it.

The load generator is a raw keep-alive HTTP/1.1 client on asyncio streams (uvloop when
installed) sending one pre-encoded request, so it costs far less CPU per request than the
gateway. Nothing is pinned: the gateway, the mock upstream and this load generator share the
machine's cores (2 here), so the figures are pessimistic for the gateway alone. CPU time per
request (from /proc) is less sensitive to other load on the machine than latency is.

    .venv/bin/python benchmarks/gateway_overhead.py [--quick] [--rates 50,100,200,400]
    .venv/bin/python benchmarks/gateway_overhead.py --serve-arg=--workers --serve-arg=2

``--loop``/``--http``/``--upstream-client`` start the gateway app through a small launcher
instead of ``saferail serve`` (for ablations); ``--step NAME`` then records a summary under
``steps`` in the results file instead of replacing the main result. ``--clients`` measures
only the CPU per request of httpx, aiohttp and a raw asyncio client against the mock.
``--asgi`` measures only the gateway app's CPU per request in this process (called over
ASGI, no HTTP server, real upstream client to the mock), in alternating blocks: the
chat-completions fast path on and off, and with the OpenAPI document built or not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "gateway_overhead.json"
TARGET_P50_MS, TARGET_P99_MS, TARGET_RATE, TARGET_SUSTAINED = 2.0, 5.0, 200, 500.0
TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")
IDLE_S = 3.0  # the load generator reuses a keep-alive connection idle for less than this

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

# Starts the gateway app with an explicit event loop, HTTP parser and upstream client.
LAUNCHER = """
import sys, uvicorn
from saferail import Guard
from saferail.gateway import create_app
from saferail.targets import OpenAITarget
loop, http, client, upstream, port = sys.argv[1:6]
options = {}
if client == "httpx":
    import httpx
    options["transport"] = httpx.AsyncHTTPTransport()
target = OpenAITarget(upstream, "default", None, timeout_s=60.0, max_retries=2, **options)
uvicorn.run(create_app(Guard(), target), host="127.0.0.1", port=int(port), loop=loop,
            http=http, log_level="warning", access_log=False)
"""


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- processes -----------------------------------------------------------------------------


def wait_ready(url: str, timeout_s: float, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited early:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1.0) as r:
            if r.status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {timeout_s} s:\n{log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants (Linux /proc)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) * TICK_S)
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += stats.get(current, (0, 0.0))[1]
        todo += [p for p, (ppid, _) in stats.items() if ppid == current]
    return total


def tree_run_delay_s(pid: int) -> float:
    """Seconds that ``pid``, its descendants and their threads spent runnable but waiting
    for a CPU (Linux ``/proc/<pid>/task/<tid>/schedstat``, second field): the scheduling
    delay in the gateway's latency."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                raw = (entry / "stat").read_text()
                parents[int(entry.name)] = int(raw[raw.rindex(")") + 2 :].split()[1])
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    total += int((task / "schedstat").read_text().split()[1]) / 1e9
        todo += [p for p, ppid in parents.items() if ppid == current]
    return total


def self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- load generator ------------------------------------------------------------------------


class LoadClient:
    """Keep-alive HTTP/1.1 POSTs of one pre-encoded request to one URL over a growing pool of
    raw asyncio connections (each in-flight request holds one connection)."""

    def __init__(self, url: str, body: bytes) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        head = (
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.request = head.encode() + body
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self.failures: dict[str, int] = {}

    def _failed(self, kind: str) -> bool:
        self.failures[kind] = self.failures.get(kind, 0) + 1
        return False

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reader, writer

    def _reuse(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """The most recently used idle connection; ones idle for longer than servers keep
        them (uvicorn: 5 s) are closed instead."""
        now = time.monotonic()
        while self.idle:
            reader, writer, last = self.idle.pop()
            if now - last < IDLE_S:
                return reader, writer
            writer.close()
        return None

    async def post(self) -> bool:
        """One request; True for an HTTP 200 chat completion with text."""
        try:
            conn = self._reuse() or await self._connect()
        except OSError as exc:
            return self._failed(f"connect: {type(exc).__name__}")
        reader, writer = conn
        try:
            writer.write(self.request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            lower = head.lower()
            at = lower.index(b"\r\ncontent-length:") + 17
            body = await reader.readexactly(int(lower[at : lower.index(b"\r\n", at)]))
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            writer.close()
            return self._failed(type(exc).__name__)
        if b"\r\nconnection: close" in lower:
            writer.close()
        else:
            self.idle.append((reader, writer, time.monotonic()))
        if status != 200:
            try:
                code = json.loads(body)["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = body[:80].decode(errors="replace")
            return self._failed(f"HTTP {status} {code}")
        try:
            return bool(json.loads(body)["choices"][0]["message"]["content"])
        except (ValueError, KeyError, IndexError, TypeError):
            return self._failed("not a completion")

    def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()
        self.idle.clear()


async def warm(client: LoadClient, n: int, conc: int) -> None:
    for _ in range(max(1, n // conc)):
        await asyncio.gather(*(client.post() for _ in range(conc)))


async def open_loop(client: LoadClient, rate: float, seconds: float, out: dict[str, Any]) -> None:
    """Send at a constant rate for ``seconds``; append latencies (ms, from scheduled time)."""
    clock = time.perf_counter  # uvloop's loop.time() has millisecond resolution
    n = max(1, int(rate * seconds))
    t0 = clock() + 0.005
    tasks = []

    async def fire(scheduled: float) -> None:
        ok = await client.post()
        if ok:
            out["lat"].append((clock() - scheduled) * 1000)
        else:
            out["errors"] += 1

    for i in range(n):
        scheduled = t0 + i / rate
        delay = scheduled - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(scheduled)))
    await asyncio.gather(*tasks)


def summary(lat: list[float], errors: int) -> dict[str, Any]:
    return {
        "n": len(lat),
        "errors": errors,
        "p50_ms": round(percentile(lat, 0.50), 3),
        "p99_ms": round(percentile(lat, 0.99), 3),
    }


async def rate_sweep(
    direct: str, gateway: str, gw_pid: int, rates: list[int], seconds: float
) -> list[dict[str, Any]]:
    rows = []
    body = json.dumps(BODY).encode()
    segments = max(1, round(seconds))
    seg_s = seconds / segments
    for rate in rates:
        res: dict[str, dict[str, Any]] = {
            k: {"lat": [], "errors": 0} for k in ("direct", "gateway")
        }
        cd, cg = LoadClient(direct, body), LoadClient(gateway, body)
        await warm(cd, 64, 8)
        await warm(cg, 64, 8)
        gw_cpu = gw_wait = 0.0
        for _ in range(segments):  # alternate D, G, D, G ... to share machine noise
            await open_loop(cd, rate, seg_s, res["direct"])
            c0, w0 = tree_cpu_s(gw_pid), tree_run_delay_s(gw_pid)
            await open_loop(cg, rate, seg_s, res["gateway"])
            gw_cpu += tree_cpu_s(gw_pid) - c0
            gw_wait += tree_run_delay_s(gw_pid) - w0
        cd.close()
        cg.close()
        if cd.failures or cg.failures:
            print(f"  failures: direct {cd.failures} gateway {cg.failures}", flush=True)
        row: dict[str, Any] = {"rate_rps": rate, "seconds_each": seconds}
        for k, v in res.items():
            row[k] = summary(v["lat"], v["errors"])
        row["added_p50_ms"] = round(row["gateway"]["p50_ms"] - row["direct"]["p50_ms"], 3)
        row["added_p99_ms"] = round(row["gateway"]["p99_ms"] - row["direct"]["p99_ms"], 3)
        done = row["gateway"]["n"] + row["gateway"]["errors"]
        row["gateway_cpu_ms_per_request"] = round(1000 * gw_cpu / max(1, done), 3)
        row["gateway_cpu_wait_ms_per_request"] = round(1000 * gw_wait / max(1, done), 3)
        print(
            f"  {rate:>5} rps  direct p50 {row['direct']['p50_ms']:7.2f} p99 "
            f"{row['direct']['p99_ms']:7.2f} | gateway p50 {row['gateway']['p50_ms']:7.2f} p99 "
            f"{row['gateway']['p99_ms']:7.2f} | added p50 {row['added_p50_ms']:6.2f} p99 "
            f"{row['added_p99_ms']:6.2f} | gateway cpu "
            f"{row['gateway_cpu_ms_per_request']:.2f} ms/req, waiting for a CPU "
            f"{row['gateway_cpu_wait_ms_per_request']:.2f} ms/req | errors "
            f"{row['direct']['errors']}/{row['gateway']['errors']}",
            flush=True,
        )
        rows.append(row)
    return rows


async def closed_loop(client: LoadClient, concurrency: int, seconds: float) -> dict[str, Any]:
    lat: list[float] = []
    errors = 0
    clock = time.perf_counter
    start = clock()
    end_at = start + seconds

    async def worker() -> None:
        nonlocal errors
        while clock() < end_at:
            t = clock()
            if await client.post():
                lat.append((clock() - t) * 1000)
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = clock() - start
    return {"lat": lat, "errors": errors, "elapsed": elapsed}


async def capacity(
    direct: str, gateway: str, pids: dict[str, int], levels: list[int], seconds: float, reps: int
) -> dict[str, list[dict[str, Any]]]:
    """Closed loop per concurrency level, gateway and direct segments alternating ``reps``
    times; achieved rps is the median over the segments, latencies are pooled."""
    body = json.dumps(BODY).encode()
    out: dict[str, list[dict[str, Any]]] = {"gateway": [], "direct": []}
    for c in levels:
        clients = {"gateway": LoadClient(gateway, body), "direct": LoadClient(direct, body)}
        for client in clients.values():
            await warm(client, 4 * c, c)
        acc: dict[str, dict[str, Any]] = {
            k: {"lat": [], "errors": 0, "rps": [], "cpu": 0.0, "gen_cpu": 0.0} for k in clients
        }
        for _ in range(reps):
            for name, client in clients.items():
                c0, g0 = tree_cpu_s(pids[name]), self_cpu_s()
                seg = await closed_loop(client, c, seconds)
                a = acc[name]
                a["cpu"] += tree_cpu_s(pids[name]) - c0
                a["gen_cpu"] += self_cpu_s() - g0
                a["lat"] += seg["lat"]
                a["errors"] += seg["errors"]
                a["rps"].append(len(seg["lat"]) / seg["elapsed"])
        for name, client in clients.items():
            client.close()
            if client.failures:
                print(f"  {name} failures: {client.failures}", flush=True)
            a = acc[name]
            done = max(1, len(a["lat"]) + a["errors"])
            row = {
                "concurrency": c,
                "segments": reps,
                "seconds_each": seconds,
                "completed": len(a["lat"]),
                "errors": a["errors"],
                "achieved_rps": round(statistics.median(a["rps"]), 1),
                "achieved_rps_segments": [round(x, 1) for x in a["rps"]],
                "p50_ms": round(percentile(a["lat"], 0.50), 3),
                "p99_ms": round(percentile(a["lat"], 0.99), 3),
                f"{'gateway' if name == 'gateway' else 'upstream'}_cpu_ms_per_request": round(
                    1000 * a["cpu"] / done, 3
                ),
                "load_generator_cpu_ms_per_request": round(1000 * a["gen_cpu"] / done, 3),
            }
            out[name].append(row)
            print(
                f"  {name:<8} conc {c:>3}: {row['achieved_rps']:8.1f} rps  p50 "
                f"{row['p50_ms']:7.2f} p99 {row['p99_ms']:7.2f} ms  errors {row['errors']}",
                flush=True,
            )
    return out


def sustained(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    ok = [r for r in rows if r["errors"] == 0 and r["p99_ms"] < 1000]
    return max(ok, key=lambda r: r["achieved_rps"]) if ok else None


async def asgi_costs(url: str, blocks: int, per_block: int) -> dict[str, Any]:
    """CPU microseconds per request of the gateway app called over ASGI in this process
    (thread CPU time), for three apps built alike: ``fast`` (the fast path), ``router``
    (the fast path off: FastAPI's middleware stack and router), ``fast+openapi`` (the
    fast path, the OpenAPI document built and cached). Blocks of ``per_block`` requests
    alternate between the apps (order reversed every other block), so that they share the
    machine's load; reports the median per app and the median paired difference."""
    from saferail.gateway.server import build_app

    body = json.dumps(BODY).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    base = url.rsplit("/v1/", 1)[0] + "/v1"
    apps = {name: build_app(None, base) for name in ("fast", "router", "fast+openapi")}
    apps["router"].fast_routes = {}
    apps["fast+openapi"].openapi()

    async def one(app: Any) -> None:
        sent: list[dict[str, Any]] = []
        pending = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            return pending.pop() if pending else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/chat/completions",
            "raw_path": b"/v1/chat/completions",
            "root_path": "",
            "query_string": b"",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8700),
            "state": {},
        }
        await app(scope, receive, send)
        if sent[0]["status"] != 200:
            raise RuntimeError(f"the gateway answered {sent[0]['status']}")

    for app in apps.values():  # warm up
        for _ in range(200):
            await one(app)
    costs: dict[str, list[float]] = {name: [] for name in apps}
    names = list(apps)
    for b in range(blocks):
        for name in names if b % 2 == 0 else names[::-1]:
            c0 = time.thread_time()
            for _ in range(per_block):
                await one(apps[name])
            costs[name].append(1e6 * (time.thread_time() - c0) / per_block)
    for app in apps.values():
        await app.state.gateway.upstream.aclose()
    out: dict[str, Any] = {k: round(statistics.median(v), 1) for k, v in costs.items()}
    for name in ("router", "fast+openapi"):
        paired = [x - y for x, y in zip(costs[name], costs["fast"], strict=True)]
        out[f"{name} - fast"] = round(statistics.median(paired), 1)
    for name in costs:
        print(f"  {name:<13} {out[name]:7.1f} us CPU per request (median of {blocks} blocks)")
    for name in ("router", "fast+openapi"):
        print(f"  {name} - fast: {out[f'{name} - fast']:+.1f} us (median paired difference)")
    return out


async def client_costs(url: str, n: int, passes: int) -> dict[str, float]:
    """CPU microseconds per keep-alive POST to the mock, per HTTP client (median of passes,
    8 in flight): why OpenAITarget uses aiohttp."""
    import aiohttp
    import httpx

    body = json.dumps(BODY).encode()
    headers = {"Content-Type": "application/json"}
    raw = LoadClient(url, body)
    hx = httpx.AsyncClient(timeout=10.0)
    aio = aiohttp.ClientSession()

    async def with_httpx() -> None:
        (await hx.post(url, content=body, headers=headers)).json()

    async def with_aiohttp() -> None:
        async with aio.post(url, data=body, headers=headers) as r:
            json.loads(await r.read())

    async def with_raw() -> None:
        await raw.post()

    out: dict[str, float] = {}
    for name, send in (("httpx", with_httpx), ("aiohttp", with_aiohttp), ("raw", with_raw)):
        costs = []
        for _ in range(passes + 1):  # the first pass warms up
            c0 = self_cpu_s()
            for _ in range(n // 8):
                await asyncio.gather(*(send() for _ in range(8)))
            costs.append(1e6 * (self_cpu_s() - c0) / (n // 8 * 8))
        out[name] = round(statistics.median(costs[1:]), 1)
        print(f"  {name:<8} {out[name]:7.1f} us CPU per request", flush=True)
    await hx.aclose()
    await aio.close()
    raw.close()
    return out


def run_async(coro: Coroutine[Any, Any, Any]) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


# -- main ----------------------------------------------------------------------------------


def start_gateway(
    args: argparse.Namespace, up_port: int, gw_port: int, log: Path
) -> subprocess.Popen[bytes]:
    upstream = f"http://127.0.0.1:{up_port}/v1"
    if args.loop or args.http or args.upstream_client:
        cmd = [sys.executable, "-c", LAUNCHER, args.loop or "auto", args.http or "auto"]
        cmd += [args.upstream_client or "default", upstream, str(gw_port)]
    else:
        saferail = Path(sys.executable).parent / "saferail"
        cmd = [str(saferail), "serve", "--upstream", upstream, "--port", str(gw_port)]
        cmd += args.serve_arg
    with log.open("wb") as f:
        return subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT)


def gateway_label(args: argparse.Namespace) -> str:
    if args.loop or args.http or args.upstream_client:
        return (
            f"launcher: loop={args.loop or 'auto'} http={args.http or 'auto'} "
            f"upstream client={args.upstream_client or 'default'}"
        )
    return " ".join(["saferail serve", *args.serve_arg])


def versions() -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {}
    for name in ("uvicorn", "uvloop", "httptools", "fastapi", "aiohttp", "httpx", "orjson"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Shorter runs (smoke check).")
    parser.add_argument("--rates", default="50,100,200,400", help="Open-loop rates (rps).")
    parser.add_argument("--concurrency", default="1,2,4,8,16,32", help="Closed-loop levels.")
    parser.add_argument("--seconds", type=float, default=None, help="Seconds per rate step.")
    parser.add_argument("--segments", type=int, default=3, help="Closed-loop segments/level.")
    parser.add_argument("--serve-arg", action="append", default=[], help="Extra serve args.")
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], help="Launcher: event loop.")
    parser.add_argument("--http", choices=["h11", "httptools"], help="Launcher: HTTP parser.")
    parser.add_argument(
        "--upstream-client", choices=["httpx", "default"], help="Launcher: upstream client."
    )
    parser.add_argument("--step", help="Record a summary under 'steps' with this name.")
    parser.add_argument(
        "--clients", action="store_true", help="Only: CPU per request of each HTTP client."
    )
    parser.add_argument(
        "--asgi", action="store_true", help="Only: the app's CPU per request, in process."
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="Results file.")
    args = parser.parse_args()
    rates = [int(x) for x in args.rates.split(",") if x.strip()]
    levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    seg_s = 1.0 if args.quick else 3.0
    load_before = os.getloadavg()

    up_port, gw_port = free_port(), free_port()
    direct = f"http://127.0.0.1:{up_port}/v1/chat/completions"
    gateway = f"http://127.0.0.1:{gw_port}/v1/chat/completions"
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
        if args.clients:
            print("HTTP clients, keep-alive POST to the mock, 8 in flight, one process:")
            costs = run_async(client_costs(direct, 1000 if args.quick else 4000, 5))
            record_clients(args.out, costs)
            return
        if args.asgi:
            print("gateway app over ASGI in this process, real upstream client to the mock:")
            blocks, per_block = (20, 20) if args.quick else (100, 40)
            record_asgi(args.out, run_async(asgi_costs(direct, blocks, per_block)), per_block)
            return
        procs.append(start_gateway(args, up_port, gw_port, gw_log))
        wait_ready(f"http://127.0.0.1:{gw_port}/healthz", 60, procs[1], gw_log)
        probe = LoadClient(gateway, json.dumps(BODY).encode())
        if not run_async(_probe(probe)):
            raise RuntimeError(f"gateway refused the benchmark request:\n{gw_log.read_text()}")
        pids = {"gateway": procs[1].pid, "direct": procs[0].pid}

        cores = os.cpu_count()
        print(f"gateway overhead: {cores} cores, nothing pinned (gateway, mock upstream and load")
        print(f"generator share the cores); load average {load_before[0]:.1f}; default policy;")
        print(f"non-streaming; latency in ms; gateway: {gateway_label(args)}")
        print(f"open loop, {seconds:g} s per target per rate, interleaved 1 s segments:")
        sweep = run_async(rate_sweep(direct, gateway, pids["gateway"], rates, seconds))
        print(f"closed loop, {args.segments} x {seg_s:g} s per target per level, alternating:")
        cap = run_async(capacity(direct, gateway, pids, levels, seg_s, args.segments))
    finally:
        for p in reversed(procs):
            stop(p)
    load_after = os.getloadavg()

    best, best_direct = sustained(cap["gateway"]), sustained(cap["direct"])
    at_target = next((r for r in sweep if r["rate_rps"] == TARGET_RATE), None)
    verdict = {
        "added_p50_ms_at_200rps": at_target and at_target["added_p50_ms"],
        "added_p99_ms_at_200rps": at_target and at_target["added_p99_ms"],
        "p50_met": bool(at_target and at_target["added_p50_ms"] <= TARGET_P50_MS),
        "p99_met": bool(at_target and at_target["added_p99_ms"] <= TARGET_P99_MS),
        "sustained_rps": best and best["achieved_rps"],
        "sustained_met": bool(best and best["achieved_rps"] >= TARGET_SUSTAINED),
        "direct_rps_load_generator_can_drive": best_direct and best_direct["achieved_rps"],
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
    print(f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")

    previous: dict[str, Any] = {}
    if args.out.exists():
        with contextlib.suppress(ValueError):
            previous = json.loads(args.out.read_text())
    if args.step:
        result = previous
        steps = [s for s in result.get("steps", []) if s.get("step") != args.step]
        steps.append(
            {
                "step": args.step,
                "gateway": gateway_label(args),
                "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
                "open_loop": [
                    {
                        k: r[k]
                        for k in (
                            "rate_rps",
                            "added_p50_ms",
                            "added_p99_ms",
                            "gateway_cpu_ms_per_request",
                            "gateway_cpu_wait_ms_per_request",
                        )
                    }
                    for r in sweep
                ],
                "sustained_rps": verdict["sustained_rps"],
                "sustained_direct_rps": verdict["direct_rps_load_generator_can_drive"],
                "gateway_cpu_ms_per_request_at_sustained": best
                and best["gateway_cpu_ms_per_request"],
            }
        )
        result["steps"] = steps
    else:
        result = {
            "benchmark": "gateway_overhead",
            "command": " ".join(["python", "benchmarks/gateway_overhead.py", *sys.argv[1:]]),
            "machine": {
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "pinned": False,
                "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
                "note": "gateway, mock upstream and load generator share the cores",
            },
            "setup": {
                "policy": "default",
                "streaming": False,
                "prompt_chars": len(PROMPT),
                "gateway": gateway_label(args),
                "versions": versions(),
                "client": "raw keep-alive HTTP/1.1 on asyncio streams (uvloop), one connection "
                "per in-flight request",
                "upstream": "benchmarks/_mock_upstream.py (asyncio/uvloop, TCP_NODELAY, one "
                "send per response)",
                "latency_from": "scheduled send time (open loop); request start (closed loop)",
                "open_loop_seconds_per_rate": seconds,
                "closed_loop_segments": f"{args.segments} x {seg_s:g} s per target and level",
            },
            "targets": {
                "added_p50_ms_at_200rps": TARGET_P50_MS,
                "added_p99_ms_at_200rps": TARGET_P99_MS,
                "sustained_rps": TARGET_SUSTAINED,
            },
            "open_loop": sweep,
            "closed_loop_gateway": cap["gateway"],
            "closed_loop_direct": cap["direct"],
            "sustained_gateway": best,
            "sustained_direct": best_direct,
            "verdict": verdict,
            "steps": previous.get("steps", []),
        }
        for kept in ("client_cpu_us_per_request", "asgi_cpu_us_per_request", "microbenchmarks"):
            if kept in previous:  # measured by --clients / --asgi, not by this run
                result[kept] = previous[kept]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


def record_clients(path: Path, costs: dict[str, float]) -> None:
    result: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    result["client_cpu_us_per_request"] = {
        "note": "CPU per keep-alive POST to the mock, one process, 8 in flight, median of 5",
        "load_average": round(os.getloadavg()[0], 1),
        "versions": versions(),
        **costs,
    }
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path}")


def record_asgi(path: Path, costs: dict[str, Any], n: int) -> None:
    result: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    result["asgi_cpu_us_per_request"] = {
        "note": "the app called over ASGI in one process (no HTTP server), real upstream "
        f"client to the mock; three apps in alternating blocks of {n} requests; thread CPU "
        "time per request, median over blocks and median paired difference",
        "load_average": round(os.getloadavg()[0], 1),
        **costs,
    }
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path}")


async def _probe(client: LoadClient) -> bool:
    ok = await client.post()
    client.close()
    return ok


if __name__ == "__main__":
    main()
