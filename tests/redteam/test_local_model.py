"""The red-team loop against the bundled local model (SmolLM2-135M-Instruct), bare and behind
a policy with the jailbreak check. Slow (real generation on CPU), still in CI."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from saferail import parse_policy
from saferail.evals.store import RunStore
from saferail.redteam.engine import RedTeam, RedTeamConfig
from saferail.redteam.report import write_reports
from saferail.redteam.results import RedTeamResult
from saferail.targets import LocalTarget
from tests.targets.test_local import needs_model

pytestmark = [pytest.mark.slow, needs_model]

CONFIG = RedTeamConfig(
    budget=10,
    strategies=("roleplay", "system_prompt_extraction"),
    goals=("harm-cyber-phishing", "spx-bank-faq"),
    explore=1,
    round_size=4,
    params={"temperature": 0.0, "max_tokens": 40},
)


JAILBREAK_BLOCK = "input:\n  checks:\n    jailbreak: {action: block}\n"


def _run(store: RunStore, guarded: bool) -> RedTeamResult:
    async def go() -> RedTeamResult:
        target = LocalTarget()
        policy = parse_policy(JAILBREAK_BLOCK) if guarded else None
        try:
            return await RedTeam(target, store, CONFIG, policy=policy, target_spec="local").run()
        finally:
            await target.aclose()

    return asyncio.run(go())


def test_red_team_the_bundled_model_bare_and_guarded(tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.db") as store:
        bare = _run(store, guarded=False)
        guarded = _run(store, guarded=True)
    for result in (bare, guarded):
        assert result.calls_used <= CONFIG.budget
        assert result.attempts and all(a.steps for a in result.attempts)
        assert {s.strategy for s in result.strategies} == set(CONFIG.strategies)
    # the model answered: every bare step has a reply and no error
    assert all(s.reply and s.error is None for a in bare.attempts for s in a.steps)
    # the tiny model plays along with role-play; the finding recommends a detector check that
    # stops it (the harmful-request check, tried first for a harmful goal, or the jailbreak
    # check), verified by re-running the attack behind it
    roleplay = next(f for f in bare.findings if f.strategy == "roleplay")
    assert roleplay.mitigation is not None and roleplay.mitigation.verified
    assert any(c in roleplay.mitigation.setting for c in ("harmful_request", "jailbreak"))
    # behind that setting the guard answers the role-play requests itself (no model call)
    blocked = [s for a in guarded.attempts if a.strategy == "roleplay" for s in a.steps]
    assert blocked and all(s.blocked and not s.succeeded for s in blocked)
    assert guarded.calls.get("attack", 0) < bare.calls.get("attack", 0)
    paths = write_reports(guarded, tmp_path / "report", compare=bare)
    assert paths["html"].read_text(encoding="utf-8").count("roleplay") >= 2
