"""What happens to detected PII: redaction operators, chosen per entity type.

- ``mask``: every character replaced by ``mask_char`` (separators kept by default), the
  last ``keep_last`` left visible: ``**** **** **** 1111``.
- ``placeholder``: ``<EMAIL_ADDRESS_1>``, numbered per distinct value within a
  ``RedactionContext`` (the same value gets the same number).
- ``hash``: ``<EMAIL_ADDRESS:3f9a1c0d2b7e>``, a keyed HMAC-SHA256 of the value. There is no
  unkeyed hash: without a key it raises.
- ``pseudonymize``: a format-preserving fake value from the vault, the same for the whole
  session and reversible there (see ``saferail.pii.stream``).
- ``drop``: removed.
"""

from __future__ import annotations

__all__ = [
    "OPERATORS",
    "OperatorConfig",
    "OperatorName",
    "RedactionConfig",
    "RedactionContext",
    "RedactionError",
    "RedactionItem",
    "RedactionResult",
    "apply_operator",
    "redact",
]

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from saferail.errors import SaferailError
from saferail.pii.model import ENTITY_TYPES, PiiEntity

if TYPE_CHECKING:
    from saferail.pii.vault import Vault

OperatorName = Literal["mask", "placeholder", "hash", "pseudonymize", "drop"]
OPERATORS: tuple[str, ...] = get_args(OperatorName)
MIN_HASH_KEY_BYTES = 16


class RedactionError(SaferailError):
    """An operator cannot run as configured (no hash key, no vault or session, ...)."""


class OperatorConfig(BaseModel):
    """One operator and its parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    operator: OperatorName = "placeholder"
    mask_char: str = Field("*", min_length=1, max_length=1, description="mask: the mask char.")
    keep_last: int = Field(
        0, ge=0, description="mask: characters left visible at the end (at most half)."
    )
    keep_separators: bool = Field(
        True, description="mask: keep characters that are not letters or digits (' ', '-', '@')."
    )
    hash_length: int = Field(12, ge=8, le=64, description="hash: hex characters shown.")


class RedactionConfig(BaseModel):
    """The operator for each entity type: ``default`` unless ``per_entity`` names one.

    Also accepts the flat form used in policies, entity names next to ``default``:
    ``{default: {operator: placeholder}, CREDIT_CARD: {operator: mask, keep_last: 4}}``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: OperatorConfig = OperatorConfig(operator="placeholder")
    per_entity: dict[str, OperatorConfig] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flat_form(cls, data: Any) -> Any:
        if isinstance(data, dict) and set(data) - {"default", "per_entity"}:
            flat = {k: v for k, v in data.items() if k not in ("default", "per_entity")}
            nested = data.get("per_entity") or {}
            if not isinstance(nested, dict):
                return data
            both = set(flat) & set(nested)
            if both:
                raise ValueError(f"entity types given twice: {', '.join(sorted(both))}")
            out = {k: v for k, v in data.items() if k in ("default",)}
            out["per_entity"] = {**nested, **flat}
            return out
        return data

    @field_validator("per_entity")
    @classmethod
    def _known_entities(cls, value: dict[str, OperatorConfig]) -> dict[str, OperatorConfig]:
        unknown = sorted(set(value) - set(ENTITY_TYPES))
        if unknown:
            raise ValueError(
                f"unknown entity type(s) {', '.join(unknown)} (known: {', '.join(ENTITY_TYPES)})"
            )
        return value

    def for_entity(self, entity_type: str) -> OperatorConfig:
        """The operator configured for ``entity_type``."""
        return self.per_entity.get(entity_type, self.default)


@dataclass
class RedactionContext:
    """State shared by every ``redact`` call of one conversation / request.

    ``hash_key`` keys the ``hash`` operator (at least 16 bytes). ``vault``, ``tenant`` and
    ``session`` are needed by ``pseudonymize``. Placeholder numbers live here: reuse one
    context across the turns of a conversation to keep ``<PERSON_1>`` meaning one person.
    """

    hash_key: bytes | None = None
    vault: Vault | None = None
    tenant: str = "default"
    session: str | None = None
    _numbers: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)

    def placeholder_number(self, entity_type: str, value: str) -> int:
        """The number of ``value`` among the distinct values of its type seen so far."""
        numbers = self._numbers.setdefault(entity_type, {})
        if value not in numbers:
            numbers[value] = len(numbers) + 1
        return numbers[value]


@dataclass(frozen=True, slots=True)
class RedactionItem:
    """One replaced span: ``[start, end)`` in the input, ``[new_start, new_end)`` in the output."""

    start: int
    end: int
    replacement: str
    entity_type: str
    operator: str
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """The redacted text and what was replaced, in text order."""

    text: str
    items: list[RedactionItem]


def apply_operator(
    config: OperatorConfig, entity_type: str, value: str, context: RedactionContext
) -> str:
    """The replacement of one ``value`` of ``entity_type`` under ``config``."""
    if not isinstance(config, OperatorConfig):
        raise TypeError(f"config must be an OperatorConfig, not {type(config).__name__}")
    op = config.operator
    if op == "drop":
        return ""
    if op == "placeholder":
        return f"<{entity_type}_{context.placeholder_number(entity_type, value)}>"
    if op == "mask":
        return _mask(value, config)
    if op == "hash":
        key = context.hash_key
        if key is not None and not isinstance(key, bytes | bytearray):
            raise RedactionError(
                f"RedactionContext.hash_key must be bytes, not {type(key).__name__}"
            )
        if not key:
            raise RedactionError(
                "the hash operator needs a key (RedactionContext.hash_key): unkeyed hashes "
                "of PII can be reversed by guessing"
            )
        if len(key) < MIN_HASH_KEY_BYTES:
            raise RedactionError(f"the hash key must be at least {MIN_HASH_KEY_BYTES} bytes")
        digest = hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return f"<{entity_type}:{digest.hexdigest()[: config.hash_length]}>"
    if op == "pseudonymize":
        if context.vault is None or not context.session:
            raise RedactionError("the pseudonymize operator needs a vault and a session")
        if not callable(getattr(context.vault, "pseudonymize", None)):
            raise RedactionError(
                f"RedactionContext.vault must be a Vault, not {type(context.vault).__name__}"
            )
        return context.vault.pseudonymize(context.tenant, context.session, entity_type, value)
    raise RedactionError(f"unknown operator {op!r}")  # pragma: no cover - Literal-checked


def _mask(value: str, config: OperatorConfig) -> str:
    # A letter and the combining marks that follow it (the vowel signs of Hindi or Thai, a
    # decomposed accent) are one character to the reader: masked or shown together, so a
    # masked name does not keep its vowel signs ("अनिल" is "***", not "**ि*").
    starts = [i for i, c in enumerate(value) if not i or unicodedata.category(c)[0] != "M"]
    units = [value[a:b] for a, b in zip(starts, [*starts[1:], len(value)], strict=False)]
    if config.keep_separators:
        maskable = [
            i
            for i, u in enumerate(units)
            if u[0].isalnum() or unicodedata.category(u[-1])[0] == "M"
        ]
    else:
        maskable = list(range(len(units)))
    keep = min(config.keep_last, len(maskable) // 2)
    visible = set(maskable[len(maskable) - keep :]) if keep else set()
    hidden = set(maskable) - visible
    return "".join(config.mask_char if i in hidden else u for i, u in enumerate(units))


def _merge(text: str, entities: list[PiiEntity]) -> list[tuple[int, int, PiiEntity]]:
    """Valid spans, overlapping ones merged; the merged span takes its best entity's type."""
    spans = sorted(
        ((max(0, e.start), min(len(text), e.end), e) for e in entities if e.end > e.start),
        key=lambda span: (span[0], span[1]),  # never compare the (unordered) entities
    )
    merged: list[tuple[int, int, PiiEntity]] = []
    for start, end, ent in spans:
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            m_start, m_end, best = merged[-1]
            if (ent.score, ent.end - ent.start) > (best.score, best.end - best.start):
                best = ent
            merged[-1] = (m_start, max(m_end, end), best)
        else:
            merged.append((start, end, ent))
    return merged


def redact(
    text: str, entities: list[PiiEntity], config: RedactionConfig, context: RedactionContext
) -> RedactionResult:
    """Replace every entity span of ``text`` by its operator's output.

    Overlapping spans are merged first. Replacements are decided in text order (so
    placeholder numbers follow reading order); offsets always refer to the input text.
    """
    _check_redact_args(text, entities, config, context)
    spans = _merge(text, entities)
    replacements = [
        (start, end, ent, config.for_entity(ent.entity_type)) for start, end, ent in spans
    ]
    values = [
        apply_operator(op, ent.entity_type, text[start:end], context)
        for start, end, ent, op in replacements
    ]
    pieces: list[str] = []
    items: list[RedactionItem] = []
    cursor = length = 0
    for (start, end, ent, op), new in zip(replacements, values, strict=True):
        pieces += [text[cursor:start], new]
        new_start = length + start - cursor
        length = new_start + len(new)
        items.append(
            RedactionItem(start, end, new, ent.entity_type, op.operator, new_start, length)
        )
        cursor = end
    pieces.append(text[cursor:])
    out = "".join(pieces)
    return RedactionResult(out, items)


def _check_redact_args(text: object, entities: object, config: object, context: object) -> None:
    """TypeError naming the argument of ``redact`` that has the wrong type."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not isinstance(entities, list | tuple):
        raise TypeError(f"entities must be a list of PiiEntity, not {type(entities).__name__}")
    for i, e in enumerate(entities):
        if not isinstance(e, PiiEntity):
            raise TypeError(f"entities[{i}] must be a PiiEntity, not {type(e).__name__}")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (e.start, e.end)):
            raise TypeError(f"entities[{i}]: start and end must be int, not {e.start!r}, {e.end!r}")
        if not isinstance(e.entity_type, str) or not e.entity_type:
            raise TypeError(
                f"entities[{i}]: entity_type must be a non-empty str, not {e.entity_type!r}"
            )
    if not isinstance(config, RedactionConfig):
        raise TypeError(
            "config must be a RedactionConfig (RedactionConfig.model_validate({...})), "
            f"not {type(config).__name__}"
        )
    if not isinstance(context, RedactionContext):
        raise TypeError(f"context must be a RedactionContext, not {type(context).__name__}")
