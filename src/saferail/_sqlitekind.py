"""Which saferail store a SQLite file holds, before a store migrates it.

Every store keeps its schema number in ``PRAGMA user_version``, so an event store opened as a
run store looked like "a run store with a newer schema", and a file of some other program got
the store's tables added to it. :func:`foreign_database` names what a file is not, and
:func:`migrate` brings a store's schema up to date (checking again, under the write lock).
"""

from __future__ import annotations

__all__ = ["foreign_database", "migrate", "refuse_foreign", "schema_version", "use_wal"]

import sqlite3
import time
from collections.abc import Callable, Sequence

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


def use_wal(db: sqlite3.Connection, busy_s: float = 10.0) -> None:
    """Switch ``db`` to WAL mode. SQLite answers "database is locked" at once, without
    waiting for the busy timeout, while another process switches the same new file, so
    retry for up to ``busy_s`` seconds."""
    deadline = time.monotonic() + busy_s
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def schema_version(db: sqlite3.Connection) -> int:
    """The schema number a store keeps in ``PRAGMA user_version``."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    db: sqlite3.Connection,
    migrations: Sequence[str],
    newer: Callable[[int], Exception],
    check: Callable[[], None] | None = None,
) -> None:
    """Run the ``migrations`` (SQL scripts; script ``n`` brings the schema to ``n``) that
    ``db`` lacks, in one ``BEGIN IMMEDIATE`` transaction on an autocommit connection
    (``isolation_level=None``). Processes opening a new file at once queue on the write
    lock and read the version again once they hold it, so each migration runs once; a
    failure leaves the file as it was. ``check`` runs first under the lock (e.g.
    :func:`refuse_foreign` again: another program may have written the file meanwhile);
    ``newer(version)`` is raised for a schema newer than ``migrations``."""
    version = schema_version(db)
    if version == len(migrations):
        return  # up to date: no write lock taken
    db.execute("BEGIN IMMEDIATE")
    try:
        if check is not None:
            check()
        version = schema_version(db)
        if version > len(migrations):
            raise newer(version)
        for number, script in enumerate(migrations[version:], version + 1):
            # statement by statement: executescript would commit the open transaction
            for statement in script.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
