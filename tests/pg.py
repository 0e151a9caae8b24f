"""A throw-away PostgreSQL schema for tests: starts the local server when it is not running
(as CI machines here allow) and skips with the reason when PostgreSQL is unavailable."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_URL = os.environ.get("SAFERAIL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _start_server() -> None:
    clusters = Path("/etc/postgresql")
    if not clusters.is_dir():
        return
    for version in sorted(p.name for p in clusters.iterdir()):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            timeout=60,
            check=False,
        )


def _connect() -> object:
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
    try:
        return psycopg.connect(BASE_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        _start_server()
        try:
            return psycopg.connect(BASE_URL, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            pytest.skip(f"PostgreSQL is not reachable at {BASE_URL}: {str(exc).strip()[:120]}")


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema; the schema is dropped afterwards."""
    conn = _connect()
    schema = "t_" + uuid.uuid4().hex[:12]
    conn.execute(f"CREATE SCHEMA {schema}")  # type: ignore[attr-defined]
    sep = "&" if "?" in BASE_URL else "?"
    try:
        yield f"{BASE_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[attr-defined]
        conn.close()  # type: ignore[attr-defined]
