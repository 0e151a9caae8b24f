"""The trained claim scorer: logistic regression over the claim features, stored as JSON.

``grounding.json`` (``src/saferail/data/models``, written by ``scripts/train_grounding.py``,
described in ``grounding.md`` beside it) holds the names of the features it uses (a subset
of :data:`~.features.FEATURES`), one weight each, the bias, the ``min_word_similarity`` at
which a word counts as a synonym, the decision threshold and a ``meta`` block (data, split,
metrics). The output is the probability that a claim is NOT supported by the documents,
calibrated for a balanced prior (the training rows are weighted so both classes count
the same).
"""

from __future__ import annotations

__all__ = ["MODEL_FILE", "GroundingModel", "load_model"]

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from saferail.checks._grounding.features import FEATURES, ClaimFeatures

MODEL_FILE = "grounding.json"


@dataclass(frozen=True, slots=True)
class GroundingModel:
    """Weights of the claim scorer; :meth:`probability` scores one claim's features."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    min_word_similarity: float = 1.01
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [f for f in self.features if f not in FEATURES]
        if unknown or len(self.features) != len(self.weights):
            raise ValueError(f"grounding model: bad features {unknown or list(self.features)}")

    def margin(self, values: dict[str, float]) -> float:
        """``w . x + bias`` over the model's features."""
        return self.bias + sum(
            w * values[f] for f, w in zip(self.features, self.weights, strict=True)
        )

    def probability(self, feats: ClaimFeatures) -> float:
        """Calibrated probability that the claim is not supported."""
        z = max(-50.0, min(50.0, self.margin(feats.as_dict())))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        body = {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "min_word_similarity": self.min_word_similarity,
            "threshold": self.threshold,
            "meta": self.meta,
        }
        return json.dumps(body, indent=2, sort_keys=False) + "\n"

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroundingModel:
        return cls(
            tuple(str(f) for f in data["features"]),
            tuple(float(w) for w in data["weights"]),
            float(data["bias"]),
            float(data.get("min_word_similarity", 1.01)),
            float(data.get("threshold", 0.5)),
            dict(data.get("meta", {})),
        )

    @classmethod
    def load(cls, path: Path) -> GroundingModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def load_model() -> GroundingModel:
    """The bundled claim scorer (loaded once, after checking its pinned SHA-256)."""
    from saferail.detectors.model import models_dir
    from saferail.supply.pins import verify_pinned

    path = models_dir() / MODEL_FILE
    verify_pinned(path, f"models/{MODEL_FILE}")
    return GroundingModel.load(path)
