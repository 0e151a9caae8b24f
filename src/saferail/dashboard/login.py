"""The login form and logout. A successful login sets the session cookie (HttpOnly,
SameSite=Strict, Secure over https) and redirects to the page asked for; a form posted from
another origin is refused."""

from __future__ import annotations

__all__ = ["router", "safe_next"]

import logging
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from saferail.dashboard.auth import COOKIE
from saferail.dashboard.errors import BadRequest, DashboardError, NotAuthenticated
from saferail.dashboard.render import page
from saferail.dashboard.state import caller, state_of
from saferail.telemetry.access import AuthError

log = logging.getLogger("saferail.dashboard")
router = APIRouter()
_MAX_FORM = 4096


class CrossOrigin(DashboardError):
    status = 403
    code = "cross_origin"


def safe_next(value: str | None) -> str:
    """A local path to go to after the login (anything else: ``/``)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith("/login"):
        return "/"
    return value


def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin is None:  # not sent by this browser for a same-origin form
        return
    mine = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin != mine:
        raise CrossOrigin("a form from another origin cannot log in or out here")


async def _form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _MAX_FORM:
            raise BadRequest("the form is too large")
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise BadRequest("the form is not UTF-8") from None


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    try:
        caller(request)
    except NotAuthenticated:
        return page(request, "login.html.j2", next=safe_next(next), error=None)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/login")
async def login(request: Request) -> Response:
    _same_origin(request)
    form = await _form(request)
    target = safe_next(form.get("next"))
    st = state_of(request)
    key = form.get("key", "").strip()
    if not key:
        return page(request, "login.html.j2", 401, next=target, error="paste an API key")
    try:
        token, principal = st.auth.login(key)
    except AuthError as exc:
        log.info("saferail dashboard: failed login (%s)", exc)
        return page(request, "login.html.j2", 401, next=target, error=str(exc))
    log.info("saferail dashboard: %s (%s) logged in", principal.name, principal.role)
    response = RedirectResponse(target, status_code=303)
    secure = st.config.cookie_secure
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(st.config.session_ttl_s),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    _same_origin(request)
    token = request.cookies.get(COOKIE)
    if token:
        state_of(request).auth.sessions.close(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
