"""Review fixtures: the loopback model with known weaknesses from the red-team tests."""

from tests.redteam.conftest import weak_model  # noqa: F401  (re-exported fixture)
