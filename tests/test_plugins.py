"""The shared plugin registry: names, duplicates, on-demand modules, broken entry points."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from saferail import _plugins
from saferail._plugins import PluginRegistry
from saferail.errors import SaferailError


class Base:
    name: ClassVar[str] = "base"


class Unknown(SaferailError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown thing {name!r} (known: {', '.join(sorted(known))})")


def _registry(**kw: object) -> PluginRegistry[Base]:
    return PluginRegistry("thing", Base, "saferail.test_things", (), Unknown, **kw)  # type: ignore[arg-type]


def test_register_get_and_unregister() -> None:
    reg = _registry()

    class One(Base):
        name = "one"

    assert reg.register(One) is One
    assert reg.register(One) is One  # same class again: fine
    assert reg.get("one") is One and list(reg.available()) == ["one"]
    reg.unregister("one")
    with pytest.raises(Unknown, match="unknown thing 'one'"):
        reg.get("one")


def test_a_second_class_cannot_take_a_name_and_names_must_be_identifiers() -> None:
    reg = _registry()

    class A(Base):
        name = "dup"

    class B(Base):
        name = "dup"

    class Bad(Base):
        name = "not a name"

    reg.register(A)
    with pytest.raises(SaferailError, match="already registered"):
        reg.register(B)
    with pytest.raises(SaferailError, match="identifier"):
        reg.register(Bad)


def test_validate_hook_runs_on_register() -> None:
    def no_x(cls: type[Base]) -> None:
        if cls.name.startswith("x"):
            raise SaferailError("no x names")

    reg = _registry(validate=no_x)

    class X(Base):
        name = "xray"

    with pytest.raises(SaferailError, match="no x names"):
        reg.register(X)


def test_on_demand_module_is_imported_only_when_named(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _registry(on_demand={"late": "tests._late_plugin"})
    imported: list[str] = []

    class Late(Base):
        name = "late"

    def fake_import(module: str) -> None:
        imported.append(module)
        reg.register(Late)

    monkeypatch.setattr("saferail._plugins.importlib", SimpleNamespace(import_module=fake_import))
    assert "late" not in reg.available() and imported == []
    assert reg.get("late") is Late and imported == ["tests._late_plugin"]


def test_broken_entry_points_are_reported_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    good = EntryPoint("good", "tests.test_plugins:Good", "saferail.test_things")
    bad = EntryPoint("bad", "tests.no_such_module:Thing", "saferail.test_things")
    monkeypatch.setattr(_plugins, "entry_points", lambda group: [good, bad])
    reg = _registry()
    assert list(reg.available()) == ["good"]
    [error] = reg.errors()
    assert error.startswith("thing entry point 'bad'")
    reg.reset_entry_points()
    assert reg.plugin_names == set()


class Good(Base):
    name = "good"


def test_a_builtin_module_that_failed_to_import_is_imported_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The module registers its class only once a flag file exists and fails to import
    # before (as a detector module refusing a corrupted model does): the registry retries it.
    flag = tmp_path / "ok"
    (tmp_path / "saferail_retry_builtin.py").write_text(
        "import pathlib\n"
        "from tests.test_plugins import RETRY, Base\n"
        f"if not pathlib.Path({str(flag)!r}).exists():\n"
        "    raise RuntimeError('not yet')\n"
        "class Retried(Base):\n"
        "    name = 'retried'\n"
        "RETRY.register(Retried)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuntimeError, match="not yet"):
        RETRY.available()
    flag.write_text("")
    assert list(RETRY.available()) == ["retried"]


RETRY: PluginRegistry[Base] = PluginRegistry(
    "thing", Base, "saferail.test_things", ("saferail_retry_builtin",), Unknown
)


def test_every_registry_makes_a_second_thread_wait_for_discovery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A thread asking while another discovers the entry points saw them half loaded: the
    'loaded' flag was set before the first entry point was."""
    import threading

    reg = _registry()
    seen: list[list[str]] = []

    class Late(Base):
        name = "late"

    def slow_load() -> type[Base]:
        other = threading.Thread(target=lambda: seen.append(list(reg.available())))
        other.start()
        other.join(timeout=0.5)  # still waiting if the registry makes it wait
        return Late

    ep = SimpleNamespace(name="late", value="x:Late", load=slow_load)
    monkeypatch.setattr(_plugins, "entry_points", lambda group: [ep])
    assert list(reg.available()) == ["late"]
    for _ in range(100):
        if seen:
            break
        threading.Event().wait(0.05)
    assert seen == [["late"]]
