"""Writing report files whole: each is written to a temporary file beside it and renamed over
it, so a reader (or a failed run) never finds a half-written report."""

from __future__ import annotations

__all__ = ["ReportWriteError", "write_files"]

import errno
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path


class ReportWriteError(OSError):
    """A report file or its folder could not be written (nothing half-written is left); its
    message is ``<path>: <reason>``. An ``OSError``, as the plain write raised before."""


def _error(path: Path, exc: OSError) -> ReportWriteError:
    why = exc.strerror or str(exc)
    if isinstance(exc, FileExistsError) and not path.parent.is_dir():
        why = f"{path.parent} is not a folder"
    return ReportWriteError(f"{path}: {why}")


def _temporary(path: Path, text: str) -> Path:
    """``text`` written to a new hidden file beside ``path``, with the mode of the file it
    will replace (removed again on failure)."""
    if path.is_dir():  # found now, before any report is renamed into place
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("x", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():  # a policy kept private stays private
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_files(texts: Mapping[Path, str]) -> None:
    """Write each text (UTF-8) to its path, creating folders: every file is written in full
    first, then all are renamed into place (through a symlink, over its target; keeping the
    mode of a file replaced). :class:`ReportWriteError` when one cannot be written; then no
    file was replaced and no temporary file is left. A device or a pipe (``/dev/stdout``)
    cannot be replaced and is written to directly, last."""
    temps: list[tuple[Path, Path, Path]] = []  # (temporary file, real path, path given)
    streams: list[tuple[Path, str]] = []
    try:
        for given, text in texts.items():
            path = Path(os.path.realpath(given))  # a symlink stays one: its target is replaced
            if path.exists() and not path.is_file() and not path.is_dir():
                streams.append((Path(given), text))
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temps.append((_temporary(path, text), path, given))
            except OSError as exc:
                raise _error(Path(given), exc) from None
        for tmp, path, given in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _error(Path(given), exc) from None
    finally:
        for tmp, _, _ in temps:
            tmp.unlink(missing_ok=True)
    for stream, text in streams:
        try:
            with stream.open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            raise _error(stream, exc) from None
