"""``spotlighted(target, mode)``: spotlight (and optionally gate) untrusted text in requests.

A target wrapper for applications and test harnesses that put retrieved documents into the
system message the way ``Case.to_messages`` does (a guide line, then ``[1] ...``, ``[2] ...``)
and tool outputs into ``tool`` messages. Before each request it:

- finds the numbered-document block after :data:`DOCUMENT_GUIDE` in the system message
  (everything after the guide counts as untrusted, so a document that fakes a ``[3]``
  cannot slip text out of the block);
- optionally runs the documents through a :class:`~saferail.agents.retrieval.RetrievalGate`
  (``gate.scan``: limits and injection scanning; documents keep their original numbers so
  citations still match, dropped ones are left out, flagged ones are named in the prompt);
- renders what is left with :func:`~saferail.agents.spotlighting.spotlight` (or plainly when
  ``mode`` is ``None``) and adds the mode's instruction to the system message;
- does the same for the content of ``tool`` messages and of user messages that start with
  ``tool_prefix`` (the red team's ``indirect_tool`` strategy sends tool output that way).

One boundary and one marker are used per request. ``seed`` makes them reproducible (derived
from the seed and the request); without it they are random. ``dropped`` counts the gate's
reason codes over the wrapper's lifetime.
"""

from __future__ import annotations

__all__ = ["DOCUMENT_GUIDE", "TOOL_PREFIX", "SpotlightedTarget", "split_documents", "spotlighted"]

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any

from saferail.agents.retrieval import Document, RetrievalGate
from saferail.agents.spotlighting import MARKERS, Mode, Spotlight, SpotlightError, spotlight
from saferail.targets.base import Chunk, Completion, Message, Messages, Target, TargetIdentity

DOCUMENT_GUIDE = "Answer from these documents and cite them as [n]."
"""The line ``Case.to_messages`` puts before the numbered documents."""

TOOL_PREFIX = "Tool output:\n"
_WITHHELD = "No retrieved document passed the retrieval checks."


def spotlighted(
    target: Target,
    mode: Mode | None = "delimit",
    *,
    gate: RetrievalGate | None = None,
    guide: str = DOCUMENT_GUIDE,
    tool_prefix: str | None = TOOL_PREFIX,
    seed: int | None = None,
) -> SpotlightedTarget:
    """Wrap ``target`` so documents and tool outputs are spotlighted (``mode=None``: plain,
    for a gate-only wrapper) and, with ``gate``, scanned before they reach the model."""
    return SpotlightedTarget(
        target, mode, gate=gate, guide=guide, tool_prefix=tool_prefix, seed=seed
    )


class SpotlightedTarget:
    """A target whose untrusted documents and tool outputs are rewritten before each request."""

    def __init__(
        self,
        target: Target,
        mode: Mode | None = "delimit",
        *,
        gate: RetrievalGate | None = None,
        guide: str = DOCUMENT_GUIDE,
        tool_prefix: str | None = TOOL_PREFIX,
        seed: int | None = None,
    ) -> None:
        if mode is not None:
            spotlight([], mode)  # validates the mode
        self.target = target
        self.mode = mode
        self.gate = gate
        self.guide = guide
        self.tool_prefix = tool_prefix
        self.seed = seed
        self.dropped: Counter[str] = Counter()

    @property
    def identity(self) -> TargetIdentity:
        inner = self.target.identity
        params = {
            "target": inner.to_dict(),
            "spotlight": self.mode or "plain",
            "gate": None if self.gate is None else self.gate.fingerprint,
        }
        return TargetIdentity(f"spotlighted:{inner.provider}", inner.model, inner.version, params)

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        return await self.target.generate(self.rewrite(messages), **params)

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        async for chunk in self.target.stream(self.rewrite(messages), **params):
            yield chunk

    async def aclose(self) -> None:
        close = getattr(self.target, "aclose", None)
        if callable(close):
            await close()

    # -- rewriting ------------------------------------------------------------------------

    def rewrite(self, messages: Messages) -> list[Message]:
        """The messages as the wrapped target receives them."""
        out = [dict(m) for m in messages]
        token = self._token(out)
        instructed = tools = False
        for m in out:
            content, role = m.get("content"), m.get("role")
            if isinstance(content, str):
                m["content"], added, tool = self._text(role, content, token)
            elif isinstance(content, list):
                m["content"], added, tool = self._parts(role, content, token)
            else:
                continue
            instructed, tools = instructed or added, tools or tool
        if tools and not instructed and self.mode is not None:
            self._instruct(out, self._spotlight(self.mode, [], token).instruction)
        return out

    def _text(self, role: Any, text: str, token: tuple[str, str]) -> tuple[str, bool, bool]:
        """One text of a message rewritten; whether it now holds the mode's instruction;
        whether it is a tool output."""
        if role in ("tool", "function"):
            return self._tool_output(text, token), False, True
        if role in ("system", "developer") and self.guide in text:
            rewritten, added = self._documents(text, token)
            return rewritten, added, False
        if role == "user" and self.tool_prefix and text.startswith(self.tool_prefix):
            rest = self._tool_output(text[len(self.tool_prefix) :], token)
            return self.tool_prefix + rest, False, True
        return text, False, False

    def _parts(
        self, role: Any, parts: list[Any], token: tuple[str, str]
    ) -> tuple[list[Any], bool, bool]:
        """Content parts with each text part rewritten as :meth:`_text` rewrites a string
        content (a system message's documents, a tool output); other parts unchanged."""
        out: list[Any] = []
        instructed = tools = False
        for part in parts:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                text, added, tool = self._text(role, part["text"], token)
                part = {**part, "text": text}
                instructed, tools = instructed or added, tools or tool
            out.append(part)
        return out, instructed, tools

    @staticmethod
    def _spotlight(
        mode: Mode, docs: list[str], token: tuple[str, str], numbers: list[int] | None = None
    ) -> Spotlight:
        """Render with the request's boundary and marker (kept even if a document holds
        it: the wrapper never decodes, and must not fail on any document)."""
        return spotlight(
            docs,
            mode,
            numbers=numbers,
            numbered=numbers is not None,
            boundary=token[0],
            marker=token[1],
            reversible=False,
        )

    def _documents(self, system: str, token: tuple[str, str]) -> tuple[str, bool]:
        """The system message with its documents gated and spotlighted; whether the mode's
        instruction is now in it."""
        at = system.index(self.guide) + len(self.guide)
        head, rest = system[:at], system[at:]
        docs = split_documents(rest) or ([rest.strip("\n")] if rest.strip() else [])
        if not docs:
            return system, False
        numbers = list(range(1, len(docs) + 1))
        flagged: list[int] = []
        if self.gate is not None:
            result = self.gate.scan(Document(id=str(n), text=d) for n, d in enumerate(docs, 1))
            self.dropped.update(result.reasons())
            numbers = [int(d.id) for d in result.kept]
            docs = [d.text for d in result.kept]
            flagged = [int(d.id) for d in result.marked]
        if not docs:
            return f"{head}\n\n{_WITHHELD}", False
        if self.mode is None:
            block = "\n\n".join(f"[{n}] {d}" for n, d in zip(numbers, docs, strict=True))
        else:
            block = self._spotlight(self.mode, docs, token, numbers).prompt()
        if flagged:
            cited = ", ".join(f"[{n}]" for n in flagged)
            block = f"Documents {cited} were flagged as possibly manipulated.\n\n{block}"
        return f"{head}\n\n{block}", self.mode is not None

    def _tool_output(self, text: str, token: tuple[str, str]) -> str:
        if self.gate is not None:
            result = self.gate.scan([Document(id="tool", text=text)])
            self.dropped.update(result.reasons())
            if not result.kept:
                reason = result.dropped[0].reason
                return f"[tool output withheld by the retrieval checks: {reason}]"
            text = result.kept[0].text
        if self.mode is None:
            return text
        return self._spotlight(self.mode, [text], token).text

    def _token(self, messages: list[Message]) -> tuple[str, str]:
        """One boundary and one free marker for the whole request (the marker is looked for
        only in ``datamark`` mode: text holding every candidate must not break the others)."""
        texts = list(_texts(messages))
        if self.seed is None:
            boundary = spotlight(texts, "delimit", numbered=False).token
        else:
            blob = json.dumps([self.seed, texts], ensure_ascii=False).encode("utf-8")
            boundary = hashlib.sha256(blob).hexdigest()[:12]
            while any(boundary in t for t in texts):
                boundary = hashlib.sha256(boundary.encode()).hexdigest()[:12]
        marker = MARKERS[0]
        if self.mode == "datamark":
            with contextlib.suppress(SpotlightError):  # every candidate used: keep the first
                marker = spotlight(texts, "datamark", numbered=False, marker=marker).token
        return boundary, marker

    @staticmethod
    def _instruct(messages: list[Message], text: str) -> None:
        for m in messages:
            if m.get("role") in ("system", "developer") and isinstance(m.get("content"), str):
                m["content"] = f"{m['content']}\n\n{text}"
                return
        messages.insert(0, {"role": "system", "content": text})


def _texts(messages: list[Message]) -> Iterator[str]:
    """Every text of the messages: string contents and the text of content parts."""
    for m in messages:
        content = m.get("content")
        if isinstance(content, str):
            yield content
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    yield part["text"]


def split_documents(block: str) -> list[str]:
    """The documents of a ``\\n\\n[1] ...\\n\\n[2] ...`` block, found in numeric order; text a
    document holds that looks like a later number only shifts the split, never leaves it."""
    if not block.startswith("\n\n[1] "):
        return []
    docs: list[str] = []
    pos, n = len("\n\n[1] "), 1
    while True:
        nxt = block.find(f"\n\n[{n + 1}] ", pos)
        if nxt < 0:
            docs.append(block[pos:])
            return docs
        docs.append(block[pos:nxt])
        pos, n = nxt + len(f"\n\n[{n + 1}] "), n + 1
