"""Minimize a successful attack: the fewest turns, converters and words that still work.

Delta debugging (Zeller and Hildebrandt's *ddmin*): split what can be removed into ``n``
chunks; keep one chunk alone if the attack still succeeds with it, else drop one chunk if the
rest still succeeds, else split finer (``2n``); stop when no single element can go. The
result is 1-minimal: removing any one remaining element makes the attack fail.

:func:`minimize` runs ddmin in passes over one probe, keeping a reduction only when
``succeeds`` (a re-send of the candidate, judged like the attack) returns True:

1. **turns** — earlier user turns, each with the target's reply that followed (the history
   is replayed as recorded; only the final request is sent again). No history is tried first.
2. **converters** — the chain is re-rendered from ``template``/``payload`` without some
   converters (none at all is tried first).
3. **words** — the final user text (the probe switches to its ``text`` override), then the
   planted documents (whole documents first) and the planted tool output. A word that
   overlaps a ``keep`` string (the goal's canary) is never dropped; when there is one, the
   protected words alone are tried first.

Identical candidates (same turns, system prompt and documents) are sent once; a candidate
``valid`` rejects (a harmful repro that lost the request itself) is not sent and costs no
call. The run stops
at ``max_calls`` (or when ``succeeds`` raises
:class:`~saferail.redteam.budget.BudgetExhausted`) with the best reduction so far. The final
probe is re-sent only if no call has shown it to succeed (nothing was reduced).
"""

from __future__ import annotations

__all__ = ["MinimizeError", "Minimized", "ddmin", "minimize"]

import re
from collections.abc import Awaitable, Callable, Generator, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from saferail.errors import SaferailError
from saferail.redteam.attack import Probe, Turn
from saferail.redteam.budget import BudgetExhausted
from saferail.redteam.goals import Goal
from saferail.redteam.results import Repro, TurnRecord

T = TypeVar("T")
Succeeds = Callable[[Probe], Awaitable[bool]]
Valid = Callable[[Probe], bool]
_Steps = Generator[tuple[int, ...], bool, tuple[int, ...]]
_TOKEN = re.compile(r"\S+\s*")


class MinimizeError(SaferailError):
    """Minimization was asked for with impossible settings."""


class _OutOfCalls(Exception):
    """The call cap (or the run's budget) is reached; keep the best reduction so far."""


# -- ddmin ----------------------------------------------------------------------------------


def _chunks(seq: tuple[int, ...], n: int) -> list[tuple[int, ...]]:
    """``seq`` cut into ``n`` contiguous chunks whose sizes differ by at most one."""
    out: list[tuple[int, ...]] = []
    start = 0
    for i in range(n):
        end = start + (len(seq) - start) // (n - i)
        out.append(seq[start:end])
        start = end
    return out


def _steps(size: int, try_empty: bool) -> _Steps:
    """ddmin over the indices ``0..size-1`` as a coroutine: yields each candidate (sorted
    indices), is sent whether it still succeeds, returns the minimal candidate. The full
    set is assumed to succeed and is never yielded."""
    current = tuple(range(size))
    if try_empty and current and (yield ()):
        return ()
    n = 2
    while len(current) >= 2:
        parts = _chunks(current, n)
        reduced = False
        for part in parts:  # reduce to a subset
            if (yield part):
                current, n, reduced = part, 2, True
                break
        if not reduced and n > 2:  # reduce to a complement (for n == 2 they are the subsets)
            for i in range(n):
                rest = tuple(x for j, p in enumerate(parts) if j != i for x in p)
                if (yield rest):
                    current, n, reduced = rest, max(n - 1, 2), True
                    break
        if not reduced:
            if n >= len(current):
                break
            n = min(len(current), 2 * n)
    return current


def ddmin(
    items: Sequence[T], test: Callable[[list[T]], bool], *, try_empty: bool = False
) -> list[T]:
    """A 1-minimal sub-list of ``items`` (order kept) for which ``test`` is True.

    ``test(items)`` is assumed True and is not called; each distinct candidate is tested at
    most once. With ``try_empty`` the empty list is tried first.
    """
    pool = list(items)
    seen: dict[tuple[int, ...], bool] = {tuple(range(len(pool))): True}
    steps = _steps(len(pool), try_empty)
    try:
        cand = next(steps)
        while True:
            if cand not in seen:
                seen[cand] = bool(test([pool[i] for i in cand]))
            cand = steps.send(seen[cand])
    except StopIteration as stop:
        return [pool[i] for i in stop.value]


# -- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Minimized:
    """The minimized probe, the original it came from, and what it cost."""

    probe: Probe
    original: Probe
    calls: int
    """``succeeds`` calls spent (memoized candidates are free)."""
    reduced: tuple[str, ...] = ()
    """What was removed, e.g. ``"2 of 4 earlier turns"``, ``"converter rot13"``."""
    confirmed: bool = True
    """A call showed the final probe to succeed."""
    exhausted: bool = False
    """Stopped early at ``max_calls`` or the run's budget."""

    @property
    def length(self) -> int:
        return self.probe.length()

    @property
    def original_length(self) -> int:
        return self.original.length()

    @property
    def ratio(self) -> float:
        """Minimized length / original length (attacker-written characters); 1.0 if empty."""
        base = self.original_length
        return round(self.length / base, 4) if base else 1.0

    def to_repro(
        self, goal: Goal, case_id: str, metadata: Mapping[str, Any] | None = None
    ) -> Repro:
        """The result as a :class:`~saferail.redteam.results.Repro` of ``goal``."""
        case = self.probe.to_case(case_id, goal, dict(metadata or {}))
        return Repro(
            case=case.model_dump(mode="json"),
            turns=[TurnRecord(role=t.role, content=t.content) for t in self.probe.turns()],
            system_prompt=self.probe.system_prompt,
            documents=list(self.probe.documents),
            converters=list(self.probe.converters),
            original_length=self.original_length,
            length=self.length,
            ratio=self.ratio,
            calls=self.calls,
            reduced=list(self.reduced),
            confirmed=self.confirmed,
        )


# -- the minimizer --------------------------------------------------------------------------


def _key(probe: Probe) -> Hashable:
    """What the target receives: equal keys are the same request."""
    return (tuple(probe.turns()), probe.system_prompt, probe.documents)


def _exchanges(history: Sequence[Turn]) -> list[tuple[Turn, ...]]:
    """The history cut before each user turn: a user turn and the replies that followed."""
    groups: list[list[Turn]] = []
    for turn in history:
        if turn.role == "user" or not groups:
            groups.append([turn])
        else:
            groups[-1].append(turn)
    return [tuple(g) for g in groups]


def _protected(text: str, tokens: Sequence[tuple[int, int]], keep: Sequence[str]) -> set[int]:
    """Indices of the tokens that overlap an occurrence of a ``keep`` string (any case)."""
    low = text.lower()
    spans: list[tuple[int, int]] = []
    for k in keep:
        start = low.find(k.lower())
        while start >= 0:
            spans.append((start, start + len(k)))
            start = low.find(k.lower(), start + 1)
    return {i for i, (a, b) in enumerate(tokens) if any(a < e and s < b for s, e in spans)}


class _Session:
    """One minimization: the oracle with its memo, call count and cap."""

    def __init__(
        self,
        original: Probe,
        succeeds: Succeeds,
        max_calls: int,
        keep: Sequence[str],
        valid: Valid | None = None,
    ) -> None:
        self.succeeds = succeeds
        self.valid = valid
        self.max_calls = max_calls
        self.keep = [k for k in keep if k]
        self.memo: dict[Hashable, bool] = {_key(original): True}
        self.seen_succeed: set[Hashable] = set()
        self.calls = 0
        self.exhausted = False
        self.reduced: list[str] = []

    async def test(self, probe: Probe) -> bool:
        key = _key(probe)
        if key in self.memo:
            return self.memo[key]
        if self.valid is not None and not self.valid(probe):
            self.memo[key] = False  # may not be sent: no call, no share of the cap
            return False
        if self.exhausted or self.calls >= self.max_calls:
            self.exhausted = True
            raise _OutOfCalls
        self.calls += 1
        try:
            ok = bool(await self.succeeds(probe))
        except BudgetExhausted:
            self.calls -= 1  # refused before reaching the model
            self.exhausted = True
            raise _OutOfCalls from None
        self.memo[key] = ok
        if ok:
            self.seen_succeed.add(key)
        return ok

    async def confirm(self, probe: Probe) -> bool:
        """Re-send ``probe`` even if its answer is memoized (or assumed, for the original)."""
        self.memo.pop(_key(probe), None)
        return await self.test(probe)

    async def reduce(
        self, items: Sequence[T], build: Callable[[list[T]], Probe], *, try_empty: bool
    ) -> list[T]:
        """ddmin over ``items`` with the oracle; the best reduction if calls run out."""
        steps = _steps(len(items), try_empty)
        best = tuple(range(len(items)))
        try:
            cand = next(steps)
            while True:
                ok = await self.test(build([items[i] for i in cand]))
                if ok:
                    best = cand
                cand = steps.send(ok)
        except StopIteration as stop:
            best = stop.value
        except _OutOfCalls:
            pass
        return [items[i] for i in best]

    async def turns(self, probe: Probe) -> Probe:
        groups = _exchanges(probe.history)
        if not groups:
            return probe
        kept = await self.reduce(
            groups,
            lambda gs: replace(probe, history=tuple(t for g in gs for t in g)),
            try_empty=True,
        )
        history = tuple(t for g in kept for t in g)
        if len(history) < len(probe.history):
            n = len(probe.history)
            self.reduced.append(f"{n - len(history)} of {n} earlier turns")
        return replace(probe, history=history)

    async def converters(self, probe: Probe) -> Probe:
        chain = probe.converters
        if not chain or probe.text is not None:
            return probe
        kept = await self.reduce(
            chain, lambda cs: replace(probe, converters=tuple(cs)), try_empty=True
        )
        rest = list(kept)
        for name in chain:  # report each dropped converter once per occurrence
            if name in rest:
                rest.remove(name)
            else:
                self.reduced.append(f"converter {name}")
        return replace(probe, converters=tuple(kept))

    async def words(self, text: str, build: Callable[[str], Probe], where: str) -> str:
        """``text`` with the fewest words for which ``build(text)`` still succeeds."""
        found = list(_TOKEN.finditer(text))
        tokens = [m.group() for m in found]
        locked = _protected(text, [m.span() for m in found], self.keep)
        free = [i for i in range(len(tokens)) if i not in locked]
        if not free:
            return text

        def join(chosen: list[int]) -> str:
            keep = set(chosen) | locked
            return "".join(t for i, t in enumerate(tokens) if i in keep).strip()

        kept = await self.reduce(free, lambda c: build(join(c)), try_empty=bool(locked))
        if len(kept) == len(free):
            return text
        self.reduced.append(f"{len(free) - len(kept)} of {len(tokens)} words{where}")
        return join(kept)

    async def planted(self, probe: Probe) -> Probe:
        """Whole documents, then the words of each document and of the tool output."""
        docs = probe.documents
        if docs:
            kept = await self.reduce(
                docs, lambda ds: replace(probe, documents=tuple(ds)), try_empty=True
            )
            if len(kept) < len(docs):
                self.reduced.append(f"{len(docs) - len(kept)} of {len(docs)} documents")
            probe = replace(probe, documents=tuple(kept))
        for i in range(len(probe.documents)):

            def with_doc(text: str, p: Probe = probe, i: int = i) -> Probe:
                return replace(p, documents=(*p.documents[:i], text, *p.documents[i + 1 :]))

            doc = await self.words(probe.documents[i], with_doc, f" in document {i + 1}")
            probe = with_doc(doc)
        if probe.tool_result is not None:
            p0 = probe
            out = await self.words(
                p0.tool_result or "", lambda t: replace(p0, tool_result=t), " in the tool output"
            )
            probe = replace(probe, tool_result=out)
        return probe


async def minimize(
    probe: Probe,
    succeeds: Succeeds,
    *,
    max_calls: int = 40,
    keep: Sequence[str] = (),
    valid: Valid | None = None,
) -> Minimized:
    """Minimize a successful ``probe`` with at most ``max_calls`` calls of ``succeeds``.

    ``succeeds(candidate)`` re-sends a candidate and says whether the attack still reaches
    its goal; ``keep`` lists substrings no word reduction may remove (the goal's canary);
    ``valid(candidate)``, when given, says whether a candidate may be sent at all (one it
    rejects fails without a call and without counting towards ``max_calls``).
    Deterministic: the same oracle gives the same result. See the module docstring.
    """
    if max_calls < 0:
        raise MinimizeError(f"max_calls must be >= 0, got {max_calls}")
    s = _Session(probe, succeeds, max_calls, keep, valid)
    best = await s.turns(probe)
    best = await s.converters(best)
    last = best.last
    text = await s.words(last, best.with_text, "")
    if text != last:
        best = best.with_text(text)
    best = await s.planted(best)
    confirmed = _key(best) in s.seen_succeed
    if not confirmed:
        try:
            confirmed = await s.confirm(best)
        except _OutOfCalls:
            confirmed = False
    return Minimized(best, probe, s.calls, tuple(s.reduced), confirmed, s.exhausted)
