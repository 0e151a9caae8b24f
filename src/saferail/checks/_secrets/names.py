"""Name rules for generic assignments: does ``NAME = value`` name a secret, how strongly?

``api_token``, ``DB_PASSWORD`` and ``stripeSecretKey`` name secrets; ``public_key``,
``csrf_token`` and ``max_tokens`` do not; ``MAPBOX_KEY`` (a ``<vendor>_KEY``) only weakly.
"""

from __future__ import annotations

__all__ = ["classify_name"]

import functools

from saferail.checks._secrets.placeholders import components

_STRONG_LAST = frozenset(
    {
        "token",
        "tokens",
        "secret",
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "pass",
        "credential",
        "credentials",
        "creds",
        "auth",
        "authorization",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "clientsecret",
        "appsecret",
        "authtoken",
        "accesstoken",
        "apitoken",
        "refreshtoken",
        "bottoken",
    }
)
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "secret",
        "access",
        "private",
        "signing",
        "encryption",
        "encrypt",
        "master",
        "account",
        "auth",
        "service",
        "client",
        "app",
        "consumer",
        "subscription",
        "webhook",
        "hmac",
        "jwt",
        "session",
        "license",
        "admin",
        "write",
        "read",
        "deploy",
        "ssh",
        "storage",
        "shared",
    }
)
_NAME_EXCLUDE = frozenset(
    {
        "public",
        "publishable",
        "pub",
        "csrf",
        "xsrf",
        "authenticity",
        "antiforgery",
        "page",
        "next",
        "continuation",
        "cursor",
        "sync",
        "max",
        "min",
        "num",
        "count",
        "length",
        "len",
        "size",
        "type",
        "sort",
        "primary",
        "foreign",
        "partition",
        "cache",
        "idempotency",
        "lookup",
        "hash",
    }
)
_PASSWORDISH = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "pass",
        "passwort",
        "kennwort",
        "senha",
        "contrasena",
        "contraseña",
        "пароль",
    }
)


@functools.lru_cache(maxsize=4096)
def classify_name(name: str) -> str | None:
    """``strong``, ``password``, ``weak`` (a ``<vendor>_KEY`` name) or None (not secret)."""
    comps = components(name)
    while comps and comps[-1].isdigit():
        comps.pop()
    if not comps:
        return None
    if any(c in _NAME_EXCLUDE for c in comps[:-1]):
        return None
    last = comps[-1]
    if last in _PASSWORDISH or (last.endswith("password") and last != "password"):
        return "password"
    if last in _STRONG_LAST:
        return "strong"
    if last in ("key", "keys"):
        if len(comps) < 2:
            return None
        prev = comps[-2]
        if prev in _KEY_QUALIFIERS:
            return "strong"
        return "weak"
    if last.endswith(("apikey", "accesskey", "secretkey", "privatekey", "clientsecret")):
        return "strong"
    return None
