"""A cheap pre-check for :func:`~saferail.pii.recognizers._common.cue_distance`.

``cue_distance`` splits the characters around a candidate into lowercased words and compares
each with a cue list: about 15 us per call. A text full of number-shaped candidates (a log, a
CSV export, a table of figures) calls it tens of thousands of times, although a cue is
usually nowhere near. :class:`CueFilter` finds, once per text, every place where some cue
word could start (one RE2 pass over the lowercased text, ~20 us per KB of prose);
:meth:`CueSpots.possible` then answers in a bisection whether a window can hold a cue at all.
It only rules windows out: a window it lets through still goes to ``cue_distance``, so
results are exactly those of calling ``cue_distance`` alone. Texts shorter than
``min_chars`` are not indexed (every window is possible): there the pass would cost about
what it saves.
"""

from __future__ import annotations

__all__ = ["CueFilter", "CueSpots"]

import bisect
import re

from saferail.pii.recognizers._common import Cues, Scanner


class CueSpots:
    """Where in one text a cue of a :class:`CueFilter` may start (found on first use)."""

    __slots__ = ("_filter", "_starts", "_text")

    def __init__(self, cue_filter: CueFilter, text: str) -> None:
        self._filter = cue_filter
        self._text: str | None = text
        self._starts: list[int] | None = None

    def possible(self, lo: int, hi: int) -> bool:
        """False only if no cue word can start in ``text[lo:hi]``."""
        if self._text is not None:
            self._starts = self._filter.starts(self._text)
            self._text = None
        starts = self._starts
        if starts is None:  # a short text, or lowercasing moved offsets: no filtering
            return True
        # a cue starting at q may sit inside an earlier needle match starting after q - reach
        i = bisect.bisect_right(starts, lo - self._filter.reach)
        return i < len(starts) and starts[i] < hi


class CueFilter:
    """Every cue word, stem and phrase opening of some :class:`Cues` lists, as one regex.

    A cue is matched on a lowercased whole word, so it occurs in the lowercased text as a
    substring: the substring search can miss nothing. Matches do not overlap, so a needle
    hidden inside an earlier match is covered by that match's start, at most ``reach - 1``
    characters before it.
    """

    __slots__ = ("_scanner", "min_chars", "reach")

    def __init__(self, *cue_lists: Cues, min_chars: int = 2000) -> None:
        needles: set[str] = set()
        for cues in cue_lists:
            needles.update(cues.words, cues.stems, (p[0] for p in cues.phrases))
        needles.discard("")
        if not needles:
            raise ValueError("CueFilter needs at least one cue")
        ordered = sorted(needles, key=lambda s: (-len(s), s))
        self._scanner = Scanner("|".join(map(re.escape, ordered)))
        self.reach = len(ordered[0])
        self.min_chars = min_chars

    def spots(self, text: str) -> CueSpots:
        """A lazy index of ``text``: the regex runs only if a window is asked about."""
        return CueSpots(self, text)

    def starts(self, text: str) -> list[int] | None:
        """Sorted start offsets of the needle matches in ``text.lower()``, or None (no
        filtering) for a text shorter than ``min_chars`` or one whose lowercase has another
        length (offsets would not line up)."""
        if len(text) < self.min_chars:
            return None
        low = text.lower()
        if len(low) != len(text):
            return None
        return [start for start, _, _ in self._scanner.scan(low)]
