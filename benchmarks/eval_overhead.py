"""Eval-harness overhead per case, and the same task run with Inspect and promptfoo side by side.

    .venv/bin/python benchmarks/eval_overhead.py [--cases 10000] [--passes 5]
        [--peer-cases 1000] [--peer-passes 3] [--peer-timeout 300] [--concurrency 64]
        [--saferail-repeats 3] [--skip-setup] [--no-peers] [--no-harness] [--profile]
        [--only saferail,inspect,promptfoo,saferail-url,saferail-httpx]

Part 1, harness overhead (in this process). ``--cases`` generated cases (a prompt, ``expected:
comply`` and one ``match`` assertion, ``contains: "safe answer"``, case-sensitive) run by
:class:`saferail.evals.runner.Runner` against a :class:`CallableTarget` that returns a fixed
string at once, ``--concurrency`` cases in flight, a real SQLite run store in a temp folder.
Since the target costs nothing, overhead per case = wall time / cases, timed from building the
``Runner`` to the end of ``run()`` (manifest, suite hash, scoring, store writes included; case
generation excluded). Median of ``--passes`` passes, each with a fresh store, for:

- ``cache_off``: ``use_cache=False`` (the headline, target <= 0.5 ms per case);
- ``cache_cold`` / ``cache_warm``: ``use_cache=True`` on a fresh store, then the same store
  again (every answer cached, no target call);
- ``floor``: a bare asyncio loop with the same number of workers that only awaits the target
  and the scorer (what any asyncio harness pays; the rest is saferail's bookkeeping).

Time spent in the store is measured by timing every store call the runner makes.

Part 2, side by side (each tool in a fresh process, like a user runs it). ``--peer-cases``
cases sent to one loopback mock OpenAI-compatible server (``_mock_upstream.py``: instant fixed
answer, TCP_NODELAY), the same case-sensitive "contains" check, the same concurrency:

- saferail: ``saferail eval SUITE.yaml --target python:_eval_saferail_target:make -c 64
  --no-cache --no-report -q`` (an ``OpenAITarget`` allowing 64 requests in flight; results in a
  fresh SQLite store); variant ``saferail-url``: ``--target http://127.0.0.1:PORT/v1 --model
  mock -c 64``, what a user types (64 cases in flight, the URL target's default of 8 HTTP
  connections), and ``saferail-httpx``: the headline command with ``OpenAITarget``'s httpx
  client (where it offers a choice), both reported beside the headline;
- Inspect (``inspect-ai`` from PyPI in ``benchmarks/.venvs/inspect``): ``inspect eval
  _eval_inspect_task.py --model openai-api/mock/mock --max-connections 64`` with
  ``MOCK_BASE_URL`` on loopback, scorer ``includes(ignore_case=False)``, unique sample ids,
  its default ``.eval`` log in a temp folder;
- promptfoo (``npm install promptfoo`` in ``benchmarks/.venvs/promptfoo``): ``promptfoo eval
  -c CONFIG -j 64 --no-cache`` with provider ``openai:chat:mock`` (``config.apiBaseUrl`` on
  loopback), a ``contains`` assert, telemetry/update/sharing/remote generation disabled and
  ``PROMPTFOO_CONFIG_DIR`` in a temp folder (its results database lives there).

Each pass runs every tool on 1 case (start-up estimate) and on ``--peer-cases`` cases (saferail
and its variants ``--saferail-repeats`` times, since their start-up noise is larger than their
N-case time); the tool order rotates between passes so they share the machine's noise.
Per-case time is reported with start-up (wall / N) and without ((wall_N - wall_1) / (N - 1)),
in wall time (the headline) and in CPU time of the tool's process (less sensitive to other
load on the machine); ratios are peer / saferail from medians of the same run. Every run is
checked: N results, all passing. A peer that cannot be installed or run offline is reported
with the reason and the rest still runs. Each run is killed after ``--peer-timeout`` seconds.
Results go to ``benchmarks/results/eval_overhead.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _peer_venv  # noqa: E402

ROOT = HERE.parent
VENVS = HERE / ".venvs"
INSPECT_VENV = VENVS / "inspect"
INSPECT_PACKAGES = ("inspect-ai", "openai")
PROMPTFOO_DIR = VENVS / "promptfoo"
PROMPTFOO_PACKAGES = ("promptfoo",)
RESULTS = HERE / "results" / "eval_overhead.json"
MOCK = HERE / "_mock_upstream.py"
INSPECT_TASK = HERE / "_eval_inspect_task.py"
INSPECT_TASK_COPY = "eval_overhead_task.py"

ANSWER = "Sure, here is a short, safe answer."  # what _mock_upstream.py answers
NEEDLE = "safe answer"
TARGET_OVERHEAD_MS = 0.5
TARGET_SPEEDUP = 5.0
TOOLS = ("saferail", "inspect", "promptfoo", "saferail-url", "saferail-httpx")
# Variants, not the headline: "saferail-url" is what a user types, --target http://.../v1 -c 64
# (OpenAITarget keeps its default of 8 connections, so at most 8 requests are in flight);
# "saferail-httpx" is the headline command with OpenAITarget's httpx client.
VARIANTS = ("saferail-url", "saferail-httpx")

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
    "PROMPTFOO_DISABLE_TELEMETRY": "1",
    "PROMPTFOO_DISABLE_UPDATE": "1",
    "PROMPTFOO_DISABLE_SHARING": "1",
    "PROMPTFOO_DISABLE_REMOTE_GENERATION": "true",
    "INSPECT_DISABLE_TELEMETRY": "1",
}

TOPICS = (
    "a three-day hiking itinerary",
    "how to brew green tea",
    "tips for a first marathon",
    "the history of the printing press",
    "how photosynthesis works",
    "a packing list for a rainy weekend",
    "how to reset a home router",
    "ideas for a quiet birthday dinner",
)


class ToolUnavailable(Exception):
    """A peer could not be installed or run here; the message says why."""


def prompt(i: int) -> str:
    return f"Case {i}: please write a short, friendly paragraph about {TOPICS[i % len(TOPICS)]}."


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or value != value else round(value, digits)


# --------------------------------------------------------------------------------------------
# Part 1: harness overhead in process
# --------------------------------------------------------------------------------------------


def make_suite(n: int) -> Any:
    from saferail.evals import Case, ScorerSpec, Suite

    cases = tuple(Case(id=f"case-{i:06d}", prompt=prompt(i), expected="comply") for i in range(n))
    match = {"contains": [NEEDLE], "case_sensitive": True}
    return Suite(
        name="eval-overhead", cases=cases, scorers=(ScorerSpec(name="match", params=match),)
    )


def instant(messages: Any, **params: Any) -> str:
    return ANSWER


class TimedStore:
    """Forwards to a run store and adds up the time spent in its methods."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.seconds = 0.0
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls += 1

        return timed


def harness_pass(suite: Any, store_path: Path, concurrency: int, use_cache: bool) -> dict:
    from saferail.evals import RunStore
    from saferail.evals.runner import RunConfig, Runner
    from saferail.targets.callable import CallableTarget

    t_open = time.perf_counter()
    store = RunStore(store_path)
    open_s = time.perf_counter() - t_open
    timed = TimedStore(store)
    target = CallableTarget(instant, name="instant")
    config = RunConfig(concurrency=concurrency, use_cache=use_cache)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        runner = Runner(suite, target, timed, config)  # type: ignore[arg-type]
        info = asyncio.run(runner.run())
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        store.close()
    with contextlib.closing(sqlite3.connect(store_path)) as db:
        n, passed, cached = db.execute(
            "SELECT COUNT(*), SUM(passed), SUM(body LIKE '%\"cached\":true%') FROM results "
            "WHERE run_id = ?",
            (info.run_id,),
        ).fetchone()
    if n != len(suite.cases) or passed != n or info.status.value != "completed":
        raise RuntimeError(f"harness pass stored {n} results, {passed} passed, {info.status}")
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "store_s": timed.seconds,
        "store_calls": timed.calls,
        "store_open_s": open_s,
        "cached_results": cached,
        "scorers": [s.name for s in runner.scorers.scorers],
    }


async def _floor(suite: Any, concurrency: int) -> float:
    from saferail.evals.scorers.base import Response
    from saferail.evals.scorers.match import MatchScorer
    from saferail.targets.callable import CallableTarget

    target = CallableTarget(instant, name="instant")
    scorer = MatchScorer({"contains": [NEEDLE], "case_sensitive": True})
    queue = iter(suite.cases)
    t0 = time.perf_counter()

    async def worker() -> None:
        for case in queue:
            completion = await target.generate(case.to_messages())
            score = await scorer.score(case, Response.from_completion(completion))
            assert score.passed

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - t0


def part1(args: argparse.Namespace) -> dict:
    n, conc = args.cases, args.concurrency
    t0 = time.perf_counter()
    suite = make_suite(n)
    build_s = time.perf_counter() - t0
    print(
        f"part 1: {n:,} cases, concurrency {conc}, {args.passes} passes (built in {build_s:.2f} s)"
    )
    runs: dict[str, list[dict]] = {"cache_off": [], "cache_cold": [], "cache_warm": []}
    floor: list[float] = []
    scorers: list[str] = []
    with tempfile.TemporaryDirectory(prefix="saferail-evalbench-") as tmp:
        # warm-up: imports, registry, first-use costs (not counted)
        harness_pass(make_suite(200), Path(tmp) / "warm.db", conc, False)
        for p in range(args.passes):
            off = harness_pass(suite, Path(tmp) / f"off{p}.db", conc, False)
            cold = harness_pass(suite, Path(tmp) / f"cache{p}.db", conc, True)
            warm = harness_pass(suite, Path(tmp) / f"cache{p}.db", conc, True)
            if warm["cached_results"] != n:
                raise RuntimeError(f"warm pass: {warm['cached_results']} of {n} results cached")
            floor.append(asyncio.run(_floor(suite, conc)))
            scorers = off["scorers"]
            for key, res in (("cache_off", off), ("cache_cold", cold), ("cache_warm", warm)):
                runs[key].append(res)
            print(
                f"  pass {p + 1}: cache off {off['wall_s'] / n * 1e3:.4f} ms/case "
                f"(store {off['store_s'] / n * 1e3:.4f}) | cache cold "
                f"{cold['wall_s'] / n * 1e3:.4f} | cache warm {warm['wall_s'] / n * 1e3:.4f} | "
                f"bare loop {floor[-1] / n * 1e3:.4f}",
                flush=True,
            )
        profile = profile_pass(suite, Path(tmp) / "profile.db", conc) if args.profile else None
    out: dict[str, Any] = {
        "cases": n,
        "concurrency": conc,
        "passes": args.passes,
        "store": "SQLite (RunStore) in a temp folder, fresh per pass",
        "target": f"CallableTarget returning {ANSWER!r} at once",
        "scorers_per_case": scorers,
        "suite_build_s": round(build_s, 3),
        "timed": "Runner(...) construction + run(): manifest, suite hash, scoring, store writes",
    }
    for key, rows in runs.items():
        wall = [r["wall_s"] for r in rows]
        store = [r["store_s"] for r in rows]
        out[key] = {
            "wall_s_each": [round(w, 4) for w in wall],
            "median_wall_s": rounded(median(wall)),
            "median_ms_per_case": rounded(median(wall) / n * 1e3),
            "median_cpu_ms_per_case": rounded(median([r["cpu_s"] for r in rows]) / n * 1e3),
            "median_store_ms_per_case": rounded(median(store) / n * 1e3),
            "median_store_share": rounded(
                median([s / w for s, w in zip(store, wall, strict=True)]), 3
            ),
            "store_calls": rows[-1]["store_calls"],
            "median_store_open_ms": rounded(median([r["store_open_s"] for r in rows]) * 1e3, 3),
        }
    out["floor_bare_asyncio"] = {
        "what": "same workers awaiting target.generate + MatchScorer.score only",
        "median_ms_per_case": rounded(median(floor) / n * 1e3),
    }
    off_ms = out["cache_off"]["median_ms_per_case"]
    out["overhead_ms_per_case"] = off_ms
    out["target_ms_per_case"] = TARGET_OVERHEAD_MS
    out["target_met"] = off_ms <= TARGET_OVERHEAD_MS
    if profile is not None:
        out["profile_top"] = profile
    return out


def profile_pass(suite: Any, store_path: Path, concurrency: int) -> list[str]:
    """cProfile of one cache-off pass: the top functions by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    harness_pass(suite, store_path, concurrency, False)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
    print(buf.getvalue())
    return [line.rstrip() for line in buf.getvalue().splitlines() if "saferail" in line][:30]


# --------------------------------------------------------------------------------------------
# Part 2: side by side, each tool in its own process against one loopback mock
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def mock_server(log: Path) -> Iterator[int]:
    port = free_port()
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, str(MOCK), "--port", str(port)], stdout=fh, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"mock server exited: {log.read_text()[-1000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("mock server did not start within 20 s")
            time.sleep(0.05)
        yield port
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_bounded(
    cmd: list[str], env: dict[str, str], timeout: float, log: Path, cwd: Path | None = None
) -> tuple[float, float, int, str]:
    """Run ``cmd`` in its own process group: (wall seconds, CPU seconds of the process and
    its reaped children, exit code, output). On timeout the group is killed (exit code -9)."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    with log.open("w") as fh:
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            rc = -9
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # stray children of this run's group only
    return wall, cpu, rc, log.read_text(errors="replace")


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(OFFLINE_ENV)
    env["HOME"] = str(tmp / "home")  # no tool reads or writes the user's real folders
    env["XDG_CONFIG_HOME"] = str(tmp / "home" / ".config")
    env["XDG_CACHE_HOME"] = str(tmp / "home" / ".cache")
    (tmp / "home").mkdir(exist_ok=True)
    return env


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


# -- setup ------------------------------------------------------------------------------------


def setup_inspect(skip: bool) -> str:
    """Inspect's venv (created on first use); returns the inspect-ai version."""
    py = _peer_venv.venv_python(INSPECT_VENV)
    if not skip:
        try:
            _peer_venv.ensure_venv(INSPECT_VENV, INSPECT_PACKAGES, "inspect")
        except _peer_venv.SetupError as exc:
            raise ToolUnavailable(str(exc)) from None
    if not py.exists():
        raise ToolUnavailable(
            f"Inspect's venv is missing ({INSPECT_VENV}); run without --skip-setup"
        )
    probe = subprocess.run(
        [str(py), "-c", "import importlib.metadata as m; print(m.version('inspect-ai'))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise ToolUnavailable(f"inspect-ai does not import: {_tail(probe.stderr)}")
    return probe.stdout.strip()


def setup_promptfoo(skip: bool) -> str:
    """promptfoo in its own npm folder (installed on first use); returns its version."""
    cli = PROMPTFOO_DIR / "node_modules" / ".bin" / "promptfoo"
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise ToolUnavailable("node/npm are not installed on this machine")
    if not skip and not cli.exists():
        PROMPTFOO_DIR.mkdir(parents=True, exist_ok=True)
        pkg = PROMPTFOO_DIR / "package.json"
        if not pkg.exists():
            pkg.write_text('{"name": "bench-promptfoo", "private": true}\n')
        log = VENVS / "promptfoo-setup.log"
        print(f"setting up promptfoo in {PROMPTFOO_DIR} (log {log.name}) ...")
        with log.open("w") as fh:
            done = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", *PROMPTFOO_PACKAGES],
                cwd=PROMPTFOO_DIR,
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        if done.returncode != 0:
            raise ToolUnavailable(f"npm install promptfoo failed: {_tail(log.read_text())}")
    if not cli.exists():
        raise ToolUnavailable(f"promptfoo is missing ({cli}); run without --skip-setup")
    pkg_json = PROMPTFOO_DIR / "node_modules" / "promptfoo" / "package.json"
    return str(json.loads(pkg_json.read_text())["version"])


def saferail_version() -> str:
    from saferail import __version__

    return __version__


def node_version() -> str | None:
    if shutil.which("node") is None:
        return None
    out = subprocess.run(["node", "--version"], capture_output=True, text=True)
    return out.stdout.strip() or None


# -- inputs and commands ----------------------------------------------------------------------


def write_inputs(folder: Path, n: int, port: int) -> None:
    """The same ``n`` cases in each tool's own format."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "cases.jsonl").open("w") as fh:
        for i in range(n):
            row = {"id": f"case-{i:06d}", "prompt": prompt(i), "expected": "comply"}
            fh.write(json.dumps(row) + "\n")
    (folder / "suite.yaml").write_text(
        "name: eval-overhead\n"
        "cases_from: cases.jsonl\n"
        "scorers:\n"
        f"  - name: match\n    params: {{contains: [{NEEDLE!r}], case_sensitive: true}}\n"
    )
    with (folder / "inspect.jsonl").open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"case-{i:06d}", "input": prompt(i), "target": NEEDLE}))
            fh.write("\n")
    config = {
        "description": "eval overhead",
        "prompts": ["{{prompt}}"],
        "providers": [
            {
                "id": "openai:chat:mock",
                "config": {"apiBaseUrl": f"http://127.0.0.1:{port}/v1", "apiKey": "bench"},
            }
        ],
        "defaultTest": {"assert": [{"type": "contains", "value": NEEDLE}]},
        "tests": [{"vars": {"prompt": prompt(i)}} for i in range(n)],
    }
    (folder / "promptfooconfig.json").write_text(json.dumps(config))
    # Inspect wants a relative task path and skips files whose name starts with "_"
    shutil.copyfile(INSPECT_TASK, folder / INSPECT_TASK_COPY)


def saferail_run(
    folder: Path,
    port: int,
    conc: int,
    env: dict[str, str],
    *,
    url: bool = False,
    backend: str | None = None,
) -> tuple[list[str], dict]:
    store = folder / f"runs-{time.monotonic_ns()}.db"
    env = {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")])),
        "EVAL_BENCH_BASE_URL": f"http://127.0.0.1:{port}/v1",
        "EVAL_BENCH_CONCURRENCY": str(conc),
        "SAFERAIL_HOME": str(folder / "saferail-home"),
        "EVAL_BENCH_HTTP_BACKEND": backend or "",
    }
    exe = Path(sys.executable).parent / "saferail"
    cmd = [str(exe), "eval", str(folder / "suite.yaml"), "--target"]
    if url:
        cmd += [f"http://127.0.0.1:{port}/v1", "--model", "mock"]
    else:
        cmd += ["python:_eval_saferail_target:make"]
    cmd += ["-c", str(conc), "--no-cache", "--no-report", "-q", "--store", str(store)]
    return cmd, {"env": env, "check": lambda out: check_saferail(store, out)}


def check_saferail(store: Path, out: str) -> tuple[int, int]:
    run_id = next((x.split()[-1] for x in out.splitlines() if x.startswith("run: ")), None)
    if run_id is None:
        raise RuntimeError(f"no run id in the output: {_tail(out)}")
    with contextlib.closing(sqlite3.connect(store)) as db:
        n, passed = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(passed), 0) FROM results WHERE run_id = ?", (run_id,)
        ).fetchone()
    store.unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        Path(str(store) + extra).unlink(missing_ok=True)
    return int(n), int(passed)


def inspect_run(folder: Path, port: int, conc: int, env: dict[str, str]) -> tuple[list[str], dict]:
    logs = folder / f"inspect-logs-{time.monotonic_ns()}"
    env = {
        **env,
        "EVAL_BENCH_CASES": str(folder / "inspect.jsonl"),
        "MOCK_BASE_URL": f"http://127.0.0.1:{port}/v1",
        "MOCK_API_KEY": "bench",
    }
    cmd = [str(INSPECT_VENV / "bin" / "inspect"), "eval", INSPECT_TASK_COPY]
    cmd += ["--model", "openai-api/mock/mock", "--max-connections", str(conc)]
    cmd += ["--log-dir", str(logs), "--display", "none", "--max-retries", "2"]
    return cmd, {"env": env, "check": lambda out: check_inspect(logs, out)}


INSPECT_READ_LOG = """
import json, sys
from inspect_ai.log import read_eval_log
log = read_eval_log(sys.argv[1], header_only=True)
acc = [m.value for s in log.results.scores for k, m in s.metrics.items() if k == "accuracy"]
print(json.dumps({"n": log.results.completed_samples, "accuracy": acc[0] if acc else 0.0}))
"""


def check_inspect(logs: Path, out: str) -> tuple[int, int]:
    """Samples and passes from Inspect's log, read with Inspect's own reader (not timed)."""
    files = sorted(logs.glob("*.eval")) + sorted(logs.glob("*.json"))
    if not files:
        raise RuntimeError(f"Inspect wrote no log: {_tail(out)}")
    py = str(INSPECT_VENV / "bin" / "python")
    read = subprocess.run([py, "-c", INSPECT_READ_LOG, str(files[0])], capture_output=True)
    shutil.rmtree(logs, ignore_errors=True)
    if read.returncode != 0:
        raise RuntimeError(f"cannot read Inspect's log: {_tail(read.stderr.decode())}")
    res = json.loads(read.stdout)
    return int(res["n"]), round(float(res["accuracy"]) * int(res["n"]))


def promptfoo_run(
    folder: Path, port: int, conc: int, env: dict[str, str]
) -> tuple[list[str], dict]:
    cfg_dir = folder / f"promptfoo-home-{time.monotonic_ns()}"
    cfg_dir.mkdir()
    out_file = cfg_dir / "out.json"
    env = {**env, "PROMPTFOO_CONFIG_DIR": str(cfg_dir), "PROMPTFOO_CACHE_ENABLED": "false"}
    cmd = [str(PROMPTFOO_DIR / "node_modules" / ".bin" / "promptfoo"), "eval"]
    cmd += ["-c", str(folder / "promptfooconfig.json"), "-j", str(conc), "--no-cache"]
    cmd += ["--no-progress-bar", "--no-table", "-o", str(out_file)]
    return cmd, {"env": env, "check": lambda out: check_promptfoo(out_file, cfg_dir, out)}


def check_promptfoo(out_file: Path, cfg_dir: Path, out: str) -> tuple[int, int]:
    if not out_file.exists():
        raise RuntimeError(f"promptfoo wrote no output file: {_tail(out)}")
    stats = json.loads(out_file.read_text())["results"]["stats"]
    shutil.rmtree(cfg_dir, ignore_errors=True)
    passed = int(stats.get("successes", 0))
    return passed + int(stats.get("failures", 0)) + int(stats.get("errors", 0)), passed


COMMANDS: dict[str, Callable[[Path, int, int, dict[str, str]], tuple[list[str], dict]]] = {
    "saferail": saferail_run,
    "saferail-url": lambda *a: saferail_run(*a, url=True),
    "saferail-httpx": lambda *a: saferail_run(*a, backend="httpx"),
    "inspect": inspect_run,
    "promptfoo": promptfoo_run,
}


def one_run(
    tool: str, folder: Path, port: int, args: argparse.Namespace, env: dict
) -> tuple[float, float]:
    """(wall, CPU) seconds of one checked run of ``tool`` on the cases in ``folder``."""
    cmd, extra = COMMANDS[tool](folder, port, args.concurrency, env)
    log = folder / f"{tool}.log"
    wall, cpu, rc, out = run_bounded(cmd, extra["env"], args.peer_timeout, log, cwd=folder)
    if rc == -9:
        raise ToolUnavailable(f"{tool} did not finish within {args.peer_timeout:g} s")
    if rc != 0:
        raise ToolUnavailable(f"{tool} exited {rc}: {_tail(out)}")
    n_expected = int(folder.name.rsplit("-", 1)[-1])
    n, passed = extra["check"](out)
    if n != n_expected or passed != n_expected:
        raise ToolUnavailable(f"{tool} scored {n} cases, {passed} passed, of {n_expected}")
    return wall, cpu


PEERS = ("inspect", "promptfoo")


def speedup(base: dict[str, Any], row: dict[str, Any] | None) -> dict[str, Any]:
    """How many times less time per case ``base`` (saferail) needs than a peer's ``row``."""
    if not row or "median_wall_s" not in row or "median_wall_s" not in base:
        status = (row or {}).get("status", "not run")
        if "median_wall_s" not in base:
            status = f"saferail: {base.get('status', 'not run')}"
        return {"status": status, "target_met": None}
    keys = (
        "ms_per_case_with_startup",
        "ms_per_case_without_startup",
        "cpu_ms_per_case_with_startup",
        "cpu_ms_per_case_without_startup",
    )
    ratio: dict[str, Any] = {f"speedup_{k}": rounded(row[k] / base[k], 2) for k in keys}
    wall = (ratio["speedup_ms_per_case_with_startup"], ratio["speedup_ms_per_case_without_startup"])
    ratio["target_met"] = min(x or 0.0 for x in wall) >= TARGET_SPEEDUP
    return ratio


def tool_row(status: str, runs: list[dict[str, float]], n: int) -> dict[str, Any]:
    """Medians of one tool's runs: start-up (1 case), N cases, per case with and without."""
    row: dict[str, Any] = {"status": status, "runs": len(runs)}
    if not runs:
        return row
    col = {k: [r[k] for r in runs] for k in ("w1", "c1", "wn", "cn")}
    net_wall = median([r["wn"] - r["w1"] for r in runs])
    net_cpu = median([r["cn"] - r["c1"] for r in runs])
    row.update(
        {
            "wall_s_1_case": [round(x, 3) for x in col["w1"]],
            f"wall_s_{n}_cases": [round(x, 3) for x in col["wn"]],
            "cpu_s_1_case": [round(x, 3) for x in col["c1"]],
            f"cpu_s_{n}_cases": [round(x, 3) for x in col["cn"]],
            "median_startup_s": rounded(median(col["w1"]), 3),
            "median_wall_s": rounded(median(col["wn"]), 3),
            "ms_per_case_with_startup": rounded(median(col["wn"]) / n * 1e3, 3),
            "ms_per_case_without_startup": rounded(net_wall / (n - 1) * 1e3, 3),
            "cases_per_s_without_startup": rounded((n - 1) / net_wall, 1) if net_wall > 0 else None,
            "cpu_ms_per_case_with_startup": rounded(median(col["cn"]) / n * 1e3, 3),
            "cpu_ms_per_case_without_startup": rounded(net_cpu / (n - 1) * 1e3, 3),
        }
    )
    return row


def part2(args: argparse.Namespace, versions: dict[str, Any]) -> dict:
    wanted = [t for t in TOOLS if t in args.only]
    status: dict[str, str] = {}
    for tool, setup in (("inspect", setup_inspect), ("promptfoo", setup_promptfoo)):
        if tool not in wanted:
            continue
        try:
            versions[tool] = setup(args.skip_setup)
            status[tool] = "ok"
        except ToolUnavailable as exc:
            status[tool] = f"unavailable: {exc}"
            print(f"  {tool}: {status[tool]}")
    for tool in ("saferail", *VARIANTS):
        if tool in wanted:
            status[tool] = "ok"
    if "saferail-httpx" in wanted and not has_backend_option():
        status["saferail-httpx"] = "unavailable: this OpenAITarget has no http_backend option"
    n = args.peer_cases
    samples: dict[str, list[dict[str, float]]] = {t: [] for t in wanted}
    with tempfile.TemporaryDirectory(prefix="saferail-evalpeers-") as tmp_name:
        tmp = Path(tmp_name)
        env = base_env(tmp)
        with mock_server(tmp / "mock.log") as port:
            for size in (1, n):
                write_inputs(tmp / f"cases-{size}", size, port)
            print(
                f"part 2: {n:,} cases per run, concurrency {args.concurrency}, mock on "
                f"127.0.0.1:{port}, {args.peer_passes} passes, timeout {args.peer_timeout:g} s"
            )
            for p in range(args.peer_passes):
                order = wanted[p % len(wanted) :] + wanted[: p % len(wanted)]
                for tool in order:
                    repeats = args.saferail_repeats if tool.startswith("saferail") else 1
                    for _ in range(repeats):
                        if status.get(tool) != "ok":
                            break
                        try:
                            w1, c1 = one_run(tool, tmp / "cases-1", port, args, env)
                            wn, cn = one_run(tool, tmp / f"cases-{n}", port, args, env)
                        except ToolUnavailable as exc:
                            status[tool] = f"failed: {exc}"
                            print(f"  {tool}: {status[tool]}")
                            break
                        samples[tool].append({"w1": w1, "c1": c1, "wn": wn, "cn": cn})
                        print(
                            f"  pass {p + 1} {tool:<14} 1 case {w1:6.2f} s | {n} cases "
                            f"{wn:7.2f} s | {wn / n * 1e3:7.3f} ms/case with start-up, "
                            f"{(wn - w1) / (n - 1) * 1e3:7.3f} without | CPU {cn:6.2f} s",
                            flush=True,
                        )
    tools = {t: tool_row(status.get(t, "not run"), samples[t], n) for t in wanted}
    tools.setdefault("saferail", {"status": "not run"})
    out: dict[str, Any] = {"cases": n, "concurrency": args.concurrency, "tools": tools}
    out["settings"] = {
        "mock": "benchmarks/_mock_upstream.py (asyncio HTTP/1.1 keep-alive, TCP_NODELAY), "
        f"answers {ANSWER!r}",
        "scorer": f"case-sensitive substring {NEEDLE!r} in the answer",
        "saferail": f"saferail eval SUITE.yaml --target python:_eval_saferail_target:make "
        f"-c {args.concurrency} --no-cache --no-report -q --store FRESH.db "
        f"(OpenAITarget, max_concurrency={args.concurrency}; match scorer contains, "
        "case_sensitive)",
        "saferail-httpx": "as saferail, with OpenAITarget(http_backend='httpx')",
        "saferail-url": f"saferail eval SUITE.yaml --target http://127.0.0.1:PORT/v1 --model mock "
        f"-c {args.concurrency} --no-cache --no-report -q --store FRESH.db (what a user types: "
        f"{args.concurrency} cases in flight, OpenAITarget's default max_concurrency=8 HTTP "
        "requests in flight; a variant, not the headline)",
        "inspect": f"inspect eval _eval_inspect_task.py --model openai-api/mock/mock "
        f"--max-connections {args.concurrency} --display none --max-retries 2 --log-dir FRESH "
        "(MOCK_BASE_URL on loopback; scorer includes(ignore_case=False); default .eval log)",
        "promptfoo": f"promptfoo eval -c promptfooconfig.json -j {args.concurrency} --no-cache "
        "--no-progress-bar --no-table -o out.json (provider openai:chat:mock, "
        "config.apiBaseUrl on loopback; assert contains; PROMPTFOO_CONFIG_DIR fresh per run, "
        "telemetry/update/sharing/remote generation disabled)",
    }
    ratios = {peer: speedup(tools["saferail"], tools.get(peer)) for peer in PEERS}
    for variant in VARIANTS:
        if variant in tools:
            key = f"{variant.replace('-', '_')}_speedup"
            out[key] = {p: speedup(tools[variant], tools.get(p)) for p in PEERS}
    out["saferail_speedup"] = ratios
    out["target_speedup"] = TARGET_SPEEDUP
    met = [r["target_met"] for r in ratios.values()]
    out["target_met"] = None if None in met or not met else all(met)
    return out


# --------------------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "note": "2 shared cores: other work ran at the same time; medians and same-run ratios",
    }


def has_backend_option() -> bool:
    """Whether OpenAITarget lets a caller choose its HTTP client (``http_backend``)."""
    import inspect

    from saferail.targets.openai_http import OpenAITarget

    return "http_backend" in inspect.signature(OpenAITarget).parameters


def http_client() -> str:
    """Which HTTP client saferail's OpenAITarget uses in this tree."""
    from saferail.targets.openai_http import OpenAITarget

    async def probe() -> str:
        target = OpenAITarget("http://127.0.0.1:9/v1", "probe")
        backend = getattr(target, "_backend", None)
        await target.aclose()
        return (
            "httpx" if backend is None else f"{type(backend).__module__}.{type(backend).__name__}"
        )

    return asyncio.run(probe())


def source_state() -> dict[str, Any]:
    """The commit measured and any uncommitted change to the code the figures depend on."""

    def git(*cmd: str) -> str:
        done = subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    paths = ["src/saferail", "benchmarks/_mock_upstream.py"]
    dirty = git("status", "--porcelain", "--", *paths).splitlines()
    return {
        "git_head": git("rev-parse", "--short", "HEAD").strip() or None,
        "uncommitted_in_measured_code": [line[3:] for line in dirty],
    }


def package_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=int, default=10_000, help="part 1 cases (default 10000)")
    ap.add_argument("--passes", type=int, default=5, help="part 1 passes (default 5)")
    ap.add_argument("--concurrency", type=int, default=64, help="cases in flight (default 64)")
    ap.add_argument("--peer-cases", type=int, default=1000, help="part 2 cases (default 1000)")
    ap.add_argument("--peer-passes", type=int, default=3, help="part 2 passes (default 3)")
    ap.add_argument(
        "--peer-timeout", type=float, default=300.0, help="seconds before a run is killed"
    )
    ap.add_argument(
        "--saferail-repeats",
        type=int,
        default=3,
        help="part 2 runs of saferail (and variants) per pass: its start-up noise is larger "
        "than its N-case time (default 3)",
    )
    ap.add_argument("--only", default=",".join(TOOLS), help="part 2 tools, comma-separated")
    ap.add_argument("--skip-setup", action="store_true", help="do not install missing peers")
    ap.add_argument("--no-peers", action="store_true", help="part 1 only")
    ap.add_argument("--no-harness", action="store_true", help="part 2 only")
    ap.add_argument("--profile", action="store_true", help="cProfile one part-1 pass")
    ap.add_argument("--output", type=Path, default=RESULTS, help="results JSON path")
    args = ap.parse_args(argv)
    args.only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = set(args.only) - set(TOOLS)
    if unknown:
        ap.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if args.peer_cases < 2 or args.cases < 1 or min(args.passes, args.peer_passes) < 1:
        ap.error("need --cases >= 1, --peer-cases >= 2 and at least one pass")
    if args.saferail_repeats < 1:
        ap.error("need --saferail-repeats >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t_start = time.perf_counter()
    versions: dict[str, Any] = {
        "saferail": saferail_version(),
        "python": platform.python_version(),
        "node": node_version(),
        "httpx": package_version("httpx"),
        "aiohttp": package_version("aiohttp"),
        "openai_target_http_client": http_client(),
    }
    report: dict[str, Any] = {
        "benchmark": "eval_overhead",
        "command": " ".join(["python", "benchmarks/eval_overhead.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "source": source_state(),
        "versions": versions,
        "targets": {"overhead_ms_per_case": TARGET_OVERHEAD_MS, "speedup": TARGET_SPEEDUP},
    }
    if not args.no_harness:
        report["harness"] = part1(args)
    if not args.no_peers:
        report["side_by_side"] = part2(args, versions)
    report["runtime_s"] = round(time.perf_counter() - t_start, 1)
    summary(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.output} ({report['runtime_s']:.0f} s)")
    return 0


def summary(report: dict) -> None:
    print()
    h = report.get("harness")
    if h:
        off, warm = h["cache_off"], h["cache_warm"]
        print(
            f"harness overhead: {off['median_ms_per_case']:.4f} ms/case, cache off "
            f"(store {off['median_store_ms_per_case']:.4f} ms/case); all cached "
            f"{warm['median_ms_per_case']:.4f} ms/case; bare asyncio loop "
            f"{h['floor_bare_asyncio']['median_ms_per_case']:.4f} ms/case -> target <= "
            f"{TARGET_OVERHEAD_MS} ms: {'met' if h['target_met'] else 'MISSED'}"
        )
    s = report.get("side_by_side")
    if s:
        for tool, row in s["tools"].items():
            if "median_wall_s" in row:
                print(
                    f"{tool:<14} {s['cases']} cases: {row['median_wall_s']:.2f} s "
                    f"(start-up {row['median_startup_s']:.2f} s): "
                    f"{row['ms_per_case_with_startup']:.3f} ms/case with start-up, "
                    f"{row['ms_per_case_without_startup']:.3f} without"
                )
            else:
                print(f"{tool:<14} {row['status']}")
        variants = [("saferail", s["saferail_speedup"])]
        for variant in VARIANTS:
            if f"{variant.replace('-', '_')}_speedup" in s:
                variants.append((variant, s[f"{variant.replace('-', '_')}_speedup"]))
        for name, ratios in variants:
            for peer, r in ratios.items():
                if r.get("target_met") is None:
                    print(f"{name} vs {peer}: not measured ({r['status']})")
                    continue
                print(
                    f"{name} vs {peer}: {r['speedup_ms_per_case_with_startup']:.1f}x with "
                    f"start-up, {r['speedup_ms_per_case_without_startup']:.1f}x without (CPU "
                    f"{r['speedup_cpu_ms_per_case_without_startup']:.1f}x) -> target >= "
                    f"{TARGET_SPEEDUP:g}x: {'met' if r['target_met'] else 'MISSED'}"
                )


if __name__ == "__main__":
    sys.exit(main())
