"""EMAIL_ADDRESS: ``local@domain.tld`` (RFC 5322-ish, any script).

Candidates: a dot-separated local part of letters, digits and ``_ + - ! ~ ^ * '`` (also the
``..`` and trailing ``.`` of old Japanese carrier addresses), then ``@``
and either a dotted host name ending in an alphabetic TLD or an IPv4 literal in brackets.
Checks: no glued continuation after the TLD, labels of at most 63 characters, a TLD that
is not a file extension (``icon@2x.png`` is an image, not a mailbox).

Addresses in other scripts (``иван@пример.рф``, ``用户@例子.广告``): the RE2 pattern keeps
to Latin letters (whole-Unicode classes blow up its DFA, and every text passes through it),
so a second trigger notices an ``@`` next to a non-Latin letter and a Unicode-aware pattern
then reads the address around that ``@`` only. In text without spaces (Chinese, Japanese)
the neighbouring words can join the address: more is redacted, nothing leaks.

Scores: 0.95 for host names, 0.7 for IP literals (``user@[192.0.2.1]``).
No cue words: the shape is distinctive enough on its own.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "EmailRecognizer"]

import re
from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Scanner, glued_right

# Letters: ASCII and Latin-1/Latin Extended-A/B (whole-Unicode classes blow up RE2's DFA).
_ALPHA = r"A-Za-z\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{024F}"
_ALNUM = _ALPHA + "0-9"
# Dots: RFC 5322 allows single dots between atoms, but Japanese carrier mail (docomo, au)
# issued addresses with ".." inside or "." before the "@"; they are found whole.
_LOCAL = f"[{_ALNUM}_+\\-!~^*']+(?:\\.{{1,2}}[{_ALNUM}_+\\-!~^*']+)*\\.{{0,2}}"
_HOST = f"(?:[{_ALNUM}](?:[{_ALNUM}\\-]*[{_ALNUM}])?\\.)+[{_ALPHA}]{{2,24}}"
_IP_LITERAL = r"\[\d{1,3}(?:\.\d{1,3}){3}\]"

PATTERNS: dict[str, str] = {
    "email": _LOCAL + r"@(?:" + _HOST + "|" + _IP_LITERAL + ")",
    # an "@" next to a letter outside Latin (or a digit, dot, dash): read by _WIDE below
    "email_wide": r"[^\x00-\x{024F}\s]@|@[^\x00-\x{024F}\s]",
}
# Unicode-aware (Python's \w): run only on a window around an "@" the trigger found
_WIDE = re.compile(r"[\w+\-'](?:[\w.+\-']{0,63})@(?:[\w-]{1,63}\.){1,8}[^\W\d_]{2,24}")
_WINDOW = 80
_MAX_WIDE = 1024  # "@"s read by _WIDE per text (about 40 ms at most)
_EMAIL = Scanner(PATTERNS["email"])

# Things that look like a TLD but are file names (retina images, source files...).
_FILE_EXTENSIONS = frozenset(
    "png jpg jpeg gif svg webp bmp ico tif tiff pdf doc docx xls xlsx ppt pptx txt csv "
    "json xml yaml yml toml ini cfg js mjs ts tsx jsx css scss html htm php py rb go java "
    "kt swift zip gz tar tgz rar exe dll so lock log md rst".split()
)

SCORE = 0.95
SCORE_IP_LITERAL = 0.7


class EmailRecognizer:
    """E-mail addresses."""

    name: ClassVar[str] = "email"
    entity_types: ClassVar[tuple[str, ...]] = ("EMAIL_ADDRESS",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["email"], PATTERNS["email_wide"])

    def find(self, text: str) -> list[PiiEntity]:
        if "@" not in text:
            return []
        out: list[PiiEntity] = []
        spans = [(start, end) for start, end, _ in _EMAIL.scan(text)]
        if not text.isascii():
            spans += self._wide(text, spans)
        for start, end in spans:
            if glued_right(text, end, "-_"):
                continue
            while text[start] == "'":  # a quote before the address, not part of it
                start += 1
            value = text[start:end]
            local, _, domain = value.rpartition("@")
            if not local or local.startswith("."):
                continue
            if len(local) > 64 or len(value) > 254:
                continue
            if domain.startswith("["):
                out.append(PiiEntity(start, end, "EMAIL_ADDRESS", SCORE_IP_LITERAL, self.name))
                continue
            labels = domain.split(".")
            if any(len(label) > 63 for label in labels):
                continue
            if labels[-1].lower() in _FILE_EXTENSIONS:
                continue
            out.append(PiiEntity(start, end, "EMAIL_ADDRESS", SCORE, self.name))
        return out

    @staticmethod
    def _wide(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Addresses with letters outside Latin, read around each ``@`` the Latin pattern
        did not already cover (at most ``_MAX_WIDE`` windows per text: linear time)."""
        out: list[tuple[int, int]] = []
        latin = iter(sorted(found))
        nxt = next(latin, None)
        done = -1  # end of the last address read here
        windows = 0
        at = text.find("@")
        while at >= 0 and windows < _MAX_WIDE:
            while nxt is not None and nxt[1] <= at:
                nxt = next(latin, None)
            inside = nxt is not None and nxt[0] <= at
            if not inside and not text[max(0, at - 1) : at + 2].isascii():
                windows += 1
                lo, hi = max(0, at - _WINDOW, done), min(len(text), at + 4 * _WINDOW)
                for m in _WIDE.finditer(text, lo, hi):
                    if m.start() > at:
                        break
                    if at < m.end():
                        out.append((m.start(), m.end()))
                        done = m.end()
                        break
            at = text.find("@", max(at + 1, done))
        return out
