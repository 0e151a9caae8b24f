"""Agent rails: guards for what tools an agent calls and what those tools reach.

The SSRF guard (:mod:`saferail.agents.ssrf`) judges a URL before a server-side fetch, and
:func:`safe_fetch` (:mod:`saferail.agents.fetch`) fetches it pinned to the checked address,
re-checking every redirect. See ``docs/agents/ssrf.md``.

Names resolve on first use (``_LAZY`` maps each one to its module), so importing one agent
rail does not import the others' dependencies (``safe_fetch`` pulls in httpx and asyncio).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
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

_LAZY = {
    **dict.fromkeys(("FetchResult", "safe_fetch"), "saferail.agents.fetch"),
    **dict.fromkeys(
        (
            "METADATA_HOSTS",
            "FetchError",
            "Reason",
            "Resolver",
            "SsrfBlocked",
            "SsrfPolicy",
            "UrlVerdict",
            "check_url",
            "system_resolver",
        ),
        "saferail.agents.ssrf",
    ),
}

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

# -- retrieval constraints and spotlighting (docs/agents/retrieval.md) ---------------------------

if TYPE_CHECKING:
    from saferail.agents.retrieval import (
        DEFAULT_SCAN_POLICY,
        Document,
        DroppedDocument,
        DropReason,
        RetrievalError,
        RetrievalGate,
        RetrievalPolicy,
        RetrievalResult,
        ScanAction,
        SourceAllowlist,
    )
    from saferail.agents.spotlight_target import SpotlightedTarget, spotlighted
    from saferail.agents.spotlighting import Spotlight, SpotlightError, spotlight

_RETRIEVAL_EXPORTS = {
    **dict.fromkeys(
        (
            "DEFAULT_SCAN_POLICY",
            "Document",
            "DropReason",
            "DroppedDocument",
            "RetrievalError",
            "RetrievalGate",
            "RetrievalPolicy",
            "RetrievalResult",
            "ScanAction",
            "SourceAllowlist",
        ),
        "saferail.agents.retrieval",
    ),
    **dict.fromkeys(("Spotlight", "SpotlightError", "spotlight"), "saferail.agents.spotlighting"),
    **dict.fromkeys(("SpotlightedTarget", "spotlighted"), "saferail.agents.spotlight_target"),
}
__all__ += [
    "DEFAULT_SCAN_POLICY",
    "Document",
    "DropReason",
    "DroppedDocument",
    "RetrievalError",
    "RetrievalGate",
    "RetrievalPolicy",
    "RetrievalResult",
    "ScanAction",
    "SourceAllowlist",
    "Spotlight",
    "SpotlightError",
    "SpotlightedTarget",
    "spotlight",
    "spotlighted",
]
_LAZY.update(_RETRIEVAL_EXPORTS)

# -- tool-call rails, taint tracking and approvals (docs/agents/tools.md) -----------------------

if TYPE_CHECKING:
    from saferail.agents.approval import (
        ApprovalRequest,
        ApprovalResult,
        Approver,
        CallbackApprover,
        CliApprover,
        DenyApprover,
        WebhookApprover,
        available_approvers,
        get_approver,
        register_approver,
    )
    from saferail.agents.approval_queue import ApprovalQueue
    from saferail.agents.taint import FlowTracker, TaintSource
    from saferail.agents.toolpolicy import Session, ToolFirewall, firewall_of, tool_reason

_TOOL_EXPORTS = {
    **dict.fromkeys(
        (
            "ApprovalRequest",
            "ApprovalResult",
            "Approver",
            "CallbackApprover",
            "CliApprover",
            "DenyApprover",
            "WebhookApprover",
            "available_approvers",
            "get_approver",
            "register_approver",
        ),
        "saferail.agents.approval",
    ),
    "ApprovalQueue": "saferail.agents.approval_queue",
    **dict.fromkeys(("FlowTracker", "TaintSource"), "saferail.agents.taint"),
    **dict.fromkeys(
        ("Session", "ToolFirewall", "firewall_of", "tool_reason"), "saferail.agents.toolpolicy"
    ),
}
__all__ += [
    "ApprovalQueue",
    "ApprovalRequest",
    "ApprovalResult",
    "Approver",
    "CallbackApprover",
    "CliApprover",
    "DenyApprover",
    "FlowTracker",
    "Session",
    "TaintSource",
    "ToolFirewall",
    "WebhookApprover",
    "available_approvers",
    "firewall_of",
    "get_approver",
    "register_approver",
    "tool_reason",
]
_LAZY.update(_TOOL_EXPORTS)
