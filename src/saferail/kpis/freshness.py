"""Documentation freshness: is the system card about the system that runs now?

The *current configuration* is the model fingerprint and policy version of the newest
completed run in the store (before the window's end); a guarded target counts as its inner
model. It *first ran* at the oldest run with that same configuration. The card is up to date
when it names that fingerprint and policy version; otherwise it has been out of date since the
configuration first ran (or since the card was generated, if that is later).
"""

from __future__ import annotations

__all__ = ["freshness_kpi"]

from saferail.evals.store import SqlRunStore
from saferail.kpis._runs import completed_runs, model_fingerprint, policy_version, run_time
from saferail.kpis.definitions import definition
from saferail.kpis.inputs import CardStamp
from saferail.kpis.model import KpiResult, Window

_DAY = 86400.0


def freshness_kpi(card: CardStamp | None, store: SqlRunStore | None, window: Window) -> KpiResult:
    d = definition("doc_freshness")
    if card is None:
        return KpiResult.no_data(d, "no system card given (--card)")
    if store is None:
        return KpiResult.no_data(d, "no run store (--store) to find the last material change")
    runs = completed_runs(store, until=window.until)
    if not runs:
        return KpiResult.no_data(d, "the run store has no completed run before the window's end")
    now = window.now()
    config = (model_fingerprint(runs[-1]), policy_version(runs[-1]))
    since = min(run_time(r) for r in runs if (model_fingerprint(r), policy_version(r)) == config)
    age = (now - card.generated_at).total_seconds() / _DAY
    data = {
        "card": str(card.path),
        "card_generated_at": card.generated_at.isoformat(),
        "card_age_days": round(age, 2),
        "current_model_fingerprint": config[0],
        "current_policy_version": config[1],
        "configuration_first_ran": since.isoformat(),
    }
    same_model = card.model_fingerprint == config[0]
    same_policy = card.policy_version == (config[1] or card.policy_version)
    if same_model and same_policy:
        return KpiResult.of(
            d, value=0.0, n=1, detail=f"up to date; card generated {age:.1f} d ago", data=data
        )
    changed = []
    if not same_model:
        changed.append(f"model {str(card.model_fingerprint)[:12]} -> {config[0][:12]}")
    if not same_policy:
        changed.append(f"policy {card.policy_version} -> {config[1]}")
    stale = max(0.0, (now - max(since, card.generated_at)).total_seconds() / _DAY)
    return KpiResult.of(
        d,
        value=round(stale, 3),
        n=1,
        detail=f"out of date: {'; '.join(changed)} (first ran {since:%Y-%m-%d}); "
        f"card generated {age:.1f} d ago",
        data=data,
    )
