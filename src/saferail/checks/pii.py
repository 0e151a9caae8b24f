"""``pii``: personal data with validated identifiers, names and addresses, and redaction.

Structured identifiers come from :mod:`saferail.pii.recognizers` (checksums via
python-stdnum, phone numbers via libphonenumber, IPs via :mod:`ipaddress`), names from
:mod:`saferail.pii.names` and street addresses from :mod:`saferail.pii.addresses`. Policy
params choose the entity set, per-entity thresholds, allow/deny values, custom RE2
recognizers and, per entity, how a redacted value is replaced.
"""

from __future__ import annotations

__all__ = ["CustomRecognizer", "Pii", "PiiParams"]

import bisect
import hashlib
import hmac
import itertools
import os
from typing import ClassVar

import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail._re2check import require_re2
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.deadline import checkpoint
from saferail.checks.registry import register_check
from saferail.pii.addresses import AddressRecognizer
from saferail.pii.model import ENTITY_TYPES, PiiEntity
from saferail.pii.names import PersonRecognizer
from saferail.pii.operators import RedactionConfig, RedactionContext, apply_operator
from saferail.pii.recognizers import find_structured, keep_disjoint
from saferail.pii.recognizers.phone import warm_up as warm_phone_metadata
from saferail.pii.vault import Vault, VaultKeyError, env_key, open_store


class CustomRecognizer(BaseModel):
    """A policy-declared recognizer: an RE2 pattern for one entity type."""

    model_config = ConfigDict(extra="forbid")
    entity_type: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    pattern: str
    score: float = Field(0.8, ge=0.0, le=1.0)
    context: list[str] = Field(default_factory=list, description="Words that must be near.")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return require_re2(value)


class PiiParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entities: list[str] = Field(default_factory=lambda: list(ENTITY_TYPES))
    thresholds: dict[str, float] = Field(default_factory=dict)
    allow_values: list[str] = Field(default_factory=list, description="Never reported.")
    deny_values: dict[str, list[str]] = Field(
        default_factory=dict, description="Entity type -> values always reported."
    )
    custom: list[CustomRecognizer] = Field(default_factory=list)
    operators: RedactionConfig = Field(
        default_factory=lambda: RedactionConfig(),
        description="Per-entity redaction operators (docs/pii_redaction.md).",
    )
    vault_path: str | None = Field(
        None,
        description="SQLite file for pseudonyms, or redis://... to share them across "
        "gateway replicas (default: in memory, this process).",
    )
    vault_ttl_s: float | None = Field(86400.0, gt=0, description="Pseudonym lifetime.")

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(f"unknown entity types {unknown}; known: {', '.join(ENTITY_TYPES)}")
        return value

    @field_validator("thresholds")
    @classmethod
    def _thresholds(cls, value: dict[str, float]) -> dict[str, float]:
        for name, t in value.items():
            if not 0.0 <= t <= 1.0:
                raise ValueError(f"threshold of {name} must be between 0 and 1 (got {t})")
        return value


@register_check
class Pii(Check):
    """Personal data: names, addresses, contact details, financial and national identifiers."""

    name = "pii"
    categories = ("pii",)
    surfaces = frozenset({"input", "output", "retrieval", "tool_call"})
    cost = "medium"
    tags = ("owasp:llm02:2025",)
    Params: ClassVar[type[BaseModel]] = PiiParams

    def __init__(self, params: BaseModel | None = None) -> None:
        super().__init__(params)
        p = self.params
        assert isinstance(p, PiiParams)
        self._entities = frozenset(p.entities)
        self._thresholds = dict(p.thresholds)
        self._allow = frozenset(v.casefold() for v in p.allow_values)
        self._person = PersonRecognizer() if "PERSON" in self._entities else None
        self._address = AddressRecognizer() if "STREET_ADDRESS" in self._entities else None
        if "PHONE_NUMBER" in self._entities:
            warm_phone_metadata()  # now, not on the first phone number of a request
        self._deny = [
            (etype, re2.compile(r"(?i)\b" + re2.escape(v) + r"\b"))
            for etype, values in p.deny_values.items()
            for v in values
        ]
        self._custom = [(c, re2.compile(c.pattern)) for c in p.custom]
        self._operators = p.operators
        ops = {p.operators.default.operator} | {c.operator for c in p.operators.per_entity.values()}
        self._hash_key = _hash_key() if "hash" in ops else None
        self.vault: Vault | None = None
        if "pseudonymize" in ops:
            key = os.environ.get("SAFERAIL_VAULT_KEY", "")
            self.vault = _shared_vault(p.vault_path, p.vault_ttl_s, key)

    def replacement(self, finding: Finding, value: str, data: CheckInput) -> str | None:
        """The configured operator's replacement (placeholder, mask, hash, pseudonym, drop)."""
        ctx = data.metadata.get("pii_redaction")
        if not isinstance(ctx, RedactionContext):
            ctx = RedactionContext(
                hash_key=self._hash_key,
                vault=self.vault,
                tenant=data.tenant or "default",
                session=data.session or "default",
            )
            data.metadata["pii_redaction"] = ctx
        etype = finding.entity_type or "PII"
        config = self._operators.for_entity(etype)
        vault = ctx.vault if config.operator == "pseudonymize" else None
        if vault is not None and ctx.session and vault.original(ctx.tenant, ctx.session, value):
            return value  # already this session's pseudonym (e.g. echoed by the model)
        return apply_operator(config, etype, value, ctx)

    def entities(self, text: str) -> list[PiiEntity]:
        """Every entity in ``text`` (offsets into ``text``), overlaps resolved."""
        found = find_structured(text, self._entities)
        if self._person is not None:
            found.extend(self._person.find(text))
        if self._address is not None:
            found.extend(self._address.find(text))
        checkpoint()
        for etype, regex in self._deny:
            found.extend(
                PiiEntity(m.start(), m.end(), etype, 1.0, "deny") for m in regex.finditer(text)
            )
        for custom, regex in self._custom:
            for m in regex.finditer(text):
                if custom.context and not _near(text, m.start(), custom.context):
                    continue
                found.append(
                    PiiEntity(m.start(), m.end(), custom.entity_type, custom.score, "custom")
                )
        kept = [e for e in found if text[e.start : e.end].casefold() not in self._allow]
        return _resolve(kept)

    def run(self, data: CheckInput) -> list[Finding]:
        out: list[Finding] = []
        for view in data.views():
            for e in self.entities(view.text):
                if e.score < self._thresholds.get(e.entity_type, 0.0):
                    continue
                s, t = view.to_original(e.start, e.end)
                out.append(self.finding(e.score, s, t, entity_type=e.entity_type))
        return out


_VAULTS: dict[tuple[str | None, float | None, str], Vault] = {}


def _shared_vault(path: str | None, ttl_s: float | None, key_b64: str) -> Vault:
    """One open vault per (file, lifetime, key) in a process, so the input and output checks
    of a policy, and every Guard built from it, share pseudonyms."""
    cache_key = (path, ttl_s, key_b64)
    vault = _VAULTS.get(cache_key)
    if vault is None or vault.closed:
        store = open_store(path)
        vault = _VAULTS[cache_key] = Vault.from_env(store, ttl_s=ttl_s)
    return vault


def _hash_key() -> bytes:
    key = env_key()
    if len(key) < 16:
        raise VaultKeyError(
            "the hash operator needs SAFERAIL_VAULT_KEY: base64 of at least 16 random bytes"
        )
    # A key of its own for hashing, derived from the master key (HMAC as the KDF's PRF).
    return hmac.new(key, b"saferail/pii/hash-operator/v1", hashlib.sha256).digest()


def _near(text: str, start: int, words: list[str]) -> bool:
    window = text[max(0, start - 60) : start].lower()
    return any(w.lower() in window for w in words)


def _resolve(found: list[PiiEntity]) -> list[PiiEntity]:
    """Drop entities overlapping a higher-scoring (then longer) one, in O(n log n).

    A PERSON inside a street address is the street's namesake ("avenue Victor Hugo"), so it
    gives way to the address whatever the scores.
    """
    streets = sorted((e.start, e.end) for e in found if e.entity_type == "STREET_ADDRESS")
    if streets:
        street_starts = [start for start, _ in streets]
        reach = list(itertools.accumulate((end for _, end in streets), max))
        found = [
            e
            for e in found
            if e.entity_type != "PERSON" or not _inside(street_starts, reach, e.start, e.end)
        ]
    return keep_disjoint(sorted(found, key=lambda e: (-e.score, -(e.end - e.start), e.start)))


def _inside(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of the spans whose sorted starts are ``starts``
    and whose running maximum of ends is ``reach``."""
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and reach[i] >= end
