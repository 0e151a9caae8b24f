"""What a review leaves behind: summary, policy, risk coverage, system card, evidence pack."""

from __future__ import annotations

__all__ = ["summary", "write_artifacts"]

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferail import __version__
from saferail.evals.store import SqlRunStore

if TYPE_CHECKING:
    from saferail.review.run import ReviewOutcome


def summary(outcome: ReviewOutcome) -> dict[str, Any]:
    """The review's verdict and figures as JSON-ready data (no prompt or answer text)."""
    rt = outcome.redteam
    return {
        "verdict": "go" if outcome.go else "no-go",
        "reasons": outcome.reasons,
        "saferail_version": __version__,
        "target": {"spec": outcome.config.target, **outcome.target.to_dict()},
        "target_fingerprint": outcome.target.fingerprint(),
        "policy": {"name": outcome.policy.name, "version": outcome.policy.version},
        "suites": [
            {
                "suite": s.suite.name,
                "suite_version": s.run.info.suite_version,
                "run_id": s.run.info.run_id,
                "cases": s.run.metrics.n,
                "pass_rate": None
                if s.run.metrics.pass_rate is None
                else s.run.metrics.pass_rate.rate,
                "gate_passed": s.gate.passed,
                "gate": [
                    {"criterion": r.criterion, "passed": r.passed, "detail": r.detail}
                    for r in s.gate.results
                ],
            }
            for s in outcome.suites
        ],
        "redteam": None if rt is None else {"run_id": rt.run_id, **rt.summary()},
        "timings_s": {k: round(v, 1) for k, v in outcome.timings.items()},
    }


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_artifacts(outcome: ReviewOutcome, store: SqlRunStore) -> dict[str, Path]:
    """Write the review's artifacts into ``config.out``; returns them by name."""
    from saferail.redteam.mitigation import policy_text

    out = outcome.config.out
    artifacts: dict[str, Path] = {}
    artifacts["policy"] = _write(out / "policy.yaml", policy_text(outcome.policy))
    for s in outcome.suites:
        artifacts[f"manifest:{s.suite.name}"] = _write(
            out / "manifests" / f"{s.run.info.run_id}.json",
            json.dumps(s.run.info.manifest, indent=2, sort_keys=True),
        )
    if outcome.redteam is not None:
        artifacts["manifest:redteam"] = _write(
            out / "manifests" / f"{outcome.redteam.run_id}.json",
            json.dumps(outcome.redteam.manifest, indent=2, sort_keys=True, default=str),
        )
    artifacts["coverage"] = _coverage(outcome, store)
    card = _card(outcome, store)
    artifacts.update(card)
    bom = _bom(outcome)
    if bom is not None:
        artifacts["bom"] = bom
    artifacts["summary"] = _write(
        out / "review.json", json.dumps(summary(outcome), indent=2, sort_keys=True)
    )
    artifacts.update(_kpis(outcome, store))
    artifacts["evidence"] = _pack(outcome, artifacts)
    return artifacts


def _coverage(outcome: ReviewOutcome, store: SqlRunStore) -> Path:
    from saferail.governance.register import load_register
    from saferail.governance.risk_coverage import coverage

    register = load_register(outcome.config.risk_register)
    report = coverage(register, store)
    outcome.extra["register"] = register
    outcome.extra["coverage"] = report
    share = "n/a" if report.share is None else f"{report.share:.2f}"
    outcome.extra["coverage_line"] = (
        f"risk coverage: {report.covered} of {report.top} top risks covered "
        f"(share {share}), {len(report.gaps)} gap(s)"
    )
    return _write(outcome.config.out / "coverage.json", report.model_dump_json(indent=2))


def _card(outcome: ReviewOutcome, store: SqlRunStore) -> dict[str, Path]:
    from saferail.governance.card_info import load_card_info
    from saferail.governance.system_card import build_card, render_html, render_markdown

    info = load_card_info(outcome.config.card) if outcome.config.card is not None else None
    card = build_card(
        policy=outcome.policy,
        target=outcome.target,
        eval_runs=[s.run for s in outcome.suites],
        redteam=[outcome.redteam] if outcome.redteam is not None else [],
        register=outcome.extra.get("register"),
        coverage=outcome.extra.get("coverage"),
        info=info,
    )
    out = outcome.config.out
    return {
        "system_card_md": _write(out / "system_card.md", render_markdown(card)),
        "system_card": _write(out / "system_card.html", render_html(card)),
    }


def _kpis(outcome: ReviewOutcome, store: SqlRunStore) -> dict[str, Path]:
    """The safety KPIs this review can measure (the rest say what input they lack)."""
    from saferail.kpis import compute_kpis_report, load_reviews, read_card, render_markdown

    out = outcome.config.out
    report = compute_kpis_report(
        store=store,
        register=outcome.extra.get("register"),
        reviews=load_reviews([out]),
        card=read_card(out) if (out / "system_card.md").is_file() else None,
    )
    return {
        "kpis": _write(out / "kpis.md", render_markdown(report)),
        "kpis_json": _write(out / "kpis.json", json.dumps(report.to_dict(), indent=2)),
    }


def _bom(outcome: ReviewOutcome) -> Path | None:
    """The ML-BOM of the installation (models, suites, data, policy, packages); an installation
    that does not match its pinned hashes is a no-go."""
    from saferail.supply.bom import BomError, write_bom

    try:
        return write_bom(outcome.config.out / "bom" / "bom.cdx.json", policy=outcome.policy)
    except BomError as exc:
        outcome.go = False
        outcome.reasons.append(f"supply chain: {exc}")
        return None


def _keep_approved_pack(pack: Path) -> Path | None:
    """Move a previous review's pack that holds approvals aside (``evidence.superseded-<UTC
    time>``) instead of replacing it: the signed decisions are a record of their own. A pack
    without approvals is replaced as before."""
    from saferail.governance._pack_manifest import APPROVALS

    log = pack / APPROVALS
    if not (log.is_file() and log.stat().st_size > 0):
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = pack.with_name(f"{pack.name}.superseded-{stamp}")
    n = 1
    while dest.exists():
        n += 1
        dest = pack.with_name(f"{pack.name}.superseded-{stamp}-{n}")
    pack.rename(dest)
    return dest


def _pack(outcome: ReviewOutcome, artifacts: dict[str, Path]) -> Path:
    """Every review file (reports, card, coverage, manifests, policy) in a signed pack."""
    from saferail.governance.evidence import Artifact, PackInfo, build_pack
    from saferail.governance.keys import load_signing_key

    out = outcome.config.out
    superseded = _keep_approved_pack(out / "evidence")
    if superseded is not None:
        outcome.extra["superseded_pack"] = superseded
    files = sorted(
        p
        for p in out.rglob("*")
        if p.is_file()
        and p.suffix != ".db"
        and not p.relative_to(out).parts[0].startswith("evidence")
        and not p.name.endswith((".db-wal", ".db-shm"))
    )
    kinds = {
        "evals": "eval-report",
        "redteam": "redteam-report",
        "manifests": "run-manifest",
        "bom": "ml-bom",
    }
    items = [
        Artifact.from_file(
            p, str(p.relative_to(out)), kinds.get(p.relative_to(out).parts[0], "review")
        )
        for p in files
    ]
    info = PackInfo(
        verdict="go" if outcome.go else "no-go",
        reasons=outcome.reasons,
        target_fingerprint=outcome.target.fingerprint(),
        target_spec=outcome.config.target,
        policy_version=outcome.policy.version,
    )
    key = load_signing_key(outcome.config.key) if outcome.config.key is not None else None
    built = build_pack(out / "evidence", items, info=info, key=key, overwrite=True)
    return built.path
