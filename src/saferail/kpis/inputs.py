"""The KPI inputs that are files: review folders, triage records (with ``mitigation.json``),
labelled traffic samples, alert outcomes, the system card, and telemetry events.

Two small files are saferail's own record of what happened after the fact, written by hand or
with :func:`record_mitigation` / :func:`record_alert_outcome`:

* ``mitigation.json`` beside a triage's ``bug_report.json``:
  ``{"mitigated_at": "2026-05-02T10:00:00Z", "change": "policy v4", "by": "alice"}``;
* an alert outcomes JSONL file, one line per judged alert:
  ``{"alert_id": "...", "actionable": true, "note": "..."}`` (a later line for the same
  alert replaces an earlier one).
"""

from __future__ import annotations

__all__ = [
    "CardStamp",
    "LabelledSample",
    "ReviewRecord",
    "TriageRecord",
    "load_alert_outcomes",
    "load_events",
    "load_labelled",
    "load_reviews",
    "load_triage",
    "read_card",
    "record_alert_outcome",
    "record_mitigation",
]

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from saferail.governance.triage import TriageResult
from saferail.kpis._runs import identity_attrs, parse_time
from saferail.kpis.model import KpiError
from saferail.telemetry.event import SafetyEvent

_RUN_STAMP = re.compile(r"^(\d{8}T\d{6})-")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _time(text: Any, where: str) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_time(str(text))
    except ValueError:
        raise KpiError(f"{where}: not an ISO 8601 time: {text!r}") from None


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KpiError(f"{path}: cannot read JSON: {exc}") from None


# -- reviews -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRecord:
    """One ``saferail review`` outcome (``review.json``)."""

    path: Path
    go: bool
    run_ids: tuple[str, ...]
    time: datetime | None
    attrs: dict[str, str | None]


def _review_time(run_ids: Iterable[str], path: Path) -> datetime:
    stamps = [m[1] for r in run_ids if (m := _RUN_STAMP.match(r))]
    if stamps:
        return datetime.strptime(min(stamps), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _review_runs(data: dict[str, Any], path: Path) -> list[str]:
    """The run ids a review names (its suites' runs, then its red-team run)."""
    suites, redteam = data.get("suites") or [], data.get("redteam") or {}
    if not isinstance(suites, list) or not all(isinstance(s, dict) for s in suites):
        raise KpiError(f"{path}: not a review.json ('suites' is not a list of objects)")
    if not isinstance(redteam, dict):
        raise KpiError(f"{path}: not a review.json ('redteam' is not an object)")
    runs = [s.get("run_id") for s in suites] + [redteam.get("run_id")]
    return [str(r) for r in runs if r]


def _review_target(data: dict[str, Any], path: Path) -> dict[str, Any]:
    target = data.get("target") or {}
    if not isinstance(target, dict):
        raise KpiError(f"{path}: not a review.json ('target' is not an object)")
    return target


def load_reviews(folders: Iterable[str | Path]) -> list[ReviewRecord]:
    """Every ``review.json`` in ``folders`` (searched recursively; a copy, such as the one in
    the evidence pack, counts once). A review's time is the start of its first run (from the
    run id), else the file's modification time."""
    out = []
    seen: set[tuple[str, ...]] = set()
    for folder in folders:
        root = Path(folder)
        if not root.exists():
            raise KpiError(f"--review: no such file or folder: {root}")
        paths = [root] if root.is_file() else sorted(root.rglob("review.json"))
        for path in paths:
            data = _json(path)
            if not isinstance(data, dict) or data.get("verdict") not in ("go", "no-go"):
                raise KpiError(f"{path}: not a review.json (no go/no-go verdict)")
            runs = _review_runs(data, path)
            attrs = identity_attrs(_review_target(data, path))
            if runs and tuple(runs) in seen:
                continue
            seen.add(tuple(runs))
            go = data["verdict"] == "go"
            out.append(ReviewRecord(path, go, tuple(runs), _review_time(runs, path), attrs))
    return out


# -- triage records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageRecord:
    """A triage result and, when recorded, when it was mitigated."""

    path: Path
    result: TriageResult
    mitigated_at: datetime | None = None

    @property
    def reported_at(self) -> datetime | None:
        return parse_time(self.result.timestamps.reported_at)

    @property
    def attrs(self) -> dict[str, str | None]:
        return identity_attrs(dict(self.result.target.identity))


def load_triage(folder: str | Path) -> list[TriageRecord]:
    """Every ``bug_report.json`` under ``folder`` with its ``mitigation.json`` if present."""
    root = Path(folder)
    if not root.is_dir():
        raise KpiError(f"--triage: no such folder: {root}")
    out = []
    for path in sorted(root.rglob("bug_report.json")):
        try:
            result = TriageResult.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise KpiError(f"{path}: not a triage record: {exc.errors()[0]['msg']}") from None
        reported = _time(result.timestamps.reported_at, f"{path}: reported_at")
        took = result.timestamps.time_to_triage_s
        if took is not None and not (math.isfinite(took) and took >= 0):
            raise KpiError(f"{path}: time_to_triage_s is not a duration in seconds: {took}")
        out.append(TriageRecord(path, result, _mitigated_at(path.parent, reported)))
    return out


def _mitigated_at(folder: Path, reported: datetime | None) -> datetime | None:
    """The time in ``folder/mitigation.json``, if there is one (not before the report)."""
    side = folder / "mitigation.json"
    if not side.is_file():
        return None
    data = _json(side)
    mitigated = _time(data.get("mitigated_at") if isinstance(data, dict) else None, str(side))
    if mitigated is None:
        raise KpiError(f"{side}: needs a 'mitigated_at' time")
    if reported is not None and mitigated < reported:
        raise KpiError(f"{side}: mitigated_at {mitigated.isoformat()} is before the failure "
                       f"was reported ({reported.isoformat()})")  # fmt: skip
    return mitigated


def record_mitigation(
    folder: str | Path, *, at: datetime | None = None, change: str = "", by: str = ""
) -> Path:
    """Write ``mitigation.json`` beside the triage record in ``folder`` (default: now)."""
    moment = (at or datetime.now(UTC)).astimezone(UTC).isoformat().replace("+00:00", "Z")
    path = Path(folder) / "mitigation.json"
    body = {"mitigated_at": moment, "change": change, "by": by}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return path


# -- labelled samples and alert outcomes ---------------------------------------------------------


class LabelledSample(BaseModel):
    """One sampled request or response with a human label and the filters' action."""

    model_config = ConfigDict(extra="ignore")

    id: str | int
    label: Literal["benign", "violating"]
    action: Literal["allow", "block", "redact", "warn", "error"]
    time: datetime | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    feature_flag: str | None = None

    @field_validator("time")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        """A time without a zone is UTC (it is compared with the window's aware times)."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @property
    def attrs(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in ("model_version", "prompt_version", "feature_flag")}


def _lines(path: str | Path, option: str) -> Iterable[tuple[int, Any]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KpiError(f"{option}: cannot read {path}: {exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise KpiError(f"{option} {path}:{number}: not JSON: {exc.msg}") from None


def load_labelled(path: str | Path) -> list[LabelledSample]:
    """Labelled samples from JSONL: ``{"id", "label": benign|violating, "action", "time"?,
    "model_version"?, "prompt_version"?, "feature_flag"?}``."""
    out = []
    for number, data in _lines(path, "--labelled"):
        try:
            out.append(LabelledSample.model_validate(data))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "line"
            raise KpiError(f"--labelled {path}:{number}: {where}: {err['msg']}") from None
    return out


def load_alert_outcomes(path: str | Path) -> dict[str, bool]:
    """Alert id -> actionable, from an outcomes JSONL file (later lines win)."""
    out: dict[str, bool] = {}
    for number, data in _lines(path, "--alert-outcomes"):
        ok = isinstance(data, dict) and isinstance(data.get("alert_id"), str)
        if not ok or not isinstance(data.get("actionable"), bool):
            raise KpiError(f"--alert-outcomes {path}:{number}: needs 'alert_id' and a true/false "
                           "'actionable'")  # fmt: skip
        out[data["alert_id"]] = data["actionable"]
    return out


def record_alert_outcome(path: str | Path, alert_id: str, actionable: bool, note: str = "") -> None:
    """Append one alert's outcome to the outcomes file."""
    line = json.dumps({"alert_id": alert_id, "actionable": actionable, "note": note})
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


# -- system card --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardStamp:
    """When a system card was generated and which model and policy it describes."""

    path: Path
    generated_at: datetime
    model_fingerprint: str | None
    policy_version: str | None


_CELL = r"(?:\s|\||`|</?(?:th|td|code)>)*"
_CARD_PATTERNS = {
    "generated": re.compile(r"Generated (\S+) by saferail"),
    "fingerprint": re.compile(rf"Model fingerprint{_CELL}([0-9a-f]{{16,64}})"),
    "policy": re.compile(rf"Policy version{_CELL}([^\s|<`]+)"),
}


def read_card(path: str | Path) -> CardStamp:
    """The stamp of ``system_card.md`` / ``.html`` (or of a folder holding one)."""
    where = Path(path)
    if where.is_dir():
        found = [where / n for n in ("system_card.md", "system_card.html") if (where / n).is_file()]
        if not found:
            raise KpiError(f"--card: no system_card.md or .html in {where}")
        where = found[0]
    try:
        text = where.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KpiError(f"--card: cannot read {where}: {exc}") from None
    got = {k: p.search(text) for k, p in _CARD_PATTERNS.items()}
    stamp = got["generated"]
    if stamp is None:
        raise KpiError(f"--card: {where} is not a saferail system card (no 'Generated' line)")
    generated = _time(stamp[1], str(where))
    assert generated is not None
    fp, pol = got["fingerprint"], got["policy"]
    return CardStamp(where, generated, fp[1] if fp else None, pol[1] if pol else None)


# -- telemetry events ---------------------------------------------------------------------------


def load_events(
    source: str | Path, since: datetime | None = None, until: datetime | None = None
) -> list[SafetyEvent]:
    """Events in ``[since, until)`` from a JSONL file, a SQLite event store or a
    ``postgresql://`` URL (read with an analyst principal: never content)."""
    from saferail.telemetry.access import Principal
    from saferail.telemetry.monitor.series import events_from_store
    from saferail.telemetry.store import open_event_store

    text = str(source)
    is_store = text.startswith(("postgresql://", "postgres://"))
    if not is_store:
        path = Path(text)
        if not path.is_file():
            raise KpiError(f"--events: no such file: {path}")
        try:
            with path.open("rb") as fh:
                is_store = fh.read(16) == _SQLITE_MAGIC
        except OSError as exc:
            raise KpiError(f"--events: cannot read {path}: {exc.strerror or exc}") from None
    if is_store:
        if not text.startswith(("postgresql://", "postgres://")):
            from saferail.telemetry.store import StoreError
            from saferail.telemetry.store_sqlite import require_event_store

            try:
                require_event_store(text)  # never migrate some other database
            except StoreError as exc:
                raise KpiError(f"--events: {exc}") from None
        with open_event_store(text) as store:
            reader = Principal(name="kpis", role="analyst")
            return list(events_from_store(store, reader, since=since, until=until, types=None))
    out = []
    for number, data in _lines(path, "--events"):
        try:
            event = SafetyEvent.model_validate(data)
        except ValidationError as exc:
            raise KpiError(f"--events {path}:{number}: not a SafetyEvent: "
                           f"{exc.errors()[0]['msg']}") from None  # fmt: skip
        if (since is None or event.time >= since) and (until is None or event.time < until):
            out.append(event)
    return out
