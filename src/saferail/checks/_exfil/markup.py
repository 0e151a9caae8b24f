"""Markup extraction for the ``exfiltration`` check: URLs in markdown, HTML and CSS.

What kind of element each scanner group is (:data:`GROUP_KIND`), the URLs an HTML tag's
attributes carry and how each is fetched (:func:`tag_attributes`, :func:`attribute_urls`),
code spans and fences whose markup is not rendered (:func:`code_ranges`), markdown image
references (:func:`image_refs`) and the trimming of bare URLs out of prose.
"""

from __future__ import annotations

__all__ = [
    "GROUP_KIND",
    "MAX_URLS_PER_TAG",
    "attribute_urls",
    "code_ranges",
    "image_refs",
    "inside",
    "label",
    "may_hold_url",
    "strip_quotes",
    "tag_attributes",
    "trim_bare",
]

from bisect import bisect_right
from collections.abc import Iterator

from saferail.checks._exfil.patterns import (
    ATTR_RE,
    BACKTICKS_RE,
    CSS_URL_RE,
    FENCE_RE,
    IMAGE_REF_RE,
    match_group,
    re2_subject,
)

GROUP_KIND: dict[str, str] = {
    "mdimg": "MARKDOWN_IMAGE",
    "mdlink": "MARKDOWN_LINK",
    "mdref": "MARKDOWN_REFERENCE",
    "css": "CSS_URL",
    "cssimport": "CSS_URL",
    "bare": "URL",
}
MAX_URLS_PER_TAG = 32

_MAX_CODE_RANGES = 512
_MAX_CODE_MARKS = 4096  # fence lines, and backtick runs, examined per text
_IMAGE_TAGS = frozenset({"img", "image", "input", "picture", "feimage"})
_FETCH_ATTRS = frozenset({"src", "srcset", "poster", "background", "data"})
_HREF_ATTRS = frozenset({"href", "xlink:href", "action", "formaction"})
_HREF_FETCH_TAGS = frozenset({"link", "image", "use", "feimage", "script"})
_TRAILING_PUNCT = ".,;:!?*_~'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def may_hold_url(text: str) -> bool:
    """Cheap test (single-character searches run at memchr speed): a text without any of
    these characters holds no URL, markup link or CSS ``url()`` worth reporting."""
    return (
        "/" in text
        or "]" in text
        or "<" in text
        or "\\" in text
        or ("(" in text and ("rl(" in text or "RL(" in text))
    )


def tag_attributes(tag_text: str) -> Iterator[tuple[str, int, int]]:
    """(lowercased name, value start, value end) of the URL-bearing attributes of one HTML
    tag, at most :data:`MAX_URLS_PER_TAG`; the value span excludes its quotes."""
    for count, a in enumerate(ATTR_RE.finditer(re2_subject(tag_text))):
        if count >= MAX_URLS_PER_TAG:
            break
        attr = match_group(tag_text, a, 1).lower()
        vs, ve = a.span(2)
        if tag_text[vs : vs + 1] in ("'", '"'):
            vs, ve = vs + 1, ve - 1
        yield attr, vs, ve


def attribute_urls(attr: str, tag: str, value: str) -> list[tuple[str, str]]:
    """(URL, element kind) for each URL in attribute ``attr`` of tag ``tag``: CSS
    ``url()`` values of a ``style``, the candidates of a ``srcset``, else the value."""
    urls: list[tuple[str, str]]
    if attr == "style":
        urls = []
        for c in CSS_URL_RE.finditer(re2_subject(value)):
            urls.append((strip_quotes(match_group(value, c, 1)), "CSS_URL"))
            if len(urls) >= MAX_URLS_PER_TAG:
                break
    else:
        if attr in _FETCH_ATTRS or (attr in _HREF_ATTRS and tag in _HREF_FETCH_TAGS):
            kind = "HTML_IMAGE" if tag in _IMAGE_TAGS else "HTML_EMBED"
        else:
            kind = "HTML_LINK"
        if attr == "srcset":
            urls = [(c.split()[0], kind) for c in value.split(",") if c.strip()]
        else:
            urls = [(value, kind)]
    return urls[:MAX_URLS_PER_TAG]


def trim_bare(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation and unbalanced closing brackets from a bare URL."""
    balance: dict[str, int] = {}
    while end > start:
        c = text[end - 1]
        if c in _TRAILING_PUNCT:
            end -= 1
        elif c in _CLOSERS:
            if c not in balance:
                seg = text[start:end]
                balance[c] = seg.count(c) - seg.count(_CLOSERS[c])
            if balance[c] <= 0:
                break
            balance[c] -= 1
            end -= 1
        else:
            break
    return end


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of code fences and code spans, in order, as CommonMark finds them: a fence
    opens on a line of its own and is closed only by a line of the same character at least
    as long (or the end of the text); a code span is closed by a backtick run of exactly
    its length on the same line, and text that merely holds backticks is rendered."""
    subject = re2_subject(text)
    ranges: list[tuple[int, int]] = []
    pos = 0
    budget = _MAX_CODE_MARKS
    for start, end in _fences(text, subject):
        budget = _code_spans(text, subject, pos, start, ranges, budget)
        ranges.append((start, end))
        pos = end
    _code_spans(text, subject, pos, len(text), ranges, budget)
    # Past this, markup counts as rendered: the safe side.
    return ranges[:_MAX_CODE_RANGES]


def _fences(text: str, subject: str | bytes) -> list[tuple[int, int]]:
    """Spans of the fenced code blocks of ``text``."""
    out: list[tuple[int, int]] = []
    opened: tuple[int, str, int] | None = None  # start, fence character, fence length
    for count, m in enumerate(FENCE_RE.finditer(subject)):
        if count >= _MAX_CODE_MARKS:
            return out  # an open fence is dropped: the safe side
        fence = match_group(text, m, 1)
        info = match_group(text, m, 2)
        if opened is None:
            if not (fence[0] == "`" and "`" in info):  # else an inline code span
                opened = (m.start(), fence[0], len(fence))
        elif fence[0] == opened[1] and len(fence) >= opened[2] and not info.strip(" \t\r"):
            out.append((opened[0], m.end()))
            opened = None
            if len(out) >= _MAX_CODE_RANGES:
                return out
    if opened is not None:
        out.append((opened[0], len(text)))
    return out


def _code_spans(
    text: str, subject: str | bytes, lo: int, hi: int, out: list[tuple[int, int]], budget: int
) -> int:
    """Append the code spans of ``text[lo:hi]`` (which holds no fence) to ``out``, looking
    at ``budget`` backtick runs at most; returns what is left of the budget."""
    if lo >= hi or budget <= 0 or text.find("`", lo, hi) < 0:
        return budget
    # (start, opening length, length as a closer, line): a backslash escapes the first
    # backtick of an opener only, since backslashes are literal inside code.
    runs: list[tuple[int, int, int, int]] = []
    line = 0
    last = lo
    for m in BACKTICKS_RE.finditer(subject, lo, hi):
        if len(runs) >= budget:
            break
        start, end = m.span()
        line += text.count("\n", last, start)
        last = start
        slashes = 0
        while start - slashes > lo and text[start - slashes - 1] == "\\":
            slashes += 1
        escaped = slashes % 2
        runs.append((start + escaped, end - start - escaped, end - start, line))
    # For each run, the next run on its line that can close it: found right to left.
    closer: list[int] = [-1] * len(runs)
    nearest: dict[tuple[int, int], int] = {}
    for i in range(len(runs) - 1, -1, -1):
        start, open_len, close_len, ln = runs[i]
        closer[i] = nearest.get((open_len, ln), -1)
        nearest[(close_len, ln)] = i
    i = 0
    while i < len(runs) and len(out) < _MAX_CODE_RANGES:
        j = closer[i]
        if runs[i][1] == 0 or j < 0:
            i += 1
            continue
        out.append((runs[i][0], runs[j][0] + runs[j][2]))
        i = j + 1
    return budget - len(runs)


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``ranges``."""
    if not ranges:
        return False
    i = bisect_right(ranges, (pos, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def image_refs(text: str) -> set[str]:
    """Labels of the reference definitions markdown images in ``text`` use."""
    refs: set[str] = set()
    for m in IMAGE_REF_RE.finditer(re2_subject(text)):
        ref = match_group(text, m, 2)
        refs.add(label(ref if ref else match_group(text, m, 1)))
    return refs


def label(text: str) -> str:
    """A markdown reference label in the form labels are matched in."""
    return " ".join(text.casefold().split())


def strip_quotes(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1]
    return value
