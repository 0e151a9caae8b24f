"""Which saferail store a SQLite file holds, before a store migrates it.

Every store keeps its schema number in ``PRAGMA user_version``, so an event store opened as a
run store looked like "a run store with a newer schema", and a file of some other program got
the store's tables added to it. :func:`foreign_database` names what a file is not.
"""

from __future__ import annotations

__all__ = ["foreign_database", "refuse_foreign"]

import sqlite3
from collections.abc import Callable

_KINDS = {
    "safety_events": "an event store",
    "runs": "a run store",
    "monitor_alerts": "an alert history",
    "vault_entries": "a pseudonym vault",
    "approvals": "an approvals queue",
}


def foreign_database(db: sqlite3.Connection, own_table: str) -> str | None:
    """``None`` when ``db`` has no table yet or has ``own_table``; else what it holds instead
    (``"an event store"``, ``"some other database"``)."""
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    tables = {str(row[0]) for row in rows} - {"sqlite_sequence"}
    if not tables or own_table in tables:
        return None
    for table, kind in _KINDS.items():
        if table in tables:
            return kind
    return "some other database"


def refuse_foreign(
    db: sqlite3.Connection,
    own_table: str,
    what: str,
    error: Callable[[str], Exception],
    path: object,
) -> None:
    """Raise ``error("<path> is not <what>: it holds <kind>")`` when :func:`foreign_database`
    names something: call it before any pragma that changes the file (``journal_mode=WAL``
    rewrites another program's database as surely as a table would)."""
    other = foreign_database(db, own_table)
    if other is not None:
        raise error(f"{path} is not {what}: it holds {other}")
