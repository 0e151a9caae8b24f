"""Shared reading code: whole UTF-8 text files, the batch-check JSONL format (errors per
line) and strict line-numbered JSONL files."""

from __future__ import annotations

__all__ = [
    "BatchRecord",
    "json_lines",
    "parse_record",
    "read_batch",
    "read_batch_stream",
    "read_stdin_text",
    "read_text",
]

import json
import math
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from saferail.errors import TextFileError


@dataclass(slots=True)
class BatchRecord:
    """One input line: the fields of the contract, or the reason it is unusable."""

    id: Any
    text: str | None = None
    context: str | None = None
    system_prompt: str | None = None
    error: str | None = None


def parse_record(line: str | bytes, lineno: int) -> BatchRecord:
    """Parse one JSONL line; never raises, a bad line gives a record with ``error``."""
    try:
        obj = json.loads(line, parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return BatchRecord(id=lineno, error=f"line {lineno}: invalid JSON: {reason}")
    if not isinstance(obj, dict):
        return BatchRecord(id=lineno, error=f"line {lineno}: expected a JSON object")
    rid = obj.get("id", lineno)
    if isinstance(rid, dict | list):
        return BatchRecord(id=lineno, error=f"line {lineno}: 'id' must be a string or number")
    text = obj.get("text")
    if not isinstance(text, str):
        return BatchRecord(id=rid, error=f"line {lineno}: 'text' must be a string")
    for key in ("context", "system_prompt"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return BatchRecord(id=rid, error=f"line {lineno}: {key!r} must be a string")
    return BatchRecord(rid, text, obj.get("context"), obj.get("system_prompt"))


def _not_json(name: str) -> Any:
    """``NaN``/``Infinity`` are not JSON: an output line echoing them would not be either."""
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def read_batch(path: Path) -> Iterator[BatchRecord]:
    """One record per non-blank line of ``path``.

    A UTF-16 or UTF-32 file (a byte-order mark, or NUL bytes, which UTF-8 JSON never holds
    raw) raises :class:`~saferail.errors.TextFileError` at once, before any record: JSON's
    own decoder would read some of its lines and garble the rest."""
    _refuse_wide_text(path)
    return _records(path)


def _refuse_wide_text(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return  # reading the records reports it
    _refuse_wide_head(head, path)


def _refuse_wide_head(head: bytes, source: str | Path) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]:
        raise TextFileError(source, "UTF-16 or UTF-32 text, not UTF-8 (save it as UTF-8)")


def _records(path: Path) -> Iterator[BatchRecord]:
    with path.open("rb") as fh:
        yield from read_batch_stream(fh, path)


def read_batch_stream(stream: BinaryIO, source: str | Path = "stdin") -> Iterator[BatchRecord]:
    """One record per non-blank line of a binary stream (``sys.stdin.buffer``, say). A
    UTF-16 or UTF-32 stream raises :class:`~saferail.errors.TextFileError` (naming
    ``source``) at its first line, before any record."""
    for lineno, raw in enumerate(stream, start=1):
        if lineno == 1:
            _refuse_wide_head(raw, source)
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM alone is a blank line
        if raw.strip():
            yield parse_record(raw, lineno)


def json_lines(
    lines: Iterable[str], source: object, error: type[Exception]
) -> Iterator[tuple[int, Any]]:
    """(line number, value) for every non-blank line; a line that is not JSON raises
    ``error("{source}:{line}: not JSON: ...")``, so the whole file is rejected."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{source}:{lineno}: not JSON: {exc.msg}") from None
        except RecursionError:  # [[[[...]]]] thousands deep
            raise error(f"{source}:{lineno}: not JSON: nested too deeply") from None
        yield lineno, value


def read_text(path: str | Path, *, expect: str | None = None) -> str:
    """The whole of ``path`` as UTF-8 text, exactly as ``Path.read_text(encoding="utf-8")``
    gives it (a leading byte-order mark is kept as ``"\\ufeff"``).

    Raises :class:`~saferail.errors.TextFileError` with reason ``cannot read: <why>`` (missing
    file, a directory, no permission, ...) or ``not UTF-8 text``; ``expect`` names what the
    file should have been and is added as ``not UTF-8 text (is it <expect>?)``."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise TextFileError(p, f"cannot read: {why}", strerror=why) from exc
    except UnicodeDecodeError as exc:
        reason = "not UTF-8 text" if expect is None else f"not UTF-8 text (is it {expect}?)"
        raise TextFileError(p, reason) from exc


def read_stdin_text(encoding: str = "utf-8") -> str:
    """Standard input as text, decoded strictly from its bytes (a text stream would pass
    undecodable bytes on as lone surrogates, which can be neither sent nor stored);
    ``"utf-8-sig"`` drops a byte-order mark. Raises :class:`UnicodeError` (a ``ValueError``)
    for input that is not UTF-8."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return str(buffer.read().decode(encoding))
    text = sys.stdin.read()
    text.encode("utf-8")  # UnicodeEncodeError on a lone surrogate
    return text.removeprefix("\ufeff") if encoding == "utf-8-sig" else text
