"""Checks of individual tool arguments: paths, shell text and URLs.

Arguments are named by dotted paths into the decoded JSON arguments: ``path``,
``options.target``, ``files.*`` (every item of a list), or ``*`` (every string anywhere).
A path that names a list takes every string in it.
"""

from __future__ import annotations

__all__ = [
    "ArgumentIssue",
    "check_path",
    "check_shell",
    "check_url_arg",
    "find_emails",
    "find_urls",
    "string_leaves",
    "values_at",
]

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from saferail.agents.ssrf import Reason, Resolver, SsrfPolicy, check_url, system_resolver

_SHELL_META = re.compile(r"[;&|`$<>\n\r\x00]")
_DRIVE = re.compile(r"^[A-Za-z]:")  # "C:\\x", and drive-relative "C:x": another drive
_MAX_DECODES = 5
# A URL: ``scheme://...``, or a web scheme followed directly by the host or by slashes and
# backslashes in any mix (``https:evil.example``, ``http:/x``, ``http:\\x``), which WHATWG
# parsers (browsers, Node's fetch) read as ``scheme://host``.
_URL = re.compile(
    r"\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|(?:https?|wss?|ftp):[/\\]*(?=[^\s\"'<>/\\]))"
    r"[^\s\"'<>]+",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True, slots=True)
class ArgumentIssue:
    """One argument rule broken: a stable reason code and a one-line detail."""

    reason: str
    detail: str


def string_leaves(
    value: Any, path: str = "", *, numbers: bool = False
) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every string in ``value``; list items get ``[i]``. With
    ``numbers``, numbers too, as their JSON text: a tool may take ``12345678`` for the
    account ``"12345678"``, and a card number is as sensitive without its quotes."""
    if isinstance(value, str):
        yield path or "$", value
    elif numbers and isinstance(value, int | float) and not isinstance(value, bool):
        yield path or "$", str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, f"{path}.{key}" if path else str(key), numbers=numbers)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_leaves(item, f"{path}[{i}]", numbers=numbers)


def values_at(args: Any, spec: str, *, numbers: bool = False) -> list[tuple[str, str]]:
    """The strings (with ``numbers``, also the numbers) an argument spec names, as
    (path, text)."""
    if spec == "*":
        return list(string_leaves(args, numbers=numbers))
    nodes: list[tuple[str, Any]] = [("", args)]
    for part in spec.split("."):
        nxt: list[tuple[str, Any]] = []
        for where, node in nodes:
            if part == "*" and isinstance(node, list):
                nxt += [(f"{where}[{i}]", item) for i, item in enumerate(node)]
            elif part == "*" and isinstance(node, dict):
                nxt += [(f"{where}.{k}" if where else k, v) for k, v in node.items()]
            elif isinstance(node, dict) and part in node:
                nxt.append((f"{where}.{part}" if where else part, node[part]))
        nodes = nxt
    return [leaf for where, node in nodes for leaf in string_leaves(node, where, numbers=numbers)]


def check_path(value: str, roots: list[str]) -> ArgumentIssue | None:
    """``..`` segments (also percent-encoded, once or several times: ``%252e%252e``), NUL
    bytes, home-relative paths, and absolute paths outside ``roots`` (with no roots, every
    absolute path; a Windows drive letter, ``C:\\x`` or drive-relative ``C:x``, is absolute)
    are violations."""
    forms = _decodings(value)
    if any("\x00" in f for f in forms):
        return ArgumentIssue("path_traversal", "the path contains a NUL byte")
    if any(".." in re.split(r"[\\/]+", f) for f in forms):
        return ArgumentIssue("path_traversal", f"the path {_show(value)} climbs up with '..'")
    if any(f.startswith("~") for f in forms[1:] or forms):
        return ArgumentIssue("path_outside_roots", f"the path {_show(value)} is home-relative")
    for form in forms[1:] or forms:  # as the tool may read it, after one or more decodings
        absolute = form.startswith(("/", "\\")) or bool(_DRIVE.match(form))
        if absolute and not _under(posixpath.normpath(form.replace("\\", "/")), roots):
            where = ", ".join(roots) if roots else "no allowed roots"
            return ArgumentIssue(
                "path_outside_roots", f"the path {_show(value)} is outside {where}"
            )
    return None


def _under(normal: str, roots: list[str]) -> bool:
    return any(normal == r.rstrip("/") or normal.startswith(r.rstrip("/") + "/") for r in roots)


def _decodings(value: str) -> list[str]:
    """``value`` and its percent-decodings, one more round each, until nothing changes (a
    tool or the server behind it may decode more than once)."""
    forms = [value]
    while len(forms) <= _MAX_DECODES:
        nxt = unquote(forms[-1])
        if nxt == forms[-1]:
            break
        forms.append(nxt)
    return forms


def check_shell(value: str) -> ArgumentIssue | None:
    """Shell metacharacters (``; & | ` $ < >``, newlines, NUL) are violations."""
    hit = _SHELL_META.search(value)
    if hit is None:
        return None
    char = hit.group().encode("unicode_escape").decode()
    return ArgumentIssue("shell_metacharacters", f"shell metacharacter {char!r} in the argument")


def check_url_arg(
    value: str, policy: SsrfPolicy, *, resolve: bool, resolver: Resolver | None = None
) -> ArgumentIssue | None:
    """The SSRF checker's verdict on a URL argument. Without ``resolve``, host names are
    judged by name only (lists, metadata names, scheme, port) and address literals by
    address; the fetch itself must still go through ``safe_fetch``, which resolves and pins.
    """
    use = (resolver or system_resolver) if resolve else _no_dns
    verdict = check_url(value, policy, resolver=use)
    if verdict.allowed or (not resolve and verdict.reason == Reason.DNS_FAILURE):
        return None
    return ArgumentIssue(f"ssrf_{verdict.reason.value}", verdict.detail or verdict.reason.value)


class _NotResolved(Exception):
    pass


def _no_dns(host: str) -> list[str]:
    raise _NotResolved(host)


def find_urls(text: str) -> list[str]:
    """URLs (``scheme://...``, and web URLs written without ``//``) in a text, trailing
    punctuation dropped."""
    return [m.group().rstrip(".,;:!?)]}") for m in _URL.finditer(text)]


def find_emails(text: str) -> list[str]:
    """E-mail addresses in a text (outside URLs)."""
    stripped = _URL.sub(" ", text)
    return [m.group().rstrip(".") for m in _EMAIL.finditer(stripped)]


def _show(value: str, limit: int = 80) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)
