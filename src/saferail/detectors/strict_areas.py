"""The opt-in ``strict_areas`` forms of ``harmful_request``: self-harm and sexual exploitation.

Three forms written on two development sets (:mod:`~saferail.detectors.hazard_selfharm`,
:mod:`~saferail.detectors.hazard_sexual`, :mod:`~saferail.detectors.hazard_pairs`) find more
requests for the means of suicide or self-injury, disordered eating, sexualizing or luring
children, image abuse, drugging and trafficking. On two blind sets they raised the harmful
requests flagged from 100 to 135 of 240 with 6 more legitimate messages flagged, but across
the project's other blind sets they flagged 12 more legitimate messages (25 more harmful
ones): they failed the rule the default check ships under, so they are off by default. A
policy turns them on where a missed self-harm or child-exploitation request costs more than
a false alarm (a service for teenagers, a companion app)::

    input:
      checks:
        harmful_request: {action: block, params: {strict_areas: true}}

When on, a text any of them matches scores like the hazard rule (``HAZARD_RULE_SCORE``),
over every benign frame. Figures: ``src/saferail/data/models/MODEL_CARD.md``.
"""

from __future__ import annotations

__all__ = ["HarmfulRequestParams", "strict_area_request"]

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from saferail.detectors.hazard_pairs import paired_request
from saferail.detectors.hazard_selfharm import self_harm_request
from saferail.detectors.hazard_sexual import sexual_abuse_request
from saferail.detectors.signatures import word_chunks


class HarmfulRequestParams(BaseModel):
    """Parameters of the ``harmful_request`` check."""

    model_config = ConfigDict(extra="forbid")

    strict_areas: bool = Field(
        False,
        description="Also flag the self-harm and sexual-exploitation requests of the opt-in "
        "forms (more found, more false alarms; see saferail.detectors.strict_areas).",
    )


def strict_area_request(words: Sequence[str]) -> bool:
    """Whether any opt-in form matches the lowercased ``words`` of a text."""
    return any(
        self_harm_request(chunk) or sexual_abuse_request(chunk) or paired_request(chunk)
        for chunk in word_chunks(tuple(words))
    )
