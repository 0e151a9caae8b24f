"""Asking for a bundled model that does not exist is a typed error, not a FileNotFoundError."""

from __future__ import annotations

import pytest

from saferail.detectors.model import ModelNotFoundError, load_model
from saferail.errors import SaferailError


@pytest.mark.parametrize("name", ["prompt_injecton", "Refusal", "../models/refusal", ""])
def test_an_unknown_model_name_is_a_model_not_found_error(name: str) -> None:
    with pytest.raises(ModelNotFoundError, match="no bundled model") as info:
        load_model(name)
    assert isinstance(info.value, SaferailError) and "prompt_injection" in str(info.value)


def test_a_known_model_still_loads() -> None:
    assert load_model("refusal").name == "refusal"
