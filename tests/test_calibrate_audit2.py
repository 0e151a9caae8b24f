"""Second audit of ``saferail calibrate``: the printed statistics must be the right numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from saferail.calibrate import binom_cdf, calibrate_scores, clopper_pearson_upper, percent_text


@pytest.mark.parametrize("confidence", [0.05, 0.1, 0.3, 0.45])
def test_clopper_pearson_bound_below_the_observed_rate_at_low_confidence(
    confidence: float,
) -> None:
    # P(Binomial(n, p) <= n - 1) = 1 - p**n, so the bound for k = n - 1 is confidence**(1/n);
    # below 0.5 confidence it lies under the observed rate k/n (it used to stop at k/n)
    for n in (2, 5, 10, 40):
        expected = confidence ** (1 / n)
        assert clopper_pearson_upper(n - 1, n, confidence) == pytest.approx(expected, rel=1e-9)
    for k, n in [(1, 10), (50, 100), (3, 1000)]:
        bound = clopper_pearson_upper(k, n, confidence)
        assert binom_cdf(k, n, bound) == pytest.approx(1 - confidence, rel=1e-6)


def test_calibration_reports_the_low_confidence_bound() -> None:
    (cal,) = calibrate_scores({"c": [0.0] * 90 + [1.0] * 10}, target_fpr=0.05, confidence=0.2)
    assert cal.false_positives == 10
    assert binom_cdf(10, 100, cal.fpr_upper_bound) == pytest.approx(0.8, rel=1e-6)
    assert cal.fpr_upper_bound < 0.1  # a 20% upper bound lies below the observed 10/100


def test_a_subnormal_target_warns_instead_of_crashing() -> None:
    (cal,) = calibrate_scores({"c": [0.0] * 10}, target_fpr=1e-320)
    assert cal.threshold > 0.0 and cal.false_positives == 0
    assert "need at least 1e+320" in cal.warnings[0], cal.warnings[0]


def test_too_few_texts_does_not_claim_the_capped_threshold_is_above_every_score() -> None:
    (cal,) = calibrate_scores({"c": [0.0] * 8 + [1.0] * 2}, target_fpr=0.05)
    assert cal.threshold == 1.0 and cal.false_positives == 2
    assert not any("above every benign score" in w for w in cal.warnings), cal.warnings
    assert any("too few" in w and "1.0" in w for w in cal.warnings), cal.warnings
    (cal,) = calibrate_scores({"c": [0.0] * 8 + [0.7] * 2}, target_fpr=0.05)
    assert cal.false_positives == 0
    assert any("above every benign score" in w for w in cal.warnings), cal.warnings


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.95, "95%"), (0.999, "99.9%"), (0.9999, "99.99%"), (0.995, "99.5%"), (0.004, "0.4%")],
)
def test_confidence_is_shown_as_given(rate: float, text: str) -> None:
    assert percent_text(rate) == text


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saferail", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_cli_shows_a_999_confidence_as_999_not_100(tmp_path: Path) -> None:
    rows = [{"id": i, "text": f"an ordinary question number {i}"} for i in range(30)]
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = _cli(
        "calibrate", "--benign", "b.jsonl", "--out", "p.yaml", "--target-fpr", "0.5",
        "--confidence", "0.999", "--checks", "hidden_text", "--no-progress", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "99.9%" in r.stdout and "100%" not in r.stdout, r.stdout
    header = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    assert "FPR upper bound (99.9%)" in header and "(100%)" not in header


def test_cli_subnormal_target_is_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text('{"text": "hello"}\n')
    r = _cli(
        "calibrate", "--benign", "b.jsonl", "--out", "p.yaml", "--target-fpr", "1e-320",
        "--checks", "hidden_text", "--no-progress", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "need at least 1e+320" in r.stderr
