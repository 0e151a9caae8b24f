"""``saferail serve`` refuses bad options in one line naming the flag, before serving."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from saferail.cli.app import app as cli_app


@pytest.fixture(autouse=True)
def never_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    """An option the checks miss fails the test instead of serving forever."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("saferail serve started despite a bad option")

    monkeypatch.setattr("saferail.gateway.server.serve", refuse)


def serve(*argv: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, ["serve", "--port", "0", *argv])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:99999/v1", "http://127.0.0.1:0/v1", "http://127.0.0.1:abc/v1"],
)
def test_an_upstream_port_out_of_range_is_refused(url: str) -> None:
    code, output = serve("--upstream", url)
    assert code == 2, output
    assert output.strip().splitlines() == [
        f"saferail: error: --upstream {url!r}: the port must be a number from 1 to 65535"
    ]


def test_a_state_url_that_is_not_redis_names_the_flag() -> None:
    code, output = serve("--upstream", "http://127.0.0.1:9/v1", "--state", "http://cache:6379")
    assert code == 2, output
    line = output.strip()
    assert line.startswith("saferail: error: --state 'http://cache:6379': give a redis://")
    assert "Value error" not in line and "\n" not in line


def test_a_plaintext_key_in_the_key_file_names_the_flag(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("team-a sk-plaintext-key\n")
    code, output = serve("--upstream", "http://127.0.0.1:9/v1", "--api-key-file", str(keys))
    assert code == 2, output
    assert output.strip() == (
        "saferail: error: --api-key-file: API key 'team-a': expected the sha256 hex digest "
        "of the key, not the key itself"
    )
