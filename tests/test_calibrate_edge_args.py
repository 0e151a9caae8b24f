"""Bad arguments to :func:`saferail.calibrate.calibrate` raise ``CalibrationError`` instead of
silently fitting something else."""

from __future__ import annotations

import math

import pytest

from saferail import parse_policy
from saferail.calibrate import CalibrationError, calibrate, calibrate_scores

POLICY = parse_policy("input:\n  checks:\n    hidden_text: {action: warn}\n")
BENIGN = [f"what is the weather like in city number {i}?" for i in range(40)]


@pytest.mark.parametrize("floor", [math.nan, -0.5, 1.5, "0.1", None, True])
def test_bad_min_threshold_is_refused(floor: object) -> None:
    with pytest.raises(CalibrationError, match="min_threshold"):
        calibrate(POLICY, BENIGN, target_fpr=0.1, min_threshold=floor)  # type: ignore[arg-type]
    with pytest.raises(CalibrationError, match="min_threshold"):
        calibrate_scores({"c": [0.0] * 20}, target_fpr=0.1, min_threshold=floor)  # type: ignore[arg-type]


@pytest.mark.parametrize("floor", [0, 0.0, 1, 1.0])
def test_min_threshold_bounds_are_accepted(floor: float) -> None:
    (cal,) = calibrate_scores({"c": [0.0] * 20}, target_fpr=0.1, min_threshold=floor)
    assert cal.threshold == max(float(floor), math.nextafter(0.0, 1.0))


def test_one_string_is_not_read_as_one_text_per_character() -> None:
    with pytest.raises(CalibrationError, match="one string"):
        calibrate(POLICY, "how do I reset my password", target_fpr=0.1)
    result = calibrate(POLICY, ["how do I reset my password"] * 20, target_fpr=0.1)
    assert result.n == 20
