"""Retrieval constraints: decide which retrieved documents may reach the prompt.

:class:`RetrievalGate` applies a :class:`RetrievalPolicy` to a ranked list of
:class:`Document` (text plus metadata: source, tenant, allowed users and groups, labels),
in rank order, before anything is rendered into a prompt:

1. **Access.** The source must be on the allowlist (source id, URL host or path prefix); the
   document's tenant must be the request's; a document with an ACL must list the user or one
   of their groups; a denied label drops it.
2. **Limits.** At most ``max_documents`` documents and ``max_chars`` characters are kept.
3. **Scan.** Each remaining chunk goes through the Guard's ``retrieval`` surface (the trained
   ``prompt_injection`` detector scores 60-word windows of it; ``hidden_text`` and
   ``exfiltration`` look for smuggled characters and data-carrying links). Each finding
   category maps to an action: ``drop`` (removed, reported), ``quarantine`` (removed and
   handed to the ``on_quarantine`` hook for review), ``mark`` (kept, with the category in
   ``Document.flags``) or ``allow``. Redactions the Guard makes (e.g. PII) are kept.

The :class:`RetrievalResult` lists what was kept and, for every dropped document, a stable
reason code (:class:`DropReason`, or the finding category for a scan) and a one-line detail.
"""

from __future__ import annotations

__all__ = [
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
]

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from saferail.agents._retrieval_types import (
    Document,
    DroppedDocument,
    DropReason,
    RetrievalResult,
    ScanAction,
)
from saferail.agents._sources import host_matches, prefix_matches, source_host
from saferail.errors import SaferailError
from saferail.guard.decision import Decision
from saferail.guard.pipeline import Guard
from saferail.policy.loader import parse_policy
from saferail.policy.models import Policy

_RANK: dict[str, int] = {"allow": 0, "mark": 1, "quarantine": 2, "drop": 3}
_DEFAULT_SCAN: dict[str, ScanAction] = {
    "prompt_injection": "drop",
    "hidden_text": "quarantine",
    "exfiltration": "mark",
}

DEFAULT_SCAN_POLICY = """\
name: retrieval-scan
settings: {early_exit: false}
retrieval:
  checks:
    hidden_text: {action: warn, threshold: 0.6}
    exfiltration: {action: warn, threshold: 0.6}
    prompt_injection: {action: block}
"""
"""The Guard policy used to scan chunks when no Guard is given (every check reports)."""


class SourceAllowlist(BaseModel):
    """Sources a document may come from: exact ids, URL hosts or path/URL prefixes."""

    model_config = ConfigDict(extra="forbid")

    ids: tuple[str, ...] = ()
    hosts: tuple[str, ...] = Field((), description="'docs.example.com' or '*.example.com'.")
    prefixes: tuple[str, ...] = Field(
        (), description="'/srv/kb/public/', 's3://bucket/team/', 'https://wiki.example/pub/'."
    )

    def allows(self, source: str) -> bool:
        if source in self.ids:
            return True
        host = source_host(source)
        if host is not None and any(host_matches(host, p) for p in self.hosts):
            return True
        return bool(source) and any(prefix_matches(source, p) for p in self.prefixes)


class RetrievalPolicy(BaseModel):
    """What may reach the prompt. The defaults enforce tenants and scan every chunk."""

    model_config = ConfigDict(extra="forbid")

    sources: SourceAllowlist | None = Field(None, description="None: any source.")
    enforce_tenant: bool = Field(True, description="A document's tenant must be the request's.")
    shared_documents: bool = Field(
        False, description="Documents without a tenant are visible to every tenant."
    )
    require_acl: bool = Field(
        False, description="Drop documents without allowed users/groups (default: tenant-wide)."
    )
    denied_labels: tuple[str, ...] = ()
    max_documents: int | None = Field(None, ge=1)
    max_chars: int | None = Field(None, ge=1, description="Total characters kept.")
    scan: dict[str, ScanAction] = Field(
        default_factory=lambda: dict(_DEFAULT_SCAN),
        description="Finding category -> action; empty: no scanning.",
    )
    on_block: ScanAction = Field(
        "drop", description="When the Guard blocks a chunk and no category above decides."
    )

    @classmethod
    def load(cls, source: str | Path | Mapping[str, Any]) -> RetrievalPolicy:
        """From a mapping, a YAML file path, or YAML text; :class:`RetrievalError` (one line
        naming the field) when it is not a valid policy."""
        if isinstance(source, Mapping):
            return _validated(cls, dict(source), "retrieval policy")
        text = str(source)
        try:
            if isinstance(source, Path) or ("\n" not in text and Path(text).is_file()):
                text = Path(source).read_text(encoding="utf-8")
            data = yaml.safe_load(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise RetrievalError(f"retrieval policy {source}: cannot read it ({exc})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise RetrievalError(f"retrieval policy: not valid YAML{where}") from None
        if not isinstance(data, dict):
            if not isinstance(source, Path) and "\n" not in text:  # meant as a file name?
                raise RetrievalError(
                    f"retrieval policy {text!r}: no such file, and not a YAML mapping"
                )
            raise RetrievalError("a retrieval policy must be a YAML mapping")
        return _validated(cls, data, "retrieval policy")


DocumentLike = Document | Mapping[str, Any]


_M = TypeVar("_M", bound=BaseModel)


class RetrievalError(SaferailError, ValueError):
    """A retrieval policy or a document mapping that is not valid (a one-line message)."""


def _validated(model: type[_M], data: Any, what: str) -> _M:
    """``model.model_validate(data)``; its first problem as a :class:`RetrievalError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RetrievalError(f"{what}: {field}: {first['msg']}{more}") from None


class RetrievalGate:
    """Apply a :class:`RetrievalPolicy` (and a Guard's retrieval checks) to retrieved chunks.

    ``guard`` scans chunks; ``None`` builds one from :data:`DEFAULT_SCAN_POLICY` when the
    policy scans. A Guard of your own should set ``settings.early_exit: false`` so one
    blocking check does not hide the others' findings. ``on_quarantine`` receives every
    quarantined document (e.g. to queue it for review).
    """

    def __init__(
        self,
        policy: RetrievalPolicy | Mapping[str, Any] | None = None,
        guard: Guard | Policy | str | Path | None = None,
        *,
        on_quarantine: Callable[[DroppedDocument], None] | None = None,
    ) -> None:
        if policy is None or isinstance(policy, RetrievalPolicy):
            self.policy = policy or RetrievalPolicy()
        else:
            self.policy = RetrievalPolicy.load(policy)
        if isinstance(guard, Guard):
            self.guard: Guard | None = guard
        elif guard is not None:
            self.guard = Guard(guard)
        else:
            self.guard = Guard(parse_policy(DEFAULT_SCAN_POLICY)) if self.policy.scan else None
        self.on_quarantine = on_quarantine

    @property
    def fingerprint(self) -> str:
        """The policy and the scanning Guard's policy version, for caches and identities."""
        scan = self.guard.policy_version if self.guard is not None else "none"
        return f"{self.policy.model_dump_json()}|{scan}"

    def filter(
        self,
        documents: Iterable[DocumentLike],
        *,
        user: str | None = None,
        tenant: str | None = None,
        groups: Sequence[str] = (),
    ) -> RetrievalResult:
        """Access checks, limits and scanning, in rank order; see the module docstring."""
        member_of = frozenset((groups,) if isinstance(groups, str) else groups)
        return self._run(documents, (_text("user", user), _text("tenant", tenant), member_of))

    def scan(self, documents: Iterable[DocumentLike]) -> RetrievalResult:
        """Limits and scanning only (no access checks): for text with no metadata."""
        return self._run(documents, None)

    def _run(
        self,
        documents: Iterable[DocumentLike],
        who: tuple[str | None, str | None, frozenset[str]] | None,
    ) -> RetrievalResult:
        result = RetrievalResult()
        chars = 0
        for index, raw in enumerate(documents):
            doc = raw if isinstance(raw, Document) else _document(raw, index)
            dropped = self._access(doc, *who) if who is not None else None
            if dropped is None:
                dropped = self._limits(doc, len(result.kept), chars)
            if dropped is None:
                doc, dropped = self._scan(doc)
            if dropped is None:  # a redaction can make the text longer than it was
                dropped = self._limits(doc, len(result.kept), chars)
            if dropped is not None:
                result.dropped.append(dropped)
                if dropped.action == "quarantine" and self.on_quarantine is not None:
                    self.on_quarantine(dropped)
                continue
            result.kept.append(doc)
            chars += len(doc.text)
        return result

    def _access(
        self, doc: Document, user: str | None, tenant: str | None, groups: frozenset[str]
    ) -> DroppedDocument | None:
        p = self.policy
        tenant, doc_tenant = _tenant(tenant), _tenant(doc.tenant)
        if p.sources is not None and not p.sources.allows(doc.source):
            return DroppedDocument(
                doc, DropReason.SOURCE_NOT_ALLOWED, f"source {doc.source!r} not allowed"
            )
        if p.enforce_tenant:
            if doc_tenant is None and not p.shared_documents:
                return DroppedDocument(doc, DropReason.NO_TENANT, "document has no tenant")
            if doc_tenant is not None and doc_tenant != tenant:
                detail = f"document tenant {doc.tenant!r}, request tenant {tenant!r}"
                return DroppedDocument(doc, DropReason.TENANT_MISMATCH, detail)
        if doc.allowed_users or doc.allowed_groups:
            anyone = "*" in doc.allowed_users or "*" in doc.allowed_groups
            member = _named(user, doc.allowed_users) or any(
                _named(g, doc.allowed_groups) for g in groups
            )
            if not (anyone or member):
                return DroppedDocument(doc, DropReason.ACL_DENIED, f"user {user!r} not in ACL")
        elif p.require_acl:
            return DroppedDocument(doc, DropReason.NO_ACL, "document has no ACL")
        deny = {_label(label) for label in p.denied_labels}
        denied = sorted(label for label in doc.labels if _label(label) in deny)
        if denied:
            return DroppedDocument(doc, DropReason.LABEL_DENIED, f"label {denied[0]!r}")
        return None

    def _limits(self, doc: Document, kept: int, chars: int) -> DroppedDocument | None:
        p = self.policy
        if p.max_documents is not None and kept >= p.max_documents:
            return DroppedDocument(doc, DropReason.MAX_DOCUMENTS, f"{kept} kept already")
        if p.max_chars is not None and chars + len(doc.text) > p.max_chars:
            detail = f"{chars} + {len(doc.text)} chars > {p.max_chars}"
            return DroppedDocument(doc, DropReason.MAX_CHARS, detail)
        return None

    def _scan(self, doc: Document) -> tuple[Document, DroppedDocument | None]:
        if self.guard is None or not self.policy.scan:
            return doc, None
        decision = self.guard.check_retrieval(doc.text)
        action: ScanAction = "allow"
        reason = ""
        for f in decision.findings:
            mapped = self.policy.scan.get(f.category)
            if mapped is not None and _RANK[mapped] > _RANK[action]:
                action, reason = mapped, f.category
        blocked = decision.blocked and not _block_decided(decision, self.policy.scan)
        if blocked and _RANK[self.policy.on_block] >= _RANK[action]:
            action, reason = self.policy.on_block, DropReason.SCAN_BLOCKED
        findings = tuple(decision.findings)
        if action in ("drop", "quarantine"):
            return doc, DroppedDocument(
                doc, reason, _scan_detail(decision, reason), action, findings
            )
        if decision.text != doc.text:
            doc = doc.model_copy(update={"text": decision.text})
        if action == "mark":
            flags = {f.category for f in findings if self.policy.scan.get(f.category) == "mark"}
            if reason == DropReason.SCAN_BLOCKED:
                flags.add(DropReason.SCAN_BLOCKED.value)
            doc = doc.model_copy(update={"flags": tuple(sorted(set(doc.flags) | flags))})
        return doc, None


def _document(raw: Any, index: int) -> Document:
    if not isinstance(raw, Mapping):
        raise RetrievalError(
            f"document {index}: expected a Document or a mapping, got {type(raw).__name__}"
        )
    return _validated(Document, dict(raw), f"document {index}")


def _block_decided(decision: Decision, scan: Mapping[str, ScanAction]) -> bool:
    """Whether ``scan`` decides the Guard's block: every check that blocked has a finding
    whose category is mapped to an action other than ``allow``. A check that blocked without
    findings (failed closed), or for an unmapped category, leaves the block to ``on_block``
    whatever other categories (an ``exfiltration`` link marked, say) were found."""
    blocking = {c.check for c in decision.checks if c.action == "block"}
    return bool(blocking) and all(
        any(
            f.check == check and scan.get(f.category, "allow") != "allow" for f in decision.findings
        )
        for check in blocking
    )


def _named(name: object, acl: tuple[str, ...]) -> bool:
    """Whether ``acl`` lists ``name``; a blank name (``""``, as stores write a missing
    field) is nobody, so an anonymous ``user=""`` never matches a blank ACL entry."""
    return isinstance(name, str) and bool(name.strip()) and name in acl


def _text(name: str, value: object) -> str | None:
    """A request's ``user`` or ``tenant``: a string or ``None``, else a one-line error."""
    if value is not None and not isinstance(value, str):
        raise RetrievalError(f"{name} must be a string or None, not {type(value).__name__}")
    return value


def _tenant(tenant: str | None) -> str | None:
    """A blank tenant (``""``, as stores write a missing field) is no tenant."""
    return tenant if tenant is not None and tenant.strip() else None


def _label(label: str) -> str:
    """Labels are compared NFKC-normalized, case folded and stripped: a deny list must not
    miss ``Legal-Hold`` or ``legal-hold `` for ``legal-hold``."""
    return unicodedata.normalize("NFKC", label).casefold().strip()


def _scan_detail(decision: Decision, reason: str) -> str:
    scores = [f.score for f in decision.findings if f.category == reason]
    if scores:
        return f"{reason} score {max(scores):.2f}"
    failed = [c.check for c in decision.checks if c.status in ("error", "timeout")]
    cats = sorted({f.category for f in decision.findings})
    return f"blocked by the guard ({', '.join(failed or cats) or 'no finding'})"
