"""De-anonymization: put the originals back in place of a session's surrogates.

``deanonymize`` works on a whole text. ``StreamingDeanonymizer`` works on a model's
streamed output: it releases text as soon as no surrogate can still start in it, and holds
back only the shortest tail that might be the beginning of a surrogate. For any chunking,
``"".join(feed(c) for c in chunks) + flush()`` equals ``deanonymize("".join(chunks))``.

Matching is leftmost-longest: scanning left to right, at each position the longest
surrogate that starts there is replaced; the scan continues after it.
"""

from __future__ import annotations

__all__ = ["StreamingDeanonymizer", "SurrogateSource", "deanonymize"]

from typing import Any, Protocol

import ahocorasick


class SurrogateSource(Protocol):
    """What de-anonymization needs from a vault (``saferail.pii.vault.Vault`` is one)."""

    def surrogates(self, tenant: str, session: str) -> dict[str, str]: ...

    def version(self, tenant: str, session: str) -> int: ...


class _Matcher:
    """An Aho-Corasick automaton over a session's surrogates."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = {s: o for s, o in mapping.items() if s}
        self.maxlen = max(map(len, self.mapping), default=0)
        self._firsts = frozenset(s[0] for s in self.mapping)
        self._auto: Any = None
        if self.mapping:
            auto = ahocorasick.Automaton()
            for surrogate in self.mapping:
                auto.add_word(surrogate, len(surrogate))
            auto.make_automaton()
            self._auto = auto

    def longest_starts(self, text: str) -> dict[int, int]:
        """Start offset → length of the longest surrogate found starting there."""
        best: dict[int, int] = {}
        for end, length in self._auto.iter(text):
            start = end - length + 1
            if length > best.get(start, 0):
                best[start] = length
        return best

    def is_open_prefix(self, tail: str) -> bool:
        """Whether ``tail`` is a proper prefix of some surrogate (it could still grow)."""
        if tail[0] not in self._firsts or self._auto.longest_prefix(tail) != len(tail):
            return False
        return any(len(key) > len(tail) for key in self._auto.keys(tail))

    def run(self, text: str, final: bool) -> tuple[str, str]:
        """(released text with surrogates replaced, held-back tail)."""
        if self._auto is None or not text:
            return text, ""
        starts = self.longest_starts(text)
        holds: set[int] = set()
        if not final:
            lo = max(0, len(text) - self.maxlen + 1)
            holds = {j for j in range(lo, len(text)) if self.is_open_prefix(text[j:])}
        out: list[str] = []
        i = 0
        for p in sorted(starts.keys() | holds):
            if p < i:
                continue  # inside a surrogate already replaced
            out.append(text[i:p])
            if p in holds:
                return "".join(out), text[p:]
            length = starts[p]
            out.append(self.mapping[text[p : p + length]])
            i = p + length
        out.append(text[i:])
        return "".join(out), ""


def deanonymize(text: str, vault: SurrogateSource, tenant: str, session: str) -> str:
    """``text`` with every surrogate of the session replaced by its original."""
    _need_str(text, "text")
    _need_source(vault)
    return _Matcher(vault.surrogates(tenant, session)).run(text, final=True)[0]


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

    @property
    def held(self) -> str:
        """The text received but not yet released (a possible surrogate prefix)."""
        return self._pending

    def feed(self, chunk: str) -> str:
        """Take the next chunk; return whatever can be released now."""
        _need_str(chunk, "chunk")
        self._refresh()
        out, self._pending = self._matcher.run(self._pending + chunk, final=False)
        return out

    def flush(self) -> str:
        """End of stream: release everything still held."""
        self._refresh()
        out, _ = self._matcher.run(self._pending, final=True)
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
