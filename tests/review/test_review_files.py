"""The review reads its input files before any suite runs, and never deletes a previous
pack's signed approvals."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from saferail.governance.card_info import CardInfoError
from saferail.governance.evidence import record_approval, verify_pack
from saferail.governance.keys import generate_key
from saferail.governance.register import RegisterError
from saferail.review.config import ReviewConfig
from saferail.review.run import run_review


def _config(out: Path, **kw: object) -> ReviewConfig:
    base: dict[str, object] = {
        "target": "refuse",
        "suites": ("over_refusal",),
        "sample": 4,
        "redteam_budget": 4,
        "redteam_strategies": ("direct",),
        "out": out,
    }
    return ReviewConfig.model_validate({**base, **kw})


def test_a_bad_card_or_register_stops_the_review_before_any_suite(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    card.write_bytes(b"\xff\xfe not UTF-8")
    out = tmp_path / "r"
    with pytest.raises(CardInfoError, match="not UTF-8"):
        asyncio.run(run_review(_config(out, card=card), log=lambda _: None))
    register = tmp_path / "risks.yaml"
    register.write_text("risks: [1, 2\n", encoding="utf-8")
    with pytest.raises(RegisterError):
        asyncio.run(run_review(_config(out, risk_register=register), log=lambda _: None))
    assert not out.exists()  # nothing ran, nothing was written


def test_a_rerun_keeps_the_previous_pack_and_its_approvals(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "keys" / "signing.key")
    out = tmp_path / "r"
    first = asyncio.run(run_review(_config(out, key=key.path), log=lambda _: None))
    pack = first.artifacts["evidence"]
    record_approval(
        pack, actor="ana", role="safety lead", decision="approve", key=key, trusted=[key.public]
    )
    lines: list[str] = []
    second = asyncio.run(run_review(_config(out, key=key.path), log=lines.append))
    kept = [p for p in out.iterdir() if p.name.startswith("evidence.superseded-")]
    assert len(kept) == 1
    assert any(str(kept[0]) in line for line in lines)
    old = verify_pack(kept[0], [key.public])
    assert old.valid, old.problems
    assert [e.actor for e in old.approvals] == ["ana"]
    new = verify_pack(second.artifacts["evidence"], [key.public])
    assert new.valid, new.problems
    listed = {a.path for a in new.manifest.artifacts} if new.manifest else set()
    assert not any(p.startswith("evidence") for p in listed)
