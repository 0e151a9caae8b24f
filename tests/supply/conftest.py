"""A copy of the bundled models and suites that the loaders read instead of the real ones."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail.checks._grounding import model as grounding_model
from saferail.detectors import model as detector_model
from saferail.detectors import static
from saferail.evals import suite as suite_module
from saferail.supply.pins import ALLOW_UNPINNED_ENV, data_dir


def _clear_caches() -> None:
    detector_model.load_model.cache_clear()
    grounding_model.load_model.cache_clear()
    static.load_embedder.cache_clear()


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``tmp/data`` with copies of ``models/`` and ``suites/``; the loaders read the copies.

    The real files are never modified; the loaders' caches are cleared before and after so
    no other test sees a model loaded from the copy."""
    root = tmp_path / "data"
    for sub in ("models", "suites"):
        shutil.copytree(data_dir() / sub, root / sub)
    monkeypatch.delenv(ALLOW_UNPINNED_ENV, raising=False)
    monkeypatch.setattr(detector_model, "models_dir", lambda: root / "models")
    monkeypatch.setattr(suite_module, "BUILTIN_SUITES_DIR", root / "suites")
    _clear_caches()
    yield root
    _clear_caches()


def flip_byte(path: Path, offset: int | None = None) -> None:
    """Change one byte of ``path`` (the middle one unless ``offset`` is given)."""
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0x01
    path.write_bytes(bytes(data))
