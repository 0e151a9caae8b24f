"""Read reviewers' labels back from CSV or JSONL review files."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from saferail.evals.review._model import ReviewFileError, ReviewLabel
from saferail.io import json_lines

# -- import ---------------------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""Cell starts :func:`write_review_file` escapes with a ``'`` in CSV (formula injection)."""


def _unescape(value: str) -> str:
    """A CSV cell as it was before the export escaped it (``'=x`` -> ``=x``)."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise ReviewFileError(f"{path}: review files must be .csv or .jsonl")


_DELIMITERS = (",", ";", "\t")
"""Cell separators of a label CSV: a spreadsheet set to a language with a decimal comma
saves ``;`` (Excel in German, French...), and some save tabs."""


def _delimiter(header: str) -> str:
    """The separator whose split of the header line has a ``case_id`` column (``,`` when
    none has: the missing column is then reported)."""
    for d in _DELIMITERS:
        if "case_id" in next(csv.reader([header], delimiter=d), []):
            return d
    return ","


def _csv_rows(path: Path, fh: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    lines = iter(fh)
    first = next(lines, "")
    reader = csv.DictReader(chain([first], lines), delimiter=_delimiter(first))
    header = reader.fieldnames or []
    missing = [c for c in ("case_id", "label") if c not in header]
    if missing:
        raise ReviewFileError(f"{path}:1: missing column(s): {', '.join(missing)}")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:  # DictReader would keep the last cell of each and drop the others
        raise ReviewFileError(f"{path}:1: duplicate column(s): {', '.join(twice)}")
    for row in reader:
        if None in row:
            raise ReviewFileError(f"{path}:{reader.line_num}: more cells than columns")
        yield reader.line_num, {k: _unescape(v) if v else v for k, v in row.items()}


def _jsonl_rows(path: Path, fh: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, row in json_lines(fh, path, ReviewFileError):
        if not isinstance(row, dict):
            raise ReviewFileError(f"{path}:{lineno}: expected a JSON object")
        yield lineno, row


def _text(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReviewFileError(f"{where}: {key!r} must be a string, got {type(value).__name__}")
    return value.strip()


def _label(row: Mapping[str, Any], where: str, default_reviewer: str | None) -> ReviewLabel | None:
    raw = _text(row, "label", where).lower()
    if not raw:
        return None  # not reviewed yet
    if raw not in ("pass", "fail"):
        raise ReviewFileError(f"{where}: label must be 'pass' or 'fail', got {raw!r}")
    case_id = _text(row, "case_id", where)
    if not case_id:
        raise ReviewFileError(f"{where}: labelled row without a case_id")
    case_id = row["case_id"]  # verbatim: a case id may end in a space ("a " is not "a")
    reviewer = _text(row, "reviewer", where) or default_reviewer
    if not reviewer:
        raise ReviewFileError(f"{where}: no reviewer id (fill the reviewer column)")
    note = _text(row, "note", where) or None
    verdict: Literal["pass", "fail"] = "pass" if raw == "pass" else "fail"
    return ReviewLabel(reviewer=reviewer, case_id=case_id, label=verdict, note=note)


def read_review_labels(path: str | Path, *, reviewer: str | None = None) -> list[ReviewLabel]:
    """The labels in a filled-in review file (CSV or JSONL). Rows without a label are
    skipped; ``reviewer`` names the reviewer of rows whose ``reviewer`` cell is empty.
    Raises :class:`ReviewFileError` (``file:line: reason``) on the first malformed row."""
    p = Path(path)
    kind = _kind(p)
    if not p.is_file():
        raise ReviewFileError(f"{p}: no such file")
    labels: list[ReviewLabel] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            rows = _csv_rows(p, fh) if kind == "csv" else _jsonl_rows(p, fh)
            for lineno, row in rows:
                label = _label(row, f"{p}:{lineno}", reviewer)
                if label is None:
                    continue
                first = seen.setdefault((label.reviewer, label.case_id), lineno)
                if first != lineno:
                    raise ReviewFileError(
                        f"{p}:{lineno}: reviewer {label.reviewer!r} already labelled case "
                        f"{label.case_id!r} on line {first}"
                    )
                labels.append(label)
    except UnicodeDecodeError:
        raise ReviewFileError(f"{p}: not UTF-8 text") from None
    except csv.Error as exc:
        raise ReviewFileError(f"{p}: malformed CSV: {exc}") from None
    return labels
