"""Run the gateway: ``serve(policy_path, upstream, ...)`` builds Guard, target and app
and runs uvicorn; ``upstream`` is an OpenAI-compatible base URL or any target. ``POST
/admin/reload`` and ``SIGHUP`` re-read the policy file and swap the Guard atomically
(requests in flight finish under the policy they started with)."""

from __future__ import annotations

__all__ = ["build_app", "load_api_keys", "serve"]

import logging
import os
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn
from fastapi import FastAPI

from saferail.errors import SaferailError
from saferail.gateway.config import GatewayConfig
from saferail.gateway.runtime import (
    check_listen,
    fast_options,
    refreeze_heap,
    run_workers,
)
from saferail.guard.pipeline import Guard
from saferail.targets.base import Target
from saferail.targets.openai_http import OpenAITarget

if TYPE_CHECKING:
    from saferail.telemetry.setup import Telemetry

log = logging.getLogger("saferail.gateway")
UPSTREAM_KEY_ENV = "SAFERAIL_UPSTREAM_API_KEY"


def load_api_keys(path: str | Path) -> dict[str, str]:
    """Read ``<key id> <sha256 hex of the key>`` lines (``#`` comments, blank lines ok)."""
    keys: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.replace(":", " ").split()
        if len(parts) != 2:
            raise SaferailError(f"{path}:{n}: expected '<key id> <sha256 hex>'")
        if parts[0] in keys:
            raise SaferailError(f"{path}:{n}: key id {parts[0]!r} is given twice")
        keys[parts[0]] = parts[1]
    return keys


def build_app(
    policy_path: str | Path | None,
    upstream: str | Target,
    *,
    model: str = "default",
    upstream_api_key: str | None = None,
    config: GatewayConfig | None = None,
    timeout_s: float = 60.0,
    max_retries: int = 2,
    max_concurrency: int = 64,
    telemetry: Telemetry | Sequence[str] | None = None,
) -> FastAPI:
    """The gateway app for a policy file (``None``: the bundled default) and an upstream:
    the base URL of an OpenAI-compatible server, or a target (e.g. ``LocalTarget()``;
    ``model``, ``upstream_api_key``, ``timeout_s``, ``max_retries`` and ``max_concurrency``,
    the cap on upstream calls in flight, are for URLs only).

    Unless ``config.reload_guard`` is set, reloading re-reads ``policy_path``.
    ``telemetry`` (a :class:`~saferail.telemetry.setup.Telemetry` or sink specs such as
    ``["sqlite:events.db"]``) records a safety event per guard decision (alongside any
    ``config.on_event`` hook); its Prometheus sink, if any, joins ``/metrics``; the app
    closes it on shutdown (``app.state.telemetry``).
    """
    guard = Guard(policy_path)
    cfg = config if config is not None else GatewayConfig()
    if cfg.reload_guard is None:
        cfg = cfg.model_copy(update={"reload_guard": lambda: Guard(policy_path)})
    tel = _telemetry(telemetry)
    if tel is not None:
        hook = tel.gateway_hook(policy_id=guard.policy.name)
        if cfg.on_event is not None:
            hook = _chain(cfg.on_event, hook)
        cfg = cfg.model_copy(update={"on_event": hook})
    target: Target
    if isinstance(upstream, str):
        key = upstream_api_key if upstream_api_key is not None else os.environ.get(UPSTREAM_KEY_ENV)
        target = OpenAITarget(
            upstream,
            model,
            key or None,
            timeout_s=timeout_s,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
        )
    else:
        target = upstream
    from saferail.gateway.app import create_app  # keep the module import light

    app = create_app(guard, target, config=cfg)
    app.state.telemetry = tel
    if tel is not None and tel.prometheus is not None:
        tel.prometheus.register(app.state.gateway.metrics.registry)
    return app


def _telemetry(spec: Telemetry | Sequence[str] | None) -> Telemetry | None:
    if spec is None:
        return None
    from saferail.telemetry.setup import Telemetry

    if isinstance(spec, Telemetry):
        return spec
    specs = [spec] if isinstance(spec, str) else list(spec)
    return Telemetry.from_specs(specs) if specs else None


def _chain(first: Any, second: Any) -> Any:
    def both(event: dict[str, Any]) -> None:
        try:
            first(event)
        finally:
            second(event)

    return both


def reload_now(app: FastAPI) -> bool:
    """Swap in a Guard from ``config.reload_guard``; False (and a log line) if it fails."""
    state: Any = app.state.gateway
    loader = state.config.reload_guard
    if loader is None:
        return False
    try:
        state.guard = loader()
    except Exception as exc:
        log.error("saferail gateway: policy reload failed, keeping the current one: %s", exc)
        return False
    refreeze_heap()
    log.warning("saferail gateway: policy reloaded (version %s)", state.guard.policy_version)
    return True


def serve(
    policy_path: str | Path | None,
    upstream: str | Target,
    host: str = "127.0.0.1",
    port: int = 8700,
    *,
    model: str = "default",
    upstream_api_key: str | None = None,
    config: GatewayConfig | None = None,
    log_level: str = "info",
    workers: int = 1,
    telemetry: Sequence[str] = (),
) -> None:
    """Serve the gateway until interrupted; ``SIGHUP`` reloads the policy. ``workers > 1``
    runs that many processes (an upstream URL only; see ``saferail.gateway.runtime``).
    ``telemetry``: sink specs (see :func:`build_app`).

    Raises :class:`~saferail.gateway.runtime.ListenError` before building anything when
    ``host:port`` cannot be listened on (a port in use, an address not on this machine)."""
    if workers > 1 and telemetry:
        raise SaferailError("--telemetry works with one worker process for now (--workers 1)")
    check_listen(host, port)
    if workers > 1:
        if not isinstance(upstream, str):
            raise SaferailError("--workers needs an upstream URL, not an in-process target")
        cfg = config if config is not None else GatewayConfig()
        run_workers(
            policy_path,
            upstream,
            host,
            port,
            workers,
            model=model,
            config=cfg,
            upstream_api_key=upstream_api_key,
            log_level=log_level,
        )
        return
    app = build_app(
        policy_path,
        upstream,
        model=model,
        upstream_api_key=upstream_api_key,
        config=config,
        telemetry=list(telemetry) or None,
    )
    if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGHUP, lambda signum, frame: reload_now(app))
    app.state.freeze_heap = True  # at startup (create_app's lifespan)
    try:
        fast = fast_options()  # uvloop + httptools when installed
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level=log_level,
            access_log=False,
            loop=fast["loop"],
            http=fast["http"],
        )
    finally:
        app.state.gateway.guard.close()
        if app.state.telemetry is not None:
            app.state.telemetry.close()
