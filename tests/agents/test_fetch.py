"""safe_fetch against real loopback HTTP(S) servers started by the tests.

Loopback is normally blocked, so each policy here opens exactly ``127.0.0.1/32`` (through
``allowed_networks``) and the test server's port; host names resolve through injected
resolvers. The DNS-rebinding tests put a second, "victim" server on ``127.0.0.2`` (same
port), which those policies do not open: any connection it receives is a rebinding win.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from saferail.agents import (
    FetchError,
    FetchResult,
    Reason,
    Resolver,
    SsrfBlocked,
    SsrfPolicy,
    check_url,
    safe_fetch,
)
from saferail.errors import SaferailError


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[Seen], Reply]
NO_LENGTH = "x-test-no-length"  # route header: send the body without Content-Length


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(
            self.command,
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            self.rfile.read(length) if length else b"",
        )
        owner.requests.append(seen)
        route = owner.routes.get(self.path.split("?", 1)[0])
        status, headers, body = route(seen) if route else (404, {}, b"not found")
        self.send_response(status)
        for key, value in headers.items():
            if key != NO_LENGTH:
                self.send_header(key, value)
        if NO_LENGTH in headers:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), 4096):
            self.wfile.write(body[start : start + 4096])

    do_POST = do_HEAD = do_PUT = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: Server, address: tuple[str, int]) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.owner.connections += 1
        return True


@dataclass
class Server:
    """A loopback HTTP server in a thread that records every connection and request."""

    host: str = "127.0.0.1"
    port: int = 0
    tls: ssl.SSLContext | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    connections: int = 0
    release: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Server:
        self._httpd = _Server(self, (self.host, self.port))
        if self.tls is not None:
            self._httpd.socket = self.tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


def ok(body: bytes = b"hello", **headers: str) -> Route:
    return lambda seen: (200, {"Content-Type": "text/plain", **headers}, body)


def redirect(location: str, status: int = 302) -> Route:
    return lambda seen: (status, {"Location": location}, b"")


def names(*hosts: str, to: str = "127.0.0.1") -> Resolver:
    table = {h: [to] for h in hosts}
    return lambda host: table.get(host, [])


def policy_for(server: Server, **kwargs: Any) -> SsrfPolicy:
    """The default policy, opened just enough for this loopback server."""
    return SsrfPolicy(
        allowed_ports=[80, 443, server.port], allowed_networks=["127.0.0.1/32"], **kwargs
    )


def fetch(url: str, policy: SsrfPolicy, **kwargs: Any) -> FetchResult:
    return asyncio.run(safe_fetch(url, policy, **kwargs))


def blocked(url: str, policy: SsrfPolicy, **kwargs: Any) -> SsrfBlocked:
    with pytest.raises(SsrfBlocked) as info:
        fetch(url, policy, **kwargs)
    return info.value


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as s:
        yield s


# -- the ordinary path ---------------------------------------------------------------------


def test_benign_fetch_sends_the_original_host(server: Server) -> None:
    server.routes["/doc"] = ok(b"caf\xc3\xa9", **{"Content-Type": "text/plain; charset=utf-8"})
    url = f"http://docs.test:{server.port}/doc?x=1#frag"
    result = fetch(url, policy_for(server), resolver=names("docs.test"), headers={"Host": "evil"})
    assert (result.status_code, result.text, result.address) == (200, "café", "127.0.0.1")
    assert result.url == f"http://docs.test:{server.port}/doc?x=1"
    assert result.header("content-type") == "text/plain; charset=utf-8"
    [seen] = server.requests
    assert seen.path == "/doc?x=1"
    assert seen.headers["host"] == f"docs.test:{server.port}"  # the caller's Host is dropped
    assert seen.headers["accept-encoding"] == "identity"


def test_loopback_is_blocked_by_default_and_nothing_connects(server: Server) -> None:
    policy = SsrfPolicy(allowed_ports=[server.port])
    for url in (
        f"http://127.0.0.1:{server.port}/",
        f"http://0x7f.1:{server.port}/",
        f"http://2130706433:{server.port}/",
        f"http://[::ffff:127.0.0.1]:{server.port}/",
        f"http://localhost.test:{server.port}/",
    ):
        err = blocked(url, policy, resolver=names("localhost.test"))
        assert err.reason_code == Reason.LOOPBACK_ADDRESS
        assert isinstance(err, SaferailError) and err.url == url
    assert server.connections == 0


def test_post_body_and_headers_reach_the_server(server: Server) -> None:
    server.routes["/api"] = lambda seen: (201, {}, seen.body[::-1])
    result = fetch(
        f"http://127.0.0.1:{server.port}/api",
        policy_for(server),
        method="post",
        body="abc",
        headers={"X-Token": "t1"},
    )
    assert (result.status_code, result.content) == (201, b"cba")
    assert server.requests[0].method == "POST" and server.requests[0].headers["x-token"] == "t1"


def test_environment_proxies_are_ignored(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy would resolve the name itself and defeat the pinning; this one does not exist.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    server.routes["/"] = ok()
    assert fetch(f"http://127.0.0.1:{server.port}/", policy_for(server)).content == b"hello"


def test_falls_back_to_the_next_checked_address(server: Server) -> None:
    server.routes["/"] = ok()
    policy = SsrfPolicy(allowed_ports=[server.port], allowed_networks=["127.0.0.0/8"])

    def resolver(host: str) -> list[str]:
        return ["127.0.0.3", "127.0.0.1"]  # nothing listens on .3

    assert fetch(f"http://two.test:{server.port}/", policy, resolver=resolver).address == (
        "127.0.0.1"
    )


def test_nothing_listening_is_a_fetch_error() -> None:
    with Server() as gone:
        port = gone.port
    policy = SsrfPolicy(allowed_ports=[port], allowed_networks=["127.0.0.1/32"])
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", policy)
    assert info.value.reason_code == Reason.CONNECT_FAILED
    assert not isinstance(info.value, SsrfBlocked)


def test_read_timeout(server: Server) -> None:
    def stall(seen: Seen) -> Reply:
        server.release.wait(10)
        return 200, {}, b"late"

    server.routes["/slow"] = stall
    policy = policy_for(server, read_timeout=0.3)
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{server.port}/slow", policy)
    assert info.value.reason_code == Reason.TIMEOUT


def test_only_http_and_https_are_fetched() -> None:
    policy = SsrfPolicy(allowed_schemes=["ftp"], allowed_ports=[21])
    err = blocked("ftp://files.test/x", policy, resolver=names("files.test", to="8.8.8.8"))
    assert err.reason_code == Reason.SCHEME_NOT_SUPPORTED


# -- DNS rebinding -------------------------------------------------------------------------


class Rebinder:
    """A rebinding DNS server: the first answer is the allowed address, every later answer
    points at the victim."""

    def __init__(self, first: str, later: str) -> None:
        self.answers = [first, later]
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        return [self.answers[min(len(self.calls), 2) - 1]]


@pytest.fixture
def victim(server: Server) -> Iterator[Server]:
    """A server on 127.0.0.2, same port: reaching it means the rebinding worked."""
    with Server(host="127.0.0.2", port=server.port) as s:
        s.routes["/"] = ok(b"internal secret")
        yield s


def test_victim_is_reachable_when_a_policy_allows_it(server: Server, victim: Server) -> None:
    # Control: the victim answers and counts connections, so a zero below means something.
    policy = SsrfPolicy(allowed_ports=[server.port], allowed_networks=["127.0.0.0/8"])
    result = fetch(f"http://rebind.test:{server.port}/", policy, resolver=lambda h: ["127.0.0.2"])
    assert result.content == b"internal secret" and victim.connections == 1


def test_dns_rebinding_cannot_move_the_connection(server: Server, victim: Server) -> None:
    server.routes["/"] = ok(b"public page")
    policy = policy_for(server)
    url = f"http://rebind.test:{server.port}/"
    rebinder = Rebinder("127.0.0.1", "127.0.0.2")
    result = fetch(url, policy, resolver=rebinder)
    assert (result.content, result.address) == (b"public page", "127.0.0.1")
    assert rebinder.calls == ["rebind.test"]  # resolved once, by the check, then pinned
    assert victim.connections == 0 and server.connections == 1
    # the rebound answer is one the policy forbids: had it been used, it would have been a win
    assert check_url(url, policy, resolver=rebinder).reason == Reason.LOOPBACK_ADDRESS


def test_each_redirect_is_resolved_and_checked_again(server: Server, victim: Server) -> None:
    server.routes["/bounce"] = redirect("/final")
    server.routes["/final"] = ok(b"should not be reached this way")
    rebinder = Rebinder("127.0.0.1", "127.0.0.2")
    err = blocked(f"http://rebind.test:{server.port}/bounce", policy_for(server), resolver=rebinder)
    assert err.reason_code == Reason.LOOPBACK_ADDRESS
    assert err.url == f"http://rebind.test:{server.port}/final"
    assert rebinder.calls == ["rebind.test", "rebind.test"]
    assert victim.connections == 0 and [s.path for s in server.requests] == ["/bounce"]


# -- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/iam/", Reason.METADATA_ADDRESS),
        ("http://0xa9fea9fe/latest/meta-data/", Reason.METADATA_ADDRESS),
        ("http://[::ffff:169.254.169.254]/latest/", Reason.METADATA_ADDRESS),
        ("http://metadata.google.internal/computeMetadata/v1/", Reason.METADATA_HOST),
        ("http://[fd00:ec2::254]/latest/", Reason.METADATA_ADDRESS),
        ("http://10.0.0.1/admin", Reason.PRIVATE_ADDRESS),
        ("http://127.0.0.2:{port}/", Reason.LOOPBACK_ADDRESS),
        ("http://good.test@169.254.169.254/", Reason.USERINFO_NOT_ALLOWED),
        ("file:///etc/passwd", Reason.BAD_URL),
        ("gopher://127.0.0.1:{port}/", Reason.SCHEME_NOT_ALLOWED),
    ],
)
def test_redirect_to_a_forbidden_place_is_blocked(
    server: Server, victim: Server, location: str, reason: Reason
) -> None:
    server.routes["/go"] = redirect(location.format(port=server.port), status=307)
    err = blocked(f"http://127.0.0.1:{server.port}/go", policy_for(server))
    assert err.reason_code == reason
    assert len(server.requests) == 1 and victim.connections == 0


def test_redirect_chain_up_to_the_limit_is_followed(server: Server) -> None:
    for k in range(1, 6):
        server.routes[f"/hop/{k}"] = redirect(f"/hop/{k - 1}", status=301)
    server.routes["/hop/0"] = ok(b"landed")
    base = f"http://127.0.0.1:{server.port}"
    result = fetch(f"{base}/hop/3", policy_for(server, max_redirects=3))
    assert result.content == b"landed" and result.url == f"{base}/hop/0"
    assert result.redirects == (f"{base}/hop/3", f"{base}/hop/2", f"{base}/hop/1")
    server.requests.clear()
    err = blocked(f"{base}/hop/4", policy_for(server, max_redirects=3))
    assert err.reason_code == Reason.TOO_MANY_REDIRECTS
    assert [s.path for s in server.requests] == ["/hop/4", "/hop/3", "/hop/2", "/hop/1"]


def test_no_redirects_allowed(server: Server) -> None:
    server.routes["/r"] = redirect("/")
    err = blocked(f"http://127.0.0.1:{server.port}/r", policy_for(server, max_redirects=0))
    assert err.reason_code == Reason.TOO_MANY_REDIRECTS


def test_see_other_turns_a_post_into_a_get(server: Server) -> None:
    server.routes["/form"] = redirect("/done", status=303)
    server.routes["/done"] = ok(b"thanks")
    headers = {"Content-Type": "application/json", "X-Keep": "1"}
    url = f"http://127.0.0.1:{server.port}/form"
    fetch(url, policy_for(server), method="POST", body=b"{}", headers=headers)
    first, second = server.requests
    assert (first.method, first.body) == ("POST", b"{}")
    assert (second.method, second.body, second.headers["x-keep"]) == ("GET", b"", "1")
    assert "content-type" not in second.headers


def test_307_repeats_the_method_and_body(server: Server) -> None:
    server.routes["/a"] = redirect("/b", status=307)
    server.routes["/b"] = lambda seen: (200, {}, seen.body)
    url = f"http://127.0.0.1:{server.port}/a"
    assert fetch(url, policy_for(server), method="PUT", body=b"data").content == b"data"
    assert [s.method for s in server.requests] == ["PUT", "PUT"]


def test_credentials_are_dropped_when_a_redirect_leaves_the_origin(server: Server) -> None:
    server.routes["/same"] = redirect("/other")
    server.routes["/other"] = redirect(f"http://elsewhere.test:{server.port}/land")
    server.routes["/land"] = ok()
    creds = {
        "Authorization": "Bearer s3cret",
        "Cookie": "sid=1",
        "X-Trace": "t",
        "X-Api-Key": "k3y",
        "X-Auth-Token": "t0k",
        "X-Amz-Security-Token": "aws",
    }
    resolver = names("origin.test", "elsewhere.test")
    url = f"http://origin.test:{server.port}/same"
    fetch(url, policy_for(server), headers=creds, resolver=resolver)
    same, other, land = (s.headers for s in server.requests)
    assert same["authorization"] == other["authorization"] == "Bearer s3cret"
    assert "authorization" not in land and "cookie" not in land
    assert other["x-api-key"] == "k3y"  # the same origin still gets them
    for custom in ("x-api-key", "x-auth-token", "x-amz-security-token"):
        assert custom not in land, custom  # custom credentials leave with the standard ones
    assert land["x-trace"] == "t" and land["host"] == f"elsewhere.test:{server.port}"


# -- size cap ------------------------------------------------------------------------------


def test_response_size_cap(server: Server) -> None:
    server.routes["/exact"] = ok(b"x" * 1000)
    server.routes["/declared"] = ok(b"x" * 1001)
    server.routes["/streamed"] = ok(b"y" * 50_000, **{NO_LENGTH: "1"})
    policy = policy_for(server, max_response_bytes=1000)
    base = f"http://127.0.0.1:{server.port}"
    assert len(fetch(f"{base}/exact", policy).content) == 1000
    for path in ("/declared", "/streamed"):
        assert blocked(f"{base}{path}", policy).reason_code == Reason.RESPONSE_TOO_LARGE
    roomy = policy_for(server, max_response_bytes=60_000)
    assert fetch(f"{base}/streamed", roomy).content == b"y" * 50_000


# -- HTTPS: pinned address, verified name ----------------------------------------------------


def _tls_material(tmp: Path, hostname: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A throwaway CA and a certificate for ``hostname``: (server context, client context)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "saferail test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    (tmp / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (tmp / "leaf.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tmp / "leaf.pem", tmp / "leaf.key")
    client_ctx = ssl.create_default_context(
        cadata=ca.public_bytes(serialization.Encoding.PEM).decode("ascii")
    )
    return server_ctx, client_ctx


def test_https_connects_to_the_checked_ip_and_verifies_the_name(tmp_path: Path) -> None:
    server_ctx, client_ctx = _tls_material(tmp_path, "pinned.test")
    sni: list[str | None] = []
    server_ctx.sni_callback = lambda sock, name, ctx: sni.append(name)  # type: ignore[assignment]
    with Server(tls=server_ctx) as tls_server:
        tls_server.routes["/secure"] = ok(b"over tls")
        policy = policy_for(tls_server)
        resolver = names("pinned.test", "other.test")
        url = f"https://pinned.test:{tls_server.port}/secure"
        result = fetch(url, policy, resolver=resolver, ssl_context=client_ctx)
        assert (result.content, result.address) == (b"over tls", "127.0.0.1")
        assert sni == ["pinned.test"]
        assert tls_server.requests[0].headers["host"] == f"pinned.test:{tls_server.port}"
        # Same IP, another name: the certificate is checked against the name, so it fails.
        with pytest.raises(FetchError) as info:
            fetch(
                f"https://other.test:{tls_server.port}/secure",
                policy,
                resolver=resolver,
                ssl_context=client_ctx,
            )
        assert info.value.reason_code == Reason.CONNECT_FAILED
        assert len(tls_server.requests) == 1


# -- content codings are decoded within the cap ---------------------------------------------


def test_a_compression_bomb_is_refused_without_inflating_it(server: Server) -> None:
    import gzip
    import tracemalloc

    # 249 bytes on the wire, 50 MB once both gzip layers are undone.
    bomb = gzip.compress(gzip.compress(b"\0" * 50_000_000))
    server.routes["/bomb"] = ok(bomb, **{"Content-Encoding": "gzip, gzip"})
    policy = policy_for(server, max_response_bytes=1000)
    tracemalloc.start()
    try:
        err = blocked(f"http://127.0.0.1:{server.port}/bomb", policy)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.reason_code == Reason.RESPONSE_TOO_LARGE
    assert peak < 10_000_000  # the old reader held the whole inflated body in memory


def test_gzip_and_deflate_bodies_are_decoded(server: Server) -> None:
    import gzip
    import zlib

    text = b"hello " * 100
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    server.routes["/gz"] = ok(gzip.compress(text), **{"Content-Encoding": "gzip"})
    server.routes["/zlib"] = ok(zlib.compress(text), **{"Content-Encoding": "deflate"})
    server.routes["/raw"] = ok(
        raw_deflate.compress(text) + raw_deflate.flush(), **{"Content-Encoding": "Deflate"}
    )
    server.routes["/both"] = ok(
        gzip.compress(zlib.compress(text)), **{"Content-Encoding": "deflate, gzip"}
    )
    server.routes["/id"] = ok(text, **{"Content-Encoding": "identity"})
    policy = policy_for(server, max_response_bytes=len(text))
    for path in ("/gz", "/zlib", "/raw", "/both", "/id"):
        assert fetch(f"http://127.0.0.1:{server.port}{path}", policy).content == text, path
    small = policy_for(server, max_response_bytes=len(text) - 1)
    err = blocked(f"http://127.0.0.1:{server.port}/gz", small)
    assert err.reason_code == Reason.RESPONSE_TOO_LARGE


def test_a_corrupt_compressed_body_is_a_fetch_error(server: Server) -> None:
    server.routes["/bad"] = ok(b"not gzip at all", **{"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{server.port}/bad", policy_for(server))
    assert info.value.reason_code == Reason.HTTP_ERROR


@pytest.mark.parametrize(
    "headers",
    [{"X-Name": "Zoë"}, {"Zoë": "1"}, {"X-Name": "a\udcffb"}],
    ids=["value", "name", "surrogate"],
)
def test_headers_that_http_cannot_carry_are_a_fetch_error(
    server: Server, headers: dict[str, str]
) -> None:
    server.routes["/"] = ok()
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{server.port}/", policy_for(server), headers=headers)
    assert info.value.reason_code == Reason.HTTP_ERROR
    assert "header" in info.value.detail
    assert server.connections == 0


def test_a_surrogate_in_the_url_is_blocked_not_a_unicode_error(server: Server) -> None:
    err = blocked(f"http://127.0.0.1:{server.port}/\udcff", policy_for(server))
    assert err.reason_code == Reason.BAD_URL
    assert server.connections == 0
