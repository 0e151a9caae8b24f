"""The scan: one RE2 set pass over the text, then the matching patterns on their own.

All patterns form one automaton: a single forward DFA pass over the text tells which
patterns match anywhere (for ordinary prose: none, and the scan ends there). Only those
patterns then run on their own (small programs, with their capture groups), and each match
is judged (:func:`~saferail.checks._secrets.formats.evaluate`). Of overlapping hits,
provider formats win over generic ones, and the first stays.
"""

from __future__ import annotations

__all__ = ["scan_text", "select"]

import bisect
from typing import Any

import re2

from saferail.checks._secrets.formats import evaluate
from saferail.checks._secrets.hits import Hit, ScanText, hit_order
from saferail.checks._secrets.patterns import COMPILED, SPECS


def _no_captures(source: str) -> str:
    return str(re2.sub(r"\(\?P<[A-Za-z0-9_]+>", "(?:", source))


def _build_set() -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20
    options.never_capture = True
    patterns = re2.Set.SearchSet(options)
    for spec in SPECS:
        patterns.Add(_no_captures(spec.regex))
    patterns.Compile()
    return patterns


_ANYWHERE = _build_set()


def scan_text(
    text: str,
    min_entropy: float,
    providers: frozenset[str] | None,
    allow: frozenset[str],
) -> list[Hit]:
    """Every secret in ``text`` (offsets into ``text``), after :func:`select`."""
    scan = ScanText(text)
    matched = _ANYWHERE.Match(scan.data)
    if not matched:
        return []
    hits: list[Hit] = []
    for order in sorted(matched):
        spec = SPECS[order]
        for m in COMPILED[spec.key].finditer(scan.data):
            hit = evaluate(spec, m, scan, min_entropy)
            if hit is not None:
                hit.order = order
                hits.append(hit)
    return select(hits, providers, allow)


def select(hits: list[Hit], providers: frozenset[str] | None, allow: frozenset[str]) -> list[Hit]:
    """Provider formats win over generic ones; of overlapping hits the first stays.

    Then only hits of an entity type in ``providers`` (all if None) whose value is not in
    ``allow`` remain.
    """
    kept: list[Hit] = []
    for generic in (False, True):
        group = sorted((h for h in hits if h.generic is generic), key=hit_order)
        taken = sorted((h.start, h.end) for h in kept)
        starts = [span[0] for span in taken]
        reach = -1
        for h in group:
            if h.start < reach:
                continue  # overlaps an earlier hit of the same kind
            i = bisect.bisect_left(starts, h.end) - 1
            if i >= 0 and taken[i][1] > h.start:
                continue  # overlaps a provider format
            kept.append(h)
            reach = max(reach, h.end)
    return [
        h
        for h in sorted(kept, key=hit_order)
        if (providers is None or h.entity in providers) and h.value not in allow
    ]
