import subprocess
import sys

import pytest

import saferail
import saferail.evals
import saferail.gateway


@pytest.mark.parametrize("package", [saferail, saferail.evals, saferail.gateway])
def test_every_public_name_resolves_and_unknown_names_fail(package: object) -> None:
    names = [n for n in package.__all__ if n != "__version__"]  # type: ignore[attr-defined]
    assert all(getattr(package, n) is not None for n in names)
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        package.nope  # type: ignore[attr-defined]  # noqa: B018


def test_the_pytest_plugin_does_not_load_the_guard() -> None:
    code = (
        "import sys, saferail.evals.pytest_plugin; print('saferail.guard.pipeline' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_public_name_is_also_a_submodule() -> None:
    """A lazily exported function named like a submodule would be shadowed by the module as
    soon as anything imports that submodule directly (``from pkg import name`` then returns
    the module)."""
    import importlib
    import pkgutil

    for name in (
        "saferail",
        "saferail.evals",
        "saferail.governance",
        "saferail.telemetry",
        "saferail.agents",
        "saferail.redteam",
        "saferail.kpis",
        "saferail.gateway",
    ):
        pkg = importlib.import_module(name)
        modules = {m.name for m in pkgutil.iter_modules(pkg.__path__)}
        assert not set(getattr(pkg, "__all__", ())) & modules, name


def test_the_command_line_does_not_load_the_web_stack() -> None:
    """Every ``saferail`` command imports the CLI app; the gateway's web framework must load
    only when ``serve`` or ``dashboard`` runs (it costs about a second per command)."""
    code = "import sys, saferail.cli.app; print('fastapi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
