"""One message for a bad user pattern, wherever RE2 patterns come from."""

from __future__ import annotations

import pytest

from saferail._re2check import re2_problem
from saferail.agents.toolpolicy.schema import check_schema
from saferail.checks.pii import CustomRecognizer
from saferail.evals.scorers import get_scorer


def test_good_patterns_have_no_problem() -> None:
    assert re2_problem(r"\bSKU-\d{6}\b") is None


def test_a_bad_pattern_is_named_with_re2s_reason_as_text() -> None:
    problem = re2_problem("(unclosed")
    assert problem is not None
    assert problem.startswith("not a valid RE2 pattern '(unclosed': missing )")
    assert "b'" not in problem  # the reason is decoded, not a bytes repr
    assert re2_problem(r"(a)\1") is not None  # backreferences: not RE2


def test_every_place_that_takes_a_pattern_says_the_same() -> None:
    with pytest.raises(ValueError, match=r"not a valid RE2 pattern '\(x': missing \)"):
        CustomRecognizer(entity_type="SKU", pattern="(x")
    with pytest.raises(ValueError, match=r"not a valid RE2 pattern '\(x': missing \)"):
        get_scorer("match")({"regex": "(x"})
    with pytest.raises(ValueError, match=r"^parameters\.pattern: not a valid RE2 pattern .\(x."):
        check_schema({"type": "string", "pattern": "(x"}, where="parameters")
