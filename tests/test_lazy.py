import subprocess
import sys

import pytest

import saferail
import saferail.evals


@pytest.mark.parametrize("package", [saferail, saferail.evals])
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
