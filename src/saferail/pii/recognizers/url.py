"""URL: ``http(s)://`` and ``ftp://`` URLs, bare ``www.`` hosts and bare domains.

Candidates (one RE2 pass):

* a scheme URL: ``https://`` ... up to whitespace, quotes or angle brackets;
* ``www.host...`` without a scheme;
* a bare domain: dotted labels ending in a known *lowercase* TLD, optionally followed by a
  path (``example.org/forms/a``). TLDs that are common file extensions (``.py``, ``.md``,
  ``.js``...) are not in the list; two-letter TLDs that are also words (``it``, ``me``,
  ``at``, ``be``...) only count with a path.

Trailing sentence punctuation and unbalanced closing brackets are trimmed. A bare domain
that is the host part of an e-mail address (after ``@``) is skipped.

Scores: scheme and ``www.`` URLs 0.85, bare domains with a path 0.8, bare domains 0.5.
No cue words.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "UrlRecognizer"]

from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Scanner

# Bare-domain TLDs: generic ones, the benchmark countries' and a few common others.
_SAFE_TLDS = (
    "com net org edu gov mil int info biz io co ai app dev cloud online site shop store tech "
    "xyz blog news email uk de fr es nl pl eu ch ru cn jp br au ca nz za se dk fi pt cz sk "
    "hu ro gr ie lu li"
).split()
# Also TLDs, but also words or abbreviations: only with a path.
_WORDY_TLDS = "it me at be us in tv is to no la ly gg fm".split()
_TLDS = "|".join(sorted(set(_SAFE_TLDS) | set(_WORDY_TLDS), key=lambda t: (-len(t), t)))

_URL_CHARS = r"[^\s<>\"'`{}|\\^]"
PATTERNS: dict[str, str] = {
    "url": (
        r"(?P<scheme>(?i:\b(?:https?|ftp)://)" + _URL_CHARS + r"+)"
        r"|(?P<www>(?i:\bwww\d{0,2}\.)[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+(?:[/?#:]"
        + _URL_CHARS
        + r"*)?)"
        r"|(?P<bare>\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:"
        + _TLDS
        + r")\b(?:[/?#]"
        + _URL_CHARS
        + r"*)?)"
    ),
}
_URL = Scanner(PATTERNS["url"])

_SAFE = frozenset(_SAFE_TLDS)
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "[", "}": "{"}

SCORE_SCHEME = 0.85
SCORE_PATH = 0.8
SCORE_BARE = 0.5


def _trim(value: str) -> str:
    """Drop trailing punctuation and closing brackets that were not opened in the URL."""
    while value:
        ch = value[-1]
        if ch in _TRAILING or (ch in _PAIRS and value.count(ch) > value.count(_PAIRS[ch])):
            value = value[:-1]
        else:
            break
    return value


class UrlRecognizer:
    """Web and FTP addresses."""

    name: ClassVar[str] = "url"
    entity_types: ClassVar[tuple[str, ...]] = ("URL",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["url"],)

    def find(self, text: str) -> list[PiiEntity]:
        if "." not in text and "://" not in text:
            return []  # every candidate has a dot, except a scheme URL ("http://[::1]/")
        out: list[PiiEntity] = []
        for start, end, kind in _URL.scan(text):
            value = _trim(text[start:end])
            if kind == "scheme":
                if len(value) <= value.find("://") + 3 + 2:  # nothing after the scheme
                    continue
                score = SCORE_SCHEME
            elif kind == "www":
                if start and text[start - 1] in "@./-_":
                    continue
                score = SCORE_SCHEME
            else:
                if start and (text[start - 1] in "@./-_:" or text[start - 1].isalnum()):
                    continue
                host, sep, _path = value.partition("/")
                for ch in "?#":
                    host = host.partition(ch)[0]
                tld = host.rsplit(".", 1)[-1]
                has_path = bool(sep) and len(value) > len(host) + 1
                if has_path:
                    score = SCORE_PATH
                elif tld in _SAFE and value.rstrip("/") == host:
                    score = SCORE_BARE
                else:
                    continue
                if not any(c.isalpha() for c in host.rsplit(".", 1)[0]):
                    continue  # 1.2.3.com-like
            out.append(PiiEntity(start, start + len(value), "URL", score, self.name))
        return out
