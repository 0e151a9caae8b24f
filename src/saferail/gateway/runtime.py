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
  them through Redis. See docs/gateway.md.
"""

from __future__ import annotations

__all__ = [
    "WORKER_SPEC_ENV",
    "cpu_count",
    "fast_options",
    "freeze_heap",
    "run_workers",
    "worker_app",
]

import gc
import importlib.util
import json
import os
import sys
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
) -> None:
    """Serve with ``workers`` processes until interrupted."""
    import uvicorn

    from saferail.gateway.server import UPSTREAM_KEY_ENV

    os.environ[WORKER_SPEC_ENV] = worker_spec(policy_path, upstream_url, model=model, config=config)
    if upstream_api_key is not None:
        os.environ[UPSTREAM_KEY_ENV] = upstream_api_key  # inherited, never in the spec
    fast = fast_options()
    uvicorn.run(
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
