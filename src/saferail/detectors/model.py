"""A calibrated linear model over hashed features, stored as a small ``.npz`` artifact.

The artifact holds ``weights`` (float16, one per hashed bucket), ``bias``, the Platt
calibration ``platt_a`` and ``platt_b`` (``p = sigmoid(a * margin + b)``), the
``threshold`` chosen at training time for a target false-positive rate, and a JSON
``meta`` string (version, data, metrics). Models trained with the static-embedding block
(:mod:`saferail.detectors.static`) also hold ``dense`` (float32, one weight per embedding
dimension): their margin is ``w . x + d . e + bias`` for hashed features ``x`` and static
embedding ``e``. Loading is cached per name.
"""

from __future__ import annotations

__all__ = ["LinearModel", "ModelNotFoundError", "load_model", "models_dir"]

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from saferail.detectors.features import N_FEATURES, SparseBatch, SparseVector
from saferail.errors import SaferailError


def models_dir() -> Path:
    """Folder of the bundled model artifacts."""
    return Path(str(resources.files("saferail") / "data" / "models"))


Float64Array = npt.NDArray[np.float64]


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))
    return out


_FIRST = np.zeros(1, dtype=np.intp)  # reduceat over one whole row


def _dense_rows(embs: npt.NDArray[np.float32], dense64: Float64Array) -> Float64Array:
    """``embs @ dense`` row by row in float64: not a BLAS product, whose rounding may depend
    on the number of rows (one text must score the same bits alone and in a batch; numpy
    sums each row of a C-ordered matrix as it sums a lone vector)."""
    out: Float64Array = (embs.astype(np.float64) * dense64).sum(axis=-1)
    return out


@dataclass(slots=True)
class LinearModel:
    """Logistic regression on hashed features with Platt-calibrated output."""

    name: str
    weights: npt.NDArray[np.float32]
    bias: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    dense: npt.NDArray[np.float32] | None = None
    _dense64: Float64Array | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.weights.shape != (N_FEATURES,):
            raise ValueError(f"weights must have shape ({N_FEATURES},)")
        self.weights = np.asarray(self.weights, dtype=np.float32)
        if self.dense is not None:
            self.dense = np.asarray(self.dense, dtype=np.float32).reshape(-1)
            self._dense64 = self.dense.astype(np.float64)

    @property
    def uses_embedding(self) -> bool:
        """Whether the model needs the static embedding of the text."""
        return self.dense is not None

    def margin(self, vec: SparseVector, emb: npt.NDArray[np.float32] | None = None) -> float:
        """Uncalibrated decision value ``w . x (+ d . e) + bias``.

        The same operations as one row of :meth:`margin_batch`, so a text gets the same bits
        alone as in a batch (a calibrated threshold sits one float above a benign score: a
        difference in the last bits would flip that text between ``saferail check`` and
        ``saferail check --jsonl``)."""
        prod = self.weights[vec.indices].astype(np.float64) * vec.values
        out = float(np.add.reduceat(prod, _FIRST)[0]) if prod.size else 0.0
        if self._dense64 is not None:
            if emb is None:
                raise ValueError(f"model {self.name!r} needs the static embedding of the text")
            out += float(_dense_rows(emb, self._dense64))
        return out + self.bias

    def proba_from_margin(self, margin: float) -> float:
        """The calibrated probability of a decision value."""
        z = min(max(self.platt_a * margin + self.platt_b, -50.0), 50.0)  # as _sigmoid clips
        return float(1.0 / (1.0 + np.exp(-z)))  # numpy's exp, as the batch path: same bits

    def predict_proba(self, vec: SparseVector, emb: npt.NDArray[np.float32] | None = None) -> float:
        """Calibrated probability that the text of ``vec`` (and ``emb``) is positive."""
        return self.proba_from_margin(self.margin(vec, emb))

    def margin_batch(
        self, batch: SparseBatch, embs: npt.NDArray[np.float32] | None = None
    ) -> npt.NDArray[np.float64]:
        """Decision values of every row of ``batch`` (and ``embs``, one row each)."""
        prod = self.weights[batch.indices].astype(np.float64) * batch.values
        sums = np.zeros(batch.n_rows, dtype=np.float64)
        counts = np.diff(batch.indptr)
        nonempty = counts > 0
        if prod.size:
            sums[nonempty] = np.add.reduceat(prod, batch.indptr[:-1][nonempty])
        if self._dense64 is not None:
            if embs is None:
                raise ValueError(f"model {self.name!r} needs the static embeddings")
            sums += _dense_rows(embs, self._dense64)
        return sums + self.bias

    def predict_proba_batch(
        self, batch: SparseBatch, embs: npt.NDArray[np.float32] | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated probabilities of every row of ``batch``."""
        return _sigmoid(self.platt_a * self.margin_batch(batch, embs) + self.platt_b)

    def save(self, path: Path) -> None:
        """Write the artifact (float16 weights, compressed)."""
        arrays: dict[str, Any] = {
            "weights": self.weights.astype(np.float16),
            "scalars": np.array(
                [self.bias, self.platt_a, self.platt_b, self.threshold], dtype=np.float64
            ),
            "meta": np.array(json.dumps(dict(self.meta, name=self.name), sort_keys=True)),
        }
        if self.dense is not None:
            arrays["dense"] = self.dense.astype(np.float32)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Read an artifact written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as npz:
            weights = npz["weights"].astype(np.float32)
            bias, a, b, threshold = (float(x) for x in npz["scalars"])
            meta = json.loads(str(npz["meta"]))
            dense = npz["dense"].astype(np.float32) if "dense" in npz.files else None
        name = str(meta.get("name", path.stem))
        return cls(name, weights, bias, a, b, threshold, meta, dense)


class ModelNotFoundError(SaferailError, LookupError):
    """No bundled model of that name (a typo, another case, a path)."""


@lru_cache(maxsize=16)
def load_model(name: str) -> LinearModel:
    """The bundled model ``name`` (``prompt_injection``, ``jailbreak``, ...), cached.

    The file is checked against its pinned SHA-256 first (:mod:`saferail.supply.pins`); a
    modified artifact raises ``ArtifactIntegrityError`` and is not loaded."""
    from saferail.supply.pins import verify_pinned

    path = models_dir() / f"{name}.npz"
    if not isinstance(name, str) or not name.isidentifier() or not path.is_file():
        known = sorted(p.stem for p in models_dir().glob("*.npz"))
        raise ModelNotFoundError(f"no bundled model {name!r} (known: {', '.join(known)})")
    verify_pinned(path, f"models/{name}.npz")
    return LinearModel.load(path)
