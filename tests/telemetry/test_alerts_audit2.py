"""Audit of alerting as a demanding user sees it: a delivery that reached nobody does not
silence the next alert, webhooks retry rate limits, a broken alert history is a one-line
error, and rule-file errors point at the offending line."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from saferail.telemetry.monitor import AlertHistory, AlertManager, MonitorError, WebhookSink
from tests.telemetry.monitor.helpers import T0
from tests.telemetry.monitor.test_alerts import Collect, _submit
from tests.telemetry.monitor.test_sinks import _alert


def test_an_alert_no_sink_took_does_not_start_the_cooldown() -> None:
    down = Collect("hook", fail=True)
    m = AlertManager([down], dedup_window=timedelta(hours=1), cooldown=timedelta(hours=6))
    first = _submit(m, 0)
    assert first is not None and first.status == "failed"
    down.fail = False  # the webhook is back: the next alert must reach it, not stay quiet
    second = _submit(m, 2)
    assert second is not None and second.status == "sent"
    assert [a.first_seen for a in down.sent] == [second.first_seen]


def test_a_partly_delivered_alert_still_starts_the_cooldown() -> None:
    m = AlertManager([Collect("bad", fail=True), Collect("good")], cooldown=timedelta(hours=6))
    assert _submit(m, 0) is not None
    later = _submit(m, 2)
    assert later is not None and later.status == "suppressed"


def test_a_failed_alert_in_the_history_does_not_silence_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "alerts.db"
    with AlertHistory(db) as history:
        m = AlertManager([Collect(fail=True)], history=history, cooldown=timedelta(hours=6))
        failed = _submit(m, 0)
        assert failed is not None and failed.status == "failed"
    sink = Collect()
    with AlertHistory(db) as history:
        assert history.last_notified("r", failed.key_text) is None
        m = AlertManager([sink], history=history, cooldown=timedelta(hours=6))
        nxt = _submit(m, 2)
    assert nxt is not None and nxt.status == "sent" and len(sink.sent) == 1


def test_the_history_still_counts_partly_delivered_and_sent_alerts(tmp_path: Path) -> None:
    with AlertHistory(tmp_path / "alerts.db") as history:
        m = AlertManager([Collect("bad", fail=True), Collect("good")], history=history)
        partly = _submit(m, 0)
        _submit(m, 3, key="v2")
        assert partly is not None and partly.status == "failed"
        assert history.last_notified("r", partly.key_text) == T0


def _sink(codes: list[int], seen: list[httpx.Request], **headers: str) -> WebhookSink:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(codes.pop(0), headers=headers)

    return WebhookSink(
        "https://hooks.example.com/x", retries=2, backoff=0, transport=httpx.MockTransport(answer)
    )


@pytest.mark.parametrize("code", [429, 408])
def test_a_rate_limited_webhook_is_retried_not_given_up(code: int) -> None:
    seen: list[httpx.Request] = []
    sink = _sink([code, 204], seen, **{"Retry-After": "0"})
    sink.send(_alert())  # raised "HTTP 429" at the first answer before
    assert len(seen) == 2
    sink.close()


def test_other_4xx_answers_are_still_final() -> None:
    seen: list[httpx.Request] = []
    sink = _sink([403, 204], seen)
    with pytest.raises(MonitorError, match="HTTP 403"):
        sink.send(_alert())
    assert len(seen) == 1
    sink.close()


def test_a_webhook_rate_limited_on_every_attempt_fails_after_its_retries() -> None:
    seen: list[httpx.Request] = []
    sink = _sink([429, 429, 429], seen)
    with pytest.raises(MonitorError, match="HTTP 429"):
        sink.send(_alert())
    assert len(seen) == 3
    sink.close()


def test_retry_after_is_honoured_but_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("saferail.telemetry.monitor.sinks.time.sleep", waits.append)
    seen: list[httpx.Request] = []
    _sink([429, 204], seen, **{"Retry-After": "7"}).send(_alert())
    _sink([429, 204], seen, **{"Retry-After": "86400"}).send(_alert())
    assert waits == [7.0, 30.0] and len(seen) == 4


def test_retry_after_as_an_http_date_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTTP-date Retry-After used to fall back to the exponential back-off."""
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    waits: list[float] = []
    monkeypatch.setattr("saferail.telemetry.monitor.sinks.time.sleep", waits.append)
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=12), usegmt=True)
    seen: list[httpx.Request] = []
    _sink([429, 204], seen, **{"Retry-After": when}).send(_alert())
    assert len(waits) == 1 and 9.0 <= waits[0] <= 12.0 and len(seen) == 2


def _full(db: Path) -> None:
    """Make every write to the alert history fail the way a full disk does."""
    with AlertHistory(db):
        pass
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TRIGGER full BEFORE INSERT ON monitor_alerts "
        "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
    )
    con.commit()
    con.close()


def test_a_history_that_cannot_be_written_is_a_monitor_error(tmp_path: Path) -> None:
    db = tmp_path / "alerts.db"
    _full(db)
    with AlertHistory(db) as history:
        m = AlertManager([Collect()], history=history)
        with pytest.raises(MonitorError, match=r"alert history .*alerts\.db: database or disk"):
            _submit(m, 0)  # a bare sqlite3.IntegrityError (a traceback in the CLI) before
