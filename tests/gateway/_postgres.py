"""A PostgreSQL that a test may restart mid-run, without touching the machine's server.

:func:`restartable_postgres` prefers a throw-away cluster (``initdb`` in a temp folder, its
own port, run as the ``postgres`` user; about a second to create): ``restart()`` then stops
it in ``immediate`` mode, which is a crash (no checkpoint; committed transactions must come
back from the WAL), and starts it again. Where that cannot be done (not root, no
``initdb``), it falls back to a fresh schema on the shared server (``tests/pg.py``), and
``restart()`` only terminates this test's own connections (``pg_terminate_backend`` on its
``application_name``): what clients see of a restart, without the server restarting.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway._redis import free_port

__all__ = ["RestartablePostgres", "restartable_postgres"]


class RestartablePostgres:
    """``url`` for clients; ``restart()``; ``kind`` is ``"cluster"`` or ``"terminate"``."""

    kind = "terminate"

    def __init__(self, url: str) -> None:
        self.url = url
        self.restarts = 0

    def restart(self) -> None:
        import psycopg

        app = _application_name(self.url)
        with psycopg.connect(_without_app(self.url), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                (app,),
            )
        self.restarts += 1

    def count(self, sql: str) -> int:
        import psycopg

        with psycopg.connect(_without_app(self.url), autocommit=True) as conn:
            row = conn.execute(sql).fetchone()
        return int(row[0]) if row else 0


class _Cluster(RestartablePostgres):
    kind = "cluster"

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        super().__init__(f"postgresql://postgres@127.0.0.1:{self.port}/postgres")

    def _pg(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", str(self.bindir / args[0]), *args[1:]]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.root, "postgres")
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on"
        log = str(self.root / "log")
        self._pg("pg_ctl", "-D", str(self.data), "-o", opts, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop("immediate")  # a crash: only the WAL brings back what was committed
        self.start()
        self.restarts += 1


def _bindir() -> Path | None:
    base = Path("/usr/lib/postgresql")
    if os.geteuid() != 0 or not base.is_dir() or shutil.which("runuser") is None:
        return None
    for version in sorted(base.iterdir(), reverse=True):
        if (version / "bin" / "initdb").exists():
            return version / "bin"
    return None


def _application_name(url: str) -> str:
    return url.rsplit("application_name=", 1)[1].split("&", 1)[0]


def _without_app(url: str) -> str:
    return url.split("application_name=", 1)[0].rstrip("?&")


def _cluster(root: Path) -> _Cluster | None:
    bindir = _bindir()
    if bindir is None:
        return None
    cluster = _Cluster(bindir, root)
    try:
        cluster.init()
    except (OSError, subprocess.SubprocessError):
        return None
    return cluster


@contextlib.contextmanager
def restartable_postgres() -> Iterator[RestartablePostgres]:
    """A throw-away cluster when possible, else a schema on the shared server."""
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs
    # as the postgres user.
    root = Path(tempfile.mkdtemp(prefix="saferail-pg-"))
    try:
        cluster = _cluster(root)
        if cluster is not None:
            try:
                yield cluster
            finally:
                with contextlib.suppress(OSError, subprocess.SubprocessError):
                    cluster.stop("immediate")
            return
    finally:
        shutil.rmtree(root, ignore_errors=True)
    from tests.pg import pg_schema_url

    with pg_schema_url() as url:
        yield RestartablePostgres(f"{url}&application_name=saferail_{uuid.uuid4().hex[:10]}")
