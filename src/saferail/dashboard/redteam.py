"""Red-team runs as the dashboard shows them: attack success rate per strategy with 95%
Wilson intervals and the findings (severity, strategy, goal kind).

The run store keeps a summary of every red-team run in its manifest (``redteam``: calls,
ASR, successes/attempts per strategy, findings with severity). When the dashboard is given
the directory of JSON reports (``saferail redteam --out``), a run's ``report.json`` adds each
finding's title, category, success rate, likelihood/impact and mitigation. Transcripts are
never shown here: they stay in the (redacted) reports.
"""

from __future__ import annotations

__all__ = ["ReportIndex", "list_redteam_runs", "redteam_view"]

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from saferail.dashboard.errors import NotFound
from saferail.dashboard.runs import is_redteam, newest_runs, run_row
from saferail.evals._sqlstore import SqlRunStore, StoreError
from saferail.evals.metrics import Rate
from saferail.redteam.report import RedTeamReportError, load_result
from saferail.redteam.results import RedTeamResult

_SEVERITIES = ("critical", "high", "medium", "low")


class ReportIndex:
    """Finds the JSON report of a run under a directory: ``DIR/RUN/report.json``,
    ``DIR/RUN.json``, or any ``*.json`` up to one level down whose ``run_id`` matches.
    Parsed reports are kept (the last ``keep``) until their file changes."""

    def __init__(self, root: str | Path, keep: int = 16) -> None:
        self.root = Path(root)
        self.keep = keep
        self._parsed: OrderedDict[Path, tuple[float, RedTeamResult | None]] = OrderedDict()
        self._ids: dict[Path, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def find(self, run_id: str) -> RedTeamResult | None:
        if Path(run_id).name != run_id or run_id.startswith("."):
            return None  # never a path outside the directory
        for path in (self.root / run_id / "report.json", self.root / f"{run_id}.json"):
            found = self._load(path)
            if found is not None and found.run_id == run_id:
                return found
        for path in sorted([*self.root.glob("*.json"), *self.root.glob("*/*.json")]):
            known = self._ids.get(path)
            if known is not None and known[0] == _mtime(path) and known[1] != run_id:
                continue  # read before: another run's report (or not a report)
            found = self._load(path)
            if found is not None and found.run_id == run_id:
                return found
        return None

    def _load(self, path: Path) -> RedTeamResult | None:
        mtime = _mtime(path)
        if mtime is None:
            return None
        with self._lock:
            known = self._parsed.get(path)
        if known is not None and known[0] == mtime:
            return known[1]
        try:
            result: RedTeamResult | None = load_result(path)
        except RedTeamReportError:
            result = None
        with self._lock:
            self._ids[path] = (mtime, None if result is None else result.run_id)
            self._parsed[path] = (mtime, result)
            self._parsed.move_to_end(path)
            while len(self._parsed) > self.keep:
                self._parsed.popitem(last=False)
        return result


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _summary(info_manifest: dict[str, Any]) -> dict[str, Any]:
    summary = info_manifest.get("redteam")
    return summary if isinstance(summary, dict) else {}


def _count(value: Any) -> int | None:
    """A non-negative count from a manifest (None for anything else, bools included)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else None


def _calls(summary: dict[str, Any]) -> dict[str, int]:
    raw = summary.get("calls")
    found = raw.items() if isinstance(raw, dict) else ()
    return {str(k): n for k, v in found if (n := _count(v)) is not None}


def _asr(summary: dict[str, Any]) -> float | None:
    value = summary.get("asr")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) if 0 <= value <= 1 else None


def _summary_findings(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's findings, each with the fields the pages show (odd entries left out:
    the manifest may come from another version)."""
    raw = summary.get("findings")
    return [
        {k: f.get(k) for k in ("id", "strategy", "kind", "severity")}
        for f in (raw if isinstance(raw, list) else [])
        if isinstance(f, dict)
    ]


def _summary_strategies(summary: dict[str, Any]) -> list[tuple[str, int, int, int | None]]:
    """``(strategy, successes, attempts, None)`` from the manifest's ``strategies``
    (``{name: [successes, attempts]}``); malformed entries are left out."""
    raw = summary.get("strategies")
    rows: list[tuple[str, int, int, int | None]] = []
    for name, pair in raw.items() if isinstance(raw, dict) else ():
        k, n = _pair(pair)
        if k is not None and n is not None and k <= n:
            rows.append((str(name), k, n, None))
    return rows


def _pair(value: Any) -> tuple[int | None, int | None]:
    if not isinstance(value, list) or len(value) != 2:
        return None, None
    return _count(value[0]), _count(value[1])


def _severity_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(_SEVERITIES, 0)
    for f in findings:
        sev = str(f.get("severity", ""))
        if sev in counts:
            counts[sev] += 1
    return counts


def list_redteam_runs(store: SqlRunStore, limit: int) -> list[dict[str, Any]]:
    """Red-team runs, newest first, with their overall ASR and findings per severity."""
    out = []
    for info in newest_runs(store, limit, is_redteam):
        summary = _summary(info.manifest)
        findings = _summary_findings(summary)
        out.append(
            {
                **run_row(info),
                "asr": _asr(summary),
                "budget": _count(summary.get("budget")),
                "calls": _calls(summary),
                "findings": len(findings),
                "severity_counts": _severity_counts(findings),
            }
        )
    return out


def _strategies(summary: dict[str, Any], report: RedTeamResult | None) -> list[dict[str, Any]]:
    rows: list[tuple[str, int, int, int | None]]
    if report is not None:
        rows = [(s.strategy, s.successes, s.attempts, s.calls) for s in report.strategies]
    else:
        rows = _summary_strategies(summary)
    out = []
    for name, wins, tries, calls in rows:
        rate = Rate.of(wins, tries)
        out.append({"strategy": name, "calls": calls, **rate.model_dump(exclude={"corrected"})})
    return sorted(out, key=lambda r: (-r["rate"], r["strategy"]))


def _findings(summary: dict[str, Any], report: RedTeamResult | None) -> list[dict[str, Any]]:
    if report is None:
        return _summary_findings(summary)
    out = []
    for f in report.findings:
        m = f.mitigation
        out.append(
            {
                "id": f.id,
                "title": f.title,
                "strategy": f.strategy,
                "kind": f.kind,
                "category": f.category,
                "severity": f.severity.value,
                "likelihood": f.likelihood,
                "impact": f.impact,
                "successes": f.successes,
                "attempts": f.attempts,
                "success_rate": f.success_rate,
                "tags": f.tags,
                "mitigation": None
                if m is None
                else {"setting": m.setting, "checks": m.checks, "verified": m.verified},
            }
        )
    return out


def redteam_view(store: SqlRunStore, run_id: str, reports: ReportIndex | None) -> dict[str, Any]:
    """One red-team run: ASR overall and per strategy, and its findings, most severe first."""
    try:
        info = store.get_run(run_id)
    except StoreError as exc:
        raise NotFound(str(exc).replace(f" in {store.location}", "")) from None
    if not is_redteam(info):
        raise NotFound(f"run {info.run_id} is not a red-team run")
    summary = _summary(info.manifest)
    report = reports.find(info.run_id) if reports is not None else None
    strategies = _strategies(summary, report)
    wins = sum(s["k"] for s in strategies)
    tries = sum(s["n"] for s in strategies)
    findings = _findings(summary, report)
    rank = {s: i for i, s in enumerate(_SEVERITIES)}
    findings.sort(key=lambda f: (rank.get(str(f.get("severity")), 9), str(f.get("id"))))
    return {
        "run": run_row(info),
        "budget": _count(summary.get("budget")),
        "calls": _calls(summary),
        "asr": Rate.of(wins, tries).model_dump(exclude={"corrected"}),
        "strategies": strategies,
        "findings": findings,
        "severity_counts": _severity_counts(findings),
        "report": report is not None,
    }
