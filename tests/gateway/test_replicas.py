"""Load and fault test: two ``saferail serve`` replicas sharing Redis, behind a round-robin
load generator, with upstream faults, and Redis and PostgreSQL restarted mid-run.

Everything is on loopback and bounded (a fixed run time and a request cap). It checks that:

- nothing unchecked reaches a client: a canary e-mail address in upstream answers is never
  seen by any client, whole or cut; every answer is a checked completion, a well-formed
  stream or an OpenAI-style error;
- nothing unchecked reaches the upstream: user e-mail addresses go out pseudonymized (vault
  in Redis), also while Redis restarts (the check then fails closed);
- no acknowledged telemetry event is lost: the PostgreSQL store holds at least as many
  events as the replicas' sinks acknowledged (``/metrics``), across a PostgreSQL crash;
- the rate limit holds across replicas: requests admitted by the shared token bucket stay
  within one bucket's budget for the run (plus what a Redis restart and the per-replica
  fallback during the outage can add), well under what two separate buckets allow.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.gateway._postgres import RestartablePostgres, restartable_postgres
from tests.gateway._redis import RedisServer, free_port, redis_or_skip
from tests.targets.conftest import MockServer, Step, completion, sse_events

redis_or_skip()

CANARY = "leak.canary@example.com"
FAULTS = ("ok", "ok", "e500", "e429", "bad", "cut", "slow")
RATE, BURST = 20.0, 10.0
RUN_S, MAX_REQUESTS, CONCURRENCY = 12.0, 6000, 8
RETRY_S = 1.0  # SharedState's default: how long a replica limits locally after a failure
POLICY = """
input:
  checks:
    banned_topic:
      action: block
      params: {{topics: {{forbidden: [open the pod bay doors]}}}}
    pii:
      action: redact
      params:
        entities: [EMAIL_ADDRESS]
        operators: {{default: {{operator: pseudonymize}}}}
        vault_path: {vault}
output:
  checks:
    pii: {{action: redact, params: {{entities: [EMAIL_ADDRESS]}}}}
"""


class FaultyUpstream(MockServer):
    """Answers by the tag at the start of the last user message: ``[ok]``, ``[e500]``..."""

    def next_step(self, body: dict[str, Any]) -> Step:
        last = next(m for m in reversed(body["messages"]) if m["role"] == "user")
        tag = last["content"][1:].split("]", 1)[0]
        stream = bool(body.get("stream"))
        answer = f"Sure. For details write to {CANARY} today."
        if tag == "e500":
            return Step(status=500, json={"error": {"message": "boom"}})
        if tag == "e429":
            return Step(status=429, json={"error": {"message": "slow down"}})
        if tag == "bad":
            return Step(body=b'{"choices": [')
        if tag == "cut":  # the canary is split, and the stream stops inside it
            pieces = ["Sure. For details write to leak.can", "ary@exam"]
            return Step(sse=sse_events(pieces, done=False)[:-1], cut=True)
        delay = 0.3 if tag == "slow" else 0.0
        if stream:
            pieces = ["Sure. For details ", "write to leak.", "canary@exa", "mple.com today."]
            return Step(sse=sse_events(pieces), delay_s=delay)
        return Step(json=completion(answer), delay_s=delay)


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    bodies: list[bytes] = field(default_factory=list)
    redacted_answers: int = 0
    gateway_429: int = 0
    total: int = 0
    first: float = 0.0
    last: float = 0.0
    problems: list[str] = field(default_factory=list)
    restarted_at: list[int] = field(default_factory=list)  # requests done when back up


def start_replica(port: int, policy: Path, mock: str, redis_url: str, pg_url: str) -> Any:
    args = [sys.executable, "-m", "saferail", "serve", "--upstream", f"{mock}/v1"]
    args += ["--policy", str(policy), "--port", str(port), "--state", redis_url]
    args += ["--rate-limit", str(RATE), "--telemetry", pg_url, "--telemetry", "prometheus"]
    log = policy.parent / f"replica-{port}.log"  # a file, not a pipe: a full pipe blocks
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=out)
    proc.log = log  # type: ignore[attr-defined]
    return proc


def wait_healthy(ports: list[int], procs: list[Any], timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    pending = set(ports)
    while pending:
        for proc in procs:
            if proc.poll() is not None:
                err = proc.log.read_text(errors="replace")
                pytest.fail(f"a replica exited: {err[-2000:]}")
        for port in list(pending):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    pending.discard(port)
            except httpx.HTTPError:
                pass
        assert time.monotonic() < deadline, "the replicas did not start"
        time.sleep(0.2)


def stop_all(procs: list[Any]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def check_response(tally: Tally, tag: str, stream: bool, status: int, raw: bytes) -> None:
    """Record one answer; anything malformed is a problem."""
    tally.bodies.append(raw)
    tally.statuses[f"{tag}/{'stream' if stream else 'json'}/{status}"] += 1
    if status != 200 or not stream:
        body = json.loads(raw)
        if status != 200:
            error = body["error"]
            if set(error) != {"message", "type", "code", "param"}:
                tally.problems.append(f"bad error body {raw[:200]!r}")
            if status == 429 and error["code"] == "rate_limit_exceeded":
                tally.gateway_429 += 1
            return
        content = body["choices"][0]["message"]["content"]
        if tag in ("ok", "slow") and "<EMAIL_ADDRESS" in content:
            tally.redacted_answers += 1
        return
    if not raw.rstrip().endswith(b"data: [DONE]"):
        tally.problems.append(f"a stream did not end with [DONE]: {raw[-200:]!r}")


async def one_request(
    client: httpx.AsyncClient, url: str, i: int, tally: Tally, emails: list[str]
) -> None:
    tag = FAULTS[i % len(FAULTS)]
    stream = i % 3 == 0
    email = f"person{i}@initech.com"
    emails.append(email)
    text = f"[{tag}] Please send the summary to {email} tomorrow."
    if i % 11 == 0:
        text = f"[{tag}] Please open the pod bay doors."
    body = {"model": "m", "messages": [{"role": "user", "content": text}], "stream": stream}
    try:
        async with client.stream("POST", f"{url}/v1/chat/completions", json=body) as resp:
            raw = await resp.aread()
            check_response(tally, tag, stream, resp.status_code, raw)
    except httpx.HTTPError as exc:
        tally.problems.append(f"request {i} ({tag}): {type(exc).__name__}: {exc}")
    except (ValueError, KeyError) as exc:
        tally.problems.append(f"request {i} ({tag}): malformed answer: {exc}")


async def load(
    urls: list[str], redis: RedisServer, pg: RestartablePostgres, tally: Tally, outages: list[float]
) -> list[str]:
    """Round-robin over ``urls`` for RUN_S seconds (at most MAX_REQUESTS), restarting Redis
    at a third and PostgreSQL at two thirds of the run; traffic goes on until a second
    after the last restart even when a restart on a busy machine outlasts RUN_S."""
    emails: list[str] = []
    counter = iter(range(MAX_REQUESTS))
    tally.first = time.monotonic()
    stop_at = tally.first + RUN_S
    hard_stop = stop_at + 60.0  # a restart slower than this fails the test instead
    quiet_after: list[float] = []  # traffic goes on for 1 s after the last restart

    async def worker(client: httpx.AsyncClient) -> None:
        for i in counter:
            now = time.monotonic()
            if now >= hard_stop or (now >= stop_at and quiet_after and now >= quiet_after[0]):
                return
            await one_request(client, urls[i % len(urls)], i, tally, emails)
            tally.total += 1

    async def chaos() -> None:
        """Restart at a third and at two thirds of the run, in time or in requests."""
        for step, restart in ((1, redis.restart), (2, pg.restart)):
            while tally.total < step * MAX_REQUESTS / 3 and (
                time.monotonic() < tally.first + step * RUN_S / 3
            ):
                await asyncio.sleep(0.02)
            t0 = time.monotonic()
            await asyncio.to_thread(restart)
            outages.append(time.monotonic() - t0)
            tally.restarted_at.append(tally.total)
        quiet_after.append(time.monotonic() + 1.0)

    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
        await asyncio.gather(chaos(), *(worker(client) for _ in range(CONCURRENCY)))
    tally.last = time.monotonic()
    return emails


def acknowledged(port: int) -> tuple[float, float]:
    """(events the PostgreSQL sink acknowledged, events it dropped) from /metrics."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    written = dropped = 0.0
    for line in text.splitlines():
        if line.startswith('saferail_telemetry_sink_written_total{sink="postgresql"}'):
            written = float(line.rsplit(" ", 1)[1])
        if line.startswith('saferail_telemetry_sink_dropped_total{sink="postgresql"'):
            dropped += float(line.rsplit(" ", 1)[1])
    return written, dropped


def settled_acks(ports: list[int], timeout_s: float = 30.0) -> tuple[float, float]:
    """The acknowledged and dropped totals once they stop changing (queues flushed)."""
    deadline = time.monotonic() + timeout_s
    last: tuple[float, float] | None = None
    steady = 0
    while time.monotonic() < deadline:
        now = tuple(map(sum, zip(*(acknowledged(p) for p in ports), strict=True)))
        steady = steady + 1 if now == last else 0
        if steady >= 5:
            break
        last = now  # type: ignore[assignment]
        time.sleep(0.3)
    assert last is not None
    return last


def test_two_replicas_under_load_with_faults_and_restarts(
    redis_server: RedisServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(os.urandom(32)).decode())
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.format(vault=redis_server.url))
    upstream = FaultyUpstream()
    upstream.start()
    procs: list[Any] = []
    with restartable_postgres() as pg:
        try:
            ports = [free_port(), free_port()]
            for port in ports:
                procs.append(start_replica(port, policy, upstream.url, redis_server.url, pg.url))
            wait_healthy(ports, procs)
            tally, outages = Tally(), list[float]()
            urls = [f"http://127.0.0.1:{p}" for p in ports]
            emails = asyncio.run(load(urls, redis_server, pg, tally, outages))
            written, dropped = settled_acks(ports)
            fallbacks = sum(
                httpx.get(f"{u}/readyz", timeout=5).json()["shared_state"]["rate_limit_fallbacks"]
                for u in urls
            )
        finally:
            stop_all(procs)
            upstream.stop()
        stored = pg.count("SELECT count(*) FROM safety_events")
        events = pg.count("SELECT count(*) FROM safety_events WHERE type <> 'telemetry.gap'")

    assert tally.problems == [], tally.problems[:5]
    assert redis_server.restarts == 1 and pg.restarts == 1
    assert tally.restarted_at[-1] < tally.total  # traffic went on after both restarts
    # Nothing unchecked reached a client: the canary, whole or cut, never came back.
    assert not [b for b in tally.bodies if b"leak.can" in b or b"canary@" in b]
    assert tally.redacted_answers > 0  # answers did come back, redacted by the output check
    # Nothing unchecked reached the upstream: user e-mail addresses went out pseudonymized.
    sent = json.dumps(upstream.requests)
    assert not [e for e in emails if e in sent]
    assert "pod bay doors" not in sent  # blocked inputs never went upstream
    # No acknowledged event was lost across the PostgreSQL crash.
    assert written > 0 and stored >= written, (stored, written, dropped)
    assert events > 0
    # One shared bucket for both replicas: within one bucket's budget for the run, plus a
    # fresh bucket after the Redis restart and each replica's local bucket meanwhile.
    elapsed = tally.last - tally.first
    admitted = tally.total - tally.gateway_429
    outage = outages[0] + RETRY_S + 1.0
    shared_bound = BURST + RATE * elapsed + BURST + 2 * (BURST + RATE * outage)
    assert tally.gateway_429 > 0, "the load never reached the rate limit"
    assert admitted <= shared_bound, (admitted, shared_bound, elapsed)
    print(
        f"\nreplicas: {tally.total} requests in {elapsed:.1f}s, admitted {admitted} "
        f"(bound {shared_bound:.0f}; two separate buckets: {2 * (BURST + RATE * elapsed):.0f}), "
        f"telemetry acked {written:.0f}, stored {stored}, dropped {dropped:.0f}, "
        f"requests limited locally while Redis restarted {fallbacks}, "
        f"postgres restart: {pg.kind}; {dict(sorted(tally.statuses.items()))}"
    )
