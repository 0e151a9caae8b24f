"""Human approval of escalated tool calls: the ``Approver`` protocol and its registry.

A tool call whose policy action is ``escalate`` goes to an approver, which answers
approved or denied. Anything but a clear approval is a denial: a timeout, an error, an
unreachable webhook, no terminal. Built-in approvers (by registry name):

- ``deny``: denies everything (what happens when no approver is configured);
- ``cli``: asks on a terminal (``y``/``yes`` approves);
- ``webhook``: POSTs the request as JSON to a URL and reads ``{"approved": true|false}``;
- ``queue``: :class:`~saferail.agents.approval_queue.ApprovalQueue`, a SQLite table of
  pending requests that a person (or a review tool) approves or denies; unanswered requests
  are denied after ``timeout_s``.

Third-party approvers register with :func:`register_approver` or through the
``saferail.approvers`` entry point group (the value: a factory called with the policy's
``params`` as keywords).
"""

from __future__ import annotations

__all__ = [
    "ENTRY_POINT_GROUP",
    "ApprovalRequest",
    "ApprovalResult",
    "Approver",
    "ApproverFactory",
    "CallbackApprover",
    "CliApprover",
    "DenyApprover",
    "WebhookApprover",
    "available_approvers",
    "get_approver",
    "register_approver",
]

import itertools
import json
import logging
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import entry_points
from typing import IO, Any, Literal, Protocol, runtime_checkable

import httpx

from saferail.errors import SaferailError

ENTRY_POINT_GROUP = "saferail.approvers"
Outcome = Literal["approved", "denied", "timeout", "error"]
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """What an approver is asked about: the call, why it escalated, and who made it."""

    tool: str
    arguments: str
    reasons: tuple[str, ...]
    details: tuple[str, ...] = ()
    session: str | None = None
    role: str | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["reasons"], out["details"] = list(self.reasons), list(self.details)
        return out


@dataclass(frozen=True, slots=True)
class ApprovalResult:
    """An approver's answer. ``approved`` is True only for ``status == "approved"``."""

    status: Outcome
    approver: str
    note: str = ""

    @property
    def approved(self) -> bool:
        return self.status == "approved"


@runtime_checkable
class Approver(Protocol):
    """Decides escalated tool calls. ``decide`` may block (a person is answering)."""

    name: str

    def decide(self, request: ApprovalRequest) -> ApprovalResult: ...


ApproverFactory = Callable[..., Approver]
_registry: dict[str, ApproverFactory] = {}
_loaded = {"entry_points": False}


def register_approver(name: str, factory: ApproverFactory) -> ApproverFactory:
    """Register an approver factory under ``name`` (called with the policy's params)."""
    existing = _registry.get(name)
    if existing is not None and existing is not factory:
        raise SaferailError(f"approver name {name!r} is already registered")
    _registry[name] = factory
    return factory


def available_approvers() -> dict[str, ApproverFactory]:
    """Every registered approver factory by name (built-ins and entry points)."""
    if not _loaded["entry_points"]:
        _loaded["entry_points"] = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                register_approver(ep.name, ep.load())
            except Exception as exc:  # a broken plugin must not break the core
                _log.warning("approver entry point %r failed to load: %s", ep.name, exc)
    return dict(sorted(_registry.items()))


def get_approver(name: str, **params: Any) -> Approver:
    """Build the approver registered as ``name`` with ``params``; a parameter the factory
    does not take (or lacks) is a one-line :class:`~saferail.errors.SaferailError`."""
    factories = available_approvers()
    if name not in factories:
        raise SaferailError(f"unknown approver {name!r} (known: {', '.join(factories)})")
    try:
        return factories[name](**params)
    except TypeError as exc:  # a parameter missing, unknown or of the wrong kind
        raise SaferailError(f"approver {name!r}: bad parameters: {exc}") from None


class DenyApprover:
    """Denies every request (the fail-closed default)."""

    name = "deny"

    def decide(self, request: ApprovalRequest) -> ApprovalResult:
        return ApprovalResult("denied", self.name, "no approver is configured")


class CallbackApprover:
    """Asks a Python function: ``fn(request) -> bool``. An exception is a denial."""

    def __init__(self, fn: Callable[[ApprovalRequest], bool], name: str = "callback") -> None:
        self.fn = fn
        self.name = name

    def decide(self, request: ApprovalRequest) -> ApprovalResult:
        try:
            ok = bool(self.fn(request))
        except Exception as exc:
            return ApprovalResult("error", self.name, f"{type(exc).__name__}: {exc}")
        return ApprovalResult("approved" if ok else "denied", self.name)


class CliApprover:
    """Prints the request and reads one answer line. Without an explicit ``input`` the
    standard input must be a terminal, else the request is denied."""

    name = "cli"

    def __init__(self, input: IO[str] | None = None, output: IO[str] | None = None) -> None:
        self.input = input
        self.output = output

    def decide(self, request: ApprovalRequest) -> ApprovalResult:
        stream = self.input if self.input is not None else sys.stdin
        out = self.output if self.output is not None else sys.stderr
        if self.input is None and not stream.isatty():
            return ApprovalResult("denied", self.name, "no terminal to ask on")
        out.write(f"saferail: approve tool call {request.tool!r}?\n")
        out.write("".join(f"  {line}\n" for line in _argument_lines(request.arguments)))
        for reason, detail in itertools.zip_longest(request.reasons, request.details):
            why = ": ".join(_printable(t) for t in (reason, detail) if t is not None)
            out.write(f"  {why}\n")
        out.write("approve? [y/N] ")
        out.flush()
        answer = stream.readline().strip().casefold()
        approved = answer in ("y", "yes")
        return ApprovalResult("approved" if approved else "denied", self.name, answer)


_SHOWN_CHARS = 300  # of one argument value on the terminal


def _argument_lines(raw: str) -> list[str]:
    """The arguments as a person should see them before approving: one line per value
    (nested ones under their path, such as ``"payment"."iban"``; a key given twice shows
    twice), so no long value can push another out of view, each value cut with a note of
    what is left, numbers as written (``10.000000000000000001`` is not shown as ``10.0``),
    and every control or format character escaped, so a carriage return or a bidi
    override cannot redraw what the line says."""
    try:
        args = json.loads(
            raw,
            object_pairs_hook=_Object,
            parse_float=_Number,
            parse_int=_Number,
            parse_constant=_Number,
        )
    except (ValueError, RecursionError):
        args = None
    if not isinstance(args, _Object | list) or not args:
        return [f"arguments: {_cut(_printable(raw))}"]
    return ["arguments:"] + [
        f"  {_printable(path)}: {_cut(_printable(shown))}" for path, shown in _shown_leaves(args)
    ]


class _Object(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs: a key given twice is shown twice."""


class _Number:
    """A JSON number kept as written."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _shown_leaves(args: list[Any]) -> list[tuple[str, str]]:
    """(path, JSON text) of every scalar or empty container of ``args``, in order; walked
    without recursion, so nesting as deep as the parser accepts cannot overflow here."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", args)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Object) and value:
            dot = "." if path else ""
            stack += [(f"{path}{dot}{_key(k)}", v) for k, v in reversed(value)]
        elif isinstance(value, list) and value:
            stack += [(f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value)))]
        elif isinstance(value, _Number):
            out.append((path, value.text))
        elif isinstance(value, _Object):
            out.append((path, "{}"))
        else:
            out.append((path, json.dumps(value, ensure_ascii=False)))
    return out


def _key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def _printable(text: str) -> str:
    """``text`` with every character a terminal would not print as itself escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _cut(text: str) -> str:
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS]}… ({len(text) - _SHOWN_CHARS} more characters)"


class WebhookApprover:
    """POSTs the request as JSON; a 2xx answer ``{"approved": true}`` approves. Any other
    answer, one larger than 64 KiB, a timeout (``timeout_s`` bounds the whole answer, not
    each read) or a connection error denies."""

    name = "webhook"

    def __init__(
        self, url: str, *, timeout_s: float = 30.0, headers: dict[str, str] | None = None
    ) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.headers = dict(headers or {})

    def decide(self, request: ApprovalRequest) -> ApprovalResult:
        deadline = time.monotonic() + self.timeout_s
        try:
            with (
                httpx.Client(timeout=self.timeout_s, trust_env=False) as client,
                client.stream(
                    "POST", self.url, json=request.to_dict(), headers=self.headers
                ) as resp,
            ):
                if not resp.is_success:
                    note = f"webhook answered HTTP {resp.status_code}"
                    return ApprovalResult("error", self.name, note)
                raw = _read_answer(resp, deadline)
        except httpx.TimeoutException:
            return ApprovalResult("timeout", self.name, "the webhook did not answer in time")
        except httpx.HTTPError as exc:
            return ApprovalResult("error", self.name, f"webhook unreachable: {type(exc).__name__}")
        if raw is None:
            return ApprovalResult("error", self.name, "webhook answer is too large")
        try:
            body = json.loads(raw)
        except ValueError:
            return ApprovalResult("error", self.name, "webhook answer is not JSON")
        approved = isinstance(body, dict) and body.get("approved") is True
        note = str(body.get("note", "")) if isinstance(body, dict) else ""
        return ApprovalResult("approved" if approved else "denied", self.name, note)


_MAX_ANSWER = 64 * 1024  # bytes of a webhook answer


def _read_answer(resp: httpx.Response, deadline: float) -> bytes | None:
    """The answer body, read before ``deadline`` (a server that trickles bytes must not
    stretch the timeout); ``None`` past :data:`_MAX_ANSWER` bytes."""
    body = bytearray()
    for chunk in resp.iter_bytes():
        body += chunk
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the webhook answer took too long", request=resp.request)
        if len(body) > _MAX_ANSWER:
            return None
    return bytes(body)


def _queue(**params: Any) -> Approver:
    from saferail.agents.approval_queue import ApprovalQueue

    return ApprovalQueue(**params)


register_approver("deny", DenyApprover)
register_approver("cli", CliApprover)
register_approver("webhook", WebhookApprover)
register_approver("queue", _queue)
