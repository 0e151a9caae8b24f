"""``create_dashboard(event_store, run_store, ...)``: the saferail dashboard as a FastAPI app.

Server-rendered pages (Jinja2, inline SVG) and a JSON API under ``/api/``; the KPI charts are
drawn by a small script served with the app (no CDN, nothing fetched from elsewhere; a strict
Content-Security-Policy allows only this origin). Every page and API route authenticates (a
session cookie from the login form, or ``Authorization: Bearer <API key>``) and enforces the
store's roles: viewer (aggregates), analyst (events without content), admin (captured
content, audited by the store, and the audit log). See docs/telemetry/dashboard.md.
"""

from __future__ import annotations

__all__ = ["create_dashboard"]

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from saferail.dashboard import api, login, pages, pages_runs, seed_kpis
from saferail.dashboard.auth import Authenticator, SessionStore
from saferail.dashboard.config import DashboardConfig
from saferail.dashboard.errors import DashboardError, error_body, is_api
from saferail.dashboard.redteam import ReportIndex
from saferail.dashboard.render import page
from saferail.dashboard.state import DashboardState
from saferail.evals._sqlstore import SqlRunStore
from saferail.telemetry.access import AccessDenied
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.store import EventStore

log = logging.getLogger("saferail.dashboard")

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "content-security-policy": _CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # "no-referrer" would make form posts Origin: null
    "cross-origin-opener-policy": "same-origin",
}


def create_dashboard(
    event_store: EventStore,
    run_store: SqlRunStore | None = None,
    *,
    alerts: AlertHistory | None = None,
    reports_dir: str | Path | None = None,
    config: DashboardConfig | None = None,
) -> FastAPI:
    """The dashboard app over ``event_store`` (and, when given, the eval/red-team
    ``run_store``, an alert history and a directory of red-team JSON reports).

    The caller owns the stores and closes them after the server stops."""
    cfg = config or DashboardConfig()
    sessions = SessionStore(cfg.session_ttl_s, cfg.max_sessions)
    app = FastAPI(title="saferail dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.dashboard = DashboardState(
        events=event_store,
        runs=run_store,
        alerts=alerts,
        reports=ReportIndex(reports_dir) if reports_dir is not None else None,
        config=cfg,
        auth=Authenticator(event_store, sessions),
    )
    app.include_router(login.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(pages_runs.router)
    app.include_router(seed_kpis.router)
    app.mount("/static", StaticFiles(packages=[("saferail.dashboard", "static")]), name="static")
    _handlers(app)

    @app.middleware("http")
    async def _security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers["cache-control"] = "no-store"
        return response

    return app


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if is_api(request):
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(status, code, message), status, headers=headers)
    if status == 401:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(wanted, safe='')}", status_code=303)
    return page(request, "error.html.j2", status, status=status, code=code, message=message)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(DashboardError)
    async def _dashboard_error(request: Request, exc: DashboardError) -> Response:
        return _error(request, exc.status, exc.code, str(exc))

    @app.exception_handler(AccessDenied)
    async def _denied(request: Request, exc: AccessDenied) -> Response:
        return _error(request, 403, "forbidden", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "query")
        return _error(request, 422, "invalid_parameter", f"{where}: {err.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("saferail dashboard: %s %s failed", request.method, request.url.path)
        return _error(request, 500, "internal_error", "internal error (see the server log)")
