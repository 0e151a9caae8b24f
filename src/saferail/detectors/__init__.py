"""Trained text classifiers: prompt injection, jailbreak, harmful request and toxicity.

Hashed word and character n-gram features (:mod:`saferail.detectors.features`), and for some
models a static MiniLM token embedding (:mod:`saferail.detectors.static`), feed small
calibrated logistic-regression models (:mod:`saferail.detectors.model`) trained offline by
``scripts/train_detectors.py`` and shipped under ``saferail/data/models``. The checks are in
:mod:`saferail.detectors.checks`. Run time needs numpy (and re2) only.
"""

from __future__ import annotations

from saferail.detectors.features import (
    N_FEATURES,
    SparseBatch,
    SparseVector,
    featurize,
    featurize_batch,
)
from saferail.detectors.model import LinearModel, load_model, models_dir
from saferail.detectors.static import StaticEmbedder, embed, embed_batch, load_embedder

__all__ = [
    "N_FEATURES",
    "LinearModel",
    "SparseBatch",
    "SparseVector",
    "StaticEmbedder",
    "embed",
    "embed_batch",
    "featurize",
    "featurize_batch",
    "load_embedder",
    "load_model",
    "models_dir",
]
