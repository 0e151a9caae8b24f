"""The Guard: compile a policy once, then run its checks on each text."""

from __future__ import annotations

__all__ = ["Guard", "Messages"]

import contextvars
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferail.checks.base import SURFACES, Check, CheckInput, Finding
from saferail.checks.canonical import canonicalize
from saferail.checks.deadline import time_budget
from saferail.checks.registry import available_checks
from saferail.errors import CheckError, CheckTimeout, PolicyError, PolicyIssue, SaferailError
from saferail.guard import _args
from saferail.guard.batch import run_batch
from saferail.guard.decision import CheckRun, Decision, Status, Verdict
from saferail.guard.redact import apply_redactions
from saferail.guard.roles import TRUSTED_ROLES
from saferail.pii.stream import StreamingDeanonymizer, deanonymize
from saferail.pii.vault import Vault
from saferail.policy.loader import build_params
from saferail.policy.models import CheckConfig, Policy

if TYPE_CHECKING:
    from saferail.agents.approval import Approver
    from saferail.agents.toolpolicy.session import Session
    from saferail.targets.base import ToolCall

Messages = Sequence[dict[str, Any]]
_COST_RANK = {"cheap": 0, "medium": 1, "expensive": 2}
_SEVERITY: dict[str, int] = {"allow": 0, "warn": 1, "redact": 2, "block": 3}


@dataclass(slots=True)
class _Call:
    """Per-call arguments that reach every check."""

    context: str | None = None
    system_prompt: str | None = None
    tenant: str | None = None
    session: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # shared by a call's messages


@dataclass(slots=True)
class _Compiled:
    check: Check
    config: CheckConfig
    threshold: float
    timeout_s: float


class Guard:
    """Run a policy's checks on inputs, outputs, retrieved text and tool calls.

    ``Guard(policy)`` accepts a :class:`Policy`, a path to a YAML policy, or ``None`` for the
    bundled default. Checks are built once here; each call canonicalizes the text once and
    runs the surface's checks in cost order.
    """

    def __init__(self, policy: Policy | str | Path | None = None) -> None:
        self.policy = _args.load(policy)
        self.policy_version = self.policy.version
        self._pipelines = {s: self._compile(s) for s in SURFACES}
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()  # one pool, however many threads call first

    def _compile(self, surface: str) -> list[_Compiled]:
        registry = available_checks()
        out: list[_Compiled] = []
        for name, cfg in self.policy.surface(surface).checks.items():
            if not cfg.enabled:
                continue
            cls = registry[name]
            try:
                check = cls(build_params(self.policy, surface, name))
            except (ValueError, TypeError) as exc:
                loc = f"{surface}.checks.{name}.params"
                raise PolicyError([PolicyIssue(loc, str(exc))]) from None
            threshold = cfg.threshold if cfg.threshold is not None else cls.default_threshold
            timeout_ms = cfg.timeout_ms or self.policy.settings.timeout_ms
            out.append(_Compiled(check, cfg, threshold, _budget_seconds(timeout_ms)))
        out.sort(key=lambda c: (_COST_RANK[c.check.cost], c.check.name != "hidden_text"))
        return out

    # -- public API -------------------------------------------------------------------

    def check_input(
        self,
        text_or_messages: str | Messages,
        *,
        system_prompt: str | None = None,
        context: str | None = None,
        tenant: str | None = None,
        session: str | None = None,
    ) -> Decision:
        """Check a user prompt (a string, or chat messages: user and tool turns are checked).

        ``tenant`` and ``session`` scope reversible pseudonyms (see docs/pii_redaction.md).
        """
        call = _new_call(context, system_prompt, tenant, session)
        if isinstance(text_or_messages, str):
            return self._run("input", text_or_messages, call)
        return self._run_messages(_args.messages(text_or_messages), call)

    def check_output(
        self,
        text: str,
        *,
        context: str | None = None,
        system_prompt: str | None = None,
        tenant: str | None = None,
        session: str | None = None,
    ) -> Decision:
        """Check a model response; ``system_prompt`` enables the overlap leak detector."""
        _args.need_str(text, "text")
        return self._run("output", text, _new_call(context, system_prompt, tenant, session))

    def check_retrieval(self, text: str) -> Decision:
        """Check one retrieved document or tool result before it reaches the model."""
        _args.need_str(text, "text")
        return self._run("retrieval", text, _Call())

    def check_tool_call(
        self,
        call: ToolCall | Mapping[str, Any],
        session: Session | str | None = None,
        *,
        approver: Approver | None = None,
    ) -> Decision:
        """Judge a tool call the model asks for, before it runs (see docs/agents/tools.md).

        ``call`` is a :class:`~saferail.targets.base.ToolCall` or an OpenAI-style call dict.
        ``session`` carries the conversation's taint, role and usage: a
        :class:`~saferail.agents.toolpolicy.Session`, a session id (kept by this Guard), or
        ``None`` (a fresh session: no taint, no limits remembered). The policy's ``tools``
        section decides (absent: every tool is allowed); the ``tool_call`` surface's checks
        run on the raw arguments. Violations are findings of category ``tool_violation``
        whose ``entity_type`` is the reason code; an ``escalate`` goes to ``approver`` (else
        the session's, else the policy's) and blocks unless approved.
        """
        from saferail.agents.toolpolicy.firewall import call_parts, firewall_of

        _args.tool_call_args(call, session)
        _, raw = call_parts(call)
        sid = session if isinstance(session, str) else getattr(session, "id", None)
        arguments = None
        if self._pipelines["tool_call"]:
            scanned = _args.json_unescaped(raw)
            arguments = self._run("tool_call", scanned, _Call(session=sid))
            if scanned is not raw and arguments.text == scanned:
                arguments.text = raw  # nothing was rewritten: the call keeps its own bytes
        return firewall_of(self).check(call, session, arguments=arguments, approver=approver)

    def check(self, text: str, surface: str = "input", **kwargs: Any) -> Decision:
        """Check ``text`` on any surface by name (keywords as for :meth:`check_input`)."""
        self._need_surface(surface)
        _args.need_str(text, "text")
        unknown = sorted(set(kwargs) - set(_args.CALL_KEYWORDS))
        if unknown:
            raise TypeError(
                f"check() got an unexpected keyword argument {unknown[0]!r} "
                f"(accepted: {', '.join(_args.CALL_KEYWORDS)})"
            )
        return self._run(surface, text, _new_call(**kwargs))

    def check_batch(
        self,
        texts: Sequence[str],
        surface: str = "input",
        *,
        contexts: Sequence[str | None] | None = None,
        system_prompts: Sequence[str | None] | None = None,
    ) -> list[Decision]:
        """Check many texts at once; checks with a vectorized ``run_batch`` score them together.

        Gives the same decisions as calling :meth:`check` on each text.
        """
        self._need_surface(surface)
        items = _args.str_list(texts, "texts")
        for name, side in (("contexts", contexts), ("system_prompts", system_prompts)):
            if side is not None:
                _args.side_list(side, name, len(items))
        return run_batch(self, surface, items, contexts, system_prompts)

    def _need_surface(self, surface: object) -> None:
        if not isinstance(surface, str) or surface not in self._pipelines:
            raise ValueError(f"unknown surface {surface!r} (known: {', '.join(SURFACES)})")

    def protect_system_prompt(self, system_prompt: str) -> str:
        """Add the output leak check's canary to a system prompt (unchanged if none)."""
        _args.need_str(system_prompt, "system_prompt")
        for item in self._pipelines["output"]:
            add = getattr(item.check, "add_canary", None)
            if callable(add):
                return str(add(system_prompt))
        return system_prompt

    @property
    def vault(self) -> Vault | None:
        """The pseudonymization vault of the policy's ``pii`` check, if it pseudonymizes."""
        for items in self._pipelines.values():
            for item in items:
                vault = getattr(item.check, "vault", None)
                if isinstance(vault, Vault):
                    return vault
        return None

    def deanonymize(self, text: str, *, tenant: str = "default", session: str = "default") -> str:
        """Restore the originals of this session's pseudonyms in ``text`` (e.g. model output)."""
        _args.need_str(text, "text")
        vault = self._require_vault()
        return deanonymize(text, vault, tenant, session)

    def deanonymizer(
        self, *, tenant: str = "default", session: str = "default"
    ) -> StreamingDeanonymizer:
        """An incremental de-anonymizer for streamed output: ``feed(chunk)``, ``flush()``."""
        return StreamingDeanonymizer(self._require_vault(), tenant, session)

    def _require_vault(self) -> Vault:
        vault = self.vault
        if vault is None:
            raise SaferailError(
                "this policy does not pseudonymize (no pii operator 'pseudonymize')"
            )
        return vault

    def close(self) -> None:
        """Release the worker threads used for isolated checks."""
        with self._executor_lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None

    # -- implementation ---------------------------------------------------------------

    def _prepare(self, surface: str, text: str, call: _Call) -> CheckInput:
        limit = self.policy.settings.max_chars
        scanned = text if len(text) <= limit else text[:limit]
        return CheckInput(
            scanned,
            canonicalize(scanned),
            surface,
            call.context,
            call.system_prompt,
            metadata=call.metadata,
            tenant=call.tenant,
            session=call.session,
        )

    def _run(self, surface: str, text: str, call: _Call) -> Decision:
        t0 = time.perf_counter()
        data = self._prepare(surface, text, call)
        outcomes: list[tuple[_Compiled, CheckRun, list[Finding]]] = []
        blocked = False
        for item in self._pipelines[surface]:
            if blocked and self.policy.settings.early_exit:
                outcomes.append((item, CheckRun(item.check.name, "skipped", 0.0), []))
                continue
            run, kept = self._run_one(item, data)
            outcomes.append((item, run, kept))
            blocked = blocked or run.action == "block"
        return self._decide(surface, text, data, outcomes, t0)

    def _decide(
        self,
        surface: str,
        text: str,
        data: CheckInput,
        outcomes: list[tuple[_Compiled, CheckRun, list[Finding]]],
        t0: float,
    ) -> Decision:
        """Combine each check's outcome into the call's Decision (verdict, redacted text)."""
        findings: list[Finding] = []
        actions: list[tuple[Finding, str]] = []
        verdict: Verdict = "allow"
        for item, run, kept in outcomes:
            for f in kept:
                findings.append(f)
                actions.append((f, item.config.action))
            verdict = _worst(verdict, run.action)
        by_name = {item.check.name: item.check for item, _, _ in outcomes}

        def replacer(finding: Finding, value: str) -> str | None:
            return by_name[finding.check].replacement(finding, value, data)

        out_text = apply_redactions(text, actions, self.policy.settings.redaction, replacer)
        if any(a == "redact" and not _cuttable(f, len(data.text)) for f, a in actions):
            verdict = "block"  # a finding to redact that has no usable span cannot be removed
        return Decision(
            action=verdict,
            findings=findings,
            text=out_text,
            surface=surface,
            policy_version=self.policy_version,
            checks=[run for _, run, _ in outcomes],
            latency_ms=(time.perf_counter() - t0) * 1000.0,
        )

    def _run_one(self, item: _Compiled, data: CheckInput) -> tuple[CheckRun, list[Finding]]:
        name = item.check.name
        t0 = time.perf_counter()
        try:
            with time_budget(item.timeout_s):
                raw = self._call(item, data)
            elapsed = time.perf_counter() - t0
            if elapsed > item.timeout_s:
                raise CheckTimeout(
                    f"took {elapsed * 1000:.1f} ms, budget {item.timeout_s * 1000:g}"
                )
        except Exception as exc:
            ms = (time.perf_counter() - t0) * 1000.0
            status: Status = "timeout" if isinstance(exc, CheckTimeout) else "error"
            action = "block" if item.config.fail_mode == "closed" else None
            msg = f"{type(exc).__name__}: {exc}" if status == "error" else str(exc)
            return CheckRun(name, status, ms, 0, action, msg), []
        return _outcome(item, raw, (time.perf_counter() - t0) * 1000.0)

    def _call(self, item: _Compiled, data: CheckInput) -> list[Finding]:
        if not item.check.run_in_thread:
            return item.check.run(data)
        # The copied context carries the time budget into the worker thread, so a check that
        # calls checkpoint() stops there too instead of running on after being abandoned.
        future = self._pool().submit(contextvars.copy_context().run, item.check.run, data)
        try:
            return future.result(timeout=item.timeout_s)
        except FutureTimeout:
            future.cancel()
            raise CheckTimeout(f"no result within {item.timeout_s * 1000:g} ms") from None

    def _pool(self) -> ThreadPoolExecutor:
        """The worker threads of isolated checks, started on first use (once, under a lock:
        threads racing here would each start a pool that ``close`` never shuts down)."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="saferail")
            return self._executor

    def _run_messages(self, messages: list[Mapping[str, Any]], call: _Call) -> Decision:
        t0 = time.perf_counter()
        out_messages = [dict(m) for m in messages]
        decisions: list[Decision] = []
        for i, msg in enumerate(messages):
            if msg.get("role") in TRUSTED_ROLES:  # see saferail.guard.roles
                continue
            content = msg.get("content")
            if isinstance(content, str):
                d = self._run("input", content, call)
                out_messages[i]["content"] = d.text
                texts = [d]
            elif isinstance(content, list):  # OpenAI content parts: check every text part
                parts = _args.content_parts(content, i)
                texts = []
                for part in parts:
                    if part.get("type") == "text":
                        d = self._run("input", part["text"], call)
                        part["text"] = d.text
                        texts.append(d)
                out_messages[i]["content"] = parts
            elif content is None:
                continue
            else:
                raise TypeError(
                    f"messages[{i}]['content'] must be a str, a list of content parts or "
                    f"None, not {type(content).__name__}"
                )
            for d in texts:
                for f in d.findings:
                    f.message_index = i
            decisions.extend(texts)
        if not decisions:
            raise CheckError("no user or tool message with text content to check")
        verdict: Verdict = "allow"
        for d in decisions:
            verdict = _worst(verdict, d.action)
        return Decision(
            action=verdict,
            findings=[f for d in decisions for f in d.findings],
            text=decisions[-1].text,
            surface="input",
            policy_version=self.policy_version,
            checks=[c for d in decisions for c in d.checks],
            latency_ms=(time.perf_counter() - t0) * 1000.0,
            messages=out_messages,
        )


def _outcome(item: _Compiled, raw: list[Finding], ms: float) -> tuple[CheckRun, list[Finding]]:
    """Keep findings at or above the threshold; the check's action applies if any remain."""
    kept = [f for f in raw if f.score >= item.threshold]
    action = _verdict_of(item.config.action) if kept else None
    return CheckRun(item.check.name, "ok", ms, len(kept), action), kept


def _budget_seconds(timeout_ms: float) -> float:
    """A check's time budget in seconds; ``.inf`` (or any budget longer than a thread can
    wait for, about 292 years) means no limit rather than an ``OverflowError`` per call."""
    return min(timeout_ms / 1000.0, threading.TIMEOUT_MAX)


def _cuttable(finding: Finding, length: int) -> bool:
    """Whether a finding's span lies within the checked text (``length`` characters), so
    redacting it removes what was found."""
    start, end = finding.start, finding.end
    return start is not None and end is not None and 0 <= start <= end <= length


def _verdict_of(action: str) -> Verdict:
    return "allow" if action == "log" else action  # type: ignore[return-value]


def _worst(a: Verdict, b: str | None) -> Verdict:
    if b is None:
        return a
    return b if _SEVERITY[b] > _SEVERITY[a] else a  # type: ignore[return-value]


def _new_call(
    context: Any = None, system_prompt: Any = None, tenant: Any = None, session: Any = None
) -> _Call:
    values = (context, system_prompt, tenant, session)
    for name, value in zip(_args.CALL_KEYWORDS, values, strict=True):
        _args.opt_str(value, name)
    return _Call(context, system_prompt, tenant, session)
