"""The guarded OpenAI-compatible gateway: ``create_app(guard, upstream, config=...)``.

Routes: ``POST /v1/chat/completions`` (``stream: true`` as server-sent events),
``GET /v1/models``, ``GET /healthz``, ``GET /readyz``, ``GET /metrics`` (Prometheus),
``POST /admin/reload`` (when ``config.reload_guard`` is set) and ``GET /openapi.json``
(``saferail.gateway.openapi``). See docs/gateway.md.

``POST /v1/chat/completions`` takes a fast path: :class:`GatewayApp` hands it to its
handler before FastAPI's middleware stack and router (about 100 us of CPU less per request,
docs/gateway.md "Performance"), unless middleware was added to the app; then the request
takes the ordinary route, which does the same.

With ``config.state_url`` (Redis) the replicas share rate limits and the policy version
(``saferail.gateway.shared``; docs/scaling_gateway.md).
"""

from __future__ import annotations

__all__ = ["GatewayApp", "create_app"]

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from saferail.gateway.config import GatewayConfig
from saferail.gateway.exchange import Exchange, GatewayState
from saferail.gateway.limits import Admission, read_body
from saferail.gateway.openapi import (
    ErrorResponse,
    HealthStatus,
    Model,
    ModelList,
    ReadyStatus,
    ReloadStatus,
    error_responses,
    gateway_openapi,
)
from saferail.gateway.runtime import freeze_heap, refreeze_heap
from saferail.gateway.wire import RequestError, error_response, parse_chat_request
from saferail.guard.pipeline import Guard
from saferail.targets.base import Target

if TYPE_CHECKING:
    from saferail.gateway.shared import SharedState

log = logging.getLogger("saferail.gateway")
Handler = Callable[[Request], Awaitable[Response]]


class GatewayApp(FastAPI):
    """A FastAPI app whose chat-completions requests skip the middleware stack and router
    (``fast_routes``: ``(method, path) -> handler``) while no middleware has been added.
    The handler answers every error itself; an unexpected exception becomes a logged
    OpenAI-style 500, as an ordinary route's would through the exception middleware."""

    fast_routes: dict[tuple[str, str], Handler]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.user_middleware and not scope.get("root_path"):
            handler = self.fast_routes.get((scope["method"], scope["path"]))
            if handler is not None:
                scope["app"] = self
                request = Request(scope, receive, send)
                try:
                    response = await handler(request)
                except RequestError as exc:
                    response = exc.response()
                except Exception:
                    log.exception("saferail gateway: the request failed")
                    msg = "the gateway failed"
                    response = error_response(500, msg, "server_error", "saferail.internal")
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def create_app(guard: Guard, upstream: Target, *, config: GatewayConfig | None = None) -> FastAPI:
    """A FastAPI app guarding ``upstream`` with ``guard``.

    With ``app.state.freeze_heap`` set (``saferail serve`` does), startup freezes the
    long-lived heap out of the garbage collector's reach (``runtime.freeze_heap``).
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
        if getattr(app.state, "freeze_heap", False):  # set by saferail serve
            freeze_heap()
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

    app = GatewayApp(
        title="saferail gateway",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # the HTML pages load scripts from a CDN; the JSON is enough
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.openapi = lambda: gateway_openapi(app, bearer=bool(cfg.api_keys))  # type: ignore[method-assign]
    app.state.gateway = state
    app.state.shared = shared

    @app.exception_handler(RequestError)
    async def _request_error(request: Request, exc: RequestError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _router_error(request, exc)

    @app.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception) -> JSONResponse:
        # the server logs the traceback; the client gets an error object, not plain text
        return error_response(500, "the gateway failed", "server_error", "saferail.internal")

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
        exchange = Exchange(
            state,
            chat,
            tenant=key_id,
            session=session,
            request_id=request_id,
            receive=request.receive,
        )
        response = await _answer(exchange)
        # as OpenAI's API does; the same id as the answer's and the safety events'
        response.headers["x-request-id"] = exchange.id
        return response

    # A plain Starlette route: FastAPI's dependency solving costs ~35 us per request and
    # this endpoint takes only the Request (same middleware and exception handlers); the
    # fast path (GatewayApp) skips the middleware and router too. Documented by
    # saferail.gateway.openapi.chat_route.
    app.router.routes.append(Route("/v1/chat/completions", chat_completions, methods=["POST"]))
    app.fast_routes = {("POST", "/v1/chat/completions"): chat_completions}

    @app.get(
        "/v1/models",
        response_model=None,
        responses={200: {"model": ModelList}, **error_responses(401)},
        summary="The model served",
    )
    async def models(request: Request) -> dict[str, Any]:
        admission.key_id(request)
        return {"object": "list", "data": [_model_entry(state.model_id)]}

    @app.get(
        "/v1/models/{model:path}",
        response_model=None,
        responses={
            200: {"model": Model},
            404: {"model": ErrorResponse, "description": "Not the model served"},
            **error_responses(401),
        },
        summary="The model served, by id (clients such as openai's models.retrieve)",
    )
    async def model(request: Request, model: str) -> JSONResponse:
        admission.key_id(request)
        if model != state.model_id:
            msg = f"the model {model!r} does not exist; this gateway serves {state.model_id!r}"
            return error_response(
                404, msg, "invalid_request_error", "model_not_found", param="model"
            )
        return JSONResponse(_model_entry(state.model_id))

    @app.get(
        "/healthz",
        response_model=None,
        responses={200: {"model": HealthStatus}},
        summary="Liveness: 200 while the process is up",
    )
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        response_model=None,
        responses={
            200: {"model": ReadyStatus},
            503: {"model": ReadyStatus, "description": "The upstream is unreachable"},
        },
        summary="Readiness: a policy is loaded and the upstream accepts connections",
    )
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

    # HEAD too (undocumented twins): load balancers and `curl -I` probe with it
    app.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
    app.add_api_route("/readyz", readyz, methods=["HEAD"], include_in_schema=False)

    @app.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {state.metrics.content_type: {"schema": {"type": "string"}}}}},
        summary="Prometheus metrics of this process",
    )
    async def metrics() -> Response:
        return Response(state.metrics.render(), media_type=state.metrics.content_type)

    @app.post(
        "/admin/reload",
        response_model=None,
        responses={200: {"model": ReloadStatus}, **error_responses(400, 401, 403, 404)},
        summary="Re-read the policy and swap it in (requests in flight keep theirs)",
    )
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
        refreeze_heap()
        if shared is not None:
            await shared.announce(new.policy_version)
        return JSONResponse({"status": "reloaded", "policy_version": new.policy_version})

    return app


async def _answer(exchange: Exchange) -> Response:
    """The answer to a parsed chat request: a refused input, a stream or a completion."""
    outgoing, refused = exchange.check_input()
    if refused is not None:
        return refused
    if exchange.request.stream:
        return await exchange.stream(outgoing)
    return await exchange.complete(outgoing)


def _model_entry(model_id: str) -> dict[str, Any]:
    """One model object of ``/v1/models``."""
    return {"id": model_id, "object": "model", "created": 0, "owned_by": "saferail"}


def _router_error(request: Request, exc: HTTPException) -> JSONResponse:
    """An OpenAI-style error for the router's own answers: unknown route (404), wrong
    method (405, with its ``Allow`` header)."""
    where = f"{request.method} {request.url.path}"
    if exc.status_code == 404:
        message, code = f"unknown route: {where}", "unknown_url"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message, code = f"method not allowed: {where} (allowed: {allowed})", "method_not_allowed"
    else:
        message, code = str(exc.detail), None
    kind = "server_error" if exc.status_code >= 500 else "invalid_request_error"
    return error_response(exc.status_code, message, kind, code, exc.headers)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("saferail")
    except PackageNotFoundError:
        return "0"


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
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a port out of range, or not a number: nothing to connect to
        return False, "unreachable"
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout_s)
    except (OSError, TimeoutError):
        return False, "unreachable"
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True, "reachable"
