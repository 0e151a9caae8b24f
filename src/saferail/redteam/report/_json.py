"""The JSON red-team report: ``RedTeamResult.model_dump(mode="json")`` of the result as shown
(redacted unless asked otherwise; a redacted copy's manifest says ``"redacted": true``), so a
report loads back with :func:`load_result`."""

from __future__ import annotations

__all__ = ["RedTeamReportError", "load_result", "render_json_view"]

import json
from pathlib import Path

from pydantic import ValidationError

from saferail.errors import SaferailError, TextFileError
from saferail.io import read_text
from saferail.redteam.report._view import RedTeamView
from saferail.redteam.results import RedTeamResult
from saferail.reports._text import json_safe


class RedTeamReportError(SaferailError, ValueError):
    """A red-team report could not be written or read; the message says which and why."""


def render_json_view(view: RedTeamView) -> str:
    """Strict JSON: lone surrogates shown as U+FFFD, NaN and infinities as ``null``."""
    data = json_safe(view.result.model_dump(mode="json"))
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def load_result(path: str | Path) -> RedTeamResult:
    """A red-team result from a JSON report (e.g. the bare run to compare a guarded run with)."""
    p = Path(path)
    try:
        raw = read_text(p)
    except TextFileError as exc:
        if exc.strerror is not None:
            raise RedTeamReportError(f"{p}: cannot read the report ({exc.strerror})") from None
        raise RedTeamReportError(f"{p}: not a red-team JSON report (not UTF-8 text)") from None
    try:
        return RedTeamResult.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "report"
        raise RedTeamReportError(f"{p}: not a red-team JSON report ({loc}: {err['msg']})") from None
