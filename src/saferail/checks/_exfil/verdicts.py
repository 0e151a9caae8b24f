"""The ``exfiltration`` check's verdict on one URL: whether to report it, and how high.

Auto-fetched elements score higher than links, links higher than bare URLs; a URL that
seems to carry data scores near the top, a raw IP address a little higher. Script URIs are
reported in markup, data URIs in auto-fetched elements; an allowed host is reported only
when its query forwards to an unlisted one.
"""

from __future__ import annotations

__all__ = ["Verdict", "judge", "rescore"]

from dataclasses import dataclass

from saferail.checks._exfil.heuristics import data_reason
from saferail.checks._exfil.urls import AllowList, resolve_url
from saferail.checks.base import CheckInput

_FETCHED = frozenset({"MARKDOWN_IMAGE", "HTML_IMAGE", "HTML_EMBED", "CSS_URL"})
_BASE_SCORE = {
    "MARKDOWN_IMAGE": 0.9,
    "HTML_IMAGE": 0.9,
    "HTML_EMBED": 0.9,
    "CSS_URL": 0.9,
    "MARKDOWN_LINK": 0.7,
    "MARKDOWN_REFERENCE": 0.7,
    "HTML_LINK": 0.7,
    "URL": 0.5,
}
_DATA_SCORE = {"fetched": 0.97, "link": 0.95, "bare": 0.9}
_RAW_IP_BOOST = 0.1
_SCRIPT_URI_SCORE = 0.9
_DATA_URI_SCORE = 0.6


@dataclass(slots=True)
class Verdict:
    score: float
    entity_type: str
    detail: str


def judge(
    url: str,
    kind: str,
    data: CheckInput,
    ospan: tuple[int, int] | None,
    hosts: AllowList,
    max_len: int,
) -> Verdict | None:
    """The verdict on ``url`` found in an element of ``kind`` (None: nothing to report).

    ``ospan`` is the URL's span in the original text, None inside a decoded payload;
    ``max_len`` is the query-value length that counts as data."""
    target = resolve_url(url)
    if target is None:
        return None
    if target.kind == "script":
        if kind == "URL":
            return None
        return Verdict(_SCRIPT_URI_SCORE, "SCRIPT_URI", f"{target.url[:40]} in {kind}")
    if target.kind == "data":
        if kind not in _FETCHED:
            return None
        return Verdict(_DATA_URI_SCORE, "DATA_URI", f"data: URI in {kind}")
    if hosts.allows(target):
        redirect = hosts.redirect(target)
        if redirect is None:
            return None
        return Verdict(_BASE_SCORE[kind], kind, f"{kind} via {target.host} to {redirect}")
    reason = data_reason(target, data, ospan, max_len)
    detail = f"{kind} to {target.host or '(empty host)'}"
    if reason is not None:
        return _score(kind, f"{detail}: {reason}", True)
    verdict = _score(kind, detail, False)
    if target.ip:
        cap = max(verdict.score, 0.95)
        verdict.score = min(cap, verdict.score + _RAW_IP_BOOST)
        verdict.detail += " (raw IP address)"
    return verdict


def rescore(verdict: Verdict, kind: str) -> Verdict:
    """``verdict`` for a URL that turned out to be used by an element of ``kind``."""
    if verdict.entity_type == "DATA_IN_URL":
        return Verdict(_DATA_SCORE["fetched"], "DATA_IN_URL", verdict.detail)
    return Verdict(max(verdict.score, _BASE_SCORE[kind]), kind, verdict.detail)


def _score(kind: str, detail: str, has_data: bool) -> Verdict:
    if not has_data:
        return Verdict(_BASE_SCORE[kind], kind, detail)
    tier = "fetched" if kind in _FETCHED else ("bare" if kind == "URL" else "link")
    return Verdict(_DATA_SCORE[tier], "DATA_IN_URL", detail)
