"""Alert sinks: webhook delivery to a real loopback HTTP server (JSON body, headers from the
environment, retries on 5xx, no retry on 4xx, unreachable host) and the log sink."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from saferail.telemetry.monitor import (
    Alarm,
    Alert,
    AlertManager,
    LogSink,
    MonitorError,
    WebhookSink,
)
from saferail.telemetry.monitor.rules import LogSinkConfig, WebhookSinkConfig, parse_rules
from saferail.telemetry.monitor.sinks import build_sinks, shown_url
from tests.telemetry.monitor.helpers import T0


class Hook:
    """A loopback HTTP server that records POSTs and answers with queued status codes."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.codes: list[int] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                self.send_response(hook.codes.pop(0) if hook.codes else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.close()


def _alert() -> Alert:
    return Alert(
        rule="pii-leak",
        kpi="pii_leakage_rate",
        key={"model_version": "v2"},
        detector="cusum",
        severity="critical",
        first_seen=T0,
        last_seen=T0,
        statistic=4.8,
        threshold=4.3,
        value=0.012,
    )


def test_webhook_posts_the_alert_as_json(hook: Hook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "s3cret")
    sink = WebhookSink(hook.url, headers={"Authorization": "Bearer ${HOOK_TOKEN}"})
    alert = _alert()
    sink.send(alert)
    sink.close()
    (request,) = hook.requests
    assert request["path"] == "/hook"
    assert request["headers"]["Authorization"] == "Bearer s3cret"
    assert request["headers"]["Content-Type"] == "application/json"
    body = request["json"]
    assert body["text"] == alert.message
    assert body["alert"]["rule"] == "pii-leak" and body["alert"]["key"] == {"model_version": "v2"}
    assert body["alert"]["first_seen"] == "2026-03-02T00:00:00Z"


def test_webhook_retries_server_errors(hook: Hook) -> None:
    hook.codes = [503, 500]
    WebhookSink(hook.url, retries=2, backoff=0).send(_alert())
    assert len(hook.requests) == 3


def test_webhook_gives_up_on_client_errors_and_after_retries(hook: Hook) -> None:
    hook.codes = [404]
    with pytest.raises(MonitorError, match="HTTP 404"):
        WebhookSink(hook.url, retries=3, backoff=0).send(_alert())
    assert len(hook.requests) == 1
    hook.codes = [500, 500]
    with pytest.raises(MonitorError, match="HTTP 500"):
        WebhookSink(hook.url, retries=1, backoff=0).send(_alert())
    assert len(hook.requests) == 3


def test_unreachable_webhook_is_a_failed_delivery_not_a_crash(hook: Hook) -> None:
    url = hook.url
    hook.close()  # nothing listens on that port any more
    manager = AlertManager([WebhookSink(url, retries=0, timeout=2)], cooldown=timedelta(0))
    alert = manager.submit(rule="r", kpi="k", key={}, time=T0, alarm=Alarm("d", 0, 1, 0, "up"))
    assert alert is not None and alert.status == "failed"
    host = url.rsplit("/", 1)[0]
    assert alert.deliveries[0].error == f"webhook {host}/...: ConnectError"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T0/B0/s3cretT0ken", "https://hooks.slack.com/..."),
        (
            "https://user:pw@alerts.example.com:8443/?token=s3cretT0ken",
            "https://alerts.example.com:8443/...",
        ),
        ("http://[::1]:9000/x#s3cretT0ken", "http://[::1]:9000/..."),
        ("https://alerts.example.com/", "https://alerts.example.com/"),
        ("${SLACK_WEBHOOK_URL}", "${SLACK_WEBHOOK_URL}"),
        ("http://host:99999/s3cretT0ken", "<malformed URL>"),
    ],
)
def test_webhook_urls_are_shown_without_their_secret(url: str, shown: str) -> None:
    assert shown_url(url) == shown and "s3cretT0ken" not in shown


def test_failed_delivery_never_records_the_webhook_secret(hook: Hook) -> None:
    hook.codes = [403]
    manager = AlertManager(
        [WebhookSink(hook.url + "/T0/s3cretT0ken?sig=s3cretT0ken", retries=0)],
        cooldown=timedelta(0),
    )
    alert = manager.submit(rule="r", kpi="k", key={}, time=T0, alarm=Alarm("d", 0, 1, 0, "up"))
    assert alert is not None and alert.status == "failed"
    error = alert.deliveries[0].error or ""
    assert error.endswith("/...: HTTP 403") and "s3cretT0ken" not in error
    assert hook.requests[0]["path"] == "/hook/T0/s3cretT0ken?sig=s3cretT0ken"  # sent in full


def test_webhook_url_from_the_environment(hook: Hook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERT_HOOK_URL", hook.url)
    config = parse_rules("sinks:\n  - type: webhook\n    url: ${ALERT_HOOK_URL}\n")
    (sink,) = build_sinks(config.sinks)
    sink.send(_alert())
    assert len(hook.requests) == 1
    monkeypatch.delenv("ALERT_HOOK_URL")
    with pytest.raises(MonitorError, match=r"URL needs \$\{ALERT_HOOK_URL\}, which is not set"):
        WebhookSink("${ALERT_HOOK_URL}")
    monkeypatch.setenv("ALERT_HOOK_URL", "ftp://files.example/x")
    with pytest.raises(MonitorError, match="must start with http:// or https://"):
        WebhookSink("${ALERT_HOOK_URL}")
    monkeypatch.setenv("ALERT_HOOK_URL", "https://hooks.example/x\n")  # a stray line break
    with pytest.raises(MonitorError, match="must start with http:// or https://"):
        WebhookSink("${ALERT_HOOK_URL}")


def test_missing_header_variable_fails_at_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOPE_TOKEN", raising=False)
    with pytest.raises(MonitorError, match=r"needs \$\{NOPE_TOKEN\}, which is not set"):
        WebhookSink("http://127.0.0.1:9/", headers={"X": "${NOPE_TOKEN}"})


@pytest.mark.parametrize("value", ["caf\u00e9", "a\r\nX-Injected: 1"])
def test_header_variable_that_cannot_be_sent_fails_at_build_time(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HOOK_TOKEN", value)
    with pytest.raises(MonitorError, match="webhook header X: the value must be printable") as e:
        WebhookSink("http://127.0.0.1:9/", headers={"X": "Bearer ${HOOK_TOKEN}"})
    assert value not in str(e.value)  # a token is never repeated in an error


def test_log_sink(caplog: pytest.LogCaptureFixture) -> None:
    alert = _alert()
    with caplog.at_level(logging.INFO, logger="saferail.alerts"):
        LogSink("error").send(alert)
    (record,) = caplog.records
    assert record.levelno == logging.ERROR and record.getMessage() == alert.message
    assert record.alert["rule"] == "pii-leak"  # type: ignore[attr-defined]


def test_build_sinks_from_config(hook: Hook) -> None:
    sinks = build_sinks([LogSinkConfig(), WebhookSinkConfig(url=hook.url, backoff=0)])
    assert [s.name for s in sinks] == ["log", "webhook"]
    sinks[1].send(_alert())
    assert len(hook.requests) == 1
