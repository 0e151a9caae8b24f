"""The steps of a triage: sending probes as stored cases, judging them, what the minimizer
keeps, and the minimization itself (see :mod:`saferail.governance.triage`)."""

from __future__ import annotations

__all__ = [
    "Sender",
    "attempts",
    "evidence",
    "failed",
    "kept_strings",
    "minimize_repro",
    "probe_of",
    "records",
    "request_kept",
]

import re
from collections.abc import Sequence

from saferail.evals.case import Case, Expected
from saferail.evals.results import CaseResult
from saferail.evals.runner import Runner
from saferail.governance._triage_input import Reported
from saferail.governance._triage_model import Attempts, KeptText, MinimizedRepro
from saferail.governance._triage_signals import detect
from saferail.redteam.attack import Probe
from saferail.redteam.minimize import minimize
from saferail.redteam.results import TurnRecord

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def request_kept(text: str, keep: Sequence[str]) -> list[KeptText]:
    """What of a harmful final turn the minimizer must keep: the ``keep`` strings found in
    it, else the sentence the ``harmful_request`` detector flags (when there are several),
    else the whole turn."""
    given = [KeptText(text=k, why="given with --keep") for k in keep if k and k in text]
    if given:
        return given
    spans = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]
    flagged = detect({"prompt": s} for s in spans) if len(spans) > 1 else []
    best = max(
        (f for f in flagged if f["check"] == "harmful_request"),
        key=lambda f: f["score"],
        default=None,
    )
    if best is not None:
        sentence = spans[best["index"]]
        why = f"the sentence the harmful_request detector flags (p={best['score']:.2f})"
        return [KeptText(text=sentence, why=why)]
    return [KeptText(text=text, why="the request (no sentence flagged: the turn is kept whole)")]


def kept_strings(
    reported: Reported, expected: Expected, canary: str | None, keep: Sequence[str]
) -> list[KeptText]:
    """What the minimizer must not remove: the canary, and for ``refuse`` the request
    (:func:`request_kept`); for other behaviours the ``keep`` strings."""
    keeps = tuple(k for k in (*keep, *reported.keep) if k)
    kept = [KeptText(text=canary, why="the canary")] if canary else []
    if expected is Expected.REFUSE:
        return kept + request_kept(reported.last, keeps)
    return kept + [KeptText(text=k, why="given with --keep") for k in keeps]


class Sender:
    """Sends probes as cases of one stored run and judges them."""

    def __init__(self, runner: Runner, run_id: str, base: Case) -> None:
        self.runner = runner
        self.run_id = run_id
        self.base = base
        self.seq = 0

    def case(self, probe: Probe, case_id: str) -> Case:
        return self.base.model_copy(
            update={
                "id": case_id,
                "messages": tuple(t.to_chat() for t in probe.turns()),
                "system_prompt": probe.system_prompt,
                "context": probe.documents,
            }
        )

    async def send(self, probe: Probe, n: int, tag: str) -> list[CaseResult]:
        cases = [self.case(probe, f"{tag}-{self.seq + i + 1}") for i in range(n)]
        results = await self.runner.execute(self.run_id, cases, self.seq)
        self.seq += n
        return results


def failed(result: CaseResult) -> bool:
    return result.error is None and result.passed is False


def attempts(results: list[CaseResult]) -> Attempts:
    errors = sum(1 for r in results if r.error is not None)
    return Attempts.of(sum(1 for r in results if failed(r)), len(results) - errors, errors)


def evidence(results: list[CaseResult]) -> list[str]:
    out: list[str] = []
    for r in results:
        for s in r.scores if failed(r) else ():
            line = f"{s.scorer}: {s.explanation or s.label}"
            if s.passed is False and line not in out:
                out.append(line)
    return out


def probe_of(reported: Reported) -> Probe:
    return Probe(
        history=reported.history,
        payload=reported.last,
        system_prompt=reported.system_prompt,
        documents=reported.documents,
        tools=reported.tools,
    )


def records(probe: Probe) -> list[TurnRecord]:
    return [TurnRecord(role=t.role, content=t.content) for t in probe.turns()]


async def minimize_repro(
    sender: Sender, probe: Probe, kept: list[KeptText], max_calls: int, runs: int
) -> MinimizedRepro:
    """``probe`` minimized while it still fails (at most ``max_calls`` sends); a reduced
    repro is re-sent ``runs`` times for its own reproduction rate."""
    musts = [k.text for k in kept]

    async def still_fails(candidate: Probe) -> bool:
        if any(m not in candidate.last for m in musts if m in probe.last):
            return False  # a kept string is gone: a failure proves nothing
        [result] = await sender.send(candidate, 1, "min")
        return failed(result)

    found = await minimize(probe, still_fails, max_calls=max_calls, keep=musts)
    verification = None
    if found.probe != probe and found.reduced:
        verification = attempts(await sender.send(found.probe, runs, "verify"))
    best = found.probe
    return MinimizedRepro(
        system_prompt=best.system_prompt,
        turns=records(best),
        documents=list(best.documents),
        text=best.last,
        length=found.length,
        original_length=found.original_length,
        ratio=found.ratio,
        calls=found.calls,
        reduced=list(found.reduced),
        kept=kept,
        confirmed=found.confirmed,
        exhausted=found.exhausted,
        verification=verification,
    )
