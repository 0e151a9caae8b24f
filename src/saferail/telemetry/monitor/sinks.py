"""Where alerts go: the ``saferail.alerts`` logger and webhooks (HTTP POST of JSON).

A sink's ``send`` raises on failure; the :class:`~saferail.telemetry.monitor.alerts.AlertManager`
catches that and records the failed delivery on the alert (a broken sink never stops the
monitor). The webhook body is ``{"text": <one-line summary>, "alert": <the alert>}`` so chat
tools that read ``text`` (Slack-style incoming webhooks) show something useful as is.
"""

from __future__ import annotations

__all__ = ["AlertSink", "LogSink", "WebhookSink", "build_sinks"]

import logging
import os
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import httpx

from saferail._retry import retry_after_seconds
from saferail._urls import url_origin
from saferail.telemetry.monitor.registry import MonitorError
from saferail.telemetry.monitor.rules import LogSinkConfig, WebhookSinkConfig, check_header

if TYPE_CHECKING:
    from saferail.telemetry.monitor.alerts import Alert

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_WEB = re.compile(r"^https?://[^\s/]+\S*$")
_RETRY_4XX = frozenset({408, 429})  # timeout, rate limited: worth another try
_MAX_WAIT = 30.0  # seconds at most between two attempts, whatever Retry-After asks
_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


class AlertSink(Protocol):
    """Delivers one alert; raises when it could not."""

    name: str

    def send(self, alert: Alert) -> None: ...


class LogSink:
    """One log record per alert on the ``saferail.alerts`` logger."""

    def __init__(self, level: str = "warning", logger: logging.Logger | None = None) -> None:
        self.name = "log"
        self.level = _LEVELS[level]
        self.logger = logger or logging.getLogger("saferail.alerts")

    def send(self, alert: Alert) -> None:
        self.logger.log(self.level, "%s", alert.message, extra={"alert": alert.payload()})


def _expand(value: str, what: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in os.environ:
            raise MonitorError(f"webhook {what} needs ${{{name}}}, which is not set")
        return os.environ[name]

    return _ENV.sub(sub, value)


def shown_url(url: str) -> str:
    """``url`` fit for an error or the alert history: scheme and host only, the rest cut
    (incoming-webhook URLs carry their secret in the path or query); ``${SLACK_URL}`` as it
    is, since it names the secret without holding it."""
    if _ENV.fullmatch(url):
        return url
    return url_origin(url)


class WebhookSink:
    """POST each alert as JSON to ``url`` (retrying transport errors, 5xx answers, and
    408/429: a rate-limited chat webhook must not drop a burst of alerts)."""

    def __init__(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = "webhook"
        url = _expand(url, "URL")
        if _WEB.fullmatch(url) is None:
            raise MonitorError(f"webhook URL {shown_url(url)} must start with http:// or https://")
        self.url = url
        self.shown = shown_url(url)
        self.retries = retries
        self.backoff = backoff
        expanded = {k: _expand(v, "header") for k, v in (headers or {}).items()}
        for name, value in expanded.items():
            try:
                check_header(name, value)
            except ValueError as exc:
                raise MonitorError(f"webhook {exc}") from None
        self._client = httpx.Client(
            timeout=timeout, headers=expanded, transport=transport, follow_redirects=False
        )

    def send(self, alert: Alert) -> None:
        body = {"text": alert.message, "alert": alert.payload()}
        for attempt in range(self.retries + 1):
            retry = attempt < self.retries
            try:
                response = self._client.post(self.url, json=body)
            except httpx.HTTPError as exc:
                if not retry:
                    raise MonitorError(f"webhook {self.shown}: {type(exc).__name__}") from None
            else:
                code = response.status_code
                if code < 300:
                    return
                if not (code >= 500 or code in _RETRY_4XX) or not retry:
                    raise MonitorError(f"webhook {self.shown}: HTTP {code}")
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if wait is not None:
                    time.sleep(max(min(wait, _MAX_WAIT), self.backoff * 2**attempt))
                    continue
            time.sleep(self.backoff * 2**attempt)

    def close(self) -> None:
        self._client.close()


def build_sinks(configs: Sequence[LogSinkConfig | WebhookSinkConfig]) -> list[AlertSink]:
    """Sinks for a rules file's ``sinks`` section."""
    out: list[AlertSink] = []
    for c in configs:
        if isinstance(c, LogSinkConfig):
            out.append(LogSink(c.level))
        else:
            out.append(
                WebhookSink(
                    c.url,
                    headers=c.headers,
                    timeout=c.timeout,
                    retries=c.retries,
                    backoff=c.backoff,
                )
            )
    return out
