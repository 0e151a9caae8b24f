"""Human review hooks: export a stratified sample of results, read reviewers' labels back,
and measure how well the automated scorers agree with the humans (Cohen's kappa).

The export is blind: it shows each case's prompt, the answer and what a passing answer
looks like, never the automated verdicts (reviewers who see them tend to agree with them).
Prompts and answers are redacted by default with the ``pii`` and ``secret`` checks.
"""

from __future__ import annotations

from saferail.evals.review._agreement import (
    AgreementReport,
    RaterAgreement,
    ReviewerPair,
    ScorerAgreement,
    agreement,
)
from saferail.evals.review._export import export_review_sample, redact_for_review, write_review_file
from saferail.evals.review._labels import read_review_labels
from saferail.evals.review._model import (
    OVERALL,
    ReviewError,
    ReviewFileError,
    ReviewItem,
    ReviewLabel,
)

__all__ = [
    "OVERALL",
    "AgreementReport",
    "RaterAgreement",
    "ReviewError",
    "ReviewFileError",
    "ReviewItem",
    "ReviewLabel",
    "ReviewerPair",
    "ScorerAgreement",
    "agreement",
    "export_review_sample",
    "read_review_labels",
    "redact_for_review",
    "write_review_file",
]
