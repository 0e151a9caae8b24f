"""The name gazetteer: first/last-name ranks built from PyPI packages (see data/NAMES.md)."""

from __future__ import annotations

__all__ = ["Gazetteer", "NameInfo", "gazetteer"]

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from saferail.pii._surname_suffixes import SURNAME_SUFFIXES


@dataclass(frozen=True, slots=True)
class NameInfo:
    """Best popularity rank of a name as a first and as a last name (0 = not listed), whether
    it is also a frequent word (``common``), its highest Zipf frequency as a word and whether
    it is also the name of a country, US state or large city (``place``)."""

    first: int
    last: int
    common: bool
    zipf: float = 0.0
    place: bool = False


class Gazetteer:
    """Lowercase name → :class:`NameInfo`, loaded once from the bundled table."""

    def __init__(self, table: dict[str, NameInfo], words: dict[str, float]) -> None:
        self._table = table
        self._words = words

    def get(self, token: str) -> NameInfo | None:
        return self._table.get(token.lower())

    def is_word(self, token: str) -> bool:
        """True when ``token`` is a frequent word of one of the seven languages."""
        return token.lower() in self._words

    def zipf(self, token: str) -> float:
        """Highest Zipf frequency of ``token`` as a word in the seven languages (0: rare);
        ``was`` 6.7, ``said`` 5.6, ``molen`` 3.1."""
        low = token.lower()
        info = self._table.get(low)
        return max(self._words.get(low, 0.0), info.zipf if info is not None else 0.0)

    def surname_like(self, token: str) -> bool:
        """An unlisted token of five letters or more with a typical surname ending (``-ová``,
        ``-vić``, ``-sson``) that is no frequent word: ``Durakov``, ``Velimirova``."""
        low = token.lower()
        if len(low) < 5 or not low.isalpha() or low in self._words or low in self._table:
            return False
        return low[-3:] in SURNAME_SUFFIXES or low[-4:] in SURNAME_SUFFIXES

    def __len__(self) -> int:
        return len(self._table)

    @classmethod
    def load(cls) -> Gazetteer:
        data = resources.files("saferail") / "data"
        table: dict[str, NameInfo] = {}
        names = data / "names.tsv.gz"
        with names.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                name, first, last, common, zipf, place = line.rstrip("\n").split("\t")
                table[name] = NameInfo(
                    int(first), int(last), common == "1", int(zipf) / 10, place == "1"
                )
        vocab = data / "common_words.txt.gz"
        words: dict[str, float] = {}
        with vocab.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, zipf = line.rstrip("\n").split("\t")
                words[word] = int(zipf) / 10
        return cls(table, words)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (loaded on first use, about 0.3 s)."""
    return Gazetteer.load()
