"""Claim support: does a set of documents back one claim? Shared by both checks.

:func:`claim_support` indexes the context (cached per context string), builds the evidence
of the chosen documents (all, or the ones a citation names), computes the claim's features
and scores them with the trained model. Results are cached per (claim, context,
documents, similarity setting), so repeated claims and the two checks cost one lookup.
"""

from __future__ import annotations

__all__ = ["ClaimSupport", "assess", "claim_support", "grounded_ratio"]

from dataclasses import dataclass, field
from functools import lru_cache

from saferail.checks._claims import Claim, Markers, split_claims
from saferail.checks._grounding.context import context_index
from saferail.checks._grounding.features import claim_features
from saferail.checks._grounding.model import load_model


@dataclass(frozen=True, slots=True)
class ClaimSupport:
    """How well documents support one claim.

    ``score`` is the calibrated probability that the claim is NOT supported; ``supported``
    compares it with the model's threshold. ``missing`` lists the claim's words the
    documents lack, ``passage`` the best-matching passage as (document id, start, end) in
    the context, ``features`` the model's inputs.
    """

    claim: str
    score: float
    supported: bool
    missing: tuple[str, ...] = ()
    passage: tuple[int, int, int] | None = None
    features: dict[str, float] = field(default_factory=dict)
    start: int | None = None
    end: int | None = None


@lru_cache(maxsize=4096)
def _cached(
    claim: str, context: str, docs: tuple[int, ...] | None, min_sim: float | None
) -> ClaimSupport:
    model = load_model()
    evidence = context_index(context).evidence(docs)
    sim = model.min_word_similarity if min_sim is None else min_sim
    feats = claim_features(claim, evidence, sim, similarity="similarity" in model.features)
    p = model.probability(feats)
    return ClaimSupport(
        claim,
        p,
        p < model.threshold,
        tuple(feats.missing),
        feats.passage,
        feats.as_dict(),
    )


def claim_support(
    claim: str,
    context: str,
    docs: tuple[int, ...] | None = None,
    *,
    min_word_similarity: float | None = None,
) -> ClaimSupport:
    """Support of ``claim`` by ``context`` (only documents ``docs`` when given; see
    :mod:`saferail.checks._grounding.context` for how documents are numbered).

    ``min_word_similarity`` overrides the model's synonym setting (``None``: the model's).
    A context without text supports nothing: the score is 1.0.
    """
    if not context.strip() or (docs is not None and not docs):
        return ClaimSupport(claim, 1.0, False)
    return _cached(claim, context, tuple(sorted(set(docs))) if docs else None, min_word_similarity)


def assess(
    text: str,
    context: str,
    *,
    markers: Markers | None = None,
    min_word_similarity: float | None = None,
) -> list[ClaimSupport]:
    """Split ``text`` into claims and test each against the whole ``context``; each result
    carries the claim's span in ``text``."""
    out: list[ClaimSupport] = []
    for c in split_claims(text, markers):
        s = claim_support(c.text, context, min_word_similarity=min_word_similarity)
        out.append(_at(s, c))
    return out


def _at(s: ClaimSupport, c: Claim) -> ClaimSupport:
    return ClaimSupport(
        s.claim, s.score, s.supported, s.missing, s.passage, s.features, c.start, c.end
    )


def grounded_ratio(text: str, context: str, *, threshold: float | None = None) -> float | None:
    """Fraction of the answer's claims the context supports (``None``: no checkable claim).

    A claim counts as supported when its score is below ``threshold`` (the model's
    threshold, 0.5, when ``None``)."""
    results = assess(text, context)
    if not results:
        return None
    cut = load_model().threshold if threshold is None else threshold
    return sum(r.score < cut for r in results) / len(results)
