"""Taint rules: what a tool call may carry, and where to, once the session is tainted.

Once the agent has read untrusted content (a retrieved document, a tool result, a web page,
an upload), a call of a *sink* tool (``sink:`` in its catalog entry: outbound HTTP, e-mail,
file write, shell, payment, delete) is judged by where it sends its effect and what it
carries:

1. **Destinations** are the values of the tool's ``destination_args`` plus every URL and
   e-mail address in any argument. A destination is *trusted* when it matches
   ``taint.allowed_destinations`` (host patterns such as ``*.acme.example`` match URL hosts
   and e-mail domains; patterns with ``@`` match addresses; other entries match values such
   as account numbers), or when it appears in trusted content: what the user or the system
   prompt said, or trusted fields of trusted tools (a sender's address, a record id). For a
   tool with ``user_intent``, a destination the user's request picked (a ``selected_fields``
   value of the one record it names, or the only value of its kind in a document it names;
   see :mod:`saferail.agents.taint`) passes too, but the data rule then applies as if it
   were untrusted. Every other destination is a violation (``untrusted_destination``).
2. **Data**: sensitive values (fingerprints of secrets and personal data seen in the session,
   except what the user typed) and runs of untrusted text in the arguments are violations
   (``sensitive_data``, ``tainted_data``) when the data may leave to someone the user did not
   choose: with ``data_rule: untrusted_destination`` (default) when a destination is
   untrusted or the call names no destination at all; with ``data_rule: always`` whenever
   they appear in a sink call. The destination arguments themselves are judged by rule 1,
   not counted as data.
3. ``tainted_action`` on a tool applies to every call of it once the session is tainted
   (``tainted_session``): destructive tools usually ask for approval then. With
   ``exempt_user_targets``, not to a call whose destination arguments are all user-chosen
   (typed in a request clause with an intent word, allowed, or picked as above).
4. With ``check_all_urls``, URLs in the arguments of *any* tool must be trusted destinations
   after taint (a GET to an attacker's host is a way out too).

Values are compared case folded, but a host is never trusted through a fold that names
another host: ``straße.example`` (``xn--strae-oqa.example``) folds to ``strasse.example``.
"""

from __future__ import annotations

__all__ = ["Destination", "Violation", "destinations", "taint_violations"]

import fnmatch
import functools
import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from saferail.agents._urls import UrlError, normalize_host, parse_url
from saferail.agents.taint import compact
from saferail.agents.toolpolicy.arguments import find_emails, find_urls, string_leaves, values_at
from saferail.agents.toolpolicy.session import Session
from saferail.policy.models import TaintPolicy, ToolRule


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule of a tool call: which rail, the reason code, block or escalate."""

    check: str
    reason: str
    action: Literal["block", "escalate"]
    detail: str


@dataclass(frozen=True, slots=True)
class Destination:
    """A value naming where a call's effect lands."""

    value: str
    kind: Literal["url", "email", "value"]
    where: str


def destinations(rule: ToolRule | None, args: Any) -> list[Destination]:
    """The destinations of a call: declared destination arguments, URLs and addresses."""
    out: dict[tuple[str, str], Destination] = {}
    for spec in rule.destination_args if rule is not None else ():
        for where, value in values_at(args, spec, numbers=True):
            kind = _kind(value)
            out.setdefault((kind, value), Destination(value, kind, where))
    for where, text in string_leaves(args):
        for url in find_urls(text):
            out.setdefault(("url", url), Destination(url, "url", where))
        for email in find_emails(text):
            out.setdefault(("email", email), Destination(email, "email", where))
    return list(out.values())


def taint_violations(
    name: str, rule: ToolRule | None, args: Any, session: Session, taint: TaintPolicy
) -> list[Violation]:
    """The taint rules a call breaks (none while the session is untainted)."""
    if not taint.enabled or not session.tainted:
        return []
    out: list[Violation] = []
    exempt = rule is not None and rule.exempt_user_targets
    if (
        rule is not None
        and rule.tainted_action in ("block", "escalate")
        and not (exempt and _user_targets(rule, args, session, taint))
    ):
        detail = f"{name} after untrusted content ({_sources(session)})"
        out.append(Violation("taint", "tainted_session", rule.tainted_action, detail))
    sink = rule is not None and rule.sink is not None
    if not sink and not taint.check_all_urls:
        return out
    found = destinations(rule, args) if sink else _urls_only(args)
    untrusted: list[Destination] = []
    picked: list[Destination] = []  # trusted only because the user's request selected them
    for d in found:
        if _trusted(d, session, taint):
            continue
        if rule is not None and sink and _picked(d.value, rule, session):
            picked.append(d)
        else:
            untrusted.append(d)
    for d in untrusted:
        seen = session.flow.seen_untrusted(d.value)
        origin = f"it appears in untrusted content ({seen})" if seen else "no trusted source"
        detail = f"{d.where}: {d.kind} {_short(d.value)} is not trusted; {origin}"
        out.append(Violation("taint", "untrusted_destination", taint.action, detail))
    if rule is not None and rule.sink is not None:
        applies = taint.data_rule == "always" or bool(untrusted or picked) or not found
        if applies:
            named = {
                where
                for spec in rule.destination_args
                for where, _ in values_at(args, spec, numbers=True)
            }
            leaves = string_leaves(args, numbers=True)
            payload = [value for where, value in leaves if where not in named]
            out += _data_violations("\n".join(payload), session, taint)
    return out


def _data_violations(text: str, session: Session, taint: TaintPolicy) -> list[Violation]:
    """Sensitive values and untrusted text in the payload (destination arguments aside)."""
    out: list[Violation] = []
    kinds = session.flow.sensitive_in(text, set(taint.sensitive_kinds))
    if kinds:
        detail = f"the arguments carry sensitive values seen in the session ({', '.join(kinds)})"
        out.append(Violation("taint", "sensitive_data", taint.action, detail))
    if session.flow.overflowed or session.flow.carries_untrusted(text, taint.min_tainted_chars):
        detail = f"the arguments carry untrusted content ({_sources(session)})"
        out.append(Violation("taint", "tainted_data", taint.action, detail))
    return out


def _urls_only(args: Any) -> list[Destination]:
    return [
        Destination(url, "url", where)
        for where, text in string_leaves(args)
        for url in find_urls(text)
    ]


def _user_targets(rule: ToolRule, args: Any, session: Session, taint: TaintPolicy) -> bool:
    """Whether the call has destination arguments and every one is user-chosen: typed by
    the user in a request with one of the tool's intent words, allowed by the policy, or
    picked by such a request (a selected record's field, a designated document's value)."""
    values = [
        value for spec in rule.destination_args for _, value in values_at(args, spec, numbers=True)
    ]
    return bool(values) and all(
        (session.flow.user_provided(v, rule.user_intent) and not _fold_renames_host(v))
        or _allowed(Destination(v, _kind(v), ""), taint)
        or _picked(v, rule, session)
        for v in values
    )


def _picked(value: str, rule: ToolRule, session: Session) -> bool:
    """Whether the user's request picked ``value``: a selected field of the one record it
    names, or the only value of its kind in a document it names."""
    if _fold_renames_host(value):
        return False
    return session.flow.selected(value, rule.user_intent) or session.flow.designated(
        value, rule.user_intent
    )


def _trusted(dest: Destination, session: Session, taint: TaintPolicy) -> bool:
    if _allowed(dest, taint):
        return True
    if dest.kind == "url" and any(session.flow.is_trusted(h) for h in _url_hosts(dest.value)):
        return True
    return not _fold_renames_host(dest.value) and session.flow.is_trusted(dest.value.strip())


def _allowed(dest: Destination, taint: TaintPolicy) -> bool:
    """Whether ``taint.allowed_destinations`` allows a destination."""
    patterns = _patterns(tuple(taint.allowed_destinations))
    value = dest.value.strip()
    if dest.kind == "url":
        return any(_host_allowed(h, patterns) for h in _url_hosts(value))
    if dest.kind == "email":
        local, _, domain = value.rpartition("@")
        domains = _host_spellings(domain, _normal(domain)) or (domain.casefold(),)
        addresses = [f"{local.casefold()}@{d}" for d in domains]
        if any(fnmatch.fnmatchcase(a, p) for a in addresses for p in patterns if "@" in p):
            return True
        return any(_host_allowed(d, patterns) for d in domains)
    # A value that is neither one URL nor one address: host patterns match it only when it
    # is a bare host (or host/path), address patterns never; a glob's '*' would otherwise
    # match "evil.example/?x=.acme.example" for "*.acme.example".
    hosts = _url_hosts(f"http://{value}") if "://" not in value else ()
    wildcards = [p for p in patterns if p.startswith("*.")]
    if any(_host_allowed(h, wildcards) for h in hosts):
        return True
    if _fold_renames_host(value):  # compared by its real host only
        return any(h == p for h in hosts for p in patterns)
    return any(
        compact(value) == compact(p) or fnmatch.fnmatchcase(value.casefold(), p)
        for p in patterns
        if "@" not in p and not p.startswith("*.")
    )


@functools.lru_cache(maxsize=64)
def _patterns(allowed: tuple[str, ...]) -> list[str]:
    """The allowed destinations, case folded, with host patterns also in the form hosts are
    compared in (``*.bücher.example`` also as ``*.xn--bcher-kva.example``)."""
    out: list[str] = []
    for pattern in allowed:
        wildcard = pattern.startswith("*.")
        base = pattern[2:] if wildcard else pattern
        if not _fold_renames_host(base):
            out.append(pattern.casefold())
        if "@" in base or "*" in base:
            continue
        try:
            host, ip = normalize_host(base)
        except UrlError:
            continue
        if ip is None:  # an account number such as "424242" is not the IP 0.6.121.178
            out.append(f"*.{host}" if wildcard else host)
    return list(dict.fromkeys(out))


def _url_hosts(url: str) -> tuple[str, ...]:
    """The host a URL names, as the strict SSRF parser reads it (IDNA, numeric IPs
    normalized) and as written (case folded, when that names the same host), or nothing
    when that parser refuses the URL: ``urlsplit`` reads
    ``https://evil.example\\@x.acme.example/`` as ``x.acme.example`` where browsers and
    ``requests`` connect to ``evil.example``, so a URL parsers disagree on is never trusted
    by its host."""
    try:
        host = parse_url(url.strip()).host
        written = urlsplit(url.strip()).hostname or ""
    except (UrlError, ValueError):
        return ()
    return _host_spellings(written, host)


def _host_spellings(written: str, host: str | None) -> tuple[str, ...]:
    """``host`` (normal form), and ``written`` case folded when the fold still names
    ``host``: trusted text and patterns are compared folded, and ``straße.example`` folds
    to ``strasse.example``, another domain."""
    if host is None:
        return ()
    folded = _fold(written)
    return tuple(dict.fromkeys((host, folded) if folded and _normal(folded) == host else (host,)))


def _fold_renames_host(value: str) -> bool:
    """Whether case folding ``value`` (a URL, an address or a bare host) makes it name
    another host, so it must not be compared folded."""
    if value.isascii():
        return False  # ASCII folding is lowercasing, and host names ignore case
    return _named_host(value) != _named_host(_fold(value))


def _named_host(value: str) -> str | None:
    """The host a URL, an e-mail address or a bare ``host[/path]`` names, or ``None``."""
    text = value.strip()
    if "://" in text:
        scheme, _, rest = text.partition("://")
        authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        text = f"{scheme}://{authority.rpartition('@')[2]}"
    else:
        text = "http://" + text.rpartition("@")[2]
    try:
        return parse_url(text).host
    except UrlError:
        return None


def _normal(host: str) -> str | None:
    """``host`` in the strict parser's normal form, or ``None`` when it is not a host."""
    try:
        return normalize_host(host.strip())[0]
    except UrlError:
        return None


def _fold(text: str) -> str:
    """The fold trusted text and allowed values are compared in (NFKC, case folded)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _host_allowed(host: str, patterns: list[str]) -> bool:
    for p in patterns:
        if "@" in p:
            continue
        if p.startswith("*.") and host.endswith(p[1:]):
            return True
        if host == p:
            return True
    return False


def _kind(value: str) -> Literal["url", "email", "value"]:
    if find_urls(value) == [value.strip()]:
        return "url"
    if find_emails(value) == [value.strip()]:
        return "email"
    return "value"


def _sources(session: Session) -> str:
    labels = list(dict.fromkeys(s.label or s.kind for s in session.sources))
    shown = ", ".join(labels[:3]) + (", ..." if len(labels) > 3 else "")
    return shown or "untrusted content"


def _short(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=True)
