"""Server-side rendering: the Jinja2 environment (autoescaping every value), page responses
and the SVG bar charts of rates with their 95% intervals (the eval report's geometry)."""

from __future__ import annotations

__all__ = ["bar_chart_of", "page", "pct"]

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from saferail import __version__
from saferail.errors import SaferailError
from saferail.evals.metrics import Rate
from saferail.reports._charts import BarSpec, Chart, bar_chart
from saferail.reports._view import delta_text, rate_text


def pct(value: float | None, digits: int = 1) -> str:
    """``12.5%``; ``–`` without a value."""
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def _short(value: object, n: int = 12) -> str:
    text = str(value)
    return text if len(text) <= n else text[:n]


def _rate(data: dict[str, Any] | Rate | None) -> Rate | None:
    if data is None or isinstance(data, Rate):
        return data
    return Rate.model_validate({k: data[k] for k in ("k", "n", "rate", "low", "high")})


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saferail.dashboard", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, pct=pct, short=_short, delta_text=delta_text)
    env.filters["rate_text"] = lambda r, counts=True: rate_text(_rate(r), counts=counts)
    return env


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the caller (when known), the app title and ``context``."""
    state = request.app.state.dashboard
    who = getattr(request.state, "principal", None)
    if who is None and template != "login.html.j2":
        try:  # error pages keep the navigation of a logged-in user
            who = state.auth.principal(request)
        except SaferailError:
            who = None
    html = (
        _environment()
        .get_template(template)
        .render(
            request=request,
            path=request.url.path,
            title=state.config.title,
            who=who,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)


def bar_chart_of(
    title: str,
    rows: Sequence[tuple[str, Rate | dict[str, Any] | None]],
    *,
    baselines: Sequence[float | None] | None = None,
    tone: str = "neutral",
) -> Chart:
    """Horizontal bars of rates (whiskers: 95% Wilson interval; optional baseline ticks)."""
    specs = [
        BarSpec(label, _rate(rate), baselines[i] if baselines else None, tone)
        for i, (label, rate) in enumerate(rows)
    ]
    return bar_chart(title, specs)
