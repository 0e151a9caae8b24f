"""``ungrounded``: claims of an answer that the supplied context does not support.

The answer is split into claims (sentences and ``;`` clauses; questions, boilerplate,
abstentions and hedge openers are left out, see :mod:`saferail.checks._claims`) and each
claim is tested against the call's ``context`` (the retrieved documents):

* **lexical support**: its key terms (numbers, capitalized names) and content words must
  occur in the documents, and together within one sentence or two adjacent ones;
* **embedding similarity**: a word that is not in the documents still counts when the
  static MiniLM embedding of a document word is close to it (a synonym), and how close
  the nearest document word is feeds the score;
* **a trained scorer**: a logistic regression over these features, trained by
  ``scripts/train_grounding.py`` on a train split of HaluEval QA, turns them into the
  calibrated probability that the claim is not supported (``grounding.json``, model card
  ``grounding.md``).

Each claim scored at 0.25 or more is a finding with the claim's span; the policy threshold
(0.5 by default) decides which count. Without a context there is nothing to test against
and the check reports nothing. :func:`grounded_ratio` gives the fraction of an answer's
claims the context supports, for reports.
"""

from __future__ import annotations

__all__ = [
    "ClaimSupport",
    "Ungrounded",
    "UngroundedParams",
    "assess",
    "claim_support",
    "grounded_ratio",
    "split_claims",
]

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from saferail.checks._claims import split_claims
from saferail.checks._grounding.support import ClaimSupport, assess, claim_support, grounded_ratio
from saferail.checks.base import Check, CheckInput, Finding
from saferail.checks.registry import register_check

REPORT_FROM = 0.25


class UngroundedParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_word_similarity: float | None = Field(
        None,
        ge=0.0,
        le=1.01,
        description=(
            "Embedding similarity at which a word counts as a synonym of a document word; "
            "unset: the trained model's value. 1.01 turns synonyms off."
        ),
    )
    max_findings: int = Field(50, ge=1, le=10_000, description="At most this many findings.")


@register_check
class Ungrounded(Check):
    """Claims of the answer that the supplied context does not support."""

    name = "ungrounded"
    categories = ("ungrounded",)
    surfaces = frozenset({"output"})
    cost = "cheap"
    description = "Claims of the answer that the supplied context (retrieved text) does not support"
    tags = ("owasp:llm09:2025",)
    Params: ClassVar[type[BaseModel]] = UngroundedParams

    def run(self, data: CheckInput) -> list[Finding]:
        if not data.context or not data.context.strip():
            return []
        p = self.params
        assert isinstance(p, UngroundedParams)
        findings: list[Finding] = []
        for result in assess(data.text, data.context, min_word_similarity=p.min_word_similarity):
            if result.score < REPORT_FROM:
                continue
            findings.append(
                self.finding(
                    result.score,
                    result.start,
                    result.end,
                    entity_type="UNSUPPORTED_CLAIM",
                    detail=_explain(result),
                )
            )
            if len(findings) >= p.max_findings:
                break
        return findings


def _explain(result: ClaimSupport) -> str:
    if result.missing:
        shown = ", ".join(repr(w) for w in result.missing[:4])
        return f"not in the context: {shown}"
    if result.features.get("polarity", 1.0) < 1.0:
        return "the context says the opposite (negation)"
    return "the context does not state this claim"
