"""Read a reported failure: a plain prompt, or a transcript of chat messages.

Accepted forms (the file's extension decides for ``.json``/``.jsonl``; otherwise a text that
parses as one of the JSON forms is a transcript and anything else is a plain prompt):

- plain text: one user turn;
- a JSON list of chat messages ``[{"role": ..., "content": ...}, ...]``;
- JSONL: one chat message per line;
- a JSON object with ``messages`` and optional fields that describe the report:
  ``system_prompt``, ``documents`` (or ``context``), ``tools``, ``forbidden_tools``,
  ``forbidden_args``, ``expected``, ``canary``, ``keep``, ``reported_at``, ``reporter``,
  ``id``, ``title`` (other keys, e.g. an OpenAI request's ``model``, are ignored).

``system``/``developer`` messages become the system prompt (joined in order). The last user
message is the turn triage re-sends; the turns before it are replayed as recorded; the
assistant reply after it, if any, is kept as the reported answer. Every message needs its
content: a string or a list of text parts. Tool messages are refused (they need the tool
calls that produced them; paste the tool output into a user turn instead).
"""

from __future__ import annotations

__all__ = ["ReportError", "Reported", "parse_report", "read_report"]

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from saferail.errors import SaferailError
from saferail.evals.case import Expected
from saferail.io import read_stdin_text
from saferail.redteam.attack import Turn
from saferail.targets.messages import join_text_parts


class ReportError(SaferailError):
    """A reported prompt or transcript could not be read; the message says where."""


@dataclass(frozen=True)
class Reported:
    """A reported failure, ready to replay."""

    last: str
    """The user turn to re-send."""
    history: tuple[Turn, ...] = ()
    """Earlier user and assistant turns, replayed as recorded."""
    system_prompt: str | None = None
    documents: tuple[str, ...] = ()
    tools: tuple[dict[str, Any], ...] = ()
    forbidden_tools: tuple[str, ...] = ()
    forbidden_args: tuple[str, ...] = ()
    reported_reply: str | None = None
    expected: Expected | None = None
    canary: str | None = None
    keep: tuple[str, ...] = ()
    reported_at: str | None = None
    reporter: str | None = None
    report_id: str | None = None
    title: str | None = None
    source: str = "-"
    kind: str = "prompt"
    """``prompt`` (plain text) or ``transcript`` (chat messages)."""


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore")

    messages: list[dict[str, Any]] = Field(min_length=1)
    system_prompt: str | None = None
    documents: list[str] = Field(default_factory=list)
    context: list[str] | str = Field(default_factory=list)
    tools: list[dict[str, Any]] = Field(default_factory=list)
    forbidden_tools: list[str] = Field(default_factory=list)
    forbidden_args: list[str] = Field(default_factory=list)
    expected: Expected | None = None
    canary: str | None = None
    keep: list[str] = Field(default_factory=list)
    reported_at: str | None = None
    reporter: str | None = None
    id: str | None = None
    title: str | None = None


def _content(message: dict[str, Any], where: str) -> str:
    content = message.get("content")
    if content is None:
        # a turn without its text cannot be replayed as reported (nor passed off as "")
        raise ReportError(f"{where}: no 'content' (each message needs its text)")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(
        isinstance(p, dict) and isinstance(p.get("text"), str) for p in content
    ):
        text = join_text_parts(content)
        if text is not None:
            return text
    raise ReportError(f"{where}: content must be a string or a list of text parts")


def _turns(messages: list[Any], source: str) -> tuple[list[Turn], list[str]]:
    """(user/assistant turns, system texts) of a message list, with one-line errors."""
    turns: list[Turn] = []
    system: list[str] = []
    for i, message in enumerate(messages):
        where = f"{source}: message {i + 1}"
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise ReportError(f"{where}: expected an object with a 'role'")
        role = message["role"]
        text = _content(message, where)
        if role in ("system", "developer"):
            system.append(text)
        elif role in ("user", "assistant"):
            turns.append(Turn(role, text))
        elif role in ("tool", "function"):
            raise ReportError(
                f"{where}: {role} messages cannot be replayed; put the tool output in a user turn"
            )
        else:
            raise ReportError(f"{where}: unknown role {role!r} (system, user or assistant)")
    return turns, system


def _from_messages(messages: list[Any], source: str, env: _Envelope | None) -> Reported:
    turns, system = _turns(messages, source)
    users = [i for i, t in enumerate(turns) if t.role == "user"]
    if not users:
        raise ReportError(f"{source}: the transcript has no user message to re-send")
    last = users[-1]
    after = [t.content for t in turns[last + 1 :] if t.role == "assistant"]
    if env is not None and env.system_prompt:
        system.insert(0, env.system_prompt)
    fields: dict[str, Any] = {}
    if env is not None:
        context = [env.context] if isinstance(env.context, str) else env.context
        fields = {
            "documents": tuple(env.documents or context),
            "tools": tuple(env.tools),
            "forbidden_tools": tuple(env.forbidden_tools),
            "forbidden_args": tuple(env.forbidden_args),
            "expected": env.expected,
            "canary": env.canary,
            "keep": tuple(k for k in env.keep if k),
            "reported_at": env.reported_at,
            "reporter": env.reporter,
            "report_id": env.id,
            "title": env.title,
        }
    return Reported(
        last=turns[last].content,
        history=tuple(turns[:last]),
        system_prompt="\n".join(system) if system else None,
        reported_reply="\n".join(after) if after else None,
        source=source,
        kind="transcript",
        **fields,
    )


def _json_value(value: Any, source: str) -> Reported:
    if isinstance(value, list):
        return _from_messages(value, source, None)
    if isinstance(value, dict) and "messages" in value:
        try:
            env = _Envelope.model_validate(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"]) or "report"
            raise ReportError(f"{source}: {loc}: {err['msg']}") from None
        return _from_messages(env.messages, source, env)
    if isinstance(value, dict) and "role" in value:
        return _from_messages([value], source, None)
    raise ReportError(f"{source}: expected a list of chat messages or an object with 'messages'")


def _lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at line feeds only (``str.splitlines`` also
    splits at U+2028, U+2029 and U+0085, which JSON strings may hold unescaped)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _jsonl(text: str, source: str) -> Reported:
    rows: list[Any] = []
    for n, line in enumerate(_lines(text), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except (ValueError, RecursionError):
            raise ReportError(f"{source}:{n}: not valid JSON") from None
    return _from_messages(rows, source, None)


def _sniff(text: str, source: str) -> Reported | None:
    """The transcript ``text`` holds if it is one of the JSON forms, else ``None``."""
    stripped = text.strip()
    if not stripped.startswith(("[", "{")):
        return None
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        value = None  # not one JSON document (or one nested too deeply to read): JSONL?
    if _looks_like_messages(value) or (isinstance(value, dict) and "messages" in value):
        return _json_value(value, source)
    if value is not None:
        return None
    lines = [ln for ln in _lines(stripped) if ln.strip()]
    try:
        rows = [json.loads(ln) for ln in lines]
    except (ValueError, RecursionError):
        return None
    return _from_messages(rows, source, None) if _looks_like_messages(rows) else None


def _looks_like_messages(value: Any) -> bool:
    rows = value if isinstance(value, list) else [value]
    return bool(rows) and all(isinstance(r, dict) and "role" in r for r in rows)


def parse_report(text: str, source: str = "-", fmt: str | None = None) -> Reported:
    """A report from its text. ``fmt``: ``json``, ``jsonl``, ``text`` or ``None`` (sniff)."""
    if fmt == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportError(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        except ValueError:
            raise ReportError(f"{source}: not valid JSON") from None
        except RecursionError:
            raise ReportError(f"{source}: JSON nested too deeply to read") from None
        return _json_value(value, source)
    if fmt == "jsonl":
        return _jsonl(text, source)
    found = None if fmt == "text" else _sniff(text, source)
    if found is not None:
        return found
    if not text.strip():
        raise ReportError(f"{source}: the report is empty")
    return Reported(last=text.strip(), source=source, kind="prompt")


def read_report(path: str | Path) -> Reported:
    """A report from a file (``-``: standard input); the extension picks the format."""
    if str(path) == "-":
        return parse_report(_stdin(), "<stdin>")
    p = Path(path)
    if not p.is_file():
        raise ReportError(f"{p}: no such report file (a prompt, a JSON/JSONL transcript or -)")
    try:
        text = _decode(p.read_bytes(), str(p))
    except OSError as exc:
        raise ReportError(f"{p}: cannot read the report ({exc})") from None
    suffix = p.suffix.lower()
    fmt = "json" if suffix == ".json" else "jsonl" if suffix in (".jsonl", ".ndjson") else None
    return parse_report(text, str(p), fmt)


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark, as Windows editors write, is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{source}: cannot read the report ({exc})") from None


def _stdin() -> str:
    """Standard input as UTF-8, strictly, without a byte-order mark."""
    try:
        return read_stdin_text("utf-8-sig")
    except UnicodeError as exc:
        raise ReportError(f"<stdin>: cannot read the report ({exc})") from None
