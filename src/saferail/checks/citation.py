"""``citation``: required citations are present, name retrieved documents and back the claim.

The context is numbered as the eval harness writes it: ``[1] first document`` ...
``[N] last``, each marker at the start of a line (an unnumbered context is document 1).
The answer is split into claims (:mod:`saferail.checks._claims`); citation markers (by
default ``[n]``, also ``[2, 3]``, ``[1-3]``, ``[1][2]``) belong to the claim they end.
Three kinds of finding:

``MISSING_CITATION`` (score 1.0)
    a claim without a marker, when ``require`` says citations are needed: ``always``,
    ``when_context`` (the call has a context; the default) or ``never``. With
    ``scope: paragraph`` one marker anywhere in a paragraph covers its claims.
``INVALID_CITATION`` (score 1.0)
    a marker naming a document the context does not have; span: the marker. Only checked
    when the call has a context.
``UNSUPPORTED_CITATION`` (the claim scorer's probability)
    the cited documents do not support the claim they are attached to (the same claim
    support as the ``ungrounded`` check, restricted to the cited documents); reported from
    0.25 up, the policy threshold decides.
"""

from __future__ import annotations

__all__ = ["Citation", "CitationParams"]

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks._claims import DEFAULT_MARKER, Claim, Markers, split_claims
from saferail.checks._grounding.context import context_index
from saferail.checks._grounding.support import claim_support
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.registry import register_check

REPORT_FROM = 0.25


class CitationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    require: Literal["always", "when_context", "never"] = Field(
        "when_context", description="When claims must carry a citation."
    )
    marker: str = Field(
        DEFAULT_MARKER, description="Citation marker; 'n' stands for the document ids."
    )
    scope: Literal["claim", "paragraph"] = Field(
        "claim", description="Each claim needs its own marker, or one per paragraph."
    )
    check_support: bool = Field(True, description="Test that cited documents back the claim.")
    min_word_similarity: float | None = Field(
        None, ge=0.0, le=1.01, description="Synonym setting of the claim scorer (unset: its own)."
    )

    @field_validator("marker")
    @classmethod
    def _marker(cls, value: str) -> str:
        Markers(value)  # raises ValueError with a one-line message
        return value


@register_check
class Citation(Check):
    """Required citations are present, name retrieved documents and support their claim."""

    name = "citation"
    categories = ("citation",)
    surfaces = frozenset({"output"})
    cost = "cheap"
    description = "Citations are present where required, point at retrieved documents, back claims"
    tags = ("owasp:llm09:2025",)
    Params: ClassVar[type[BaseModel]] = CitationParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, CitationParams)
        self._markers = Markers(self.params.marker)

    def run(self, data: CheckInput) -> list[Finding]:
        p = self.params
        assert isinstance(p, CitationParams)
        context = data.context if data.context and data.context.strip() else None
        claims = split_claims(data.text, self._markers)
        findings: list[Finding] = []
        valid: set[int] | None = None
        if context is not None:
            valid = set(context_index(context).ids)
            findings.extend(self._invalid(data.text, valid))
        required = p.require == "always" or (p.require == "when_context" and context is not None)
        if required:
            findings.extend(self._missing(claims, p.scope))
        if context is not None and valid is not None and p.check_support:
            findings.extend(self._unsupported(claims, context, valid, p))
        return sorted(findings, key=lambda f: (f.start or 0, f.end or 0))

    def _invalid(self, text: str, valid: set[int]) -> list[Finding]:
        out: list[Finding] = []
        have = _describe(valid)
        for start, end, ids in self._markers.find(text):
            bad = [i for i in ids if i not in valid]
            if bad:
                detail = f"cites [{bad[0]}]; the context has {have}"
                out.append(
                    self.finding(1.0, start, end, entity_type="INVALID_CITATION", detail=detail)
                )
        return out

    def _missing(self, claims: list[Claim], scope: str) -> list[Finding]:
        out: list[Finding] = []
        if scope == "claim":
            for c in claims:
                if not c.citations:
                    out.append(
                        self.finding(
                            1.0,
                            c.start,
                            c.end,
                            entity_type="MISSING_CITATION",
                            detail="claim without a citation",
                        )
                    )
            return out
        for members in _paragraphs(claims).values():
            if not any(c.citations for c in members):
                detail = "paragraph without a citation"
                out.append(
                    self.finding(
                        1.0,
                        members[0].start,
                        members[-1].end,
                        entity_type="MISSING_CITATION",
                        detail=detail,
                    )
                )
        return out

    def _unsupported(
        self, claims: list[Claim], context: str, valid: set[int], p: CitationParams
    ) -> list[Finding]:
        out: list[Finding] = []
        para_docs = {
            para: tuple(i for o in members for i in o.citations if i in valid)
            for para, members in _paragraphs(claims).items()
        }
        for c in claims:
            docs = tuple(i for i in c.citations if i in valid)
            if not docs and p.scope == "paragraph" and not c.citations:
                docs = para_docs[c.paragraph]
            if not docs:
                continue
            s = claim_support(c.text, context, docs, min_word_similarity=p.min_word_similarity)
            if s.score < REPORT_FROM:
                continue
            cited = ", ".join(str(i) for i in docs)
            missing = (
                f": not in it: {', '.join(repr(w) for w in s.missing[:3])}" if s.missing else ""
            )
            out.append(
                self.finding(
                    s.score,
                    c.start,
                    c.end,
                    entity_type="UNSUPPORTED_CITATION",
                    detail=f"cited [{cited}] does not support the claim{missing}",
                )
            )
        return out


def _paragraphs(claims: list[Claim]) -> dict[int, list[Claim]]:
    """The claims of each paragraph, in order."""
    out: dict[int, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.paragraph, []).append(c)
    return out


def _describe(ids: set[int]) -> str:
    """ "documents 1-3", "document 1", "documents 2, 5"."""
    if not ids:
        return "no documents"
    if len(ids) == 1:
        return f"document {min(ids)}"
    if ids == set(range(min(ids), max(ids) + 1)):
        return f"documents {min(ids)}-{max(ids)}"
    return "documents " + ", ".join(str(i) for i in sorted(ids))
