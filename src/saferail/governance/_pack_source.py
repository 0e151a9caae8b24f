"""Read an evidence pack the same way whether it is a directory or a zip of one.

The reader never follows a symbolic link, never opens a file that is not a regular file (a
FIFO would block), never trusts a name containing ``..`` and reads at most a bounded number of
bytes from any member, so a hostile pack cannot make verification hang or exhaust memory. What
it refuses becomes a :class:`Problem`; the verifier lists them with the rest.
"""

from __future__ import annotations

__all__ = ["SAFE_PATH", "PackSource", "open_source"]

import hashlib
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from saferail.errors import SaferailError
from saferail.governance._pack_canon import Problem

SAFE_PATH = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*\Z")
_CHUNK = 1 << 20
_MAX_DOC = 64 << 20  # manifest, signature and approvals log are read whole, up to this size
# What a damaged or hostile zip raises: besides BadZipFile, an offset before the file's start
# (OSError), a member needing a newer zip version or method (NotImplementedError), a name
# flagged UTF-8 that is not (UnicodeDecodeError, a ValueError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError)
_ENCRYPTED = 0x1  # general purpose flag bit 0


class PackSource:
    """The files of a pack: their names, and bounded reads and hashes of their bytes."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.files: list[str] = []
        self.problems: list[Problem] = []

    def read(self, name: str) -> bytes | None:
        """The bytes of ``name`` (``None`` if absent or larger than 64 MiB)."""
        raise NotImplementedError

    def hash(self, name: str, limit: int) -> tuple[str, int] | None:
        """``(sha256:<hex>, size)`` reading at most ``limit`` bytes; ``None`` if absent, and
        size -1 if it could not be read (recorded in ``problems`` already)."""
        raise NotImplementedError


def _sha(chunks: Iterator[bytes], limit: int) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    for chunk in chunks:
        size += len(chunk)
        h.update(chunk)
        if size > limit:
            break
    return "sha256:" + h.hexdigest(), size


class _DirSource(PackSource):
    def __init__(self, location: Path) -> None:
        super().__init__(location)

        def unreadable(exc: OSError) -> None:
            rel = Path(exc.filename or location).relative_to(location).as_posix()
            self.problems.append(Problem("unreadable", rel, exc.strerror or str(exc)))

        for top, dirs, files in os.walk(location, onerror=unreadable, followlinks=False):
            rel_top = PurePosixPath(Path(top).relative_to(location).as_posix())
            for name in sorted(dirs):
                if (Path(top) / name).is_symlink():
                    self.problems.append(
                        Problem("unsafe_path", str(rel_top / name), "symbolic link (not followed)")
                    )
            for name in sorted(files):
                rel = str(rel_top / name) if str(rel_top) != "." else name
                mode = os.lstat(Path(top) / name).st_mode
                if not stat.S_ISREG(mode):
                    self.problems.append(Problem("unsafe_path", rel, "not a regular file"))
                else:
                    self.files.append(rel)
        self._names = set(self.files)

    def _regular(self, name: str) -> Path | None:
        return self.location / name if name in self._names else None

    def _unreadable(self, name: str, exc: OSError) -> None:
        self.problems.append(Problem("unreadable", name, exc.strerror or str(exc)))

    def read(self, name: str) -> bytes | None:
        path = self._regular(name)
        try:
            if path is None or path.stat().st_size > _MAX_DOC:
                return None
            return path.read_bytes()
        except OSError as exc:
            self._unreadable(name, exc)
            return None

    def hash(self, name: str, limit: int) -> tuple[str, int] | None:
        path = self._regular(name)
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:
                return _sha(iter(lambda: handle.read(_CHUNK), b""), limit)
        except OSError as exc:
            self._unreadable(name, exc)
            return "sha256:unreadable", -1


class _ZipSource(PackSource):
    def __init__(self, location: Path, archive: zipfile.ZipFile) -> None:
        super().__init__(location)
        self._zip = archive
        infos = [i for i in archive.infolist() if not i.is_dir()]
        top = {i.filename.split("/", 1)[0] for i in infos}
        root = "manifest.json" in {i.filename for i in infos}
        prefix = f"{next(iter(top))}/" if len(top) == 1 and not root else ""
        self._prefix = prefix
        seen: set[str] = set()
        for info in infos:
            rel = info.filename.removeprefix(prefix)
            if rel in seen:
                self.problems.append(Problem("format", rel, "appears twice in the zip"))
            elif not SAFE_PATH.match(rel):
                self.problems.append(Problem("unsafe_path", rel, "unsafe name in the zip"))
            elif info.flag_bits & _ENCRYPTED:
                self.problems.append(Problem("unreadable", rel, "encrypted in the zip"))
            else:
                self.files.append(rel)
            seen.add(rel)

    def _damaged(self, name: str) -> None:
        self.problems.append(
            Problem("modified", name, "damaged in the zip (cannot be read back intact)")
        )

    def read(self, name: str) -> bytes | None:
        if name not in self.files:
            return None
        try:
            with self._zip.open(self._prefix + name) as member:
                data = member.read(_MAX_DOC + 1)
        except _ZIP_ERRORS:
            self._damaged(name)
            return None
        return data if len(data) <= _MAX_DOC else None

    def hash(self, name: str, limit: int) -> tuple[str, int] | None:
        if name not in self.files:
            return None
        try:
            with self._zip.open(self._prefix + name) as member:
                return _sha(iter(lambda: member.read(_CHUNK), b""), limit)
        except _ZIP_ERRORS:
            self._damaged(name)
            return "sha256:damaged", -1


@contextmanager
def open_source(path: str | Path) -> Iterator[PackSource]:
    """Open a pack directory or zip; ``SaferailError`` if it is neither."""
    location = Path(path)
    if location.is_dir():
        yield _DirSource(location)
        return
    if not location.is_file():
        raise SaferailError(f"{location}: no such pack")
    try:
        archive = zipfile.ZipFile(location)
    except OSError as exc:
        raise SaferailError(f"{location}: cannot read it: {exc.strerror or exc}") from None
    except _ZIP_ERRORS:
        raise SaferailError(f"{location}: not a pack directory or zip") from None
    with archive:
        try:
            yield _ZipSource(location, archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise SaferailError(f"{location}: damaged zip ({exc})") from None
