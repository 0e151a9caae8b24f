"""Targets for the Ray executor tests, built by Ray workers from their spec
(``python:tests.evals.ray_targets:NAME``): they kill the worker process on cue.

A case whose prompt is ``die-once:PATH`` kills its process the first time it is seen
(``PATH`` is created atomically and records the pid); ``die-while:PATH`` kills it every time
while ``PATH`` exists. Every other prompt is echoed like the ``echo`` target.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from saferail.targets.spec import ECHO_PREFIX


def _last_user(messages: list[dict[str, Any]]) -> str:
    return next((str(m["content"]) for m in reversed(messages) if m["role"] == "user"), "")


def _die() -> None:
    os._exit(17)  # the way a worker goes when its node is lost or it runs out of memory


def dies_once(messages: list[dict[str, Any]], **_: Any) -> str:
    last = _last_user(messages)
    if last.startswith("die-once:"):
        try:
            fd = os.open(last.removeprefix("die-once:"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            _die()
    if last.startswith("die-while:") and Path(last.removeprefix("die-while:")).exists():
        _die()
    return ECHO_PREFIX + last
