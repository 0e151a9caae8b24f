"""``ToolFirewall``: judge one tool call against a policy's ``tools`` section.

The order of the rules, each giving violations with a reason code and ``block`` or
``escalate``:

1. allowlists: the session's role (``roles``; a session without a role uses ``default``)
   and route (``routes``) must allow the tool name (globs); a role or route the policy
   does not list allows nothing (``tool_not_allowed``);
2. the catalog: a tool not in ``catalog`` gets ``unlisted`` (``tool_not_listed``); a listed
   tool's ``action`` (``tool_blocked``, ``approval_required``);
3. arguments: JSON (``bad_arguments``; also for arguments JSON cannot encode or that nest
   deeper than 100 levels), the JSON schema (``schema_invalid``), path arguments
   (``path_traversal``, ``path_outside_roots``), shell arguments
   (``shell_metacharacters``), URL arguments through the SSRF checker
   (``ssrf_<reason>``; a number given for a URL is a ``bad_url``): each with the tool's
   ``on_violation``;
4. limits per session: ``rate_limited``, ``cost_exceeded`` (always block);
5. taint rules (:mod:`saferail.agents.toolpolicy.flows`).

Any ``block`` violation blocks. Otherwise ``escalate`` violations go to the approver (the
one passed in, the session's, or the policy's ``approver``; none: denied) and the call is
allowed only if it approves. The text checks of the policy's ``tool_call`` surface (run by
the Guard on the raw arguments) are merged in: their block blocks, their redaction rewrites
the arguments. Allowed calls count towards the session's rate and cost limits.
"""

from __future__ import annotations

__all__ = ["ToolFirewall", "call_parts", "firewall_of", "tool_reason"]

import fnmatch
import json
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from saferail.agents.approval import ApprovalRequest, ApprovalResult, Approver, get_approver
from saferail.agents.ssrf import Resolver, SsrfPolicy
from saferail.agents.toolpolicy import arguments as argcheck
from saferail.agents.toolpolicy.flows import Violation, taint_violations
from saferail.agents.toolpolicy.schema import validate
from saferail.agents.toolpolicy.session import Session
from saferail.checks.base import Finding
from saferail.guard.decision import CheckRun, Decision, Verdict
from saferail.policy.models import Policy, ToolRule, ToolsPolicy
from saferail.targets.base import ToolCall

if TYPE_CHECKING:
    from saferail.guard.pipeline import Guard

_firewalls: weakref.WeakKeyDictionary[Guard, ToolFirewall] = weakref.WeakKeyDictionary()
_firewalls_lock = threading.Lock()
_MAX_DEPTH = 100  # nesting of the arguments; deeper would exhaust the checks' recursion
_NOT_JSON = "<arguments that cannot be read as JSON text>"


def firewall_of(guard: Guard) -> ToolFirewall:
    """The tool firewall of a Guard (built on first use; it keeps the Guard's sessions)."""
    with _firewalls_lock:
        fw = _firewalls.get(guard)
        if fw is None:
            fw = _firewalls[guard] = ToolFirewall(guard.policy)
        return fw


def call_parts(call: ToolCall | Mapping[str, Any]) -> tuple[str, str]:
    """(name, raw JSON arguments) of a :class:`ToolCall` or an OpenAI-style call dict."""
    if isinstance(call, ToolCall):
        return call.name, call.arguments
    inner = call.get("function")
    fn: Mapping[str, Any] = inner if isinstance(inner, Mapping) else call
    return str(fn.get("name", "")), _raw_arguments(fn.get("arguments", ""))


def _raw_arguments(args: Any) -> str:
    """Arguments as JSON text: a string as given, a structure encoded. What JSON cannot
    encode (bytes, sets, other objects, a circular structure) becomes text that is not
    JSON, so the call is judged ``bad_arguments`` instead of the check crashing."""
    if isinstance(args, str):
        return args
    try:
        return json.dumps(args)
    except (TypeError, ValueError, RecursionError):  # unserializable, circular, too deep
        return _NOT_JSON


def tool_reason(decision: Decision) -> str | None:
    """The reason code of a tool-call decision's first tool violation (None if none)."""
    return next((f.entity_type for f in decision.findings if f.category == "tool_violation"), None)


class ToolFirewall:
    """Tool-call rules of one policy, and the sessions checked against it by id."""

    def __init__(
        self, policy: Policy, *, resolver: Resolver | None = None, max_sessions: int = 10_000
    ) -> None:
        self.policy = policy
        self.tools: ToolsPolicy | None = policy.tools
        self.resolver = resolver
        self.max_sessions = max_sessions
        self._ssrf = SsrfPolicy.model_validate(self.tools.ssrf if self.tools else {})
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self._approver: Approver | None = None
        self._version = policy.version

    def session(self, id: str, *, role: str | None = None, route: str | None = None) -> Session:
        """The stored session ``id`` (created on first use; the least recently used of more
        than ``max_sessions`` are forgotten). ``role``/``route`` set it when given."""
        with self._lock:
            sess = self._sessions.get(id)
            if sess is None:
                sess = self._sessions[id] = Session(id, tools=self.tools)
                while len(self._sessions) > self.max_sessions:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(id)
        if role is not None:
            sess.role = role
        if route is not None:
            sess.route = route
        return sess

    def check(
        self,
        call: ToolCall | Mapping[str, Any],
        session: Session | str | None = None,
        *,
        arguments: Decision | None = None,
        approver: Approver | None = None,
    ) -> Decision:
        """The decision on one call; ``arguments`` is the Guard's text-check decision on the
        raw arguments (``tool_call`` surface), merged in."""
        t0 = time.perf_counter()
        sess = self._resolve(session)
        name, raw = call_parts(call)
        args, violations = self._parse(raw)
        parsed = not violations
        rule = self.tools.catalog.get(name) if self.tools is not None else None
        if self.tools is not None:
            violations += self._rules(name, rule, args, sess, parsed)
            violations += taint_violations(name, rule, args, sess, self.tools.taint)
        result = None
        blocked = any(v.action == "block" for v in violations)
        if violations and not blocked:
            result = self._escalate(name, raw, violations, sess, approver)
            blocked = not result.approved
        verdict, text = self._merge(blocked, raw, arguments)
        if verdict != "block" and not _book(name, rule, sess):  # a racing call took it
            late = _limits(name, rule, sess) if rule is not None else []
            detail = f"{name!r} reached its limit while the call was checked"
            violations += late or [Violation("tool_policy", "rate_limited", "block", detail)]
            verdict, text = self._merge(True, raw, arguments)
        return self._decision(violations, result, verdict, text, arguments, t0)

    # -- rules ---------------------------------------------------------------------------

    def _resolve(self, session: Session | str | None) -> Session:
        if isinstance(session, str):
            return self.session(session)
        sess = session if session is not None else Session(tools=self.tools)
        if sess.tools is None:
            sess.tools = self.tools
        return sess

    def _parse(self, raw: str) -> tuple[Any, list[Violation]]:
        try:
            args = _strict_json(raw) if raw.strip() else {}
        except _AmbiguousJson as exc:
            return {"$": raw}, [Violation("tool_policy", "bad_arguments", "block", str(exc))]
        except ValueError:
            bad = Violation("tool_policy", "bad_arguments", "block", "arguments are not JSON")
            return {"$": raw}, [bad]
        except RecursionError:  # deeper than the parser goes
            return {"$": raw}, [_too_deep()]
        if _depth(args) > _MAX_DEPTH:
            return {"$": raw}, [_too_deep()]
        if not isinstance(args, dict):  # the function-calling format: always a JSON object
            detail = f"arguments must be a JSON object, not {_json_kind(args)}"
            return {"$": args}, [Violation("tool_policy", "bad_arguments", "block", detail)]
        return args, []

    def _rules(
        self, name: str, rule: ToolRule | None, args: Any, sess: Session, parsed: bool
    ) -> list[Violation]:
        assert self.tools is not None
        out = self._allowlists(name, sess)
        if rule is None:
            if self.tools.unlisted != "allow":
                detail = f"{name!r} is not in the tool catalog"
                out.append(Violation("tool_policy", "tool_not_listed", self.tools.unlisted, detail))
            return out
        if rule.action == "block":
            out.append(Violation("tool_policy", "tool_blocked", "block", f"{name!r} is blocked"))
        elif rule.action == "escalate":
            detail = f"{name!r} needs approval"
            out.append(Violation("tool_policy", "approval_required", "escalate", detail))
        for issue in self._argument_issues(rule, args, parsed):
            out.append(Violation("tool_policy", issue.reason, rule.on_violation, issue.detail))
        out += _limits(name, rule, sess)
        return out

    def _allowlists(self, name: str, sess: Session) -> list[Violation]:
        assert self.tools is not None
        out: list[Violation] = []
        checks = []
        if self.tools.roles:
            checks.append(("role", sess.role or "default", self.tools.roles))
        if self.tools.routes and sess.route is not None:
            checks.append(("route", sess.route, self.tools.routes))
        for kind, key, table in checks:
            allowed = table.get(key)
            if allowed is None or not any(fnmatch.fnmatchcase(name, p) for p in allowed):
                why = "has no tool allowlist" if allowed is None else f"may not call {name!r}"
                detail = f"{kind} {key!r} {why}"
                out.append(Violation("tool_policy", "tool_not_allowed", "block", detail))
        return out

    def _argument_issues(
        self, rule: ToolRule, args: Any, parsed: bool
    ) -> list[argcheck.ArgumentIssue]:
        assert self.tools is not None
        issues: list[argcheck.ArgumentIssue] = []
        if rule.parameters is not None and parsed:
            errors = validate(args, rule.parameters)
            if errors:
                detail = "; ".join(str(e) for e in errors[:3])
                issues.append(argcheck.ArgumentIssue("schema_invalid", detail))
        for spec in rule.path_args:
            for _, value in argcheck.values_at(args, spec):
                hit = argcheck.check_path(value, rule.allowed_roots)
                issues += [hit] if hit else []
        for spec in rule.shell_args:
            for _, value in argcheck.values_at(args, spec):
                hit = argcheck.check_shell(value)
                issues += [hit] if hit else []
        for spec in rule.url_args:
            for _, value in argcheck.values_at(args, spec, numbers=True):
                hit = argcheck.check_url_arg(
                    value, self._ssrf, resolve=self.tools.resolve_dns, resolver=self.resolver
                )
                issues += [hit] if hit else []
        return issues

    # -- outcome -------------------------------------------------------------------------

    def _escalate(
        self,
        name: str,
        raw: str,
        violations: list[Violation],
        sess: Session,
        approver: Approver | None,
    ) -> ApprovalResult:
        who = approver or sess.approver or self._policy_approver()
        if who is None:
            return ApprovalResult("denied", "none", "no approver is configured")
        request = ApprovalRequest(
            tool=name,
            arguments=raw,
            reasons=tuple(v.reason for v in violations),
            details=tuple(v.detail for v in violations),
            session=sess.id,
            role=sess.role,
        )
        try:
            return who.decide(request)
        except Exception as exc:  # an approver failing is a denial
            return ApprovalResult("error", getattr(who, "name", "?"), type(exc).__name__)

    def _policy_approver(self) -> Approver | None:
        cfg = self.tools.approver if self.tools is not None else None
        if cfg is None:
            return None
        with self._lock:
            if self._approver is None:
                self._approver = get_approver(cfg.name, **cfg.params)
            return self._approver

    def _merge(self, blocked: bool, raw: str, arguments: Decision | None) -> tuple[Verdict, str]:
        if blocked:
            return "block", raw
        if arguments is None:
            return "allow", raw
        if arguments.action == "redact":
            try:
                json.loads(arguments.text)
            except ValueError:
                return "block", raw  # a redaction that breaks the JSON cannot be sent
        return arguments.action, arguments.text

    def _decision(
        self,
        violations: list[Violation],
        result: ApprovalResult | None,
        verdict: Verdict,
        text: str,
        arguments: Decision | None,
        t0: float,
    ) -> Decision:
        findings: list[Finding] = []
        note = f" [escalated: {result.status} by {result.approver}]" if result else ""
        for v in violations:
            detail = v.detail + (note if v.action == "escalate" else "")
            findings.append(
                Finding(v.check, "tool_violation", 1.0, entity_type=v.reason, detail=detail)
            )
        if result is not None and not result.approved:
            reason = "no_approver" if result.approver == "none" else f"approval_{result.status}"
            findings.append(
                Finding(
                    "approval",
                    "tool_violation",
                    1.0,
                    entity_type=reason,
                    detail=result.note or result.status,
                )
            )
        ms = (time.perf_counter() - t0) * 1000.0
        runs = []
        for check in ("tool_policy", "taint", "approval"):
            mine = [f for f in findings if f.check == check]
            if check != "approval" or result is not None:
                action = "block" if mine and verdict == "block" else None
                runs.append(
                    CheckRun(check, "ok", ms if check == "tool_policy" else 0.0, len(mine), action)
                )
        if arguments is not None:
            findings += arguments.findings
            runs += arguments.checks
        return Decision(
            action=verdict,
            findings=findings,
            text=text,
            surface="tool_call",
            policy_version=self._version,
            checks=runs,
            latency_ms=ms + (arguments.latency_ms if arguments is not None else 0.0),
        )


def _book(name: str, rule: ToolRule | None, sess: Session) -> bool:
    """Count the call in its session, re-checking the limits in the same step (another
    request of the session, on this replica or another, may have taken the last call)."""
    if rule is None:
        return sess.record_call(name, 0.0)
    return sess.record_call(name, rule.cost, limit=rule.rate_limit, max_cost=rule.max_cost)


def _limits(name: str, rule: ToolRule, sess: Session) -> list[Violation]:
    out: list[Violation] = []
    limit = rule.rate_limit
    if limit is not None and sess.calls(name, limit.per_seconds) >= limit.max_calls:
        window = f" per {limit.per_seconds:g} s" if limit.per_seconds else " per session"
        detail = f"{name!r} is limited to {limit.max_calls} calls{window}"
        out.append(Violation("tool_policy", "rate_limited", "block", detail))
    if rule.max_cost is not None and sess.spent(name) + rule.cost > rule.max_cost:
        detail = f"{name!r} would exceed its cost budget of {rule.max_cost:g}"
        out.append(Violation("tool_policy", "cost_exceeded", "block", detail))
    return out


class _AmbiguousJson(ValueError):
    """Arguments that parsers read differently: the rules must judge what the tool runs."""


def _strict_json(raw: str) -> Any:
    """``json.loads`` refusing what JSON parsers disagree on: a key given twice (most keep
    the last, some the first: the rules would judge one value and the tool run the other)
    and ``NaN``/``Infinity`` (not JSON; ``NaN`` passes every ``minimum``/``maximum``)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _AmbiguousJson(f"arguments give the key {json.dumps(key)} twice")
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise _AmbiguousJson(f"arguments contain {name}, which is not JSON")

    return json.loads(raw, object_pairs_hook=pairs, parse_constant=constant)


def _too_deep() -> Violation:
    detail = f"arguments nest deeper than {_MAX_DEPTH} levels"
    return Violation("tool_policy", "bad_arguments", "block", detail)


def _depth(value: Any) -> int:
    """How deeply objects and arrays nest in ``value`` (a scalar: 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level + 1)
            items = node.values() if isinstance(node, dict) else node
            stack.extend((item, level + 1) for item in items)
    return deepest


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else "an array"
