"""Regenerate ``src/saferail/data/PINS.json``: the SHA-256 of every bundled artifact.

Run it after anything under ``src/saferail/data`` changes (``make train`` does, after the
training scripts; so must ``scripts/build_suites.py`` and ``scripts/train_grounding.py``
runs) and commit the pin file with the artifacts. Files git does not track yet are left out
(someone's work in progress); outside a git checkout every file is pinned. ``--check`` only
compares and exits 1 on any difference (for CI).

    python scripts/update_pins.py            # write the pin file
    python scripts/update_pins.py --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "saferail" / "data"
sys.path.insert(0, str(ROOT / "src"))

from saferail.supply.pins import PINS_FILE, check_pins, compute_pins, render_pins  # noqa: E402


def _untracked(data: Path) -> set[str]:
    """Files under ``data`` that git does not track (work in progress is not pinned); empty
    outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "."],
            cwd=data,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {line for line in out.splitlines() if line}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="The data folder to pin.")
    parser.add_argument("--check", action="store_true", help="Compare only; exit 1 if stale.")
    args = parser.parse_args(argv)
    pins = compute_pins(args.data)
    skipped = sorted(_untracked(args.data) & set(pins))
    for rel in skipped:
        del pins[rel]
        print(f"not pinned (not tracked by git yet): {rel}", file=sys.stderr)
    target = args.data / PINS_FILE
    if args.check:
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        if old == render_pins(pins):
            print(f"{target}: up to date ({len(pins)} files)")
            return 0
        stale = check_pins(args.data, json.loads(old)["files"] if old else {})
        for problem in stale:
            print(problem)
        print(f"{target}: out of date; run python scripts/update_pins.py", file=sys.stderr)
        return 1
    target.write_text(render_pins(pins), encoding="utf-8", newline="\n")
    print(f"{target}: {len(pins)} files pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
