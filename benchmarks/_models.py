"""Scoring a folder of candidate detector weights instead of the bundled ones (the
``--models DIR`` option of the detector benchmarks)."""

from __future__ import annotations

import os
from pathlib import Path


def use_model_folder(folder: Path) -> Path:
    """Make every detector check load its model from ``folder`` (a candidate, not pinned yet).
    Call it before any check is imported. Returns the resolved folder."""
    import saferail.detectors.model as detector_model

    models = folder.resolve()
    os.environ["SAFERAIL_ALLOW_UNPINNED"] = "1"  # a candidate is not pinned yet
    detector_model.models_dir = lambda: models
    return models
