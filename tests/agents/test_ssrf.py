"""check_url: strict parsing, numeric host notations, address classes, lists, resolvers.

Tests resolve through injected resolvers or use IP literals; one resolves ``localhost`` with
the system resolver. Nothing leaves the machine.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

import saferail.agents
from saferail.agents import METADATA_HOSTS, Reason, Resolver, SsrfPolicy, UrlVerdict, check_url
from tests.conftest import REPO

PUBLIC = "93.184.216.34"
DNS = {
    "good.example": [PUBLIC],
    "api.good.example": [PUBLIC],
    "deep.api.good.example": [PUBLIC],
    "evil.example": ["203.0.114.9"],
    "mixed.example": [PUBLIC, "10.0.0.7"],  # one bad answer among good ones
    "v6.example": ["2606:4700::6810:84e5"],
    "internal.example": ["10.1.2.3"],
    "xn--bcher-kva.example": [PUBLIC],
    "metadata.google.internal": [PUBLIC],  # blocked by name whatever DNS says
}


def resolve(host: str) -> list[str]:
    return DNS.get(host, [])


def verdict(url: str, policy: SsrfPolicy | None = None) -> UrlVerdict:
    return check_url(url, policy or SsrfPolicy(), resolver=resolve)


# -- numeric notations ---------------------------------------------------------------------

LOOPBACK_NOTATIONS = [
    "http://127.0.0.1/",
    "http://2130706433/",  # decimal
    "http://0x7f000001/",  # hex
    "http://0177.0.0.1/",  # octal
    "http://0177.0000.0000.0001/",
    "http://0x7f.1/",  # hex, short form
    "http://0x7F.0x0.0x0.0x1/",
    "http://127.1/",  # short form
    "http://127.0.1/",
    "http://127.0.0.1./",  # trailing dot
    "http://127.42.42.42/",  # all of 127/8
    "http://１２７．０．０．１/",  # full-width digits and dots (IDNA maps them)
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:7f00:1]/",  # IPv4-mapped, hex
    "http://[::127.0.0.1]/",  # IPv4-compatible (deprecated)
    "http://[::ffff:0:7f00:1]/",  # SIIT
    "http://[64:ff9b::127.0.0.1]/",  # NAT64 well-known prefix
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
]


@pytest.mark.parametrize("url", LOOPBACK_NOTATIONS)
def test_every_loopback_notation_is_blocked(url: str) -> None:
    v = verdict(url)
    assert not v.allowed
    assert v.reason == Reason.LOOPBACK_ADDRESS, v.detail


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://2130706433/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1"),
        ("http://10.1/", "10.0.0.1"),
        ("http://0xa9fea9fe/", "169.254.169.254"),
        ("http://[::FFFF:7F00:1]/", "::ffff:7f00:1"),
        ("http://GOOD.example./", "good.example"),
        ("http://bücher.example/", "xn--bcher-kva.example"),
    ],
)
def test_hosts_are_normalized(url: str, host: str) -> None:
    assert verdict(url).host == host


def test_ipv4_mapped_addresses_are_judged_as_the_ipv4_address() -> None:
    v = verdict(f"http://[::ffff:{PUBLIC}]/")
    assert v.allowed and v.addresses == (PUBLIC,)


# -- address classes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/", Reason.PRIVATE_ADDRESS),
        ("http://172.16.5.4/", Reason.PRIVATE_ADDRESS),
        ("http://172.31.255.255/", Reason.PRIVATE_ADDRESS),
        ("http://192.168.1.1/", Reason.PRIVATE_ADDRESS),
        ("http://100.64.0.1/", Reason.PRIVATE_ADDRESS),  # CGNAT
        ("http://[fd12:3456::1]/", Reason.PRIVATE_ADDRESS),  # ULA
        ("http://[fc00::1]/", Reason.PRIVATE_ADDRESS),
        ("http://[::ffff:192.168.0.1]/", Reason.PRIVATE_ADDRESS),
        ("http://3232235521/", Reason.PRIVATE_ADDRESS),  # 192.168.0.1 in decimal
        ("http://169.254.10.10/", Reason.LINK_LOCAL_ADDRESS),
        ("http://[fe80::1]/", Reason.LINK_LOCAL_ADDRESS),
        ("http://224.0.0.1/", Reason.MULTICAST_ADDRESS),
        ("http://[ff02::1]/", Reason.MULTICAST_ADDRESS),
        ("http://0.0.0.0/", Reason.UNSPECIFIED_ADDRESS),
        ("http://0/", Reason.UNSPECIFIED_ADDRESS),
        ("http://[::]/", Reason.UNSPECIFIED_ADDRESS),
        ("http://255.255.255.255/", Reason.RESERVED_ADDRESS),  # broadcast
        ("http://240.0.0.1/", Reason.RESERVED_ADDRESS),
        ("http://192.0.2.1/", Reason.RESERVED_ADDRESS),
        ("http://[2001:db8::1]/", Reason.RESERVED_ADDRESS),
        ("http://[::8.8.8.8]/", Reason.RESERVED_ADDRESS),  # IPv4-compatible, deprecated
        ("http://[1::1]/", Reason.RESERVED_ADDRESS),  # outside 2000::/3
    ],
)
def test_address_classes(url: str, reason: Reason) -> None:
    v = verdict(url)
    assert (v.allowed, v.reason) == (False, reason), v.detail


METADATA_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/",  # 169.254.169.254 in decimal
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0251.0376.0251.0376/",
    "http://169.254.43518/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://169.254.170.2/v2/credentials",  # ECS task credentials
    "http://[fd00:ec2::254]/latest/",
    "http://100.100.100.200/latest/meta-data/",  # Alibaba
]


@pytest.mark.parametrize("url", METADATA_URLS)
def test_metadata_addresses_are_blocked_even_with_allow_private(url: str) -> None:
    policy = SsrfPolicy(allow_private=True, allowed_networks=["0.0.0.0/0", "::/0"])
    v = verdict(url, policy)
    assert (v.allowed, v.reason) == (False, Reason.METADATA_ADDRESS), v.detail


@pytest.mark.parametrize("host", sorted(METADATA_HOSTS))
def test_metadata_hosts_are_blocked_by_name(host: str) -> None:
    v = verdict(f"http://{host.upper()}./computeMetadata/v1/")
    assert (v.allowed, v.reason) == (False, Reason.METADATA_HOST)


def test_metadata_resolved_by_name_is_blocked() -> None:
    policy = SsrfPolicy(allow_private=True)
    v = check_url("http://imds.example/", policy, resolver=lambda h: ["169.254.169.254"])
    assert v.reason == Reason.METADATA_ADDRESS


# -- DNS -----------------------------------------------------------------------------------


def test_public_host_is_allowed_with_its_addresses() -> None:
    v = verdict("https://good.example/path?q=1#frag")
    assert v.allowed and v.reason == Reason.ALLOWED
    assert v.addresses == (PUBLIC,)
    assert v.normalized_url == "https://good.example/path?q=1"
    assert (v.scheme, v.port, v.target) == ("https", 443, "/path?q=1")


def test_one_bad_answer_among_good_ones_blocks() -> None:
    v = verdict("http://mixed.example/")
    assert (v.allowed, v.reason) == (False, Reason.PRIVATE_ADDRESS)
    assert v.addresses == (PUBLIC, "10.0.0.7")


def test_ipv6_answers_are_judged() -> None:
    assert verdict("http://v6.example/").allowed
    v = check_url("http://x.example/", SsrfPolicy(), resolver=lambda h: [PUBLIC, "fe80::1%eth0"])
    assert v.reason == Reason.LINK_LOCAL_ADDRESS


def _raises(host: str) -> list[str]:
    raise OSError(f"no such host {host}")


@pytest.mark.parametrize(
    "resolver",
    [lambda h: [], lambda h: ["not-an-address"], _raises],
    ids=["empty", "garbage", "raises"],
)
def test_resolver_failures_fail_closed(resolver: Resolver) -> None:
    v = check_url("http://good.example/", SsrfPolicy(), resolver=resolver)
    assert (v.allowed, v.reason) == (False, Reason.DNS_FAILURE)


def test_ip_literals_are_not_resolved() -> None:
    def refuse(host: str) -> list[str]:
        raise AssertionError(f"resolver called for {host}")

    assert check_url(f"http://{PUBLIC}/", SsrfPolicy(), resolver=refuse).allowed


def test_default_resolver_on_localhost() -> None:
    v = check_url("http://localhost/", SsrfPolicy())
    assert (v.allowed, v.reason) == (False, Reason.LOOPBACK_ADDRESS)


# -- parsing tricks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://good.example@evil.example/", Reason.USERINFO_NOT_ALLOWED),
        ("http://good.example:pw@evil.example/", Reason.USERINFO_NOT_ALLOWED),
        ("http://@good.example/", Reason.USERINFO_NOT_ALLOWED),
        ("http://evil.example\\@good.example/", Reason.BAD_URL),
        ("http://good.example\\.evil.example/", Reason.BAD_URL),
        ("http://good.example /", Reason.BAD_URL),
        ("http://good.example/\ta", Reason.BAD_URL),
        ("http://good.example\x00.evil.example/", Reason.BAD_URL),
        ("http://good\u200b.example/", Reason.BAD_URL),  # zero-width space
        (" http://good.example/", Reason.BAD_URL),
        ("http:/good.example/", Reason.BAD_URL),
        ("//good.example/", Reason.BAD_URL),
        ("http:///path", Reason.BAD_URL),
        ("http://good.example:/", Reason.BAD_URL),
        ("http://good.example:99999/", Reason.BAD_URL),
        ("http://good.example:+80/", Reason.BAD_URL),
        ("http://::1/", Reason.BAD_URL),
        ("http://[::1/", Reason.BAD_URL),
        ("http://[::1]x/", Reason.BAD_URL),
        ("http://%31%32%37.0.0.1/", Reason.BAD_HOST),
        ("http://[fe80::1%25eth0]/", Reason.BAD_HOST),
        ("http://[v1.fe]/", Reason.BAD_HOST),
        ("http://0x7g.1/", Reason.BAD_HOST),
        ("http://08.0.0.1/", Reason.BAD_HOST),  # not octal
        ("http://1.2.3.4.5/", Reason.BAD_HOST),
        ("http://256.0.0.1/", Reason.BAD_HOST),
        ("http://4294967296/", Reason.BAD_HOST),
        ("http://good.example.1/", Reason.BAD_HOST),  # ends in a number
        ("http://1_0.0.0.1/", Reason.BAD_HOST),
        ("http://-1.0.0.1/", Reason.BAD_HOST),
        ("http://good..example/", Reason.BAD_HOST),
        ("http://goo!d.example/", Reason.BAD_HOST),
        ("http://xn--a.example/", Reason.BAD_HOST),  # invalid punycode is still ASCII: refused
    ],
)
def test_ambiguous_urls_are_refused(url: str, reason: Reason) -> None:
    v = verdict(url)
    assert (v.allowed, v.reason) == (False, reason), v.detail


def test_fragment_and_query_cannot_smuggle_a_host() -> None:
    for url in ("http://good.example#@evil.example/", "http://good.example?@evil.example/"):
        v = verdict(url)
        assert v.allowed and v.host == "good.example"


def test_overlong_url() -> None:
    assert verdict("http://good.example/" + "a" * 5000).reason == Reason.BAD_URL


# -- policy --------------------------------------------------------------------------------


def test_schemes_and_ports() -> None:
    assert verdict("ftp://good.example/").reason == Reason.SCHEME_NOT_ALLOWED
    assert verdict("file:///etc/passwd").reason == Reason.BAD_URL
    assert verdict("gopher://good.example/").reason == Reason.SCHEME_NOT_ALLOWED
    assert verdict("http://good.example:8080/").reason == Reason.PORT_NOT_ALLOWED
    assert verdict("http://good.example:443/").allowed
    policy = SsrfPolicy(allowed_schemes=["HTTPS"], allowed_ports=[8443])
    assert check_url("https://good.example:8443/", policy, resolver=resolve).allowed
    assert check_url("https://good.example/", policy, resolver=resolve).reason == (
        Reason.PORT_NOT_ALLOWED
    )
    assert check_url("http://good.example:8443/", policy, resolver=resolve).reason == (
        Reason.SCHEME_NOT_ALLOWED
    )


def test_allowlist_exact_and_wildcard() -> None:
    policy = SsrfPolicy(allowed_hosts=["good.example", "*.api.good.example"])
    assert check_url("http://good.example/", policy, resolver=resolve).allowed
    assert check_url("http://GOOD.EXAMPLE./", policy, resolver=resolve).allowed
    assert check_url("http://deep.api.good.example/", policy, resolver=resolve).allowed
    refused = ["http://api.good.example/", "http://evil.example/", "http://notgood.example/"]
    for url in refused:
        assert check_url(url, policy, resolver=resolve).reason == Reason.HOST_NOT_ALLOWED


def test_wildcard_does_not_match_a_suffix_that_is_not_a_label() -> None:
    policy = SsrfPolicy(allowed_hosts=["*.good.example"])
    v = check_url("http://evilgood.example/", policy, resolver=lambda h: [PUBLIC])
    assert v.reason == Reason.HOST_NOT_ALLOWED


def test_denylist_wins_over_allowlist() -> None:
    policy = SsrfPolicy(allowed_hosts=["*.good.example"], denied_hosts=["deep.api.good.example"])
    v = check_url("http://deep.api.good.example/", policy, resolver=resolve)
    assert v.reason == Reason.HOST_DENIED
    denied = SsrfPolicy(denied_hosts=["*.good.example", "127.0.0.1"])
    assert check_url("http://api.good.example/", denied, resolver=resolve).reason == (
        Reason.HOST_DENIED
    )
    assert check_url("http://good.example/", denied, resolver=resolve).allowed
    # a denied IP matches whatever notation spells it
    opened = SsrfPolicy(denied_hosts=["127.0.0.1"], allow_private=True)
    assert check_url("http://0x7f.1/", opened).reason == Reason.HOST_DENIED


def test_allowlisted_host_is_still_address_checked() -> None:
    policy = SsrfPolicy(allowed_hosts=["internal.example"])
    v = check_url("http://internal.example/", policy, resolver=resolve)
    assert v.reason == Reason.PRIVATE_ADDRESS


def test_idna_patterns_match_unicode_hosts() -> None:
    policy = SsrfPolicy(allowed_hosts=["bücher.example"])
    assert policy.allowed_hosts == ("xn--bcher-kva.example",)
    assert check_url("http://BÜCHER.example/", policy, resolver=resolve).allowed


def test_allow_private_relaxes_only_private_classes() -> None:
    policy = SsrfPolicy(allow_private=True)
    for url in ("http://127.0.0.1/", "http://10.0.0.1/", "http://[fd00::1]/", "http://[fe80::2]/"):
        assert check_url(url, policy).allowed, url
    for url in ("http://0.0.0.0/", "http://224.0.0.1/", "http://240.0.0.1/"):
        assert not check_url(url, policy).allowed, url


def test_allowed_and_denied_networks() -> None:
    policy = SsrfPolicy(allowed_networks=["10.1.2.0/24", "198.18.0.0/15"])
    assert check_url("http://internal.example/", policy, resolver=resolve).allowed
    assert check_url("http://198.18.0.9/", policy).allowed
    assert check_url("http://10.1.3.1/", policy).reason == Reason.PRIVATE_ADDRESS
    assert check_url("http://[::ffff:10.1.2.9]/", policy).allowed
    denied = SsrfPolicy(denied_networks=["93.184.216.0/24"])
    assert check_url("http://good.example/", denied, resolver=resolve).reason == (
        Reason.ADDRESS_DENIED
    )
    assert check_url(f"http://[::ffff:{PUBLIC}]/", denied).reason == Reason.ADDRESS_DENIED


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allowed_hosts": ["*"]},
        {"allowed_hosts": ["good.*"]},
        {"denied_hosts": ["a b.example"]},
        {"allowed_ports": [0]},
        {"allowed_schemes": ["ht tp"]},
        {"allowed_networks": ["10.0.0.0/33"]},
        {"max_redirects": -1},
        {"surprise": 1},
    ],
)
def test_bad_policies_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SsrfPolicy(**kwargs)  # type: ignore[arg-type]


def test_reason_codes_are_stable_strings() -> None:
    v = verdict("http://10.0.0.1/")
    assert v.reason == "private_address"
    assert v.model_dump(mode="json")["reason"] == "private_address"


def test_docs_list_every_reason_code() -> None:
    text = (REPO / "docs" / "agents" / "ssrf.md").read_text(encoding="utf-8")
    table = text.split("## Reason codes", 1)[1]
    missing = [r.value for r in Reason if f"| `{r.value}` |" not in table]
    assert missing == []


def test_package_names_resolve_lazily() -> None:
    assert all(getattr(saferail.agents, n) is not None for n in saferail.agents.__all__)
    code = "import sys, saferail.agents.ssrf; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # the check alone does not pull in the HTTP client


# -- odd resolver answers, odd characters, clear policy errors ------------------------------


def test_a_resolver_may_answer_address_objects() -> None:
    import ipaddress

    def objects(host: str) -> list[ipaddress.IPv4Address]:
        return [ipaddress.IPv4Address("127.0.0.1")]

    v = check_url("http://good.example/", SsrfPolicy(), resolver=objects)
    assert (v.allowed, v.reason, v.addresses) == (False, Reason.LOOPBACK_ADDRESS, ("127.0.0.1",))


@pytest.mark.parametrize(
    "answers",
    [[b"127.0.0.1"], [None], [("127.0.0.1", 80)], [7]],
    ids=["bytes", "none", "tuple", "int"],
)
def test_non_string_resolver_answers_fail_closed(answers: list[object]) -> None:
    v = check_url("http://good.example/", SsrfPolicy(), resolver=lambda h: answers)  # type: ignore[arg-type,return-value]
    assert (v.allowed, v.reason) == (False, Reason.DNS_FAILURE)


@pytest.mark.parametrize("url", ["http://good.example/\udcff", "http://good.example/?q=\ud800"])
def test_lone_surrogates_are_a_bad_url(url: str) -> None:
    # Not encodable as UTF-8: no HTTP client can send it, and safe_fetch must not try.
    v = verdict(url)
    assert (v.allowed, v.reason) == (False, Reason.BAD_URL)
    assert "U+DCFF" in v.detail or "U+D800" in v.detail


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("https://good.example", "without a scheme"),
        ("good.example/path", "without a scheme"),
        ("good.example:8443", "allowed_ports"),
        ("[::1]:80", "allowed_ports"),
    ],
)
def test_host_patterns_with_a_scheme_path_or_port_get_a_clear_error(
    pattern: str, says: str
) -> None:
    with pytest.raises(ValidationError) as info:
        SsrfPolicy(allowed_hosts=[pattern])
    assert says in str(info.value) and "IPv6" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::a01:205]/",  # NAT64 of 10.1.2.5
        "http://[2002:a01:205::1]/",  # 6to4 of 10.1.2.5
        "http://[::a01:205]/",  # IPv4-compatible 10.1.2.5
    ],
)
def test_denied_networks_see_the_ipv4_address_an_ipv6_address_carries(url: str) -> None:
    policy = SsrfPolicy(allow_private=True, denied_networks=["10.1.2.0/24"])
    assert check_url(url, policy).reason == Reason.ADDRESS_DENIED
    assert check_url("http://[64:ff9b::a01:305]/", policy).allowed  # 10.1.3.5: not denied
