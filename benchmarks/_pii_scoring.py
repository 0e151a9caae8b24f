"""Entity-level scoring of PII spans for ``pii_vs_presidio.py``.

A document is scored from its text, its gold spans and one tool's predicted spans, all as
``(start, end, type)`` character offsets. Gold spans whose type is not one of
``CANONICAL_TYPES`` are *excluded* spans: they are not scored, and a prediction that is left
unmatched but overlaps one of them is ignored instead of being counted as a false positive.
Predictions must already carry canonical types (callers drop the types they do not map).

Three match criteria are computed in one go; every one is a one-to-one matching per type
(greedy by descending IoU, so each gold span and each prediction is used at most once):

* ``iou``: same type and character IoU >= 0.5 (the headline figure);
* ``exact``: same type and identical offsets;
* ``overlap``: same type and any overlap (lenient; shows boundary disagreements).

Offsets are trimmed of surrounding whitespace first, so ``"x "`` and ``"x"`` are the same span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from saferail.pii.model import ENTITY_TYPES

CANONICAL_TYPES: tuple[str, ...] = ENTITY_TYPES
_CANON = frozenset(CANONICAL_TYPES)
CRITERIA: tuple[str, ...] = ("iou", "exact", "overlap")
IOU_THRESHOLD = 0.5

Span = tuple[int, int, str]


@dataclass
class Counts:
    """True positives, false positives and false negatives per canonical type."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    ignored: int = 0  # predictions dropped because they overlap an excluded gold span

    def add(self, other: Counts) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.ignored += other.ignored


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading or trailing whitespace (clamped to the text)."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _accept(criterion: str, g: tuple[int, int], p: tuple[int, int], iou: float) -> bool:
    if criterion == "exact":
        return g == p
    if criterion == "overlap":
        return iou > 0.0
    return iou >= IOU_THRESHOLD


def score_document(
    text: str, gold: Iterable[Span], pred: Iterable[Span], criterion: str = "iou"
) -> Counts:
    """Counts for one document under one criterion (see the module docstring)."""
    scored: list[Span] = []
    excluded: list[tuple[int, int]] = []
    for s, e, t in gold:
        s, e = trim(text, s, e)
        if e <= s:
            continue
        if t in _CANON:
            scored.append((s, e, t))
        else:
            excluded.append((s, e))
    preds: list[Span] = []
    for s, e, t in pred:
        if t not in _CANON:
            raise ValueError(f"prediction type {t!r} is not canonical; map it first")
        s, e = trim(text, s, e)
        if e > s:
            preds.append((s, e, t))

    counts = Counts()
    for t in {sp[2] for sp in scored} | {sp[2] for sp in preds}:
        g_t = [(s, e) for s, e, tt in scored if tt == t]
        p_t = [(s, e) for s, e, tt in preds if tt == t]
        pairs = []
        for gi, g in enumerate(g_t):
            for pi, p in enumerate(p_t):
                iou = _iou(g, p)
                if _accept(criterion, g, p, iou):
                    pairs.append((iou, gi, pi))
        pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
        counts.tp[t] += len(used_g)
        counts.fn[t] += len(g_t) - len(used_g)
        for pi, p in enumerate(p_t):
            if pi in used_p:
                continue
            if any(_iou(p, x) > 0.0 for x in excluded):
                counts.ignored += 1
            else:
                counts.fp[t] += 1
    return counts


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def summarize(counts: Counts) -> dict[str, object]:
    """Per-type and micro-averaged figures from summed counts."""
    types = sorted(set(counts.tp) | set(counts.fp) | set(counts.fn), key=CANONICAL_TYPES.index)
    per_type: dict[str, dict[str, float | int]] = {}
    for t in types:
        tp, fp, fn = counts.tp[t], counts.fp[t], counts.fn[t]
        if tp + fp + fn == 0:  # only predictions that were ignored
            continue
        per_type[t] = {"support": tp + fn, "tp": tp, "fp": fp, "fn": fn, **prf(tp, fp, fn)}
    tp, fp, fn = sum(counts.tp.values()), sum(counts.fp.values()), sum(counts.fn.values())
    micro = {"support": tp + fn, "tp": tp, "fp": fp, "fn": fn, **prf(tp, fp, fn)}
    return {"per_type": per_type, "micro": micro, "ignored_predictions": counts.ignored}


def score_corpus(
    texts: Sequence[str],
    gold: Sequence[Sequence[Span]],
    pred: Sequence[Sequence[Span]],
    groups: Sequence[str] | None = None,
) -> dict[str, object]:
    """Scores for every criterion; with ``groups`` also a micro-F1 (IoU) per group label."""
    if not len(texts) == len(gold) == len(pred):
        raise ValueError("texts, gold and pred must have the same length")
    out: dict[str, object] = {}
    by_group: dict[str, Counts] = {}
    for criterion in CRITERIA:
        total = Counts()
        for i, text in enumerate(texts):
            c = score_document(text, gold[i], pred[i], criterion)
            total.add(c)
            if groups is not None and criterion == "iou":
                by_group.setdefault(groups[i], Counts()).add(c)
        out[criterion] = summarize(total)
    if groups is not None:
        out["per_group_iou_micro"] = {g: summarize(c)["micro"] for g, c in sorted(by_group.items())}
    return out
