"""The features of one claim against an :class:`~.context.Evidence`.

Each feature is in ``[0, 1]``; 1 means "looks supported":

``coverage``
    share of the claim's content words the documents contain (stem or word);
``key_coverage``
    share of its key terms (numbers, capitalized names) the documents contain;
``numbers``
    0 when a number of the claim is nowhere in the documents, else 1;
``passage_coverage``
    the best share of content words found within one sentence or two adjacent sentences
    (a claim that stitches facts from unrelated places scores low);
``passage_keys``
    the best share of key terms found together in one such passage;
``soft_mean``, ``soft_min``
    mean and minimum over the claim's content words of their support: 1 when the word is
    in the documents or a synonym of a document word, else the best cosine similarity of
    its static MiniLM embedding to a document word.

A content word that is not a key term counts as found (a *synonym*) when the static
MiniLM embedding of some document word is at least ``min_word_similarity`` close to it
("began" against "started", "film" against "movie"); names and numbers never do, and
neither do words of a contrast set (:mod:`.lexicon`: "closed" against "opened").
``similarity``
    the best cosine similarity of the claim's static embedding to a document sentence
    (computed, but the bundled model does not use it: see its model card);
``polarity``
    0 when the claim is negated ("was not", "never") and its best passage is not, or when
    the claim is not negated and a negation of the passage denies it (the negation governs
    a word of the claim, and its clause holds at least half of the claim's content words:
    "was present" against "was not present"), else 1;
``passage_polarity``
    0 when the best passage is negated and the claim is not, else 1.
"""

from __future__ import annotations

__all__ = ["FEATURES", "ClaimFeatures", "claim_features"]

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from saferail.checks._grounding.context import Evidence, Passage, text_vector, word_vector
from saferail.checks._grounding.lexicon import contrasts, has_contrasts
from saferail.checks._grounding.text import Word, is_negated, key_terms, stem, words

FEATURES: tuple[str, ...] = (
    "coverage",
    "key_coverage",
    "numbers",
    "passage_coverage",
    "passage_keys",
    "soft_mean",
    "soft_min",
    "similarity",
    "polarity",
    "passage_polarity",
)


@dataclass(slots=True)
class ClaimFeatures:
    """Feature vector (ordered as :data:`FEATURES`), the claim words the documents lack
    and the best-matching passage (span in the context), if any."""

    values: npt.NDArray[np.float64]
    missing: list[str]
    passage: tuple[int, int, int] | None  # (doc, start, end)

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in zip(FEATURES, self.values, strict=True)}


def _found(w: Word, stems: frozenset[str], lowers: frozenset[str]) -> bool:
    return w.stem in stems or w.lower in lowers


def _unique(ws: list[Word]) -> list[Word]:
    seen: dict[str, Word] = {}
    for w in ws:
        seen.setdefault(w.stem, w)
    return list(seen.values())


def _similarity(ev: Evidence, w: Word) -> float:
    """Best cosine of the word's static embedding to a document word (0 for numbers)."""
    vocab, vectors = ev.vocab
    if w.number or not vocab:
        return 0.0
    sims = vectors @ word_vector(w.lower)
    if has_contrasts(w.stem):  # "closed" is no paraphrase of "opened"
        keep = np.array([not contrasts(w.stem, stem(v)) for v in vocab])
        if not keep.any():
            return 0.0
        sims = sims[keep]
    return max(0.0, min(1.0, float(np.max(sims))))


def _denied(p: Passage, content: list[Word]) -> bool:
    """Whether a negation of ``p`` denies the claim whose content words are ``content``."""
    stems = frozenset(w.stem for w in content)
    return any(d.scope & stems and 2 * len(d.clause & stems) >= len(stems) for d in p.denials)


def _best_passage(
    ev: Evidence, content: list[Word], credited: set[str], keys: list[Word]
) -> tuple[float, float, Passage | None]:
    """Best (content share, key share) within one passage; words credited as synonyms
    count as present in every passage. Single sentences win ties."""
    best_cov, best_keys, best = 0.0, 0.0, None
    n_content, n_keys = len(content), len(keys)
    for p in ev.passages:
        stems, lowers = p.stems, p.lowers
        cov = (
            sum(w.stem in credited or w.stem in stems or w.lower in lowers for w in content)
            / n_content
            if n_content
            else 1.0
        )
        kc = sum(w.stem in stems or w.lower in lowers for w in keys) / n_keys if n_keys else 1.0
        if best is None or cov + kc > best_cov + best_keys + 1e-9:
            best_cov, best_keys, best = cov, kc, p
            if cov + kc >= 2.0:
                break
    return best_cov, best_keys, best


def claim_features(
    claim: str, ev: Evidence, min_word_similarity: float = 1.01, *, similarity: bool = True
) -> ClaimFeatures:
    """Features of ``claim`` against the evidence ``ev`` (see the module doc).

    A content word that is not a key term and not in the documents still counts as found
    when a document word's embedding is at least ``min_word_similarity`` close to it.
    ``similarity=False`` skips the sentence-embedding feature (left at 0.0)."""
    ws = words(claim)
    content = _unique([w for w in ws if w.content])
    keys = _unique(key_terms(ws))
    key_stems = {w.stem for w in keys}
    support: dict[str, float] = {}
    credited: set[str] = set()
    missing: list[str] = []
    for w in content:
        if _found(w, ev.stems, ev.lowers):
            support[w.stem] = 1.0
            continue
        sim = 0.0 if w.stem in key_stems else _similarity(ev, w)
        if sim >= min_word_similarity:
            credited.add(w.stem)
            sim = 1.0
        else:
            missing.append(w.surface)
        support[w.stem] = sim
    n = max(1, len(content))
    coverage = (len(content) - len(missing)) / n if content else 1.0
    key_found = [_found(w, ev.stems, ev.lowers) for w in keys]
    key_cov = sum(key_found) / len(keys) if keys else 1.0
    numbers = 0.0 if any(w.number and not f for w, f in zip(keys, key_found, strict=True)) else 1.0
    p_cov, p_keys, passage = _best_passage(ev, content, credited, keys)
    sims = list(support.values()) or [1.0]
    negated = is_negated(ws)
    denied = passage is not None and not negated and _denied(passage, content)
    polarity = 0.0 if (passage is not None and negated and not passage.negated) or denied else 1.0
    passage_polarity = 0.0 if passage is not None and passage.negated and not negated else 1.0
    sim_value = 0.0
    if similarity and ev.sentences:
        sim_value = float(np.max(ev.sentence_vectors @ text_vector(ws)))
    values = np.array(
        [
            coverage,
            key_cov,
            numbers,
            p_cov,
            p_keys,
            float(np.mean(sims)),
            float(min(sims)),
            max(0.0, min(1.0, sim_value)),
            polarity,
            passage_polarity,
        ],
        dtype=np.float64,
    )
    span = None if passage is None else (passage.doc, passage.start, passage.end)
    return ClaimFeatures(values, missing, span)
