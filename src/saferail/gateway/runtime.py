"""How uvicorn runs the gateway: the fastest event loop and HTTP parser installed, and
``--workers N`` processes.

- :func:`fast_options`: ``uvloop`` and ``httptools`` when installed (``uvicorn[standard]``,
  a dependency), else plain ``asyncio`` and ``h11``.
- :func:`freeze_heap`: once the app is built, move the long-lived heap (policy, detector
  data, app) out of the cyclic garbage collector's reach, so that no full collection
  pauses a request for ~100 ms traversing it.
- :func:`run_workers`: N worker processes sharing the port. uvicorn starts workers from an
  import string, so each one rebuilds the app with :func:`worker_app` from a JSON spec that
  the parent puts in the environment (policy path, upstream URL, model, plain-data config).
  ``SIGHUP`` to the parent restarts the workers one by one, which re-reads the policy; rate
  limits, ``/metrics`` and ``POST /admin/reload`` are per worker unless ``--state`` shares
  them through Redis. See docs/gateway.md. ``SIGTERM`` or ``SIGINT`` to the parent stops
  the workers (``SIGTERM``, then ``SIGKILL`` after :data:`STOP_GRACE_S`) and returns; a
  worker whose parent dies stops by itself.
- :func:`check_listen`: fail fast (:class:`ListenError`) when ``host:port`` cannot be bound.
"""

from __future__ import annotations

__all__ = [
    "STOP_GRACE_S",
    "WORKER_SPEC_ENV",
    "ListenError",
    "check_listen",
    "cpu_count",
    "fast_options",
    "freeze_heap",
    "run_workers",
    "worker_app",
]

import contextlib
import gc
import importlib.util
import json
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from saferail.errors import SaferailError
from saferail.gateway.config import GatewayConfig

WORKER_SPEC_ENV = "SAFERAIL_GATEWAY_WORKER_SPEC"
_HOOKS = ("on_event", "check_tool_call", "reload_guard")


def fast_options() -> dict[str, str]:
    """uvicorn's ``loop`` and ``http`` settings: the fast ones when they are installed."""
    uvloop = sys.platform != "win32" and importlib.util.find_spec("uvloop") is not None
    httptools = importlib.util.find_spec("httptools") is not None
    return {"loop": "uvloop" if uvloop else "asyncio", "http": "httptools" if httptools else "h11"}


def freeze_heap() -> None:
    """Collect once, then freeze everything allocated so far (``gc.freeze``).

    A serving gateway holds ~220,000 long-lived objects (the policy's detectors and their
    data); a full collection traverses them all, ~120 ms with the default policy, during
    which the event loop answers nothing. Frozen objects are never traversed (nor freed:
    they live as long as the process). For a process that serves: ``saferail serve`` sets
    ``app.state.freeze_heap`` and the app's lifespan calls this at startup; a library or
    test process that builds many apps does not."""
    gc.collect()
    gc.freeze()


def refreeze_heap() -> None:
    """After a policy reload in a frozen process: unfreeze, collect (the replaced Guard's
    reference cycles would otherwise never be freed) and freeze again. No-op when nothing
    is frozen."""
    if gc.get_freeze_count():
        gc.unfreeze()
        freeze_heap()


class ListenError(SaferailError):
    """The server could not listen on ``host:port`` (``reason``: the operating system's
    explanation, e.g. an address in use or not on this machine)."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        self.host = host
        self.port = port
        self.reason = reason
        super().__init__(f"cannot listen on {host}:{port}: {reason}")


def check_listen(host: str, port: int) -> None:
    """Raise :class:`ListenError` unless every address ``host`` resolves to can be bound on
    ``port`` now, the way uvicorn binds it (``SO_REUSEADDR``; IPv6 sockets v6-only). The
    probe sockets are closed at once: a caller checks before the slow start-up, so that a
    taken port or a foreign address fails in one line rather than after it."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(host, port, _reason(exc)) from None
    seen: set[tuple[int, Any]] = set()
    for family, kind, proto, _, address in infos:
        if (family, address) in seen:
            continue
        seen.add((family, address))
        try:
            with socket.socket(family, kind, proto) as probe:
                if os.name != "nt":
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6 and hasattr(socket, "IPV6_V6ONLY"):
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
        except OSError as exc:
            raise ListenError(host, port, _reason(exc)) from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.rstrip(".")
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity mask), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_spec(
    policy_path: str | Path | None,
    upstream_url: str,
    *,
    model: str,
    config: GatewayConfig,
) -> str:
    """The JSON a worker rebuilds its app from; hooks (Python callables) cannot cross."""
    hooks = [name for name in _HOOKS if getattr(config, name) is not None]
    if hooks:
        raise SaferailError(f"--workers cannot carry Python hooks to workers: {', '.join(hooks)}")
    return json.dumps(
        {
            "policy": None if policy_path is None else str(policy_path),
            "upstream": upstream_url,
            "model": model,
            "config": config.model_dump(mode="json", exclude=set(_HOOKS)),
        }
    )


def worker_app() -> FastAPI:
    """The app of one worker process (an ASGI factory for uvicorn)."""
    from saferail.gateway.server import build_app

    raw = os.environ.get(WORKER_SPEC_ENV)
    if not raw:
        raise SaferailError(f"{WORKER_SPEC_ENV} is not set: start workers with run_workers()")
    spec: dict[str, Any] = json.loads(raw)
    config = GatewayConfig.model_validate(spec["config"])
    app = build_app(spec["policy"], spec["upstream"], model=spec["model"], config=config)
    app.state.freeze_heap = True  # at startup, in the worker that serves (see create_app)
    return app


STOP_GRACE_S = 5.0
"""How long a stopping worker may take to finish its requests before it is killed."""


def run_workers(
    policy_path: str | Path | None,
    upstream_url: str,
    host: str,
    port: int,
    workers: int,
    *,
    model: str,
    upstream_api_key: str | None,
    config: GatewayConfig,
    log_level: str,
    grace_s: float = STOP_GRACE_S,
) -> None:
    """Serve with ``workers`` processes until ``SIGTERM`` or ``SIGINT``; ``SIGHUP`` restarts
    them one by one. On stopping, each worker gets ``SIGTERM`` and, if it is still running
    ``grace_s`` seconds later, ``SIGKILL``; this returns once every worker is gone.

    Raises :class:`ListenError` when ``host:port`` cannot be bound, and
    :class:`~saferail.errors.SaferailError` when a worker exits during its start-up."""
    import uvicorn

    from saferail.gateway.server import UPSTREAM_KEY_ENV

    os.environ[WORKER_SPEC_ENV] = worker_spec(policy_path, upstream_url, model=model, config=config)
    if upstream_api_key is not None:
        os.environ[UPSTREAM_KEY_ENV] = upstream_api_key  # inherited, never in the spec
    fast = fast_options()
    uv_config = uvicorn.Config(
        f"{__name__}:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=False,
        loop=fast["loop"],
        http=fast["http"],
    )
    sock = _bind(host, port)
    try:
        _Supervisor(uv_config, sock, workers, grace_s).run()
    finally:
        sock.close()


_STARTUP_S = 10.0  # a worker that exits sooner than this after its start is not restarted
_POLL_S = 0.1
_READY_S = 300.0  # SIGHUP: how long a new worker may take to serve before the old one stays
_log = logging.getLogger("uvicorn.error")


def _bind(host: str, port: int) -> socket.socket:
    """The listening address the workers share, bound the way uvicorn binds it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ListenError(host, port, _reason(exc)) from None
    sock.set_inheritable(True)
    return sock


def _serve_worker(config: Any, sock: socket.socket, parent: int, ready: Any) -> None:
    """One worker process: uvicorn on the shared socket. Sets ``ready`` once it serves, and
    stops (as by ``SIGTERM``) if the supervisor goes away without stopping it, so that no
    worker is left behind."""
    import threading

    import uvicorn

    server = uvicorn.Server(config)

    def watch() -> None:
        while os.getppid() == parent:
            if server.started and not ready.is_set():
                ready.set()
            time.sleep(_POLL_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="saferail-parent-watch", daemon=True).start()
    config.configure_logging()
    server.run(sockets=[sock])


class _Supervisor:
    """Starts the worker processes, restarts one that dies, restarts all on ``SIGHUP`` and
    stops all on ``SIGTERM``/``SIGINT`` (a second one kills at once)."""

    def __init__(self, config: Any, sock: socket.socket, workers: int, grace_s: float) -> None:
        self.config = config
        self.sock = sock
        self.workers = workers
        self.grace_s = grace_s
        self.pid = os.getpid()
        self.processes: list[tuple[BaseProcess, float]] = []
        self.pending: list[int] = []  # signals received, handled by the main loop
        self.stopping = False
        self._spawn_ctx = multiprocessing.get_context("spawn")
        self._ready: dict[BaseProcess, Any] = {}  # set by each worker once it serves

    def run(self) -> None:
        host, port = self.sock.getsockname()[:2]
        _log.info("Uvicorn running on http://%s:%s (Press CTRL+C to quit)", host, port)
        _log.info("Started parent process [%d]", self.pid)
        previous = self._catch_signals()
        try:
            self.processes = [self._start() for _ in range(self.workers)]
            self._loop()
        finally:
            self.stopping = True
            self._stop([p for p, _ in self.processes])
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            _log.info("Stopping parent process [%d]", self.pid)

    def _catch_signals(self) -> dict[int, Any]:
        import threading

        if threading.current_thread() is not threading.main_thread():
            return {}  # signals reach the main thread only: the caller stops the process
        wanted = [signal.SIGINT, signal.SIGTERM]
        if hasattr(signal, "SIGHUP"):
            wanted.append(signal.SIGHUP)
        return {signum: signal.signal(signum, self._on_signal) for signum in wanted}

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.pending.append(signum)  # no locks in a signal handler: the loop polls this

    def _start(self) -> tuple[BaseProcess, float]:
        ready = self._spawn_ctx.Event()
        process = self._spawn_ctx.Process(
            target=_serve_worker,
            args=(self.config, self.sock, self.pid, ready),
            name="saferail-worker",
        )
        process.start()
        self._ready[process] = ready
        _log.info("Started worker process [%s]", process.pid)
        return process, time.monotonic()

    def _loop(self) -> None:
        while True:
            while self.pending:
                signum = self.pending.pop(0)
                if signum != getattr(signal, "SIGHUP", None):
                    _log.info("Stopping the workers (signal %d)", signum)
                    return
                self._restart_all()
                if self.stopping:
                    return
            for i, (process, started) in enumerate(self.processes):
                if process.exitcode is None:
                    continue
                if self.pending:
                    break  # stopping, or a signal that also reached the workers
                if time.monotonic() - started < _STARTUP_S:
                    raise SaferailError(
                        f"worker process {process.pid} exited during start-up "
                        f"(exit code {process.exitcode}); see its log above"
                    )
                _log.warning("Worker process [%s] died; starting another", process.pid)
                self.processes[i] = self._start()
            time.sleep(_POLL_S)

    def _restart_all(self) -> None:
        """``SIGHUP``: replace the workers one at a time (each new one re-reads the policy)."""
        _log.info("Restarting the workers one by one")
        for i, previous in enumerate(self.processes):
            if self._stop_asked():
                self.stopping = True
                return
            new = self._start()
            self.processes[i] = new
            if not self._serving(new[0]):
                if self._stop_asked():
                    self.stopping = True
                    return
                _log.error("The new worker did not start; keeping the running ones")
                self.processes[i] = previous
                self._stop([new[0]])
                return
            self._stop([previous[0]])

    def _stop_asked(self) -> bool:
        return any(s != getattr(signal, "SIGHUP", None) for s in self.pending)

    def _serving(self, process: BaseProcess) -> bool:
        """Wait until a new worker serves (False: it exited, or stopping was asked)."""
        ready = self._ready[process]
        deadline = time.monotonic() + _READY_S
        while not ready.is_set():
            if process.exitcode is not None or self._stop_asked():
                return False
            if time.monotonic() > deadline:
                return False
            time.sleep(_POLL_S)
        return True

    def _stop(self, processes: list[BaseProcess]) -> None:
        """``SIGTERM`` each, ``SIGKILL`` those still running after the grace period (or at
        once on a further ``SIGTERM``/``SIGINT``); return when all are gone."""
        for process in processes:
            if process.exitcode is None and process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace_s
        seen = len(self.pending)
        while any(p.exitcode is None for p in processes) and time.monotonic() < deadline:
            if self.stopping and any(
                s != getattr(signal, "SIGHUP", None) for s in self.pending[seen:]
            ):
                break  # asked again: do not wait any longer
            time.sleep(_POLL_S / 2)
        for process in processes:
            if process.exitcode is None:
                _log.warning("Worker process [%s] did not stop in time: killed", process.pid)
                process.kill()
            process.join(5)
            self._ready.pop(process, None)
