"""What the words around a capitalized run say about it being a person's name."""

from __future__ import annotations

__all__ = [
    "after_closing",
    "caps_line",
    "context_bonus",
    "human_verb_follows",
    "org_context",
    "verb_start",
    "word_boundary",
    "work_follows",
]

from saferail.pii._cues import (
    AUXILIARIES,
    CLOSINGS,
    HUMAN_VERBS,
    KIN,
    LABELS,
    OCCUPATIONS,
    ORG_CUES,
    ORG_SUFFIXES,
    REPORTING,
    STRONG_CUES,
    TITLES,
    WEAK_CUES,
    WORKS,
)

_STRONG = tuple(sorted(STRONG_CUES, key=len, reverse=True))
_LABELS = tuple(sorted(LABELS, key=len, reverse=True))
_MEDIUM_CUES = frozenset(
    "by name named called starring featuring von par por di door przez".split()
)
_CLAUSE_END = frozenset(".,;:!?\"'”’)")
TITLE_BONUS = 0.45  # a title is a cue: "Mrs. Wolloran" is a person whatever the gazetteer says


def context_bonus(text: str, start: int, end: int, titled: bool) -> float:
    """Confidence added by the words before ``text[start:end]`` (and a few after it)."""
    before = text[max(0, start - 40) : start]
    previous = before.rstrip().rsplit(None, 1)[-1:] if before.strip() else []
    prev = previous[0].rstrip(".").lower() if previous else ""
    titled = titled or prev in TITLES
    bonus = TITLE_BONUS if titled else 0.0
    line = before.rsplit("\n", 1)[-1].lower().rstrip(" \t:,-—>*?")
    if line.endswith(_STRONG) and word_boundary(line, _STRONG):
        return max(bonus, 0.4)
    if line.endswith(_LABELS) and before.rstrip(" \t>*").endswith(":"):
        return max(bonus, 0.45)
    if not line.strip() and after_closing(text, start):
        return max(bonus, 0.45)
    words = line.split()
    last = words[-1] if words else ""
    if prev in OCCUPATIONS and before.endswith(f"{previous[0]} "):
        return max(bonus, 0.4)  # "Producer Ana Ruiz", "the author Jan Kos"
    if prev.startswith("ex-") and before.endswith(f"{previous[0]} "):
        return max(bonus, 0.4)  # "ex-Beatle Ringo", "ex-minister Nowak"
    if prev.rstrip(",") in KIN and len(words) >= 2 and words[-2] in _POSSESSIVES:
        return max(bonus, 0.4)  # "my son Tomek", "my wife, Aisha"
    if _vocative(text, start, end):
        return max(bonus, 0.4)  # "Marek, can you ...": someone addressed by name
    if last in REPORTING and _ends_clause(text, end):
        return max(bonus, 0.4)  # "..., says Nowak."
    if last in ("the", "a", "an") and work_follows(text, end):
        return max(bonus, 0.4)  # "the Hemingway novel"
    if last in _MEDIUM_CUES:
        return max(bonus, 0.25)
    if last in WEAK_CUES:
        return max(bonus, 0.1)
    if not line.strip() and _own_line(text, start):
        return max(bonus, 0.2)  # a line holding only the name: letter heads, signatures
    return bonus


_POSSESSIVES = frozenset(
    "my our your his her their mein meine mon ma mi mio mia mijn moja mój".split()
)
_ADDRESSED = frozenset(
    "can could would will please do did are is have i you we let's how what where when why".split()
)


def _vocative(text: str, start: int, end: int) -> bool:
    """A name opening the text or a line, then a comma and a question or request."""
    head = text[max(0, start - 2) : start].strip(" \t>")
    if head and head[-1] not in "\n.!?":
        return False
    after = text[end : end + 16]
    if not after.startswith(", "):
        return False
    words = after[2:].split(maxsplit=1)
    return bool(words) and words[0].lower() in _ADDRESSED


def human_verb_follows(text: str, end: int) -> bool:
    """A verb whose subject is a person right after the name: "Kowalczyk lives on ..."."""
    after = text[end : end + 24].lower().split()
    if not after:
        return False
    return after[0] in HUMAN_VERBS or " ".join(after[:2]) in HUMAN_VERBS


def _ends_clause(text: str, end: int) -> bool:
    rest = text[end : end + 2].lstrip(" ")
    return not rest or rest[0] in _CLAUSE_END or rest[0] == "\n"


def work_follows(text: str, end: int) -> bool:
    """A creative work after the name: "the Hemingway novel"."""
    after = text[end : end + 16].split(maxsplit=1)
    return bool(after) and after[0].lower().rstrip(".,;:!?") in WORKS


_FOLLOWERS = frozenset(
    "you i we they he she it the a an my your our this that me us him her them someone "
    "anyone everyone all".split()
)


def verb_start(text: str, start: int, end: int, token: str) -> bool:
    """A capitalized verb opening a sentence or question: "Can I ...", "Mark the ..."."""
    following = text[end : end + 12].split(maxsplit=1)
    if not following or following[0].lower().strip(",.?!") not in _FOLLOWERS:
        return False
    if token.lower() in AUXILIARIES:
        return True  # "..., Can I get": a question, wherever it starts
    head = text[max(0, start - 3) : start].rstrip(" \t\"'“(")
    return not head or head[-1] in ".!?\n:;"


def _own_line(text: str, start: int) -> bool:
    end = text.find("\n", start)
    rest = text[start : end if end >= 0 else len(text)]
    words = rest.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def org_context(text: str, start: int, end: int) -> bool:
    """An organisation: introduced by "I work at ..." or followed by "GmbH", "S.L." ..."""
    before = text[max(0, start - 30) : start].lower().rstrip(" ,:")
    if before.endswith(ORG_CUES):
        return True
    after = text[end : end + 8].lstrip(" ,").split(maxsplit=1)
    return bool(after) and after[0].lower().rstrip(",;:") in ORG_SUFFIXES


def word_boundary(line: str, cues: tuple[str, ...]) -> bool:
    for cue in cues:
        if line.endswith(cue):
            head = line[: -len(cue)]
            return not head or not head[-1].isalnum()
    return False


def after_closing(text: str, start: int) -> bool:
    head = text[max(0, start - 60) : start].rstrip(" \t>*")
    if not head.endswith("\n"):
        return False
    previous = head.rstrip("\n").rsplit("\n", 1)[-1].strip(" \t>*,.!-—").lower()
    return previous in CLOSINGS


def caps_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    letters = 0
    for i in range(line_start, line_end if line_end >= 0 else len(text)):
        c = text[i]
        if c.isalpha():
            if not c.isupper():
                return False  # the first small letter decides: a prose line costs little
            letters += 1
    return letters > 3 * (end - start)
