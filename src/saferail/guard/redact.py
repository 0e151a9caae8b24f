"""Replace the spans of findings whose action is ``redact``."""

from __future__ import annotations

__all__ = ["apply_redactions"]

from collections.abc import Callable, Sequence

from saferail.checks.base import Finding

Replacer = Callable[[Finding, str], str | None]


def apply_redactions(
    text: str,
    actions: Sequence[tuple[Finding, str]],
    template: str,
    replacer: Replacer | None = None,
) -> str:
    """Return ``text`` with every redact-action span replaced; overlapping spans merge.

    ``replacer(finding, value)`` may supply the replacement (e.g. a PII pseudonym); when it
    returns ``None`` the template is used with ``{label}`` = entity type or category.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not isinstance(template, str):
        raise TypeError(f"template must be a str, not {type(template).__name__}")
    spans: list[tuple[int, int, str]] = []
    for i, pair in enumerate(actions):
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], Finding)):
            raise TypeError(f"actions[{i}] must be a (Finding, action) pair, not {pair!r}")
        f, action = pair
        if action != "redact" or f.start is None or f.end is None:
            continue
        start, end = max(0, f.start), min(len(text), f.end)
        custom = replacer(f, text[start:end]) if replacer is not None else None
        label = (f.entity_type or f.category).upper()
        spans.append(
            (start, end, custom if custom is not None else template.replace("{label}", label))
        )
    if not spans:
        return text
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            s, e, lab = merged[-1]
            merged[-1] = (s, max(e, end), lab)
        else:
            merged.append((start, end, label))
    pieces: list[str] = []
    last = 0
    for start, end, label in merged:
        pieces.append(text[last:start])
        pieces.append(label)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
