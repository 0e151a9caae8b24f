"""The report formats by name: ``render`` one to a string, ``write_reports`` several to files."""

from __future__ import annotations

__all__ = [
    "FORMATS",
    "ReportFormatError",
    "ReportWriteError",
    "render",
    "resolve_formats",
    "write_reports",
]

from collections.abc import Callable, Iterable
from pathlib import Path

from saferail.errors import SaferailError
from saferail.reports._files import ReportWriteError, write_files
from saferail.reports._html import render_html
from saferail.reports._json import render_json
from saferail.reports._junit import render_junit
from saferail.reports._markdown import render_markdown
from saferail.reports._report import RunReport
from saferail.reports._sarif import render_sarif
from saferail.reports._view import ReportView, build_view

_RENDERERS: dict[str, tuple[Callable[[ReportView], str], str]] = {
    "html": (render_html, "html"),
    "md": (render_markdown, "md"),
    "json": (render_json, "json"),
    "junit": (render_junit, "junit.xml"),
    "sarif": (render_sarif, "sarif"),
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)
"""Format names in their usual order; each is written to ``<stem>.<extension>``."""
_ALIASES = {"markdown": "md", "xml": "junit"}


class ReportFormatError(SaferailError, ValueError):
    """A report format was asked for that saferail cannot write."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown report format {name!r} (formats: {', '.join(FORMATS)})")


def _format(name: str) -> str:
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in _RENDERERS:
        raise ReportFormatError(name)
    return key


def resolve_formats(names: Iterable[str]) -> list[str]:
    """The canonical names of ``names`` (aliases such as ``markdown`` resolved, repeats
    dropped, order kept); :class:`ReportFormatError` on the first unknown one."""
    return list(dict.fromkeys(_format(name) for name in names))


def render(fmt: str, report: RunReport) -> str:
    """``report`` in format ``fmt`` (one of :data:`FORMATS`)."""
    renderer, _ = _RENDERERS[_format(fmt)]
    return renderer(build_view(report))


def write_reports(
    report: RunReport,
    out_dir: str | Path,
    formats: Iterable[str] = FORMATS,
    *,
    stem: str = "report",
) -> dict[str, Path]:
    """Write ``report`` in each format to ``out_dir`` (created if missing) and return the
    path of each format: ``report.html``, ``report.md``, ``report.json``,
    ``report.junit.xml``, ``report.sarif``. Failing cases are redacted once for all.

    Every report is rendered before any is written, and written whole (through a temporary
    file): :class:`ReportWriteError` (an ``OSError``) when one cannot be, and then no report
    was replaced."""
    chosen = resolve_formats(formats)
    out = Path(out_dir)
    view = build_view(report)
    paths = {key: out / f"{stem}.{_RENDERERS[key][1]}" for key in chosen}
    write_files({paths[key]: _RENDERERS[key][0](view) for key in chosen})
    return paths
