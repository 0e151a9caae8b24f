"""The fuzzing budget: a ``@FUZZ`` settings object for every test in this folder.

Profiles (pick one with ``SAFERAIL_FUZZ_PROFILE``; nothing global is changed, so other
tests keep their own settings):

- ``saferail-fuzz-ci`` (default): 200 examples per target, no deadline (a shared CI
  machine has slow moments), derandomized so that a CI run is reproducible;
- ``saferail-fuzz-deep``: 20,000 examples per target, random seeds, for a local soak.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["FUZZ", "PROFILE"]

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "saferail-fuzz-ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=_SLOW_OK,
    database=None,
)
settings.register_profile(
    "saferail-fuzz-deep",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=_SLOW_OK,
)
PROFILE = os.environ.get("SAFERAIL_FUZZ_PROFILE", "saferail-fuzz-ci")
FUZZ = settings.get_profile(PROFILE)
