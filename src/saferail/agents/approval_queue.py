"""``ApprovalQueue``: escalated tool calls waiting for a person, in a SQLite table.

The agent side calls :meth:`ApprovalQueue.decide` (an :class:`~saferail.agents.approval.
Approver`): the request is stored as ``pending`` and the call waits, polling, until someone
runs :meth:`approve` or :meth:`deny` on the same database (another thread, process or
review tool), or until ``timeout_s`` passes: then the request becomes ``denied`` with the
note ``timeout``. A decision is final; approving a request that was already denied (or
timed out) does nothing and returns False.

The table keeps the tool name, the raw arguments (the reviewer needs to see them: protect
the file like the data the agent handles), the reasons and who decided when. The database
runs in WAL mode; its schema version is SQLite's ``user_version``.
"""

from __future__ import annotations

__all__ = ["ApprovalQueue", "ApprovalQueueError", "ApprovalRecord", "QueueStatus"]

import contextlib
import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from saferail._sqlitekind import migrate, refuse_foreign, use_wal
from saferail.agents.approval import ApprovalRequest, ApprovalResult
from saferail.errors import SaferailError

QueueStatus = Literal["pending", "approved", "denied"]
_MIGRATIONS = (
    """
    CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        tool TEXT NOT NULL,
        arguments TEXT NOT NULL,
        reasons TEXT NOT NULL,
        details TEXT NOT NULL,
        session TEXT,
        role TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
        decided_at REAL,
        decided_by TEXT,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX approvals_status ON approvals (status, created_at);
    """,
)


class ApprovalQueueError(SaferailError):
    """An approvals queue that cannot be opened as one, or a bad setting (one line)."""


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    """One row of the queue."""

    id: str
    tool: str
    arguments: str
    reasons: tuple[str, ...]
    details: tuple[str, ...]
    session: str | None
    role: str | None
    status: QueueStatus
    created_at: float
    expires_at: float
    decided_at: float | None
    decided_by: str | None
    note: str


class ApprovalQueue:
    """A SQLite approvals queue; also an approver named ``queue``.

    :class:`ApprovalQueueError` when ``timeout_s`` (0 or more) or ``poll_s`` (more than 0)
    is not a finite number of seconds, or when ``path`` cannot be opened as an approvals
    queue (not SQLite, another store's or program's database, a newer schema)."""

    name = "queue"

    def __init__(self, path: str | Path, *, timeout_s: float = 300.0, poll_s: float = 0.5) -> None:
        self.path = Path(path)
        self.timeout_s = _seconds("timeout_s", timeout_s)
        self.poll_s = _seconds("poll_s", poll_s, positive=True)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                _refuse_foreign(db, self.path)
                use_wal(db, _BUSY_S)
                _migrate(db, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise ApprovalQueueError(f"cannot open approvals queue {self.path}: {exc}") from None

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=_BUSY_S, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            yield db
        finally:
            db.close()

    # -- agent side ----------------------------------------------------------------------

    def submit(self, request: ApprovalRequest, *, timeout_s: float | None = None) -> str:
        """Store ``request`` as pending; returns its id."""
        wait = self.timeout_s if timeout_s is None else _seconds("timeout_s", timeout_s)
        expires = request.created_at + wait
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO approvals (id, created_at, expires_at, tool, arguments, reasons,"
                " details, session, role, status) VALUES (?,?,?,?,?,?,?,?,?,'pending')",
                (
                    request.id,
                    request.created_at,
                    expires,
                    request.tool,
                    request.arguments,
                    json.dumps(list(request.reasons)),
                    json.dumps(list(request.details)),
                    request.session,
                    request.role,
                ),
            )
        return request.id

    def wait(self, request_id: str) -> ApprovalRecord:
        """Poll until the request is decided or expires (then it is denied: ``timeout``)."""
        while True:
            record = self.get(request_id)
            if record.status != "pending":
                return record
            time.sleep(min(self.poll_s, max(0.0, record.expires_at - time.time())))

    def decide(self, request: ApprovalRequest) -> ApprovalResult:
        """Submit and wait: the approver protocol."""
        record = self.wait(self.submit(request))
        if record.status == "approved":
            return ApprovalResult("approved", self.name, record.note)
        if record.note == "timeout":
            return ApprovalResult("timeout", self.name, record.note)
        return ApprovalResult("denied", self.name, record.note)

    # -- reviewer side -------------------------------------------------------------------

    def pending(self) -> list[ApprovalRecord]:
        """Requests still waiting (expired ones are denied first), oldest first."""
        now = time.time()
        with self._lock, self._connect() as db:
            db.execute(
                "UPDATE approvals SET status='denied', decided_at=?, decided_by='saferail',"
                " note='timeout' WHERE status='pending' AND expires_at<=?",
                (now, now),
            )
            rows = db.execute(
                "SELECT * FROM approvals WHERE status='pending' ORDER BY created_at"
            ).fetchall()
        return [_record(r) for r in rows]

    def approve(self, request_id: str, *, by: str = "", note: str = "") -> bool:
        """Approve a pending, unexpired request; False if it was already decided."""
        return self._decide(request_id, "approved", by, note)

    def deny(self, request_id: str, *, by: str = "", note: str = "") -> bool:
        """Deny a pending request; False if it was already decided."""
        return self._decide(request_id, "denied", by, note)

    def get(self, request_id: str) -> ApprovalRecord:
        """One request by id (``KeyError`` if unknown). A pending request past its expiry is
        denied first (``timeout``), even when the process that submitted it is gone."""
        record = self._read(request_id)
        if record.status == "pending" and time.time() >= record.expires_at:
            self._decide(request_id, "denied", "saferail", "timeout")
            record = self._read(request_id)
        return record

    def _read(self, request_id: str) -> ApprovalRecord:
        with self._connect() as db:
            row = db.execute("SELECT * FROM approvals WHERE id=?", (request_id,)).fetchone()
        if row is None:
            raise KeyError(request_id)
        return _record(row)

    def _decide(self, request_id: str, status: QueueStatus, by: str, note: str) -> bool:
        now = time.time()
        sql = (
            "UPDATE approvals SET status=?, decided_at=?, decided_by=?, note=?"
            " WHERE id=? AND status='pending'"
        )
        args: tuple[object, ...] = (status, now, by, note, request_id)
        if status == "approved":  # an expired request can no longer be approved
            sql, args = sql + " AND expires_at>?", (*args, now)
        with self._lock, self._connect() as db:
            return db.execute(sql, args).rowcount == 1


_BUSY_S = 10.0  # how long to wait for another connection's lock


def _seconds(name: str, value: object, *, positive: bool = False) -> float:
    """A finite number of seconds, 0 or more (more than 0 when ``positive``), else a
    one-line :class:`ApprovalQueueError`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and (value > 0 if positive else value >= 0):
            return float(value)
        got = repr(value)
    else:
        got = type(value).__name__
    bound = "more than 0" if positive else "0 or more"
    raise ApprovalQueueError(f"approvals queue: {name} must be {bound} seconds, not {got}")


def _refuse_foreign(db: sqlite3.Connection, path: Path) -> None:
    refuse_foreign(db, "approvals", "an approvals queue", ApprovalQueueError, path)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date once, under the write lock (processes opening a new file
    together do not both create the table), checking again there that the file is an
    approvals queue: another program may have written it meanwhile."""

    def newer(version: int) -> ApprovalQueueError:
        return ApprovalQueueError(f"{path} has schema {version}, newer than this saferail")

    migrate(db, _MIGRATIONS, newer, lambda: _refuse_foreign(db, path))


def _record(row: sqlite3.Row) -> ApprovalRecord:
    return ApprovalRecord(
        id=row["id"],
        tool=row["tool"],
        arguments=row["arguments"],
        reasons=tuple(json.loads(row["reasons"])),
        details=tuple(json.loads(row["details"])),
        session=row["session"],
        role=row["role"],
        status=cast(QueueStatus, row["status"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
        note=row["note"],
    )
