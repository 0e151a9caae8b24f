"""A cheap pre-check for :func:`~saferail.pii.recognizers._common.cue_distance`.

``cue_distance`` splits the characters around a candidate into lowercased words and compares
each with a cue list: about 15 us per call. A text full of number-shaped candidates (a log, a
CSV export, a table of figures) calls it tens of thousands of times, although a cue is
usually nowhere near. :class:`CueFilter` holds every cue word, stem and phrase opening of
some cue lists as one regex; :meth:`CueSpots.possible` searches the candidate's window of
the lowercased text for any of them (about 1 us). It only rules windows out: a window it
lets through still goes to ``cue_distance``, so results are exactly those of calling
``cue_distance`` alone.
"""

from __future__ import annotations

__all__ = ["CueFilter", "CueSpots"]

import re

from saferail.pii.recognizers._common import Cues


class CueSpots:
    """One text, lowercased on first use, to ask :meth:`possible` about."""

    __slots__ = ("_filter", "_low", "_text")

    def __init__(self, cue_filter: CueFilter, text: str) -> None:
        self._filter = cue_filter
        self._text = text
        self._low: str | None = None

    def possible(self, lo: int, hi: int) -> bool:
        """False only if no cue word can start in ``text[lo:hi]``."""
        if self._low is None:
            low = self._text.lower()
            self._low = low if len(low) == len(self._text) else ""
        if not self._low:  # lowercasing moved offsets (or an empty text): no filtering
            return bool(self._text)
        # a cue starting before hi ends before hi + reach - 1; the leftmost match starting at
        # or after lo starts before hi if any cue does
        found = self._filter.regex.search(self._low, max(0, lo), hi + self._filter.reach - 1)
        return found is not None and found.start() < hi


class CueFilter:
    """Every cue word, stem and phrase opening of some :class:`Cues` lists, as one regex.

    A cue is matched on a lowercased whole word, so it occurs in the lowercased text as a
    substring: the substring search can miss nothing.
    """

    __slots__ = ("reach", "regex")

    def __init__(self, *cue_lists: Cues) -> None:
        needles: set[str] = set()
        for cues in cue_lists:
            needles.update(cues.words, cues.stems, (p[0] for p in cues.phrases))
        needles.discard("")
        if not needles:
            raise ValueError("CueFilter needs at least one cue")
        ordered = sorted(needles, key=lambda s: (-len(s), s))
        self.regex = re.compile("|".join(map(re.escape, ordered)))
        self.reach = len(ordered[0])

    def spots(self, text: str) -> CueSpots:
        """``text``, ready for :meth:`CueSpots.possible` questions."""
        return CueSpots(self, text)
