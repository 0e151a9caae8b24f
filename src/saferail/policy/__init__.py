"""Policy-as-code: pydantic models, YAML loading with line-numbered errors, the default."""

from __future__ import annotations

from saferail.policy.loader import default_policy_path, load_policy, parse_policy, validate_policy
from saferail.policy.models import (
    Action,
    CheckConfig,
    FailMode,
    Policy,
    PolicySettings,
    SurfacePolicy,
)

__all__ = [
    "Action",
    "CheckConfig",
    "FailMode",
    "Policy",
    "PolicySettings",
    "SurfacePolicy",
    "default_policy_path",
    "load_policy",
    "parse_policy",
    "validate_policy",
]
