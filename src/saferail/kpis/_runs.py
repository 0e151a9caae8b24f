"""Run-store helpers shared by the KPIs: completed runs in time order, each run's breakdown
attributes, its model fingerprint and policy version, and a read-only view of a store that
shows only some runs (what :func:`saferail.governance.risk_coverage.coverage` is given)."""

from __future__ import annotations

__all__ = [
    "EXCLUDED_SUITES",
    "RunCache",
    "StoreView",
    "completed_runs",
    "model_fingerprint",
    "parse_time",
    "policy_version",
    "run_attrs",
    "run_time",
]

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from saferail.evals.results import RunInfo, RunStatus
from saferail.evals.session import LoadedRun, load_run
from saferail.evals.store import SqlRunStore
from saferail.targets.base import TargetIdentity

EXCLUDED_SUITES = frozenset({"redteam", "triage"})
"""Suites that are not evaluations of a fixed case set (adaptive attacks, triage re-sends)."""
_ALL = 1_000_000


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time (``Z`` allowed) as an aware UTC datetime."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def run_time(info: RunInfo) -> datetime:
    moment = parse_time(info.created_at)
    assert moment is not None
    return moment


def completed_runs(
    store: SqlRunStore, *, until: datetime | None = None, suite: str | None = None
) -> list[RunInfo]:
    """Completed runs created before ``until``, oldest first."""
    runs = [
        r
        for r in store.list_runs(suite=suite, limit=_ALL)
        if r.status is RunStatus.COMPLETED and (until is None or run_time(r) < until)
    ]
    return sorted(runs, key=lambda r: (run_time(r), r.run_id))


def _dict(value: object) -> dict[str, Any]:
    """``value`` if it is a mapping of params, else none (a hand-edited file may hold anything)."""
    return value if isinstance(value, dict) else {}


def _identity(target: dict[str, Any]) -> dict[str, Any]:
    """The model's own identity: a guarded target's inner target, else the target."""
    params = _dict(target.get("params"))
    inner = params.get("target") if str(target.get("provider", "")).startswith("guarded:") else None
    return inner if isinstance(inner, dict) else target


def model_fingerprint(info: RunInfo) -> str:
    """The fingerprint of the model itself (a guarded target's inner target)."""
    target = info.manifest.get("target") or {}
    ident = _identity(target)
    if ident is target:
        return info.target_fingerprint
    return TargetIdentity(
        str(ident.get("provider")),
        str(ident.get("model")),
        ident.get("version"),
        dict(ident.get("params") or {}),
    ).fingerprint()


def policy_version(info: RunInfo) -> str | None:
    value = info.manifest.get("policy_version")
    if value is None:
        params = (info.manifest.get("target") or {}).get("params") or {}
        value = params.get("policy_version")
    return None if value is None else str(value)


def identity_attrs(target: dict[str, Any]) -> dict[str, str | None]:
    """Breakdown attributes of a target identity: ``model_version`` is its version, else its
    model name; ``prompt_version`` and ``feature_flag`` come from its params when set."""
    outer = _dict(target.get("params"))
    ident = _identity(target)
    params = {**_dict(ident.get("params")), **outer}
    version = ident.get("version") or ident.get("model")

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "model_version": text(version),
        "prompt_version": text(params.get("prompt_version")),
        "feature_flag": text(params.get("feature_flag")),
    }


def run_attrs(info: RunInfo) -> dict[str, str | None]:
    return identity_attrs(info.manifest.get("target") or {})


class RunCache:
    """Loads each run (results and metrics) once."""

    def __init__(self, store: SqlRunStore) -> None:
        self.store = store
        self._loaded: dict[str, LoadedRun] = {}

    def load(self, info: RunInfo) -> LoadedRun:
        found = self._loaded.get(info.run_id)
        if found is None:
            found = self._loaded[info.run_id] = load_run(self.store, info.run_id)
        return found


class StoreView(SqlRunStore):
    """A read-only view of ``store`` whose ``list_runs`` shows only the runs ``keep``
    accepts (everything else reads through)."""

    def __init__(self, store: SqlRunStore, keep: Callable[[RunInfo], bool]) -> None:
        self._inner = store
        self._keep = keep
        self.location = store.location
        self._lock = store._lock

    def list_runs(self, suite: str | None = None, limit: int = 50) -> list[RunInfo]:
        runs = [r for r in self._inner.list_runs(suite=suite, limit=_ALL) if self._keep(r)]
        return runs[:limit]

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        raise PermissionError("a StoreView is read-only")

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        raise PermissionError("a StoreView is read-only")

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._inner._rows(sql, args)

    def _upsert(self, table: str, columns: str, keys: str) -> str:
        return self._inner._upsert(table, columns, keys)

    @property
    def schema_version(self) -> int:
        return self._inner.schema_version

    def close(self) -> None:
        """The view does not own the store: nothing to close."""
