"""A target for the Ray budget tests that books every call it gets in a ledger file, in
whichever process it runs (``python:tests.evals.ray_ledger:ledger_echo``), and kills its
worker once on cue: the ledger is the model's own count of the calls it was sent.

The folder is ``$SAFERAIL_TEST_LEDGER`` (set for the Ray workers and the test process):
``calls`` gets one line per call, written before the answer (a call that kills the worker
counts: the model got it). The worker dies once (``died`` records its pid) at the call
whose prompt is ``die``, or at call number N when the file ``die_at`` holds N; never in
the process whose pid the file ``driver`` holds (the test's).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from saferail.targets.spec import ECHO_PREFIX

LEDGER_ENV = "SAFERAIL_TEST_LEDGER"


def calls_booked(root: Path) -> int:
    path = root / "calls"
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def _book(root: Path) -> int:
    fd = os.open(root / "calls", os.O_CREAT | os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    finally:
        os.close(fd)
    return calls_booked(root)


def _die_once(root: Path) -> None:
    driver = root / "driver"
    if driver.exists() and int(driver.read_text()) == os.getpid():
        return  # never the test process itself (red-team mitigation checks run there)
    try:
        fd = os.open(root / "died", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os._exit(17)  # the way a worker goes when its node is lost or it runs out of memory


def ledger_echo(messages: list[dict[str, Any]], **_: Any) -> str:
    root = Path(os.environ[LEDGER_ENV])
    last = next((str(m["content"]) for m in reversed(messages) if m["role"] == "user"), "")
    n = _book(root)
    die_at = root / "die_at"
    if last == "die" or (die_at.exists() and n >= int(die_at.read_text())):
        _die_once(root)
    return ECHO_PREFIX + last
