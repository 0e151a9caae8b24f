"""EMAIL_ADDRESS: ``local@domain.tld`` (RFC 5322-ish, Latin letters with accents allowed).

Candidates: a dot-separated local part of letters, digits and ``_ + - ! ~ ^ * '`` (also the
``..`` and trailing ``.`` of old Japanese carrier addresses), then ``@``
and either a dotted host name ending in an alphabetic TLD or an IPv4 literal in brackets.
Checks: no glued continuation after the TLD, labels of at most 63 characters, a TLD that
is not a file extension (``icon@2x.png`` is an image, not a mailbox).

Scores: 0.95 for host names, 0.7 for IP literals (``user@[192.0.2.1]``).
No cue words: the shape is distinctive enough on its own.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "EmailRecognizer"]

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
}
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
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["email"],)

    def find(self, text: str) -> list[PiiEntity]:
        if "@" not in text:
            return []
        out: list[PiiEntity] = []
        for start, end, _ in _EMAIL.scan(text):
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
