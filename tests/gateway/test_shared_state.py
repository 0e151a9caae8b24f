"""State shared by gateway replicas through Redis: rate limits, the policy version and the
pseudonymization vault. Each test runs its own ``redis-server`` on a free loopback port."""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from saferail import Guard, parse_policy
from saferail.gateway import GatewayConfig
from saferail.gateway.server import reload_now
from saferail.pii.vault import Vault, VaultError, VaultKeyError
from tests.gateway._redis import RedisServer, free_port, redis_or_skip
from tests.gateway.conftest import Gateway, StartGateway, Step, completion

redis_or_skip()

import redis  # noqa: E402  (after the skip: an optional dependency)

from saferail.gateway.shared import RedisRateLimiter, RedisVaultStore  # noqa: E402

BANNED = (
    "input:\n  checks:\n    banned_topic:\n      action: block\n      params:\n"
    "        topics:\n          forbidden: [{phrase}]\n"
)
EMAIL = "alice.example@example.com"


def ask(gw: Gateway, text: str = "hi", **kwargs: Any) -> Any:
    with gw.client() as client:
        return client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": text}], **kwargs
        )


def wait_for(predicate: Callable[[], bool], timeout_s: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def readyz(gw: Gateway) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{gw.root}/readyz", timeout=5.0).json()
    return body


# -- rate limits --------------------------------------------------------------------------


def test_two_limiters_spend_one_bucket(redis_server: RedisServer) -> None:
    async def run() -> list[float]:
        import redis.asyncio

        a = redis.asyncio.Redis.from_url(redis_server.url)
        b = redis.asyncio.Redis.from_url(redis_server.url)
        left, right = RedisRateLimiter(a, "t1"), RedisRateLimiter(b, "t1")
        try:
            waits = []
            for i in range(10):
                limiter = left if i % 2 == 0 else right
                waits.append(await limiter.take("team", 0.001, 4.0))
            return waits
        finally:
            await a.aclose()
            await b.aclose()

    waits = asyncio.run(run())
    assert waits[:4] == [0.0] * 4
    assert all(w > 1.0 for w in waits[4:])  # one token per 1000 s: the rest wait


def test_limiter_falls_back_to_a_local_bucket_while_redis_is_down(
    redis_server: RedisServer,
) -> None:
    async def run() -> tuple[list[float], int, list[float], int]:
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(redis_server.url, socket_connect_timeout=0.5)
        limiter = RedisRateLimiter(client, "t2", retry_s=0.0)
        try:
            assert await limiter.take("k", 0.001, 1.0) == 0.0  # spent in Redis
            redis_server.stop()
            down = [await limiter.take("k", 0.001, 2.0) for _ in range(3)]
            fallbacks = limiter.fallbacks
            redis_server.start()  # restarted empty: a fresh bucket
            up = [await limiter.take("k", 0.001, 2.0) for _ in range(3)]
            return down, fallbacks, up, limiter.fallbacks
        finally:
            await client.aclose()

    down, fallbacks, up, after = asyncio.run(run())
    assert down[:2] == [0.0, 0.0] and down[2] > 0  # the local bucket still limits
    assert fallbacks == 3
    assert up[:2] == [0.0, 0.0] and up[2] > 0 and after == fallbacks  # Redis again


def test_replicas_share_one_rate_limit(
    start_gateway: StartGateway, redis_server: RedisServer
) -> None:
    shared = {"state_url": redis_server.url, "rate_limit_rps": 0.001, "rate_limit_burst": 3}
    replicas = [start_gateway(**shared), start_gateway(**shared)]
    outcomes = []
    for i in range(8):
        try:
            ask(replicas[i % 2])
            outcomes.append(200)
        except openai.RateLimitError as exc:
            assert exc.response.json()["error"]["code"] == "rate_limit_exceeded"
            outcomes.append(429)
    assert outcomes == [200, 200, 200] + [429] * 5
    assert len(replicas[0].mock.requests) == 3
    assert readyz(replicas[1])["shared_state"]["reachable"] is True


def test_without_state_each_replica_has_its_own_bucket(start_gateway: StartGateway) -> None:
    replicas = [start_gateway(rate_limit_rps=0.001, rate_limit_burst=1) for _ in range(2)]
    ask(replicas[0])
    ask(replicas[1])  # its own bucket: the in-process default
    with pytest.raises(openai.RateLimitError):
        ask(replicas[0])


def test_state_url_must_be_redis() -> None:
    with pytest.raises(ValueError, match="redis://"):
        GatewayConfig(state_url="http://127.0.0.1:6379")


def serve_refusal(*options: str) -> str:
    """``saferail serve`` with ``options``: it must exit 2 with one line on stderr."""
    args = ["serve", "--upstream", "http://127.0.0.1:9/v1", *options]
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", *args, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0
    return proc.stderr


def test_serve_refuses_a_bad_state_url() -> None:
    assert "redis://" in serve_refusal("--state", "memcached://127.0.0.1")


def test_the_session_ttl_reaches_the_shared_session_store(redis_server: RedisServer) -> None:
    from saferail.gateway.shared.redis_state import SharedState

    config = GatewayConfig(state_url=redis_server.url, session_ttl_s=90)
    shared = SharedState.from_config(config)
    assert shared is not None and shared.sessions.ttl_s == 90 and shared.sessions.ttl_ms == 90_000
    assert GatewayConfig(state_url=redis_server.url).session_ttl_s == 86_400
    with pytest.raises(ValueError, match="greater than 0"):
        GatewayConfig(state_url=redis_server.url, session_ttl_s=0)


def test_serve_refuses_a_session_ttl_of_zero() -> None:
    assert "--session-ttl 0: give a finite number of seconds above 0" in serve_refusal(
        "--session-ttl", "0"
    )


# -- policy version -----------------------------------------------------------------------


def test_a_reload_on_one_replica_reaches_the_other(
    start_gateway: StartGateway, redis_server: RedisServer, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(BANNED.format(phrase="zebra crossing"))
    config = {
        "state_url": redis_server.url,
        "state_poll_s": 0.05,
        "reload_guard": lambda: Guard(policy),
    }
    a = start_gateway(Guard(policy), **config)
    b = start_gateway(Guard(policy), **config)
    v1 = readyz(a)["policy_version"]
    assert wait_for(lambda: readyz(b)["shared_state"]["announced_policy_version"] == v1)

    policy.write_text(BANNED.format(phrase="purple elephant"))  # the shared policy file
    reloaded = httpx.post(f"{a.root}/admin/reload", timeout=10.0).json()
    v2 = reloaded["policy_version"]
    assert v2 != v1
    assert wait_for(lambda: readyz(b)["policy_version"] == v2)
    with pytest.raises(openai.BadRequestError):
        ask(b, "tell me about the purple elephant")
    assert ask(b, "tell me about the zebra crossing").choices[0].message.content

    policy.write_text(BANNED.format(phrase="green giraffe"))  # SIGHUP's path on replica b
    assert reload_now(b.app)
    v3 = b.app.state.gateway.guard.policy_version
    assert wait_for(lambda: readyz(a)["policy_version"] == v3)
    status = readyz(a)["shared_state"]
    assert status["policy_in_sync"] is True and status["announced_policy_version"] == v3

    redis_server.restart()  # no persistence: the key is gone, and is learnt again
    assert wait_for(lambda: readyz(a)["shared_state"]["announced_policy_version"] == v3)
    assert readyz(b)["policy_version"] == v3


def test_a_replica_on_another_file_reports_it_is_out_of_sync(
    start_gateway: StartGateway, redis_server: RedisServer, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(BANNED.format(phrase="zebra crossing"))
    second.write_text(BANNED.format(phrase="zebra crossing"))
    common = {"state_url": redis_server.url, "state_poll_s": 0.05}
    a = start_gateway(Guard(first), reload_guard=lambda: Guard(first), **common)
    b = start_gateway(Guard(second), reload_guard=lambda: Guard(second), **common)
    first.write_text(BANNED.format(phrase="purple elephant"))  # b's file was not updated
    httpx.post(f"{a.root}/admin/reload", timeout=10.0)
    status = b.app.state.shared
    assert wait_for(lambda: status.policy.reloads >= 1)  # b tried: same file, same policy
    assert readyz(b)["shared_state"]["policy_in_sync"] is False
    assert readyz(a)["shared_state"]["policy_in_sync"] is True


# -- pseudonymization vault ---------------------------------------------------------------


def _all_bytes(url: str) -> bytes:
    """Every key and value in the server, concatenated (to look for plaintext)."""
    client = redis.Redis.from_url(url)
    out = bytearray()
    for key in client.scan_iter():
        out += key
        kind = client.type(key)
        if kind == b"string":
            out += client.get(key) or b""
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                out += field + value
        elif kind == b"set":
            for member in client.smembers(key):
                out += member
    client.close()
    return bytes(out)


def test_two_vaults_share_pseudonyms_and_store_no_plaintext(redis_server: RedisServer) -> None:
    key = os.urandom(32)
    with (
        Vault(key, RedisVaultStore(redis_server.url)) as a,
        Vault(key, RedisVaultStore(redis_server.url)) as b,
    ):
        surrogate = a.pseudonymize("acme", "s1", "EMAIL_ADDRESS", EMAIL)
        assert surrogate != EMAIL
        assert b.original("acme", "s1", surrogate) == EMAIL
        assert b.pseudonymize("acme", "s1", "EMAIL_ADDRESS", EMAIL) == surrogate
        assert b.surrogates("acme", "s1") == {surrogate: EMAIL}
        assert b.original("acme", "s2", surrogate) is None  # sessions do not mix
        assert b.original("other", "s1", surrogate) is None  # nor tenants
        assert EMAIL.encode() not in _all_bytes(redis_server.url)
        assert a.forget("acme", "s1") == 1
        assert b.original("acme", "s1", surrogate) is None
    client = redis.Redis.from_url(redis_server.url)
    assert sorted(client.scan_iter()) == [b"saferail:vault:m:key_check"]
    client.close()


def test_vault_entries_expire_with_the_session(redis_server: RedisServer) -> None:
    now = [1_000.0]
    store = RedisVaultStore(redis_server.url, prefix="ttl", clock=lambda: now[0])
    client = redis.Redis.from_url(redis_server.url)
    with Vault(os.urandom(32), store, ttl_s=60.0, clock=lambda: now[0]) as vault:
        first = vault.pseudonymize("t", "s", "EMAIL_ADDRESS", EMAIL)
        entry_keys = [k for k in client.scan_iter("ttl:[isc]:*")]
        assert len(entry_keys) == 3
        assert all(0 < client.pttl(k) <= 60_000 for k in entry_keys)  # Redis expiries
        now[0] += 59.0
        assert vault.original("t", "s", first) == EMAIL  # used: the session lives on
        now[0] += 59.0
        assert vault.original("t", "s", first) == EMAIL
        now[0] += 61.0  # idle longer than the TTL
        assert vault.original("t", "s", first) is None
        assert vault.surrogates("t", "s") == {}
        vault.pseudonymize("t", "s", "EMAIL_ADDRESS", EMAIL)  # replaces the stale entry
        assert len(vault.surrogates("t", "s")) == 1
    with Vault(os.urandom(32), RedisVaultStore(redis_server.url), ttl_s=None) as forever:
        forever.pseudonymize("t", "s", "EMAIL_ADDRESS", EMAIL)
    persistent = [k for k in client.scan_iter("saferail:vault:[isc]:*")]
    assert persistent and all(client.pttl(k) == -1 for k in persistent)
    client.close()


def test_vault_key_must_match_the_store(redis_server: RedisServer) -> None:
    Vault(os.urandom(32), RedisVaultStore(redis_server.url)).close()
    with pytest.raises(VaultKeyError):
        Vault(os.urandom(32), RedisVaultStore(redis_server.url))


def test_vault_store_errors_are_one_line_vault_errors() -> None:
    store = RedisVaultStore(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(VaultError) as info:
        store.get_meta("key_check")
    assert "unavailable" in str(info.value) and "\n" not in str(info.value)


def test_pseudonyms_made_by_one_replica_are_restored_by_the_other(
    start_gateway: StartGateway, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(os.urandom(32)).decode())
    policy = (
        "input:\n  checks:\n    pii:\n      action: redact\n      params:\n"
        "        operators: {{default: {{operator: pseudonymize}}}}\n"
        "        vault_path: {url}\n"
    )
    # Two spellings of one server: two separate vaults in this process, as in two replicas.
    urls = (redis_server.url, redis_server.url.rsplit("/", 1)[0])  # ".../0" and "..."
    guards = [Guard(parse_policy(policy.format(url=u))) for u in urls]
    assert guards[0].vault is not guards[1].vault
    a, b = (start_gateway(g) for g in guards)
    session = {"X-Saferail-Session": "conversation-7"}
    with a.client(default_headers=session) as client:
        client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": f"Write to me at {EMAIL} please"}]
        )
    sent = a.mock.requests[-1]["messages"][-1]["content"]
    assert EMAIL not in sent
    assert guards[0].vault is not None
    surrogate = next(iter(guards[0].vault.surrogates("default", "conversation-7")))
    assert surrogate in sent
    b.mock.script(Step(json=completion(f"I will write to {surrogate} today.")))
    with b.client(default_headers=session) as client:
        answer = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "Thanks!"}]
        )
    assert answer.choices[0].message.content == f"I will write to {EMAIL} today."
    for guard in guards:
        assert guard.vault is not None
        guard.vault.close()
        guard.close()
