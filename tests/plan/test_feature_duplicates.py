"""A key written twice in a feature file is an error (YAML would keep the last silently)."""

from __future__ import annotations

import pytest

from saferail.plan import FeatureError, parse_feature


def test_a_repeated_data_key_would_hide_sensitive_data() -> None:
    text = "name: x\nsurface: chat\ndata: [pii, health]\nusers: [minors]\ndata: []\n"
    with pytest.raises(FeatureError) as info:
        parse_feature(text, source="f.yaml")
    assert str(info.value) == "f.yaml:5: data: duplicate key 'data' (first on line 3)"


def test_a_repeated_nested_key_names_its_path() -> None:
    text = (
        "name: x\nsurface: agent\n"
        "tools:\n  - {name: pay, side_effects: payment, side_effects: read}\n"
    )
    with pytest.raises(FeatureError) as info:
        parse_feature(text, source="f.yaml")
    assert str(info.value).startswith("f.yaml:4: tools.0.side_effects: duplicate key")
