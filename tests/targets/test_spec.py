"""Target specs (the CLI's ``--target``): bad specs are one-line typed errors, never tracebacks."""

from __future__ import annotations

import asyncio
import socket
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from saferail.targets import OpenAITarget, TargetError, TargetUnavailable
from saferail.targets.spec import ECHO_PREFIX, TargetSpecError, target_from_spec
from tests.targets.conftest import MockServer

MESSAGES = [{"role": "user", "content": "Hi"}]


def generate(spec: str, messages: Any = MESSAGES, **options: Any) -> str:
    async def main() -> str:
        target = target_from_spec(spec, **options)
        try:
            return (await asyncio.wait_for(target.generate(messages), 10)).text
        finally:
            await target.aclose()  # type: ignore[attr-defined]

    return asyncio.run(main())


@pytest.mark.parametrize(
    "spec",
    [
        "http://",
        "https://",
        "http://:8000/v1",
        "http://127.0.0.1:99999/v1",
        "http://127.0.0.1:0",
        "http://127.0.0.1:port/v1",
        "http://[::1/v1",
        "http://my host/v1",
    ],
)
def test_bad_http_specs_are_one_line_spec_errors(spec: str) -> None:
    with pytest.raises(TargetSpecError) as info:
        target_from_spec(spec)
    assert isinstance(info.value, TargetError)
    assert "\n" not in str(info.value) and "target URL" in str(info.value)


@pytest.mark.parametrize("spec", ["ftp://h", "", "   ", "local:model.gguf", "gpt-4o"])
def test_unknown_specs_are_spec_errors(spec: str) -> None:
    with pytest.raises(TargetSpecError, match="unknown target"):
        target_from_spec(spec)


def test_a_spec_that_is_not_a_string_is_a_spec_error() -> None:
    with pytest.raises(TargetSpecError, match="string"):
        target_from_spec(None)  # type: ignore[arg-type]


def test_upper_case_scheme_and_full_endpoint_reach_the_server(mock_server: MockServer) -> None:
    spec = mock_server.url.replace("http://", "HTTP://") + "/v1/chat/completions"
    assert generate(spec, model="m") == "echo: Hi"
    assert mock_server.paths == ["/v1/chat/completions"]


def test_python_specs_that_fail_to_import_are_spec_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_target_mod.py").write_text("def oops(:\n")
    (tmp_path / "raising_target_mod.py").write_text("raise RuntimeError('no config')\n")
    (tmp_path / "factory_target_mod.py").write_text(
        textwrap.dedent(
            """
            class Bot:
                def __init__(self):
                    raise KeyError("OPENAI_API_KEY")
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    cases = {
        "python:broken_target_mod:oops": "SyntaxError",
        "python:raising_target_mod:x": "no config",
        "python:factory_target_mod:Bot": "KeyError",
        "python:.relative:x": "relative import",
        "python:no_such_module_xyz:x": "ModuleNotFoundError",
    }
    for spec, reason in cases.items():
        with pytest.raises(TargetSpecError, match=reason) as info:
            target_from_spec(spec)
        assert "\n" not in str(info.value)


def test_a_blocking_python_function_runs_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync function named in a spec (typically blocking HTTP client code) must not block
    the event loop: other cases go on and a per-case timeout can fire."""
    (tmp_path / "blocking_target_mod.py").write_text(
        textwrap.dedent(
            """
            import threading

            release = threading.Event()
            threads = []

            def call(messages, **params):
                threads.append(threading.current_thread().name)
                release.wait(5)
                return "late"

            async def acall(messages, **params):
                threads.append(threading.current_thread().name)
                return "async"
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import blocking_target_mod as mod  # type: ignore[import-not-found]

    async def main() -> str:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(
                target_from_spec("python:blocking_target_mod:call").generate(MESSAGES), 0.2
            )
        mod.release.set()
        out = await target_from_spec("python:blocking_target_mod:acall").generate(MESSAGES)
        return out.text

    try:
        assert asyncio.run(main()) == "async"
    finally:
        mod.release.set()
    main_thread = threading.main_thread().name
    assert mod.threads[0] != main_thread and mod.threads[1] == main_thread


@pytest.mark.parametrize("key", ["sk-SECRÉT-123", "sk-abc\ndef", "sk-abc def"])
def test_an_unsendable_api_key_is_a_spec_error_that_hides_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("SAFERAIL_TARGET_API_KEY", key)
    with pytest.raises(TargetSpecError, match="SAFERAIL_TARGET_API_KEY") as info:
        target_from_spec("http://127.0.0.1:8000/v1", model="m")
    assert "SECR" not in str(info.value) and "abc" not in str(info.value)


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
def test_an_api_key_with_a_trailing_newline_is_trimmed(
    mock_server: MockServer, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    monkeypatch.setenv("SAFERAIL_TARGET_API_KEY", "sk-from-a-file\n")
    assert generate(mock_server.url, model="m", http_backend=backend) == "echo: Hi"
    assert mock_server.headers[0]["Authorization"] == "Bearer sk-from-a-file"


def test_secrets_in_the_url_stay_out_of_identity_and_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    spec = f"http://ann:pa55word@127.0.0.1:{port}/v1?api_key=s3cr3tkey"
    target = target_from_spec(spec, max_retries=0)
    assert isinstance(target, OpenAITarget)
    version = target.identity.version or ""
    assert "pa55word" not in version and "s3cr3tkey" not in version
    assert version == f"http://ann:***@127.0.0.1:{port}/v1?api_key=***"
    with pytest.raises(TargetUnavailable) as info:
        generate(spec, max_retries=0)
    assert "pa55word" not in str(info.value) and "s3cr3tkey" not in str(info.value)


def test_an_ordinary_url_is_its_own_version() -> None:
    spec = "http://127.0.0.1:8000/v1"
    assert target_from_spec(spec).identity.version == spec
    # with a model name the endpoint still tells two servers of that model apart (it was
    # None, so the same model name on two servers shared one cache key)
    assert target_from_spec(spec, model="m").identity.version == spec + "/chat/completions"


def test_echo_answers_with_the_text_of_content_parts() -> None:
    parts = [{"type": "text", "text": "Hello"}, {"type": "text", "text": "there"}]
    assert generate("echo", [{"role": "user", "content": parts}]) == ECHO_PREFIX + "Hello\nthere"


def test_echo_with_malformed_messages_is_a_target_error() -> None:
    for messages in ("Hi", [None], {"role": "user"}):
        with pytest.raises(TargetError):
            generate("echo", messages)


# -- audit: python targets that are classes or factories, and clear spec errors -------------

TARGETS_MODULE = """
from saferail.targets import Completion, TargetIdentity


class ClassTarget:
    @property
    def identity(self):
        return TargetIdentity("mine", "class-target")

    async def generate(self, messages, **params):
        return Completion("from the class")

    async def stream(self, messages, **params):
        yield None

    async def aclose(self):
        pass


class CallableBot:
    def __call__(self, messages, **params):
        return "from a callable instance"


class NeedsArguments:
    def __init__(self, url):
        self.url = url


class Plain:
    pass


def factory():
    return 42


factory.__saferail_factory__ = True
"""


@pytest.fixture
def targets_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "audit_targets_mod.py").write_text(TARGETS_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    return "python:audit_targets_mod"


def test_a_target_class_is_built_not_returned(targets_module: str) -> None:
    target = target_from_spec(f"{targets_module}:ClassTarget")
    assert not isinstance(target, type)
    assert target.identity.model == "class-target"
    assert generate(f"{targets_module}:ClassTarget") == "from the class"


def test_a_class_of_callables_is_wrapped_as_a_callable_target(targets_module: str) -> None:
    assert generate(f"{targets_module}:CallableBot") == "from a callable instance"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("factory", "returned int, neither a Target nor a callable"),
        ("Plain", "returned Plain, neither a Target nor a callable"),
        ("NeedsArguments", "calling it raised TypeError"),
    ],
)
def test_a_class_or_factory_that_builds_no_target_is_a_spec_error(
    targets_module: str, name: str, reason: str
) -> None:
    with pytest.raises(TargetSpecError, match=reason) as info:
        target_from_spec(f"{targets_module}:{name}")
    assert "\n" not in str(info.value) and name in str(info.value)


def test_a_bad_url_with_an_api_key_query_is_named_as_a_url_error() -> None:
    with pytest.raises(TargetSpecError) as info:
        target_from_spec("http://127.0.0.1:99999/v1?api_key=s3cr3tkey")
    message = str(info.value)
    assert message.startswith("bad target URL") and "SAFERAIL_TARGET_API_KEY" not in message
    assert "s3cr3tkey" not in message


def test_a_bad_option_is_not_blamed_on_the_url() -> None:
    with pytest.raises(TargetSpecError, match="max_concurrency >= 1") as info:
        target_from_spec("http://127.0.0.1:8000/v1", model="m", max_concurrency=0)
    assert "bad target URL" not in str(info.value)


def test_the_same_model_on_two_servers_has_two_fingerprints() -> None:
    one = target_from_spec("http://10.0.0.1:8000/v1", model="llama3").identity
    two = target_from_spec("http://10.0.0.2:8000/v1", model="llama3").identity
    assert one.fingerprint() != two.fingerprint()
    # and it is what the driver of a distributed run builds for the same URL and model
    assert one == OpenAITarget("http://10.0.0.1:8000/v1", "llama3").identity
