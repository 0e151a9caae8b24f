"""The guarded OpenAI-compatible gateway: ``create_app(guard, upstream, config=...)``.

Routes: ``POST /v1/chat/completions`` (``stream: true`` as server-sent events),
``GET /v1/models``, ``GET /healthz``, ``GET /readyz``, ``GET /metrics`` (Prometheus) and
``POST /admin/reload`` (when ``config.reload_guard`` is set). See docs/gateway.md.

With ``config.state_url`` (Redis) the replicas share rate limits and the policy version
(``saferail.gateway.shared``; docs/scaling_gateway.md).
"""

from __future__ import annotations

__all__ = ["create_app"]

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.routing import Route

from saferail.gateway.config import GatewayConfig
from saferail.gateway.exchange import Exchange, GatewayState
from saferail.gateway.limits import Admission, read_body
from saferail.gateway.wire import RequestError, error_response, parse_chat_request
from saferail.guard.pipeline import Guard
from saferail.targets.base import Target

if TYPE_CHECKING:
    from saferail.gateway.shared import SharedState

log = logging.getLogger("saferail.gateway")


def create_app(guard: Guard, upstream: Target, *, config: GatewayConfig | None = None) -> FastAPI:
    """A FastAPI app guarding ``upstream`` with ``guard``.

    On shutdown the app closes ``upstream`` (``aclose()``, when it has one), in the event
    loop that used it. ``app.state.gateway`` holds the shared state; assigning
    ``app.state.gateway.guard`` swaps the policy for new requests (in-flight ones keep theirs).
    """
    cfg = config if config is not None else GatewayConfig()
    state = GatewayState(guard, upstream, cfg)
    shared = _shared_state(cfg)
    admission = Admission(cfg, limiter=shared.limiter if shared is not None else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if shared is not None:
            await shared.start(state)
        try:
            yield
        finally:
            if shared is not None:
                await shared.aclose()
            aclose = getattr(state.upstream, "aclose", None)
            if callable(aclose):
                await aclose()
            telemetry = getattr(app.state, "telemetry", None)
            if telemetry is not None:  # flush what is queued, off the event loop
                await asyncio.to_thread(telemetry.close)

    app = FastAPI(
        title="saferail gateway",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.gateway = state
    app.state.shared = shared

    @app.exception_handler(RequestError)
    async def _request_error(request: Request, exc: RequestError) -> JSONResponse:
        return exc.response()

    async def chat_completions(request: Request) -> Response:
        t0 = time.perf_counter()
        try:
            key_id = admission.key_id(request)
            await admission.acquire(key_id)
            raw = await read_body(request, cfg.max_body_bytes)
            chat = parse_chat_request(raw)
        except RequestError as exc:
            state.metrics.observe(f"rejected_{exc.status}", False, time.perf_counter() - t0)
            return exc.response()
        request_id = uuid.uuid4().hex
        session = request.headers.get(cfg.session_header) or request_id
        exchange = Exchange(state, chat, tenant=key_id, session=session, request_id=request_id)
        outgoing, refused = exchange.check_input()
        if refused is not None:
            return refused
        if chat.stream:
            return await exchange.stream(outgoing)
        return await exchange.complete(outgoing)

    # A plain Starlette route: FastAPI's dependency solving costs ~35 us per request and
    # this endpoint takes only the Request (same middleware and exception handlers).
    app.router.routes.append(Route("/v1/chat/completions", chat_completions, methods=["POST"]))

    @app.get("/v1/models")
    async def models(request: Request) -> dict[str, Any]:
        admission.key_id(request)
        entry = {"id": state.model_id, "object": "model", "created": 0, "owned_by": "saferail"}
        return {"object": "list", "data": [entry]}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        guard = state.guard
        upstream_ok, detail = await _upstream_reachable(state.upstream, cfg.ready_timeout_s)
        ready = upstream_ok
        body: dict[str, Any] = {
            "status": "ready" if ready else "not ready",
            "policy": guard.policy.name,
            "policy_version": guard.policy_version,
            "upstream": detail,
        }
        if shared is not None:
            body["shared_state"] = await shared.status(state)
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        return Response(state.metrics.render(), media_type=state.metrics.content_type)

    @app.post("/admin/reload")
    async def reload(request: Request) -> JSONResponse:
        admission.admin(admission.key_id(request))
        if cfg.reload_guard is None:
            return error_response(404, "policy reload is not configured", "not_found_error")
        try:
            new = await asyncio.to_thread(cfg.reload_guard)
        except Exception as exc:
            log.warning("saferail gateway: policy reload failed: %s", exc)
            msg = f"policy reload failed, the current policy stays: {exc}"
            return error_response(400, msg, "invalid_request_error", "saferail.reload_failed")
        state.guard = new  # atomic: requests in flight hold their own reference
        if shared is not None:
            await shared.announce(new.policy_version)
        return JSONResponse({"status": "reloaded", "policy_version": new.policy_version})

    return app


def _shared_state(cfg: GatewayConfig) -> SharedState | None:
    if cfg.state_url is None:
        return None
    from saferail.gateway.shared import SharedState  # needs the optional redis package

    return SharedState.from_config(cfg)


async def _upstream_reachable(upstream: Target, timeout_s: float) -> tuple[bool, str]:
    """Whether a TCP connection to an HTTP upstream opens (non-HTTP targets: always)."""
    base = getattr(upstream, "base_url", None)
    if not isinstance(base, str):
        return True, "in-process"
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout_s)
    except (OSError, TimeoutError):
        return False, "unreachable"
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True, "reachable"
