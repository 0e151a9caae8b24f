import math

import pytest

from saferail.evals.stats import cohen_kappa, corrected_rate, holm, mcnemar_exact, wilson


def test_wilson_known_values() -> None:
    low, high = wilson(81, 263)  # textbook example: 0.2553 .. 0.3662
    assert math.isclose(low, 0.2553, abs_tol=5e-4) and math.isclose(high, 0.3662, abs_tol=5e-4)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(5, 3)


def test_mcnemar_exact_matches_binomial_sums() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert math.isclose(mcnemar_exact(0, 5), 2 * 0.5**5)
    assert math.isclose(mcnemar_exact(1, 9), 2 * (1 + 10) / 1024)
    assert mcnemar_exact(5, 5) == 1.0
    assert mcnemar_exact(3000, 2500) < 1e-9  # large n stays finite


def test_holm_adjustment() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([]) == []
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_rogan_gladen_correction() -> None:
    # a scorer with sens 0.9 / spec 0.95 reporting 0.5 implies a true rate of 0.5294
    assert corrected_rate(0.5, 0.9, 0.95) == pytest.approx(0.52941, abs=1e-4)
    assert corrected_rate(0.01, 0.9, 0.95) == 0.0
    with pytest.raises(ValueError, match="no better than chance"):
        corrected_rate(0.5, 0.5, 0.5)


def test_cohen_kappa() -> None:
    assert cohen_kappa(["y", "n", "y"], ["y", "n", "y"]) == 1.0
    # classic 2x2 example: 20/5/10/15 -> kappa 0.4
    a = ["y"] * 20 + ["y"] * 5 + ["n"] * 10 + ["n"] * 15
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        cohen_kappa(["y"], [])
