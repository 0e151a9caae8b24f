"""Who is asking: a session cookie set by the login form, or an API key sent as
``Authorization: Bearer srk_...``.

A login checks the API key against the event store once and opens a session: a random token
(256 bits) in an HttpOnly, SameSite=Strict cookie, mapped in server memory to the key's
principal and key id. Every request re-checks that the key is still live, so revoking a key
ends its sessions at once. Sessions live in this process only (a restart asks for the key
again) and expire after ``session_ttl_s``.
"""

from __future__ import annotations

__all__ = ["COOKIE", "Authenticator", "Session", "SessionStore"]

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.requests import Request

from saferail.dashboard.errors import NotAuthenticated
from saferail.telemetry.access import AuthError, Principal, parse_api_key
from saferail.telemetry.store import EventStore

COOKIE = "saferail_session"


@dataclass(frozen=True)
class Session:
    principal: Principal
    key_id: str
    expires: float


class SessionStore:
    """Sessions by token, oldest dropped first beyond ``max_sessions``."""

    def __init__(self, ttl_s: float, max_sessions: int) -> None:
        self.ttl_s = ttl_s
        self.max_sessions = max_sessions
        self._items: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, principal: Principal, key_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._items[token] = Session(principal, key_id, time.monotonic() + self.ttl_s)
            while len(self._items) > self.max_sessions:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Session | None:
        with self._lock:
            session = self._items.get(token)
            if session is not None and session.expires <= time.monotonic():
                del self._items[token]
                return None
            return session

    def close(self, token: str) -> None:
        with self._lock:
            self._items.pop(token, None)

    def __len__(self) -> int:
        return len(self._items)


class Authenticator:
    """Resolves the principal of a request against the event store's API keys."""

    def __init__(self, store: EventStore, sessions: SessionStore) -> None:
        self.store = store
        self.sessions = sessions

    def login(self, key: str) -> tuple[str, Principal]:
        """Check ``key`` and open a session; :class:`AuthError` when the key is not valid."""
        principal = self.store.authenticate(key)
        return self.sessions.open(principal, parse_api_key(key)), principal

    def principal(self, request: Request) -> Principal:
        """The caller, from a bearer key or the session cookie; :class:`NotAuthenticated`
        when there is neither or it is no longer valid."""
        header = request.headers.get("authorization")
        if header is not None:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise NotAuthenticated("expected 'Authorization: Bearer <API key>'")
            try:
                return self.store.authenticate(key.strip())
            except AuthError as exc:
                raise NotAuthenticated(str(exc)) from None
        token = request.cookies.get(COOKIE)
        if not token:
            raise NotAuthenticated("log in with an API key")
        session = self.sessions.get(token)
        if session is None:
            raise NotAuthenticated("the session has expired: log in again")
        if not self._live(session.key_id):
            self.sessions.close(token)
            raise NotAuthenticated("the API key of this session was revoked")
        return session.principal

    def _live(self, key_id: str) -> bool:
        return any(k.key_id == key_id and k.revoked_at is None for k in self.store.api_keys())
