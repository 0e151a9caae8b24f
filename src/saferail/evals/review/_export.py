"""Export a stratified, blind, redacted sample of a run for human review."""

from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from saferail.evals.case import Case
from saferail.evals.results import CaseResult
from saferail.evals.review._labels import _FORMULA_START, _kind
from saferail.evals.review._model import (
    _COLUMNS,
    _GUIDANCE,
    ReviewError,
    ReviewFileError,
    ReviewItem,
)
from saferail.evals.suite import Suite
from saferail.reports._files import ReportWriteError, write_files

# -- export ---------------------------------------------------------------------------------


def _stratum_of(
    stratify_by: str | Callable[[CaseResult], object], cases: Mapping[str, Case]
) -> Callable[[CaseResult], str]:
    if callable(stratify_by):  # its answer as text: strata are sorted and written to the file
        fn = stratify_by
        return lambda r: str(fn(r))
    if stratify_by == "verdict":
        return lambda r: "unjudged" if r.passed is None else ("pass" if r.passed else "fail")
    if stratify_by.startswith("metadata."):
        key = stratify_by.removeprefix("metadata.")
        if not cases:
            raise ReviewError(f"stratify_by={stratify_by!r} needs the cases (cases=...)")
        return lambda r: str(cases[r.case_id].metadata.get(key, "")) if r.case_id in cases else ""
    if stratify_by in ("category", "expected", "refused", "blocked", "passed"):
        return lambda r: str(getattr(r, stratify_by))
    raise ReviewError(
        f"cannot stratify by {stratify_by!r}: use category, expected, verdict, refused, "
        "blocked, passed, metadata.<key> or a function of the result"
    )


# strata that are automated outcomes: written to the file as opaque group names, so that the
# file stays blind (a "fail" stratum would tell the reviewer the scorer's verdict)
_OUTCOME_STRATA = frozenset({"verdict", "refused", "blocked", "passed"})


def _allocate(sizes: Mapping[str, int], n: int) -> dict[str, int]:
    """One item per stratum, the rest shared in proportion to each stratum's remaining size
    (largest remainder; ties go to the stratum that sorts first). Never exceeds a size."""
    alloc = {s: 1 for s in sizes}
    spare = {s: size - 1 for s, size in sizes.items()}
    left = n - len(sizes)
    pool = sum(spare.values())
    if left <= 0 or pool == 0:
        return alloc
    quotas = {s: left * c / pool for s, c in spare.items()}
    for s, q in quotas.items():
        alloc[s] += int(q)
    rest = left - sum(int(q) for q in quotas.values())
    for s in sorted(quotas, key=lambda s: (-(quotas[s] - int(quotas[s])), s))[:rest]:
        alloc[s] += 1
    return alloc


def redact_for_review(text: str, keep: Iterable[str] = ()) -> str:
    """``text`` with personal data and secrets replaced by ``[ENTITY_TYPE]`` (the ``pii``
    and ``secret`` checks at their default thresholds); occurrences of ``keep`` strings
    (e.g. a case's canary) stay readable."""
    if not text:
        return text
    from saferail.evals.scorers._checks import run_check
    from saferail.guard.redact import apply_redactions

    kept = []
    for word in (k for k in keep if k):
        start = text.find(word)
        while start >= 0:
            kept.append((start, start + len(word)))
            start = text.find(word, start + 1)
    findings = [
        f
        for name in ("pii", "secret")
        for f in run_check(name, text)
        if f.start is not None
        and f.end is not None
        and not any(f.start < e and s < f.end for s, e in kept)
    ]
    return apply_redactions(text, [(f, "redact") for f in findings], "[{label}]")


def _render_prompt(case: Case | None) -> str:
    if case is None:
        return ""
    if case.prompt is not None and not case.system_prompt and not case.context:
        return case.prompt
    lines = [f"system: {case.system_prompt}"] if case.system_prompt else []
    lines += [f"document [{i}]: {doc}" for i, doc in enumerate(case.context, 1)]
    if case.prompt is not None:
        lines.append(f"user: {case.prompt}")
    lines += [f"{t.role}: {t.content}" for t in case.messages or ()]
    return "\n".join(lines)


Cases = Suite | Iterable[Case] | Mapping[str, Case]


def _case_map(cases: Cases | None) -> dict[str, Case]:
    if cases is None:
        return {}
    if isinstance(cases, Mapping):
        return dict(cases)
    if isinstance(cases, Suite):
        return {c.id: c for c in cases.cases}
    return {c.id: c for c in cases}


def _item(result: CaseResult, stratum: str, case: Case | None, redact: bool) -> ReviewItem:
    canary = (case.canary if case is not None else None) or ""
    prompt, output = _render_prompt(case), result.output
    if redact:
        prompt = redact_for_review(prompt, [canary])
        output = redact_for_review(output, [canary])
    return ReviewItem(
        case_id=result.case_id,
        stratum=stratum,
        category=result.category,
        expected=result.expected,
        guidance=_GUIDANCE.get(result.expected, ""),
        canary=canary,
        prompt=prompt,
        output=output,
        redacted=redact,
    )


def export_review_sample(
    results: Iterable[CaseResult],
    n: int,
    *,
    seed: int,
    stratify_by: str | Callable[[CaseResult], object] = "category",
    cases: Cases | None = None,
    redact: bool = True,
) -> list[ReviewItem]:
    """A seeded, stratified sample of ``n`` results for human review.

    Every stratum gets at least one item and the rest are allocated in proportion to the
    strata's sizes; results that errored are left out. Strata that are automated outcomes
    (``verdict``, ``refused``, ``blocked``, ``passed``) are named ``group-1``, ``group-2``...
    in the items (in the order of their sorted values), so the file stays blind. ``cases``
    (a suite, cases, or a mapping by id) supply the prompts. The order is shuffled, so
    strata are not in blocks. Raises :class:`ReviewError` when ``n`` is smaller than the
    number of strata."""
    if n < 1:
        raise ReviewError(f"n must be at least 1, got {n}")
    by_id = _case_map(cases)
    key = _stratum_of(stratify_by, by_id)
    strata: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        if r.error is None:
            strata[key(r)].append(r)
    if len(strata) > n:
        raise ReviewError(
            f"n={n} is smaller than the {len(strata)} strata ({', '.join(sorted(strata))}); "
            "each stratum needs at least one item"
        )
    rng = random.Random(seed)
    total = sum(len(rs) for rs in strata.values())
    alloc = _allocate({s: len(rs) for s, rs in sorted(strata.items())}, min(n, total))
    picked: list[tuple[str, CaseResult]] = []
    for s, count in alloc.items():
        pool = sorted(strata[s], key=lambda r: r.case_id)
        picked += [(s, r) for r in rng.sample(pool, count)]
    rng.shuffle(picked)
    shown = {s: s for s in alloc}
    if isinstance(stratify_by, str) and stratify_by in _OUTCOME_STRATA:
        shown = {s: f"group-{i}" for i, s in enumerate(sorted(alloc), 1)}
    return [_item(r, shown[s], by_id.get(r.case_id), redact) for s, r in picked]


def _csv_safe(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs as a formula: cells starting with
    ``= + - @``, a tab or CR (or ``'``, so the escape can be undone) get a leading ``'``,
    which :func:`read_review_labels` removes again."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_review_file(items: Iterable[ReviewItem], path: str | Path) -> Path:
    """Write items as CSV (``.csv``) or JSON lines (``.jsonl``); returns the path.

    The file is written whole or not at all (a temporary file beside it, then renamed), so
    a failure never leaves a half-written file or destroys a previous one. CSV cells that
    a spreadsheet would run as a formula are escaped with a leading ``'``."""
    p = Path(path)
    kind = _kind(p)
    rows = [i.model_dump() for i in items]
    out = io.StringIO(newline="")
    if kind == "csv":
        writer = csv.DictWriter(out, fieldnames=_COLUMNS)
        writer.writeheader()
        writer.writerows({k: _csv_safe(v) for k, v in r.items()} for r in rows)
    else:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    # backslashreplace: a lone surrogate in a model's answer is shown as \udxxx
    text = out.getvalue().encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        write_files({p: text})
    except ReportWriteError as exc:
        raise ReviewFileError(f"cannot write {exc}") from None
    return p
