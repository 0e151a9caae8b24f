"""Split an answer into the claims a grounding check tests, with their citation markers.

An answer is cut into paragraphs (blank lines), lines, sentences and ``;`` clauses.
Sentence ends are ``.``, ``!`` or ``?`` followed by space, except after common
abbreviations ("Dr.", "e.g.", "U.S.") and single-letter initials ("J. R. R. Tolkien").
Citation markers (by default ``[n]``: ``[1]``, ``[2, 3]``, ``[1-3]``, ``[1][2]``) belong to
the sentence they end, also when they follow its full stop ("... in 1887. [2]"); they
are removed from the claim's text and kept as its ``citations``. A sentence that cites
mid-way and again at its end ("It opened in 1952 [1] and closed in 1990 [2].") is two
claims, each citing its own marker, when the part before the first marker has at least
three words.

Not every sentence is a claim. Questions, lines that introduce a list (ending with
``:``), boilerplate ("Hope this helps!", "As an AI ...", "Sure!") and abstentions ("I'm
not sure.", "The documents do not mention it.") are skipped, and hedge openers are peeled
off what they hedge ("I think", "Probably,", "I'm not sure, but"), so "I think it opened
in 1990" is tested as "it opened in 1990". A sentence without a content word ("Yes.")
states nothing that can be looked up and is skipped too.
"""

from __future__ import annotations

__all__ = ["DEFAULT_MARKER", "Claim", "Markers", "split_claims"]

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from saferail.checks._grounding.text import words

DEFAULT_MARKER = "[n]"
_IDS = r"(\d{1,6}(?:\s*(?:[,;]|[-–])\s*\d{1,6})*)"
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])n(?![A-Za-z])")
_MAX_RANGE = 50

_ABBREV = frozenset(
    "mr mrs ms dr prof sr jr st mt vs v etc e.g i.e eg ie inc ltd co corp no nos vol fig approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec gen col lt sgt rev est dept univ ca".split()
)
_LAST_WORD = re.compile(r"(?<![\w.])([^\W\d_][\w.]*)$")
_ACRONYM = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?:[ \t]*\x00+)*(?=\s|$)|;(?:[ \t]*\x00+)*(?=\s)")
_BULLET = re.compile(r"^\s*(?:[-*•+>]+|#{1,6}|\d{1,3}[.)]|\(?[a-z]\))\s+")
_HEDGE = re.compile(
    r"^(?:(?:i think|i believe|i guess|i suspect|i'd say|it seems|it appears|it is likely|"
    r"it's likely|probably|perhaps|maybe|possibly|likely|apparently|presumably|"
    r"if i recall(?: correctly)?|as far as i know|to my knowledge|to the best of my "
    r"knowledge|based on (?:the|these|this) (?:documents?|context|sources?|passages?))"
    r"(?:,| that)?|(?:i'm|i am) not (?:entirely |completely |100% )?(?:sure|certain),? but|"
    r"(?:the )?(?:documents?|context|sources?) (?:do|does)(?: not|n't) say(?: so)?,? but)\s+",
    re.IGNORECASE,
)
_SKIP = re.compile(
    r"^(?:(?:i'm|i am) (?:not (?:sure|certain)|unsure|sorry|afraid|unable)|"
    r"i (?:do not|don't|cannot|can't|could not|couldn't) (?:know|tell|say|find|answer|"
    r"determine|confirm|be sure|help)|sorry\b|unfortunately\b|as an ai\b|"
    r"(?:please )?let me know\b|feel free\b|(?:i )?hope (?:this|that|it) helps|"
    r"is there anything else|(?:sure|certainly|of course|absolutely|great question|"
    r"good question|okay|ok|thanks|thank you|you're welcome|happy to help)\b[!.,]*$|"
    r"(?:the |these |this )?(?:provided )?(?:documents?|context|sources?|passages?|text) "
    r"(?:do|does|did)(?: not|n't) (?:say|mention|specify|contain|state|include|cover|"
    r"provide|answer)|there is no (?:information|mention|data)|no information\b|"
    r"(?:this|that) (?:is not|isn't) (?:mentioned|stated|covered) )",
    re.IGNORECASE,
)


class Markers:
    """Citation markers written as a template: ``n`` stands for the ids, e.g. ``[n]``,
    ``(n)``, ``[^n]``, ``【n】``. Inside a marker, ids may be listed (``1, 2``) or given as a
    range (``1-3``)."""

    def __init__(self, template: str = DEFAULT_MARKER) -> None:
        parts = _PLACEHOLDER.split(template)
        if len(parts) != 2 or not (parts[0].strip() or parts[1].strip()):
            raise ValueError(
                f"citation marker {template!r} must contain the placeholder 'n' exactly once, "
                "with something around it (e.g. '[n]')"
            )
        self.template = template
        # "[ 1 ]" as well as "[1]": spaces (not line breaks) around the ids
        self.pattern = re.compile(
            re.escape(parts[0]) + r"[ \t]*" + _IDS + r"[ \t]*" + re.escape(parts[1])
        )

    def find(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """Every marker in ``text``: start, end and the ids it names."""
        return [(m.start(), m.end(), _ids(m.group(1))) for m in self.pattern.finditer(text)]


def _ids(spec: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec):
        lo, _, hi = re.sub(r"\s+", "", part).replace("–", "-").partition("-")
        a = int(lo)
        b = int(hi) if hi else a
        out.extend(range(a, b + 1) if 0 <= b - a <= _MAX_RANGE else (a, b))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable claim: its text without markers, its span in the answer, the ids
    its markers cite and the paragraph (0-based) it sits in."""

    text: str
    start: int
    end: int
    citations: tuple[int, ...] = ()
    paragraph: int = 0


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    m = _LAST_WORD.search(text, max(0, dot - 40), dot)
    if m is None:
        return False
    word = m.group(1)
    if _ACRONYM.fullmatch(word):
        return True  # U.S., Ph.D., D.C.
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREV


def _pieces(text: str, masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence and clause spans of one line (``masked`` hides the markers)."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(masked, start, end):
        if _abbreviation(masked, m.start()):
            continue
        out.append((pos, m.end()))
        pos = m.end()
    if masked[pos:end].strip():
        out.append((pos, end))
    return out


def _claim(
    flat: str, s: int, e: int, marks: list[tuple[int, int, tuple[int, ...]]], para: int
) -> Claim | None:
    """The claim in ``flat[s:e]`` (``flat``: the answer with markers masked by NULs), citing
    ``marks`` (the markers inside it)."""
    cited = tuple(i for _, _, ids in marks for i in ids)
    body = flat[s:e].replace("\x00", " ")
    lead = len(body) - len(body.lstrip())
    if (b := _BULLET.match(body)) is not None:
        lead = b.end()
    core = body[lead:].rstrip().rstrip(";").rstrip()
    if not core or core.endswith(("?", ":")) or _SKIP.match(core):
        return None
    if (h := _HEDGE.match(core)) is not None:
        lead += h.end()
        core = core[h.end() :]
        if _SKIP.match(core):
            return None
    if not any(w.content for w in words(core)):
        return None
    claim_text = re.sub(r"\s+", " ", core).strip()
    claim_text = re.sub(r"\s+([.,;!?])", r"\1", claim_text)
    return Claim(claim_text, s + lead, s + lead + len(core), tuple(dict.fromkeys(cited)), para)


def _inside(
    marks: list[tuple[int, int, tuple[int, ...]]], starts: list[int], s: int, e: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    """The markers (sorted, starting at ``starts``) that lie within ``[s, e)``."""
    lo, hi = bisect_left(starts, s), bisect_left(starts, e)
    return [m for m in marks[lo:hi] if m[1] <= e]


_LEAD = re.compile(r"[\s,;:\x00]*(?:(?:and|but|while|whereas|whilst)\s+)?")


def _at_inner_markers(
    flat: str, s: int, e: int, marks: list[tuple[int, int, tuple[int, ...]]]
) -> list[tuple[int, int]]:
    """``[s, e)`` cut after each marker that is followed by more text and another marker,
    when at least three words precede it: "X [1] and Y [2]." -> "X [1]", "Y [2]."; the
    joining "and"/"but"/"while" and punctuation are left out of the second part."""
    out: list[tuple[int, int]] = []
    pos = s
    for i, (_, me, _) in enumerate(marks[:-1]):
        later = marks[i + 1][0]
        if len(flat[pos:me].replace("\x00", " ").split()) < 3:
            continue
        if not re.search(r"\w", flat[me:later]):
            continue  # "[1][2]": markers side by side cite together
        out.append((pos, me))
        lead = _LEAD.match(flat, me, e)
        pos = lead.end() if lead is not None else me
    out.append((pos, e))
    return out


@lru_cache(maxsize=64)
def _split(text: str, template: str) -> tuple[Claim, ...]:
    marks = Markers(template).find(text) if template else []
    masked = list(text)
    for ms, me, _ in marks:
        masked[ms:me] = "\x00" * (me - ms)
    flat = "".join(masked)
    starts = [ms for ms, _, _ in marks]
    claims: list[Claim] = []
    para, filled, prev = 0, False, 0
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        ls, le = line.span()
        if filled and text.count("\n", prev, ls) >= 2:  # a blank line between
            para, filled = para + 1, False
        prev = le
        for ps, pe in _pieces(text, flat, ls, le):
            for s, e in _at_inner_markers(flat, ps, pe, _inside(marks, starts, ps, pe)):
                claim = _claim(flat, s, e, _inside(marks, starts, s, e), para)
                if claim is not None:
                    claims.append(claim)
                    filled = True
    return tuple(claims)


def split_claims(text: str, markers: Markers | None = None) -> list[Claim]:
    """The checkable claims of ``text`` in order (see the module doc)."""
    return list(_split(text, markers.template if markers is not None else DEFAULT_MARKER))
