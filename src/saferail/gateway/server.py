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
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from saferail.errors import SaferailError
from saferail.gateway.config import GatewayConfig
from saferail.gateway.runtime import fast_options, run_workers
from saferail.guard.pipeline import Guard
from saferail.targets.base import Target
from saferail.targets.openai_http import OpenAITarget

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
) -> FastAPI:
    """The gateway app for a policy file (``None``: the bundled default) and an upstream:
    the base URL of an OpenAI-compatible server, or a target (e.g. ``LocalTarget()``;
    ``model``, ``upstream_api_key``, ``timeout_s``, ``max_retries`` and ``max_concurrency``,
    the cap on upstream calls in flight, are for URLs only).

    Unless ``config.reload_guard`` is set, reloading re-reads ``policy_path``.
    """
    guard = Guard(policy_path)
    cfg = config if config is not None else GatewayConfig()
    if cfg.reload_guard is None:
        cfg = cfg.model_copy(update={"reload_guard": lambda: Guard(policy_path)})
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

    return create_app(guard, target, config=cfg)


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
) -> None:
    """Serve the gateway until interrupted; ``SIGHUP`` reloads the policy. ``workers > 1``
    runs that many processes (an upstream URL only; see ``saferail.gateway.runtime``)."""
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
        policy_path, upstream, model=model, upstream_api_key=upstream_api_key, config=config
    )
    if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGHUP, lambda signum, frame: reload_now(app))
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
