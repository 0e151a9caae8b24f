"""``saferail serve`` robustness: a ``--workers N`` supervisor stops its workers on SIGTERM
and SIGINT (and its workers stop when it dies), bad ``--rate-limit``/``--hold-back`` values,
telemetry paths under a file and addresses that cannot be listened on are one line each."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from saferail.cli.app import app as cli_app
from saferail.gateway.config import MAX_HOLD_BACK_CHARS
from saferail.gateway.runtime import WORKER_SPEC_ENV, _Supervisor
from tests.cli._helpers import one_line
from tests.targets.conftest import MockServer

UPSTREAM = "http://127.0.0.1:9/v1"  # never called: these runs stop before serving
SMALL_POLICY = (  # quick to build in each worker
    "input:\n  checks:\n    banned_topic:\n      action: block\n      params:\n"
    "        topics:\n          instruction_override: [ignore all previous instructions]\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli_app, ["serve", *args])


@pytest.fixture
def upstream() -> Iterator[MockServer]:
    server = MockServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _wait_gone(pids: set[int], within: float) -> set[int]:
    deadline = time.monotonic() + within
    while (alive := {p for p in pids if _running(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _kill(pids: set[int]) -> None:
    """SIGKILL those of ``pids`` still running a multiprocessing child (not a reused pid)."""
    for pid in pids:
        try:
            if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _stop(proc: subprocess.Popen[bytes], workers: set[int]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=5)
    _kill(workers)
    if proc.stderr is not None:
        proc.stderr.close()


def _start_two_workers(upstream: MockServer, port: int, tmp_path: Path) -> subprocess.Popen[bytes]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(SMALL_POLICY)
    saferail = Path(sys.executable).parent / "saferail"
    cmd = [str(saferail), "serve", "--upstream", f"{upstream.url}/v1", "--host", "127.0.0.1"]
    cmd += ["--policy", str(policy), "--port", str(port), "--workers", "2"]
    env = {k: v for k, v in os.environ.items() if k != WORKER_SPEC_ENV}
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_serving(proc: subprocess.Popen[bytes], port: int) -> set[int]:
    """Wait until the workers answer a chat request; return the supervisor's children."""
    deadline = time.monotonic() + 90  # each worker builds its app: slow on a busy machine
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    while True:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        try:
            answer = httpx.post(url, json=body, timeout=5)
            if answer.status_code == 200:
                assert answer.json()["choices"][0]["message"]["content"] == "echo: hi"
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker)
    return workers


def test_supervisor_stops_its_workers_on_sigterm(upstream: MockServer, tmp_path: Path) -> None:
    port = _free_port()
    proc = _start_two_workers(upstream, port, tmp_path)
    workers: set[int] = set()
    try:
        workers = _wait_serving(proc, port)
        proc.send_signal(signal.SIGTERM)  # as from `timeout 10 saferail serve --workers 2`
        assert proc.wait(timeout=8) == 0
        assert not _wait_gone(workers, within=3), "worker processes were left behind"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
    finally:
        _stop(proc, workers)


def test_workers_stop_when_the_supervisor_is_killed(upstream: MockServer, tmp_path: Path) -> None:
    port = _free_port()
    proc = _start_two_workers(upstream, port, tmp_path)
    workers: set[int] = set()
    try:
        workers = _wait_serving(proc, port)
        proc.kill()  # no chance to stop them: the workers notice they were orphaned
        proc.wait(timeout=5)
        assert not _wait_gone(workers, within=8), "orphaned workers kept running"
    finally:
        _stop(proc, workers)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_stop_the_supervisor_loop(signum: int) -> None:
    with socket.socket() as sock:
        supervisor = _Supervisor(None, sock, 2, grace_s=0.3)
        supervisor._on_signal(signum, None)
        supervisor._loop()  # returns (to stop the workers) instead of serving on
    assert supervisor.pending == []


class _Child:
    """A subprocess with the bits of multiprocessing's Process that the supervisor uses."""

    def __init__(self, code: str) -> None:
        self.popen = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        assert self.popen.stdout is not None and self.popen.stdout.readline() == b"ready\n"
        self.pid = self.popen.pid

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        self.popen.wait(timeout)
        if self.popen.stdout is not None:
            self.popen.stdout.close()


def test_a_worker_ignoring_sigterm_is_killed_after_the_grace_period() -> None:
    stubborn = _Child(
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    polite = _Child("import time\nprint('ready', flush=True)\ntime.sleep(60)\n")
    try:
        with socket.socket() as sock:
            supervisor = _Supervisor(None, sock, 2, grace_s=0.3)
            started = time.monotonic()
            supervisor._stop([stubborn, polite])  # type: ignore[list-item]
            took = time.monotonic() - started
        assert polite.exitcode == -signal.SIGTERM
        assert stubborn.exitcode == -signal.SIGKILL
        assert 0.3 <= took < 5
    finally:
        for child in (stubborn, polite):
            if child.exitcode is None:
                child.kill()
                child.join(5)


@pytest.mark.parametrize("rate", ["inf", "nan", "-1", "0", "-inf"])
def test_rate_limit_must_be_finite_and_positive(rate: str) -> None:
    result = run("--upstream", UPSTREAM, "--rate-limit", rate)
    assert result.exit_code == 2
    line = one_line(result)
    assert line.startswith(f"saferail: error: --rate-limit {float(rate):g}: give a finite")


@pytest.mark.parametrize("ttl", ["inf", "nan", "0", "-5"])
def test_session_ttl_must_be_finite_and_positive(ttl: str) -> None:
    result = run("--upstream", UPSTREAM, "--session-ttl", ttl)
    assert result.exit_code == 2
    assert one_line(result) == (
        f"saferail: error: --session-ttl {float(ttl):g}: give a finite number of seconds above 0"
    )


def test_gateway_config_refuses_an_infinite_session_ttl() -> None:
    from pydantic import ValidationError

    from saferail.gateway.config import GatewayConfig

    for field in ("session_ttl_s", "state_poll_s"):
        with pytest.raises(ValidationError, match="finite"):
            GatewayConfig(**{field: float("inf")})


@pytest.mark.parametrize("chars", ["-1", str(MAX_HOLD_BACK_CHARS + 1), "10" * 20])
def test_hold_back_is_bounded(chars: str) -> None:
    result = run("--upstream", UPSTREAM, "--hold-back", chars)
    assert result.exit_code == 2
    assert one_line(result) == (
        f"saferail: error: --hold-back {chars}: give a number of characters, "
        f"0 to {MAX_HOLD_BACK_CHARS}"
    )


def test_hold_back_bound_is_in_the_help() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"0 to {MAX_HOLD_BACK_CHARS}" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("sqlite:{d}/notes.txt/events.db", "{d}/notes.txt is not a folder"),
        ("jsonl:{d}/notes.txt/logs/events.jsonl", "{d}/notes.txt is not a folder"),
        ("jsonl:{d}", "it is a folder"),
        ("jsonl:/proc/saferail-no-such/events.jsonl", "No such file or directory"),
    ],
)
def test_telemetry_path_under_a_file_fails_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, reason: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n")
    import saferail.gateway.server as server

    started: list[object] = []
    monkeypatch.setattr(server, "serve", lambda *a, **kw: started.append(a))
    spec = spec.format(d=tmp_path)
    result = run("--upstream", UPSTREAM, "--telemetry", spec)
    assert result.exit_code == 2 and not started
    path = spec.partition(":")[2]
    assert one_line(result) == (
        f"saferail: error: --telemetry {spec!r}: cannot write {path}: {reason.format(d=tmp_path)}"
    )


def test_port_in_use_is_one_line_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for workers in ("1", "2"):
            result = run("--upstream", UPSTREAM, "--port", str(port), "--workers", workers)
            assert result.exit_code == 1
            assert one_line(result) == (
                f"saferail: error: cannot listen on 127.0.0.1:{port}: Address already in use"
            )


def test_address_not_on_this_machine_is_one_line_exit_1() -> None:
    result = run("--upstream", UPSTREAM, "--host", "203.0.113.7", "--port", "8700")
    assert result.exit_code == 1
    line = one_line(result)
    assert line.startswith("saferail: error: cannot listen on 203.0.113.7:8700: ")
    assert line != "saferail: error: cannot listen on 203.0.113.7:8700: "
