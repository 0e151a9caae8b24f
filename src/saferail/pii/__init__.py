"""PII: recognizers, the name gazetteer, redaction operators, vault and de-anonymization."""

from __future__ import annotations

from saferail.pii.model import ENTITY_TYPES, PiiEntity, Recognizer

__all__ = ["ENTITY_TYPES", "PiiEntity", "Recognizer"]
