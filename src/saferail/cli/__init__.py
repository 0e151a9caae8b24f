"""The ``saferail`` command line."""

from __future__ import annotations

from saferail.cli.app import app, main

__all__ = ["app", "main"]
