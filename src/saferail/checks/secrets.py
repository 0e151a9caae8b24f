"""``secret``: API keys, tokens, private keys and credentials in text.

About ninety RE2 patterns: provider formats with a fixed prefix or shape (AWS, GitHub,
GitLab, Slack, Stripe, Google, OpenAI, Anthropic, JWT, PEM private keys and many more),
credentials in URLs, ``curl -u`` options and ``Authorization`` headers, and generic
assignments whose name says "secret" (``api_key = "..."``, ``password: ...``). All of them
form one RE2 set, so a text needs one DFA pass to learn which patterns occur at all (for
ordinary prose: none); only those then run on their own to get their groups. Every
candidate passes Python-side checks: its boundaries, a placeholder filter (template
syntax, masking, ``EXAMPLE``, ``xxxx``, ``123456``...) and, for generic assignments, a
Shannon-entropy threshold. Spans are the secret value's offsets in the original text; a
secret found inside a decoded payload (base64, hex...) is reported on the payload.
"""

from __future__ import annotations

__all__ = [
    "ENTITY_TYPES",
    "PATTERNS",
    "Secrets",
    "SecretsParams",
    "is_placeholder",
    "shannon_entropy",
]

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.checks._secrets.generic import shannon_entropy
from saferail.checks._secrets.hits import Hit
from saferail.checks._secrets.patterns import ENTITY_TYPES, PATTERNS
from saferail.checks._secrets.placeholders import is_placeholder
from saferail.checks._secrets.scan import scan_text
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.registry import register_check

# The implementation lives in the private package saferail.checks._secrets: the pattern
# tables by provider family (patterns_*), the placeholder filter, the name rules for generic
# assignments, the judging of each match and the RE2 set scan.


class SecretsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_entropy: float = Field(
        3.0,
        ge=0.0,
        le=8.0,
        description="Shannon entropy (bits/char) a generic assignment's value must reach.",
    )
    providers: list[str] | None = Field(
        None, description="Report only these entity types (default: all)."
    )
    allow_values: list[str] = Field(
        default_factory=list, description="Values that are never reported."
    )

    @field_validator("providers")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        unknown = sorted(set(value) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(f"unknown providers {unknown}; known: {', '.join(ENTITY_TYPES)}")
        return value


@register_check
class Secrets(Check):
    """API keys, tokens, private keys and credentials (provider formats and assignments)."""

    name = "secret"
    categories = ("secret",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "cheap"
    description = __doc__ or ""
    tags = ("owasp:llm02:2025",)
    Params: ClassVar[type[BaseModel]] = SecretsParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        assert isinstance(self.params, SecretsParams)
        self._min_entropy = self.params.min_entropy
        self._providers = frozenset(self.params.providers) if self.params.providers else None
        self._allow = frozenset(self.params.allow_values)

    # ------------------------------------------------------------------ public

    def run(self, data: CheckInput) -> list[Finding]:
        seen: set[tuple[str, int, int]] = set()
        findings: list[Finding] = []
        for view in data.views(decoded=True):
            if not view.text:
                continue
            for hit in self.scan(view.text):
                start, end = view.to_original(hit.start, hit.end)
                key = (hit.entity, start, end)
                if key in seen:
                    continue
                seen.add(key)
                findings.append(
                    self.finding(hit.score, start, end, entity_type=hit.entity, detail=view.kind)
                )
        return findings

    def scan(self, text: str) -> list[Hit]:
        """Every secret in ``text`` (offsets into ``text``)."""
        return scan_text(text, self._min_entropy, self._providers, self._allow)
