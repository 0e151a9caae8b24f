"""The red-team report formats by name: ``render`` one to a string, ``write_reports``
several to files (texts redacted once for all formats)."""

from __future__ import annotations

__all__ = [
    "FORMATS",
    "RedTeamReportWriteError",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_sarif",
    "write_reports",
]

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from saferail.redteam.report._html import render_html_view
from saferail.redteam.report._json import RedTeamReportError, render_json_view
from saferail.redteam.report._markdown import render_markdown_view
from saferail.redteam.report._sarif import sarif_dict_view
from saferail.redteam.report._view import RedTeamView, build_view
from saferail.redteam.results import RedTeamResult
from saferail.reports._files import ReportWriteError, write_files


class RedTeamReportWriteError(ReportWriteError, RedTeamReportError):
    """A report file or its folder could not be written (no report was replaced, nothing
    half-written is left); the message is ``<path>: <reason>``. Both an ``OSError`` and a
    :class:`RedTeamReportError`."""


def _render_sarif_view(view: RedTeamView) -> str:
    return json.dumps(sarif_dict_view(view), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_RENDERERS: dict[str, tuple[Callable[[RedTeamView], str], str]] = {
    "html": (render_html_view, "html"),
    "md": (render_markdown_view, "md"),
    "json": (render_json_view, "json"),
    "sarif": (_render_sarif_view, "sarif"),
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)
"""Format names; each is written to ``<stem>.<format>``."""
_ALIASES = {"markdown": "md"}


def _format(name: str) -> str:
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in _RENDERERS:
        raise RedTeamReportError(f"unknown report format {name!r} (formats: {', '.join(FORMATS)})")
    return key


def render(
    fmt: str,
    result: RedTeamResult,
    *,
    redact: bool = True,
    compare: RedTeamResult | None = None,
) -> str:
    """``result`` in format ``fmt`` (one of :data:`FORMATS`)."""
    renderer, _ = _RENDERERS[_format(fmt)]
    return renderer(build_view(result, redact=redact, compare=compare))


def render_html(
    result: RedTeamResult, *, redact: bool = True, compare: RedTeamResult | None = None
) -> str:
    """One self-contained HTML document; ``compare`` (e.g. the bare run beside a guarded
    one) adds its attack success rate beside each strategy's."""
    return render("html", result, redact=redact, compare=compare)


def render_markdown(
    result: RedTeamResult, *, redact: bool = True, compare: RedTeamResult | None = None
) -> str:
    """The HTML report's content as GitHub-flavoured Markdown."""
    return render("md", result, redact=redact, compare=compare)


def render_json(result: RedTeamResult, *, redact: bool = True) -> str:
    """``result.model_dump(mode="json")`` (of the redacted copy unless ``redact`` is false)."""
    return render("json", result, redact=redact)


def render_sarif(result: RedTeamResult, *, redact: bool = True) -> str:
    """A SARIF 2.1.0 log with one result per finding."""
    return render("sarif", result, redact=redact)


def write_reports(
    result: RedTeamResult,
    out_dir: str | Path,
    *,
    formats: Iterable[str] = FORMATS,
    redact: bool = True,
    compare: RedTeamResult | None = None,
    stem: str = "report",
) -> dict[str, Path]:
    """Write ``result`` in each format to ``out_dir`` (created if missing) and return each
    format's path: ``report.html``, ``report.md``, ``report.json``, ``report.sarif``.

    Every report is rendered before any is written, and written whole (through a temporary
    file): :class:`RedTeamReportWriteError` when one cannot be, and then no report was
    replaced."""
    chosen = list(dict.fromkeys(_format(f) for f in formats))
    out = Path(out_dir)
    view = build_view(result, redact=redact, compare=compare)
    paths = {key: out / f"{stem}.{_RENDERERS[key][1]}" for key in chosen}
    texts = {paths[key]: _RENDERERS[key][0](view) for key in chosen}
    try:
        write_files(texts)
    except ReportWriteError as exc:
        raise RedTeamReportWriteError(str(exc)) from None
    return paths
