"""Agent rails: guards for what tools an agent calls and what those tools reach.

The SSRF guard (:mod:`saferail.agents.ssrf`) judges a URL before a server-side fetch, and
:func:`safe_fetch` (:mod:`saferail.agents.fetch`) fetches it pinned to the checked address,
re-checking every redirect. See ``docs/agents/ssrf.md``.
"""

from __future__ import annotations

from saferail.agents.fetch import FetchResult, safe_fetch
from saferail.agents.ssrf import (
    METADATA_HOSTS,
    FetchError,
    Reason,
    Resolver,
    SsrfBlocked,
    SsrfPolicy,
    UrlVerdict,
    check_url,
    system_resolver,
)

__all__ = [
    "METADATA_HOSTS",
    "FetchError",
    "FetchResult",
    "Reason",
    "Resolver",
    "SsrfBlocked",
    "SsrfPolicy",
    "UrlVerdict",
    "check_url",
    "safe_fetch",
    "system_resolver",
]
