"""``guarded(target, policy)``: run a Guard's input checks before and output checks after a target.

- Input: user and tool messages go through ``guard.check_input``. A blocked input is answered
  with a refusal (``finish_reason="content_filter"``) and the target is not called; otherwise
  the redacted messages (``decision.messages``) are what the target sees.
- Output: the answer goes through ``guard.check_output`` (with the conversation's system
  prompt, for the leak check). Blocked → refusal; redacted → the redacted text.
- Pseudonyms: when the policy pseudonymizes PII, the surrogates the *input* introduced are
  turned back into the user's originals in the answer (text and tool-call arguments), and
  originals the user already sees in earlier assistant turns are re-pseudonymized before
  they reach the target. Surrogates the output check itself creates stay in place.
- Tool calls: when the policy has a ``tools`` section, every tool call of the answer goes
  through ``guard.check_tool_call`` with a session that has seen this request's messages
  (the target's ``session`` id keeps rate and cost limits across requests; without one
  each request is its own session). A blocked call turns the answer into a refusal whose
  ``decision`` is the call's; a redaction rewrites the call's arguments. Escalations are
  decided in a worker thread, so a waiting approver does not stall the event loop.
- ``stream()`` buffers the whole upstream stream, checks it, then yields the checked answer
  as one chunk: nothing unchecked is ever yielded. Incremental release with a held-back
  window is the gateway's job (issue 5, item 2), not this module's.
"""

from __future__ import annotations

__all__ = ["DEFAULT_REFUSAL", "GuardedTarget", "guarded"]

import asyncio
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from saferail.guard.decision import Decision
from saferail.guard.pipeline import Guard
from saferail.guard.roles import input_checked
from saferail.policy.models import Policy
from saferail.targets.base import (
    Chunk,
    ChunkAccumulator,
    Completion,
    Message,
    Messages,
    Target,
    TargetIdentity,
    TargetRejected,
    tool_call_deltas,
)
from saferail.targets.messages import join_text_parts, replace_all, system_prompt

DEFAULT_REFUSAL = "Sorry, I can't help with that request."


def guarded(
    target: Target,
    policy_or_guard: Guard | Policy | str | Path | None = None,
    *,
    tenant: str | None = None,
    session: str | None = None,
    refusal: str = DEFAULT_REFUSAL,
) -> GuardedTarget:
    """Wrap ``target`` with a Guard (a Guard, a Policy, a policy path, or ``None``: default).

    ``tenant`` and ``session`` scope reversible pseudonyms; see :meth:`GuardedTarget.for_session`.
    """
    if isinstance(policy_or_guard, Guard):
        return GuardedTarget(
            target, policy_or_guard, tenant=tenant, session=session, refusal=refusal
        )
    guard = Guard(policy_or_guard)
    return GuardedTarget(
        target, guard, tenant=tenant, session=session, refusal=refusal, owns_guard=True
    )


class GuardedTarget:
    """A target whose inputs and outputs pass a Guard. Build it with :func:`guarded`."""

    def __init__(
        self,
        target: Target,
        guard: Guard,
        *,
        tenant: str | None = None,
        session: str | None = None,
        refusal: str = DEFAULT_REFUSAL,
        owns_guard: bool = False,
    ) -> None:
        self.target = target
        self.guard = guard
        self.tenant = tenant
        self.session = session
        self.refusal = refusal
        self._owns_guard = owns_guard

    @property
    def identity(self) -> TargetIdentity:
        inner = self.target.identity
        params = {"target": inner.to_dict(), "policy_version": self.guard.policy_version}
        return TargetIdentity(f"guarded:{inner.provider}", inner.model, inner.version, params)

    def for_session(self, session: str, *, tenant: str | None = None) -> GuardedTarget:
        """The same target and Guard, scoped to another conversation (and tenant)."""
        return GuardedTarget(
            self.target,
            self.guard,
            tenant=tenant if tenant is not None else self.tenant,
            session=session,
            refusal=self.refusal,
        )

    # -- target API --------------------------------------------------------------------------

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        t0 = time.perf_counter()
        outgoing, decision_in, known = self._check_input(messages)
        if decision_in is not None and decision_in.blocked:
            return self._refusal(decision_in, decision_in, t0)
        completion = await self.target.generate(outgoing, **params)
        checked = self._check_output(completion, messages, decision_in, known, t0)
        return await self._check_tool_calls(checked, messages, decision_in, t0)

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        t0 = time.perf_counter()
        outgoing, decision_in, known = self._check_input(messages)
        if decision_in is not None and decision_in.blocked:
            yield Chunk(self.refusal, finish_reason="content_filter")
            return
        acc = ChunkAccumulator()
        async for chunk in self.target.stream(outgoing, **params):
            acc.add(chunk)
        checked = self._check_output(acc.completion(), messages, decision_in, known, t0)
        checked = await self._check_tool_calls(checked, messages, decision_in, t0)
        yield Chunk(checked.text, tool_call_deltas(checked.tool_calls), checked.finish_reason)

    async def aclose(self) -> None:
        """Close the wrapped target (if it can be closed) and a Guard built by :func:`guarded`."""
        close = getattr(self.target, "aclose", None)
        if callable(close):
            await close()
        if self._owns_guard:
            self.guard.close()

    async def __aenter__(self) -> GuardedTarget:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- implementation ----------------------------------------------------------------------

    @property
    def _scope(self) -> tuple[str, str]:
        return self.tenant or "default", self.session or "default"

    def _surrogates(self) -> dict[str, str]:
        """This session's surrogate → original map ({} unless the policy pseudonymizes)."""
        vault = self.guard.vault
        return {} if vault is None else vault.surrogates(*self._scope)

    def _check_input(
        self, messages: Messages
    ) -> tuple[list[Message], Decision | None, dict[str, str]]:
        prepared = [_flatten(m, i) for i, m in enumerate(_sequence(messages))]
        if not any(input_checked(m) for m in prepared):
            return prepared, None, self._surrogates()
        decision = self.guard.check_input(
            prepared,
            system_prompt=system_prompt(prepared),
            tenant=self.tenant,
            session=self.session,
        )
        outgoing = decision.messages if decision.messages is not None else prepared
        known = self._surrogates()
        if known:
            to_surrogate = {original: s for s, original in known.items()}
            for m in outgoing:
                if m.get("role") == "assistant" and isinstance(m.get("content"), str):
                    m["content"] = replace_all(m["content"], to_surrogate)
        return outgoing, decision, known

    def _check_output(
        self,
        completion: Completion,
        messages: Messages,
        decision_in: Decision | None,
        known: Mapping[str, str],
        t0: float,
    ) -> Completion:
        decision = self.guard.check_output(
            completion.text,
            system_prompt=system_prompt(messages),
            tenant=self.tenant,
            session=self.session,
        )
        if decision.blocked:
            return self._refusal(decision, decision_in, t0)
        text, calls = decision.text, completion.tool_calls
        if known:
            text = replace_all(text, known)
            calls = [replace(c, arguments=replace_all(c.arguments, known)) for c in calls]
        return replace(
            completion,
            text=text,
            tool_calls=list(calls),
            latency_ms=(time.perf_counter() - t0) * 1000.0,
            decision=decision,
            input_decision=decision_in,
        )

    async def _check_tool_calls(
        self,
        completion: Completion,
        messages: Messages,
        decision_in: Decision | None,
        t0: float,
    ) -> Completion:
        """Apply the tool policy to the answer's tool calls (a refusal if one is blocked)."""
        if not completion.tool_calls or self.guard.policy.tools is None or completion.blocked:
            return completion
        return await asyncio.to_thread(
            self._judge_tool_calls, completion, messages, decision_in, t0
        )

    def _judge_tool_calls(
        self,
        completion: Completion,
        messages: Messages,
        decision_in: Decision | None,
        t0: float,
    ) -> Completion:
        from saferail.agents.toolpolicy.firewall import firewall_of
        from saferail.agents.toolpolicy.session import Session

        firewall = firewall_of(self.guard)
        tenant, session_id = self._scope
        if self.session is not None:
            session = firewall.session(f"{tenant}/{session_id}", role=self.tenant)
        else:
            session = Session(role=self.tenant, tools=self.guard.policy.tools)
        session.observe_messages(messages)
        calls = []
        for call in completion.tool_calls:
            decision = self.guard.check_tool_call(call, session)
            if decision.blocked:
                return self._refusal(decision, decision_in, t0)
            calls.append(replace(call, arguments=decision.text))
        return replace(completion, tool_calls=calls)

    def _refusal(self, decision: Decision, decision_in: Decision | None, t0: float) -> Completion:
        return Completion(
            self.refusal,
            finish_reason="content_filter",
            latency_ms=(time.perf_counter() - t0) * 1000.0,
            decision=decision,
            input_decision=decision_in,
        )


def _sequence(messages: Messages) -> Messages:
    if isinstance(messages, str | bytes | Mapping) or not isinstance(messages, Sequence):
        raise TargetRejected(
            f"messages must be a list of message objects, got {type(messages).__name__}"
        )
    return messages


def _flatten(message: Mapping[str, Any], index: int) -> Message:
    """A copy of ``message`` whose text-only content parts are joined into one string."""
    if not isinstance(message, Mapping):
        raise TargetRejected(f"messages[{index}] must be an object, got {type(message).__name__}")
    out = dict(message)
    content = out.get("content")
    if isinstance(content, list):
        joined = join_text_parts(content)
        if joined is None:
            raise TargetRejected("guarded targets accept text content parts only")
        out["content"] = joined
    elif content is not None and not isinstance(content, str):
        # the Guard checks text only: anything else would reach the target unchecked
        raise TargetRejected(
            f"messages[{index}].content must be a string or a list of text parts, "
            f"got {type(content).__name__}"
        )
    return out
