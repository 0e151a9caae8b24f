"""Checks: the detectors a Guard runs, their registry and the canonicalizer."""

from __future__ import annotations

from saferail.checks.base import CATEGORIES, SURFACES, Check, CheckInput, Finding, NoParams
from saferail.checks.canonical import Canonical, HiddenMark, View, canonicalize
from saferail.checks.deadline import checkpoint, time_budget
from saferail.checks.registry import (
    available_checks,
    discovery_errors,
    get_check,
    register_check,
    reset_discovery,
    unregister_check,
)

__all__ = [
    "CATEGORIES",
    "SURFACES",
    "Canonical",
    "Check",
    "CheckInput",
    "Finding",
    "HiddenMark",
    "NoParams",
    "View",
    "available_checks",
    "canonicalize",
    "checkpoint",
    "discovery_errors",
    "get_check",
    "register_check",
    "reset_discovery",
    "time_budget",
    "unregister_check",
]
