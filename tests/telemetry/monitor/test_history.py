"""The SQLite alert history: state carried across monitor runs, queries, migrations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from saferail.telemetry.monitor import AlertHistory, AlertManager
from tests.telemetry.monitor.helpers import HOUR, T0
from tests.telemetry.monitor.test_alerts import Collect, _submit


def test_history_carries_dedup_and_cooldown_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "alerts.db"
    sink = Collect()
    with AlertHistory(db) as history:
        m = AlertManager([sink], dedup_window=timedelta(hours=1), history=history)
        _submit(m, 0)
        _submit(m, 1)
    with AlertHistory(db) as history:  # a second run over overlapping events
        m = AlertManager([sink], dedup_window=timedelta(hours=1), history=history)
        assert _submit(m, 0) is None and _submit(m, 1) is None  # handled before
        assert _submit(m, 1.5) is not None  # new alert, but within the 6 h cool-down
        assert m.alerts[0].status == "suppressed"
        stored = history.alerts()
    assert len(sink.sent) == 1
    assert [(a.status, a.count) for a in stored] == [("suppressed", 1), ("sent", 2)]


def test_a_failed_alert_is_delivered_by_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "alerts.db"
    sink = Collect("hook", fail=True)
    with AlertHistory(db) as history:
        m = AlertManager([sink], dedup_window=timedelta(hours=1), history=history)
        _submit(m, 0)
        _submit(m, 0.5)  # folded: one more try, still down
        (failed,) = history.failed()
        assert failed.deliveries[0].attempts == 2
    sink.fail = False
    with AlertHistory(db) as history:  # the next run: the sink is back
        m = AlertManager([sink], dedup_window=timedelta(hours=1), history=history)
        (resent,) = m.resend_failed()
        assert resent.status == "sent" and resent.deliveries[0].attempts == 3
        assert _submit(m, 0.75) is None and resent.count == 3  # same object, one row
        assert history.failed() == []
        (stored,) = history.alerts()
        assert stored.status == "sent" and stored.count == 3
        assert history.last_notified("r", '{"model_version": "v1"}') == T0
    assert [a.first_seen for a in sink.sent] == [T0]


def test_history_queries(tmp_path: Path) -> None:
    with AlertHistory(tmp_path / "h.db") as history:
        m = AlertManager([Collect()], history=history, dedup_window=timedelta(0))
        _submit(m, 0, rule="a")
        _submit(m, 10, rule="b")
        _submit(m, 20, rule="a")
        assert [a.rule for a in history.alerts()] == ["a", "b", "a"]
        assert len(history.alerts(rule="a")) == 2
        assert [a.rule for a in history.alerts(since=T0 + 5 * HOUR)] == ["a", "b"]
        assert history.last_notified("a", '{"model_version": "v1"}') == T0 + 20 * HOUR
        assert history.latest("zzz", "{}") is None


def test_history_refuses_a_newer_schema(tmp_path: Path) -> None:
    import sqlite3

    from saferail.telemetry.monitor import MonitorError

    db = tmp_path / "h.db"
    AlertHistory(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(MonitorError, match="newer than this saferail"):
        AlertHistory(db)
