"""``Suite``: named, versioned cases with their scorers, generation params and gate criteria.

A suite is a YAML file (cases inline or in JSONL/CSV files beside it) or a bare JSONL/CSV
file; built-in suites are addressed by name. Its version is a content hash of everything that
defines it, so two runs of the same version ran the same test.
"""

from __future__ import annotations

__all__ = [
    "BUILTIN_SUITES_DIR",
    "ScorerSpec",
    "Suite",
    "SuiteError",
    "builtin_suites",
    "load_cases",
    "load_suite",
]

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.errors import SaferailError, TextFileError
from saferail.evals.case import Case, Expected, content_hash
from saferail.io import json_lines, read_text

BUILTIN_SUITES_DIR = Path(__file__).resolve().parent.parent / "data" / "suites"


class SuiteError(SaferailError):
    """A suite could not be loaded; the message names the file and line."""


class ScorerSpec(BaseModel):
    """A scorer to run on the suite's cases (``expected``: only on cases expecting these)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    params: dict[str, Any] = Field(default_factory=dict)
    expected: tuple[str, ...] = ()

    @field_validator("expected", mode="before")
    @classmethod
    def _one_behaviour(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("expected")
    @classmethod
    def _known_behaviours(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # a typo would make the scorer apply to no case at all, without a word
        known = [e.value for e in Expected]
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown behaviour {unknown[0]!r} (known: {', '.join(known)})")
        return value


class Suite(BaseModel):
    """A versioned set of cases. ``params`` are generation params sent with every case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    cases: tuple[Case, ...]
    scorers: tuple[ScorerSpec, ...] = ()
    params: dict[str, Any] = Field(default_factory=dict)
    gate: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Suite:
        seen: set[str] = set()
        for case in self.cases:
            if case.id in seen:
                raise ValueError(f"duplicate case id {case.id!r}")
            seen.add(case.id)
        if not self.cases:
            raise ValueError("a suite needs at least one case")
        return self

    @property
    def version(self) -> str:
        """sha256 of the suite's canonical JSON (cases, scorers, params, gate...)."""
        return content_hash(self.model_dump(mode="json"))

    def categories(self) -> list[str]:
        return sorted({c.category for c in self.cases})


def _case(row: Any, where: str) -> Case:
    if not isinstance(row, dict):
        raise SuiteError(f"{where}: a case must be an object, got {type(row).__name__}")
    try:
        case = Case.model_validate(row)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "case"
        raise SuiteError(f"{where}: {loc}: {err['msg']}") from None
    try:
        case.content_hash()  # UTF-8 encodes the case, as the run store and reports will
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        raise SuiteError(f"{where}: {char!r} is a lone surrogate, not valid Unicode") from None
    return case


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8-sig") as fh:  # -sig: a spreadsheet's byte-order mark
        last = [""]

        def lines() -> Iterator[str]:
            for line in fh:
                last[0] = line
                yield line

        for lineno, row in json_lines(lines(), path, SuiteError):
            if isinstance(row, dict):  # parsed again, to see the keys it kept
                json.loads(last[0], object_pairs_hook=_once(f"{path}:{lineno}"))
            yield lineno, row


def _once(where: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A JSON object hook refusing a key written twice: JSON keeps the last value without
    a word (a YAML suite file refuses it too)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise SuiteError(f"{where}: key {key!r} written twice")
            seen.add(key)
        return dict(pairs)

    return hook


_LIST_COLUMNS = {"tags", "context"}


def _csv_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:  # -sig: a spreadsheet's BOM
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        twice = sorted({c for c in header if header.count(c) > 1})
        if twice:  # DictReader would keep the last cell of each and drop the others
            raise SuiteError(f"{path}:1: duplicate column(s): {', '.join(twice)}")
        for row in reader:
            lineno = reader.line_num
            if None in row:  # csv puts the cells beyond the header under the key None
                raise SuiteError(
                    f"{path}:{lineno}: more cells than columns (quote a cell that holds a comma)"
                )
            if not any(row.values()):
                continue  # a row of empty cells (",,,"): spreadsheets write them as blank rows
            out: dict[str, Any] = {}
            for key, value in row.items():
                if value is None or value == "":
                    continue
                # a quoted cell keeps the file's line ends: CRLF and LF files are one suite
                value = value.replace("\r\n", "\n")
                if key in _LIST_COLUMNS:
                    out[key] = [v.strip() for v in value.split("|") if v.strip()]
                elif key == "metadata":
                    try:
                        out[key] = json.loads(value)
                    except ValueError:
                        raise SuiteError(f"{path}:{lineno}: metadata: not JSON") from None
                else:
                    out[key] = value
            yield lineno, out


def load_cases(path: str | Path) -> list[Case]:
    """Cases from a JSONL file (one case object per line) or a CSV file (one per row;
    ``tags`` and ``context`` split on ``|``, ``metadata`` as JSON)."""
    return [case for _, case in _unique_ids(_file_cases(Path(path)))]


Located = list[tuple[str, Case]]
"""Cases with where each was written (``file:line``)."""


def _file_cases(p: Path) -> Located:
    if not p.is_file():
        raise SuiteError(f"{p}: no such file")
    rows: Iterable[tuple[int, Any]]
    if p.suffix.lower() == ".csv":
        rows = _csv_rows(p)
    elif p.suffix.lower() in (".jsonl", ".ndjson"):
        rows = _jsonl_rows(p)
    else:
        raise SuiteError(f"{p}: cases must be .jsonl or .csv")
    try:
        return [(f"{p}:{n}", _case(row, f"{p}:{n}")) for n, row in rows]
    except UnicodeDecodeError:
        raise SuiteError(f"{p}: not UTF-8 text") from None
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KiB field limit
        raise SuiteError(f"{p}: malformed CSV: {exc}") from None
    except OSError as exc:
        raise SuiteError(f"{p}: cannot read: {exc.strerror or exc}") from None


def _unique_ids(cases: Located) -> Located:
    """``cases``, or an error naming where a case id is written the second time."""
    first: dict[str, str] = {}
    for where, case in cases:
        if case.id in first:
            raise SuiteError(f"{where}: duplicate case id {case.id!r} (first at {first[case.id]})")
        first[case.id] = where
    return cases


def _from_yaml(path: Path, verify: Callable[[Path], None] | None = None) -> Suite:
    if verify is not None:
        verify(path)
    try:
        raw, node = load_with_lines(read_text(path, expect="a suite file"))
    except TextFileError as exc:
        raise SuiteError(f"{path}: {exc.reason}") from None
    except YamlSyntaxError as exc:  # a key written twice, too deep or too large included
        plain = type(exc) is YamlSyntaxError
        raise SuiteError(
            f"{exc.where(str(path))}: {'not valid YAML' if plain else exc.reason}"
        ) from None
    if not isinstance(raw, dict):
        raise SuiteError(f"{path}: a suite file must be a mapping")
    lines = line_index(node)

    def at(*loc: str | int) -> str:  # "suite.yaml:7", the line where loc is written
        line = line_of(lines, loc)
        return f"{path}:{line}" if line is not None else str(path)

    data = dict(raw)
    inline = data.pop("cases", None)
    if not isinstance(inline, list | None):  # cases: {} or "" would drop the cases silently
        raise SuiteError(
            f"{at('cases')}: cases: expected a list of cases, got {type(inline).__name__}"
        )
    cases: Located = [
        (at("cases", i), _case(row, f"{at('cases', i)}: cases[{i}]"))
        for i, row in enumerate(inline or [])
    ]
    files = data.pop("cases_from", None)
    files = [files] if isinstance(files, str) else [] if files is None else files
    if not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        raise SuiteError(
            f"{at('cases_from')}: cases_from: expected a file name or a list of file names"
        )
    base = path.resolve().parent  # beside the suite file itself, also through a symlink
    for name in files:
        if verify is not None:
            verify(base / name)
        cases.extend(_file_cases(base / name))
    data.setdefault("name", path.stem)
    try:
        suite = Suite.model_validate({**data, "cases": [c for _, c in _unique_ids(cases)]})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "suite"
        msg = err["msg"].removeprefix("Value error, ")
        raise SuiteError(f"{at(*err['loc'])}: {loc}: {msg}") from None
    from saferail.evals.gate import GateError, parse

    for i, criterion in enumerate(suite.gate):
        try:
            parse(criterion)
        except GateError as exc:
            raise SuiteError(f"{at('gate', i)}: gate: {exc}") from None
    return suite


def _verify_builtin(path: Path) -> None:
    """A built-in suite's files must match their pinned SHA-256 (user suites are not pinned)."""
    from saferail.supply.pins import ArtifactIntegrityError, verify_pinned

    root = BUILTIN_SUITES_DIR.resolve()
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        raise ArtifactIntegrityError(
            f"{path}: a built-in suite may only read files beside it"
        ) from None
    verify_pinned(path, f"suites/{rel.as_posix()}")


def builtin_suites() -> list[str]:
    """Names of the suites bundled with saferail."""
    return sorted(p.stem for p in BUILTIN_SUITES_DIR.glob("*.yaml"))


def load_suite(ref: str | Path) -> Suite:
    """A suite from a YAML/JSONL/CSV path, or a built-in suite by name."""
    path = Path(ref)
    if path.is_file():
        if path.suffix.lower() in (".yaml", ".yml"):
            return _from_yaml(path)
        try:
            return Suite(name=path.stem, cases=tuple(load_cases(path)))
        except ValidationError as exc:
            raise SuiteError(f"{path}: {exc.errors()[0]['msg']}") from None
    builtin = BUILTIN_SUITES_DIR / f"{ref}.yaml"
    if builtin.is_file():
        return _from_yaml(builtin, verify=_verify_builtin)
    known = ", ".join(builtin_suites()) or "none"
    raise SuiteError(f"{ref}: no such suite file or built-in suite (built-in: {known})")
