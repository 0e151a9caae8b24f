"""Checks on the arguments of the Guard's public methods: wrong input raises a TypeError,
ValueError or PolicyError naming the argument instead of failing deep inside a check."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from saferail.errors import PolicyError, PolicyIssue
from saferail.policy.loader import load_policy
from saferail.policy.models import Policy

CALL_KEYWORDS = ("context", "system_prompt", "tenant", "session")


def need_str(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def opt_str(value: object, name: str) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")


def load(policy: object) -> Policy:
    """``load_policy`` with a clear error for a policy argument that cannot be one."""
    if policy is None or isinstance(policy, Policy):
        return load_policy(policy)
    if not isinstance(policy, str | os.PathLike) or isinstance(policy, bytes):
        hint = ""
        if isinstance(policy, Mapping):
            hint = (
                " (for a policy held in code use parse_policy(yaml_text) or Policy.model_validate)"
            )
        raise TypeError(
            "Guard(policy) takes a Policy, a path to a policy YAML file or None, "
            f"not {type(policy).__name__}{hint}"
        )
    path = os.fspath(policy)
    if not isinstance(path, str):
        raise TypeError("Guard(policy): a path must be a str or os.PathLike of str, not bytes")
    reason = None
    if not path:
        reason = "the policy path is empty"
    elif "\0" in path:
        reason = "the policy path contains a NUL character"
    elif "\n" in path and not os.path.exists(path):
        reason = (
            "no such file, and this looks like policy YAML text rather than a path: "
            "use Guard(parse_policy(text))"
        )
    if reason is None:
        try:
            path.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            reason = "the policy path is not valid text (it holds a lone surrogate)"
    if reason is not None:
        where = path if path and "\n" not in path and "\0" not in path else "<policy>"
        raise PolicyError([PolicyIssue("file", reason, None, ascii(where)[1:-1])])
    return load_policy(path)


def messages(value: object) -> list[Mapping[str, Any]]:
    """Chat messages as a list (read once), each a mapping; TypeError naming what is wrong."""
    if isinstance(value, Mapping):
        raise TypeError(
            "text_or_messages is one message dict: wrap it in a list ([message]) "
            "or pass its content as a str"
        )
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise TypeError(
            "text_or_messages must be a str or a list of chat message dicts, "
            f"not {type(value).__name__}"
        )
    messages = list(value)
    for i, msg in enumerate(messages):
        if not isinstance(msg, Mapping):
            raise TypeError(
                f"messages[{i}] must be a dict with 'role' and 'content', not {type(msg).__name__}"
            )
    return messages


def content_parts(content: list[Any], i: int) -> list[dict[str, Any]]:
    """Copies of a message's content parts; a text part's ``text`` must be a str."""
    parts: list[dict[str, Any]] = []
    for j, part in enumerate(content):
        where = f"messages[{i}]['content'][{j}]"
        if not isinstance(part, Mapping):
            raise TypeError(f"{where} must be a content part dict, not {type(part).__name__}")
        if part.get("type") == "text":
            need_str(part.get("text"), f"{where}['text']")
        parts.append(dict(part))
    return parts


def str_list(value: object, name: str) -> list[str]:
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of str, not {type(value).__name__}")
    items = list(value)
    for i, item in enumerate(items):
        need_str(item, f"{name}[{i}]")
    return items


def side_list(value: object, name: str, n: int) -> None:
    """``contexts``/``system_prompts`` of a batch: one str or None per text."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Sequence):
        raise TypeError(
            f"{name} must be a list (one str or None per text), not {type(value).__name__}"
        )
    if len(value) != n:
        items = "item" if len(value) == 1 else "items"
        raise ValueError(f"{name} has {len(value)} {items} but texts has {n}: give one per text")
    for i, item in enumerate(value):
        opt_str(item, f"{name}[{i}]")


def tool_call_args(call: object, session: object) -> None:
    from saferail.agents.toolpolicy.session import Session
    from saferail.targets.base import ToolCall

    if not isinstance(call, ToolCall | Mapping):
        raise TypeError(
            f"call must be a ToolCall or an OpenAI-style tool call dict, not {type(call).__name__}"
        )
    if isinstance(call, Mapping):
        inner = call.get("function")
        fn = inner if isinstance(inner, Mapping) else call
        name = fn.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"call has no tool name (a non-empty str 'name'), got {name!r}")
        args = fn.get("arguments")
        if args is not None and not isinstance(args, str | Mapping):
            raise TypeError(
                "call arguments must be a JSON object text (str) or a dict, "
                f"not {type(args).__name__}"
            )
    if session is not None and not isinstance(session, str | Session):
        raise TypeError(
            f"session must be a Session, a session id (str) or None, not {type(session).__name__}"
        )


def json_unescaped(raw: str) -> str:
    """Tool-call arguments as the text checks should read them: JSON with ``\\uXXXX``
    escapes written out (``"\\u0041KIA..."`` is an AWS key to the tool, not to a secret
    regex). ``raw`` itself when it has no such escape or is not JSON."""
    if "\\u" not in raw:
        return raw
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return json.dumps(value, ensure_ascii=False)
