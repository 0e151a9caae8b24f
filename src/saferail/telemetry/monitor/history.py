"""The alert history in SQLite (its own file, or ``:memory:``): every alert opened, updated or
suppressed, so dedup and cool-down hold across monitor runs and the dashboard can list recent
alerts. One table, ``monitor_alerts``, versioned with ``PRAGMA user_version``."""

from __future__ import annotations

__all__ = ["AlertHistory"]

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from saferail._sqlitekind import migrate, refuse_foreign, use_wal
from saferail.telemetry.monitor.alerts import Alert, reached
from saferail.telemetry.monitor.registry import MonitorError

_MIGRATIONS = (
    """
    CREATE TABLE monitor_alerts (
        alert_id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        key TEXT NOT NULL,
        kpi TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX monitor_alerts_slot ON monitor_alerts (rule, key, first_seen_ms);
    CREATE INDEX monitor_alerts_time ON monitor_alerts (first_seen_ms);
    """,
)
_NOTIFIED = ("sent", "failed", "quiet")


def _ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


class AlertHistory:
    """Alerts kept in the SQLite database at ``path`` (created when missing)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._refuse_foreign()
            if self.path != ":memory:":
                use_wal(self._db)
            self._migrate()
        except sqlite3.Error as exc:
            raise MonitorError(f"alert history {self.path}: {exc}") from None
        except OSError:
            folder = Path(self.path).parent
            raise MonitorError(
                f"alert history {self.path}: cannot create folder {folder}"
            ) from None
        self._lock = threading.Lock()

    def _migrate(self) -> None:
        """Run the missing migrations once, under the write lock (two monitors may open a
        new history file at the same time), checking the file again there."""
        migrate(self._db, _MIGRATIONS, self._newer, self._refuse_foreign)

    def _refuse_foreign(self) -> None:
        refuse_foreign(self._db, "monitor_alerts", "an alert history", MonitorError, self.path)

    def _newer(self, version: int) -> MonitorError:
        return MonitorError(f"alert history {self.path} is newer than this saferail")

    @contextmanager
    def _locked(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a SQLite failure (disk full, locked, read-only
        file, corruption) becomes a one-line :class:`MonitorError` naming the file."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise MonitorError(f"alert history {self.path}: {exc}") from None

    def save(self, alert: Alert) -> None:
        """Insert or update ``alert``."""
        row = (
            alert.alert_id,
            alert.rule,
            alert.key_text,
            alert.kpi,
            alert.severity,
            alert.status,
            _ms(alert.first_seen),
            _ms(alert.last_seen),
            alert.count,
            alert.model_dump_json(),
        )
        with self._locked() as db:
            db.execute(
                "INSERT INTO monitor_alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, "
                "last_seen_ms = excluded.last_seen_ms, count = excluded.count, "
                "body = excluded.body",
                row,
            )

    def latest(self, rule: str, key: str) -> Alert | None:
        """The most recent alert of ``rule`` for ``key`` (the JSON of the key, sorted)."""
        return self._one(
            "SELECT body FROM monitor_alerts WHERE rule = ? AND key = ? "
            "ORDER BY first_seen_ms DESC LIMIT 1",
            (rule, key),
        )

    def last_notified(self, rule: str, key: str) -> datetime | None:
        """When the last alert of ``rule`` for ``key`` that notified someone was raised (not
        suppressed, and not ``failed`` at every sink)."""
        marks = ", ".join("?" * len(_NOTIFIED))
        with self._locked() as db:
            rows = db.execute(
                f"SELECT first_seen_ms, status, body FROM monitor_alerts WHERE rule = ? "
                f"AND key = ? AND status IN ({marks}) ORDER BY first_seen_ms DESC",
                (rule, key, *_NOTIFIED),
            )
            for ms, status, body in rows:
                if status != "failed" or reached(Alert.model_validate_json(body)):
                    return datetime.fromtimestamp(ms / 1000, UTC)
        return None

    def failed(self, limit: int = 1000) -> list[Alert]:
        """Alerts some sink failed to take (status ``failed``), oldest first, at most
        ``limit`` of the newest."""
        with self._locked() as db:
            rows = db.execute(
                "SELECT body FROM monitor_alerts WHERE status = 'failed' "
                "ORDER BY first_seen_ms DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Alert.model_validate_json(r[0]) for r in reversed(rows)]

    def alerts(
        self, *, rule: str | None = None, since: datetime | None = None, limit: int = 100
    ) -> list[Alert]:
        """Alerts newest first, optionally of one rule and raised at or after ``since``."""
        sql = "SELECT body FROM monitor_alerts WHERE first_seen_ms >= ?"
        args: list[object] = [_ms(since) if since else -(2**62)]
        if rule is not None:
            sql += " AND rule = ?"
            args.append(rule)
        sql += " ORDER BY first_seen_ms DESC, rowid DESC LIMIT ?"
        args.append(limit)
        with self._locked() as db:
            rows = db.execute(sql, args).fetchall()
        return [Alert.model_validate_json(r[0]) for r in rows]

    def _one(self, sql: str, args: tuple[object, ...]) -> Alert | None:
        with self._locked() as db:
            row = db.execute(sql, args).fetchone()
        return None if row is None else Alert.model_validate_json(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> AlertHistory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
