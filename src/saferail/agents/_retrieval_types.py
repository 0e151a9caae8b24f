"""The records of a retrieval decision: documents, drop reasons and the gate's result."""

from __future__ import annotations

__all__ = ["Document", "DropReason", "DroppedDocument", "RetrievalResult", "ScanAction"]

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.checks.base import Finding

ScanAction = Literal["drop", "quarantine", "mark", "allow"]


class DropReason(StrEnum):
    """Reason codes of documents removed before scanning (scans use the finding category)."""

    SOURCE_NOT_ALLOWED = "source_not_allowed"
    TENANT_MISMATCH = "tenant_mismatch"
    NO_TENANT = "no_tenant"
    ACL_DENIED = "acl_denied"
    NO_ACL = "no_acl"
    LABEL_DENIED = "label_denied"
    MAX_DOCUMENTS = "max_documents"
    MAX_CHARS = "max_chars"
    SCAN_BLOCKED = "scan_blocked"
    """The Guard blocked the chunk for a category not in ``scan`` (or a check failed closed)."""


class Document(BaseModel):
    """One retrieved chunk and the metadata access decisions need."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    text: str
    source: str = Field("", description="Source id, URL or path the chunk came from.")
    tenant: str | None = None
    allowed_users: tuple[str, ...] = Field((), description="Empty: see allowed_groups.")
    allowed_groups: tuple[str, ...] = Field((), description="'*' in either list: anyone.")
    labels: tuple[str, ...] = ()
    flags: tuple[str, ...] = Field((), description="Scan categories of a 'mark' action.")
    metadata: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class DroppedDocument:
    """A document kept out of the prompt: why (``reason`` code, ``detail``) and how."""

    document: Document
    reason: str
    detail: str
    action: ScanAction = "drop"
    findings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.document.id,
            "source": self.document.source,
            "reason": self.reason,
            "action": self.action,
            "detail": self.detail,
        }


@dataclass
class RetrievalResult:
    """Documents kept (in rank order, possibly flagged or redacted) and dropped."""

    kept: list[Document] = field(default_factory=list)
    dropped: list[DroppedDocument] = field(default_factory=list)

    @property
    def quarantined(self) -> list[DroppedDocument]:
        return [d for d in self.dropped if d.action == "quarantine"]

    @property
    def marked(self) -> list[Document]:
        return [d for d in self.kept if d.flags]

    def reasons(self) -> dict[str, int]:
        """How many documents were dropped for each reason code."""
        return dict(Counter(d.reason for d in self.dropped))

    def to_dict(self) -> dict[str, Any]:
        """A report without document text: ids kept/flagged, and every drop with its reason."""
        return {
            "kept": [d.id for d in self.kept],
            "flagged": {d.id: list(d.flags) for d in self.marked},
            "dropped": [d.to_dict() for d in self.dropped],
            "reasons": self.reasons(),
        }
