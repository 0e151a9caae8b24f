"""reports._files.write_files: whole files or none, through symlinks, and straight into a
pipe or a device (``--out /dev/stdout``), which cannot be replaced by a rename."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from saferail.reports._files import ReportWriteError, write_files


def test_files_are_written_through_a_symlink_keeping_the_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_files({link: "new\n", tmp_path / "sub" / "b.md": "b\n"})
    assert link.is_symlink() and real.read_text() == "new\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "sub" / "b.md").read_text() == "b\n"


def test_a_pipe_is_written_to_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_files({fifo: "through the pipe\n"})
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]  # no temporary file


def test_a_file_that_cannot_be_written_replaces_nothing(tmp_path: Path) -> None:
    keep = tmp_path / "keep.md"
    keep.write_text("kept\n")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(ReportWriteError, match=r"dir\.md: Is a directory"):
        write_files({keep: "replaced\n", tmp_path / "dir.md": "x\n"})
    assert keep.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.md", "keep.md"]
