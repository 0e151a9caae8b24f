"""Finding a red-team run's JSON report (``ReportIndex``) under a reports directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from saferail.dashboard.redteam import ReportIndex
from tests.dashboard.seed import World


def _report(world: World) -> Path:
    return world.reports_dir / world.redteam.run_id / "report.json"


def test_the_cli_layout_and_any_json_file(world: World, tmp_path: Path) -> None:
    run_id = world.redteam.run_id
    found = ReportIndex(world.reports_dir).find(run_id)
    assert found is not None and [f.id for f in found.findings] == ["F-001", "F-002"]
    flat = tmp_path / "flat"
    (flat / "nested").mkdir(parents=True)
    (flat / "notes.json").write_text('{"not": "a report"}')
    (flat / "broken.json").write_text("{")
    shutil.copy(_report(world), flat / "nested" / "guarded-run.json")
    index = ReportIndex(flat)
    found = index.find(run_id)
    assert found is not None and found.run_id == run_id
    assert index.find("20000101T000000-00000000") is None


def test_ids_cannot_leave_the_directory(world: World, tmp_path: Path) -> None:
    inner = tmp_path / "reports"
    inner.mkdir()
    shutil.copy(_report(world), tmp_path / "report.json")  # outside the directory
    index = ReportIndex(inner)
    for bad in ("..", "../report", ".", "a/../.."):
        assert index.find(bad) is None


def test_a_changed_report_is_read_again(world: World, tmp_path: Path) -> None:
    path = tmp_path / world.redteam.run_id / "report.json"
    path.parent.mkdir()
    shutil.copy(_report(world), path)
    index = ReportIndex(tmp_path)
    assert index.find(world.redteam.run_id) is not None
    path.write_text("{}")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))
    assert index.find(world.redteam.run_id) is None
