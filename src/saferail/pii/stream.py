"""De-anonymization: put the originals back in place of a session's surrogates.

``deanonymize`` works on a whole text. ``StreamingDeanonymizer`` works on a model's
streamed output: it releases text as soon as no surrogate can still start in it, and holds
back only the shortest tail that might be (the beginning of) a surrogate. For any chunking,
``"".join(feed(c) for c in chunks) + flush()`` equals ``deanonymize("".join(chunks))``.

Matching is leftmost-longest: scanning left to right, at each position the longest
surrogate that starts there is replaced; the scan continues after it. A surrogate counts
only as a whole word: where its first (last) character is a letter or digit, the character
before (after) it must not be one, so ``lars`` in ``dollars`` or ``192.0.2.1`` in
``192.0.2.15`` stays as it is (scripts written without spaces, such as CJK, do not glue).
Besides its exact form, a surrogate is also found in the case a model may give it: all in
capitals, or capitalized (``mila`` as ``Mila`` or ``MILA``); never lowered, so the name
``Una`` does not turn the Spanish ``una`` into an original.
"""

from __future__ import annotations

__all__ = ["StreamingDeanonymizer", "SurrogateSource", "deanonymize", "deanonymizer"]

import unicodedata
from collections.abc import Callable
from typing import Any, Protocol

import ahocorasick


class SurrogateSource(Protocol):
    """What de-anonymization needs from a vault (``saferail.pii.vault.Vault`` is one)."""

    def surrogates(self, tenant: str, session: str) -> dict[str, str]: ...

    def version(self, tenant: str, session: str) -> int: ...


# Scripts written without spaces between words: a letter of theirs never glues a surrogate.
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x10FFFF))


def _wordy(ch: str) -> bool:
    """Whether ``ch`` continues a word written with spaces (letter, digit, mark, ``_``)."""
    if ch == "_":
        return True
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _UNSPACED):
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _fold(text: str) -> str:
    """``text`` lowercased character by character (same length, so same offsets)."""
    low = text.lower()
    if len(low) == len(text):  # no character lowered to several: one for one
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _capitalized(text: str) -> str:
    """``text`` with the first letter of each space-separated word in capitals."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _forms(surrogate: str) -> frozenset[str]:
    """The ways a model may write ``surrogate``: as is, in capitals, capitalized."""
    return frozenset({surrogate, surrogate.upper(), _capitalized(surrogate)})


class _Matcher:
    """An Aho-Corasick automaton over a session's surrogates (case-folded)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = {s: o for s, o in mapping.items() if s}
        # folded key -> (written form -> surrogate); the exact form wins over a case form
        self._forms: dict[str, dict[str, str]] = {}
        for surrogate in sorted(self.mapping, reverse=True):
            forms = self._forms.setdefault(_fold(surrogate), {})
            for form in _forms(surrogate):
                forms[form] = surrogate
        for surrogate in self.mapping:
            self._forms[_fold(surrogate)][surrogate] = surrogate
        self.maxlen = max(map(len, self._forms), default=0)
        self._firsts = frozenset(s[0] for s in self._forms)
        self._auto: Any = None
        if self._forms:
            auto = ahocorasick.Automaton()
            for key in self._forms:
                auto.add_word(key, len(key))
            auto.make_automaton()
            self._auto = auto

    def candidates(self, folded: str) -> dict[int, list[int]]:
        """Start offset → lengths of the surrogates (folded) found there, longest first."""
        found: dict[int, list[int]] = {}
        for end, length in self._auto.iter(folded):
            found.setdefault(end - length + 1, []).append(length)
        for lengths in found.values():
            lengths.sort(reverse=True)
        return found

    def is_open_prefix(self, tail: str) -> bool:
        """Whether ``tail`` (folded) is a proper prefix of some surrogate (it could grow)."""
        if tail[0] not in self._firsts or self._auto.longest_prefix(tail) != len(tail):
            return False
        return any(len(key) > len(tail) for key in self._auto.keys(tail))

    def surrogate_at(self, text: str, folded: str, start: int, end: int) -> str | None:
        """The surrogate written as ``text[start:end]``, or None (another case)."""
        return self._forms[folded[start:end]].get(text[start:end])

    def run(self, text: str, final: bool, before: str = "") -> tuple[str, str]:
        """(released text with surrogates replaced, held-back tail).

        ``before`` is the character just before ``text`` (already released), if any.
        """
        if self._auto is None or not text:
            return text, ""
        folded = _fold(text)
        starts = self.candidates(folded)
        holds = set() if final else self._holds(text, folded, starts, before)
        out: list[str] = []
        i = 0
        for p in sorted(starts.keys() | holds):
            if p < i:
                continue  # inside a surrogate already replaced
            out.append(text[i:p])
            if p in holds:
                return "".join(out), text[p:]
            i = p
            surrogate = self._best(text, folded, p, starts[p], before)
            if surrogate is not None:
                out.append(self.mapping[surrogate])
                i = p + len(surrogate)
        out.append(text[i:])
        return "".join(out), ""

    def _best(
        self, text: str, folded: str, start: int, lengths: list[int], before: str
    ) -> str | None:
        """The longest surrogate written at ``start`` as a whole word, or None."""
        prev = text[start - 1] if start else before
        left_glued = bool(prev) and _wordy(prev)
        for length in lengths:
            end = start + length
            surrogate = self.surrogate_at(text, folded, start, end)
            if surrogate is None:
                continue
            if left_glued and _wordy(surrogate[0]):
                continue
            if end < len(text) and _wordy(text[end]) and _wordy(surrogate[-1]):
                continue
            return surrogate
        return None

    def _holds(self, text: str, folded: str, starts: dict[int, list[int]], before: str) -> set[int]:
        """Offsets from which the text must wait for more: a surrogate may still grow
        there, or one ends right at the end and the next character decides its edge."""
        n = len(text)
        holds: set[int] = set()
        for j in range(max(0, n - self.maxlen), n):
            prev = text[j - 1] if j else before
            if prev and _wordy(prev) and _wordy(text[j]):
                continue  # glued on the left: no surrogate can start here
            if self.is_open_prefix(folded[j:]) or (n - j in starts.get(j, ()) and _wordy(text[-1])):
                holds.add(j)
        return holds


def deanonymize(text: str, vault: SurrogateSource, tenant: str, session: str) -> str:
    """``text`` with every surrogate of the session replaced by its original."""
    _need_str(text, "text")
    _need_source(vault)
    return deanonymizer(vault.surrogates(tenant, session))(text)


def deanonymizer(mapping: dict[str, str]) -> Callable[[str], str]:
    """What :func:`deanonymize` does, for many texts of one session: ``mapping`` (surrogate
    → original, e.g. ``vault.surrogates(tenant, session)``) is read and indexed once."""
    matcher = _Matcher(mapping)

    def restore(text: str) -> str:
        _need_str(text, "text")
        return matcher.run(text, final=True)[0]

    return restore


class StreamingDeanonymizer:
    """De-anonymizes a stream chunk by chunk, holding back as little as possible.

    Surrogates the vault adds to the session mid-stream are picked up at the next ``feed``
    (the vault's ``version`` is polled; the automaton is rebuilt when it changed).
    """

    def __init__(self, vault: SurrogateSource, tenant: str, session: str) -> None:
        _need_source(vault)
        vault.version(tenant, session)  # a bad tenant or session fails here, not mid-stream
        self._vault = vault
        self._tenant = tenant
        self._session = session
        self._version: int | None = None
        self._matcher = _Matcher({})
        self._pending = ""
        self._before = ""  # the last character released (a surrogate's left edge)

    @property
    def held(self) -> str:
        """The text received but not yet released: a possible surrogate prefix, or a whole
        surrogate waiting for the character after it."""
        return self._pending

    def feed(self, chunk: str) -> str:
        """Take the next chunk; return whatever can be released now."""
        _need_str(chunk, "chunk")
        self._refresh()
        text = self._pending + chunk
        out, self._pending = self._matcher.run(text, final=False, before=self._before)
        released = len(text) - len(self._pending)
        if released:
            self._before = text[released - 1]
        return out

    def flush(self) -> str:
        """End of stream: release everything still held."""
        self._refresh()
        out, _ = self._matcher.run(self._pending, final=True, before=self._before)
        if self._pending:
            self._before = self._pending[-1]
        self._pending = ""
        return out

    def _refresh(self) -> None:
        version = self._vault.version(self._tenant, self._session)
        if version != self._version:
            self._matcher = _Matcher(self._vault.surrogates(self._tenant, self._session))
            self._version = version


def _need_str(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def _need_source(vault: object) -> None:
    if not callable(getattr(vault, "surrogates", None)) or not callable(
        getattr(vault, "version", None)
    ):
        raise TypeError(
            "vault must have surrogates() and version() (a saferail.pii.vault.Vault), "
            f"not {type(vault).__name__}"
        )
