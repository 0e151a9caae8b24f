"""Typed exceptions raised by the saferail library."""

from __future__ import annotations

__all__ = [
    "CheckError",
    "CheckTimeout",
    "PolicyError",
    "PolicyIssue",
    "SaferailError",
    "TextFileError",
    "UnknownCheckError",
]

from dataclasses import dataclass
from pathlib import Path


class SaferailError(Exception):
    """Base class of every error saferail raises on purpose."""


@dataclass(frozen=True)
class PolicyIssue:
    """One mistake in a policy file: where it is and what is wrong."""

    location: str
    message: str
    line: int | None = None
    source: str | None = None

    def __str__(self) -> str:
        where = self.source or "<policy>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.location}: {self.message}"


class TextFileError(SaferailError):
    """A text file could not be read, or is not UTF-8; raised by :func:`saferail.io.read_text`.

    ``reason`` is ``cannot read: <why>`` or ``not UTF-8 text`` (plus ``(is it <expected>?)``
    when the reader named what it expected), ready for a loader to re-raise as its own error
    type as ``f"{path}: {reason}"``. ``strerror`` is the operating system's explanation when
    the file could not be read, and ``None`` when it was read but is not UTF-8."""

    def __init__(self, path: str | Path, reason: str, *, strerror: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.strerror = strerror
        super().__init__(f"{self.path}: {reason}")


class PolicyError(SaferailError):
    """A policy could not be loaded; ``issues`` lists every mistake found."""

    def __init__(self, issues: list[PolicyIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues) or "invalid policy")


class UnknownCheckError(SaferailError):
    """A check name was asked for that no registered check carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown check {name!r} (known: {', '.join(sorted(known))})")


class CheckError(SaferailError):
    """A check failed while running; the guard applies the check's fail mode."""


class CheckTimeout(CheckError):
    """A check ran past its time budget."""
