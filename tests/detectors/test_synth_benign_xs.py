"""scripts/synth_benign_xs.py: the two halves share no template and no row, and every kind is
in both (the held-out half tests other wording of the same kinds)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import synth_benign_xs as xs


def test_halves_are_disjoint_and_cover_every_kind() -> None:
    train, test = xs.benign_xs("train"), xs.benign_xs("test")
    assert len(train) == len(set(train)) and len(test) == len(set(test))
    assert not set(train) & set(test)
    for kind, families in xs.KINDS.items():
        assert len(families) >= 2, kind
        even = {t.format(f) for i, (t, fills) in enumerate(families) if i % 2 == 0 for f in fills}
        odd = {t.format(f) for i, (t, fills) in enumerate(families) if i % 2 == 1 for f in fills}
        assert even <= set(train) and odd <= set(test), kind
        assert even and odd, kind


def test_a_wrong_part_is_refused() -> None:
    with pytest.raises(ValueError, match="part must be"):
        xs.benign_xs("dev")
