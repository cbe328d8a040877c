from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from app.publishing.urlguard import (
    PinnedTransport,
    UnsafeWebhookUrl,
    check_webhook_url,
    webhook_client,
)

PUBLIC = "93.184.215.14"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
        # IPv6 forms of internal IPv4 addresses: 6to4, NAT64 (well-known and local-use
        # prefixes), IPv4-mapped.
        "http://[2002:7f00:1::]/hook",
        "http://[2002:a9fe:a9fe::1]/hook",
        "http://[2002:c0a8:1::]/hook",
        "http://[64:ff9b::7f00:1]/hook",
        "http://[64:ff9b::a9fe:a9fe]/hook",
        "http://[64:ff9b:1::a00:1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[::ffff:169.254.169.254]/hook",
        "http://[::127.0.0.1]/hook",
    ],
)
def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/x",
        "file:///etc/passwd",
        "gopher://1.1.1.1",
        "https://",
        "http://u:p@8.8.8.8/",
    ],
)
def test_only_plain_http_and_https_urls_are_accepted(url: str) -> None:
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url, allow_private=True)


def test_public_addresses_are_accepted() -> None:
    assert check_webhook_url("https://8.8.8.8/hook", allow_private=False) == "https://8.8.8.8/hook"
    assert check_webhook_url("http://[2001:4860:4860::8888]:8443/h", allow_private=False)
    # The IPv6 forms of a public IPv4 address are as public.
    assert check_webhook_url("http://[2002:808:808::1]/h", allow_private=False)
    assert check_webhook_url("http://[64:ff9b::808:808]/h", allow_private=False)


def test_the_setting_allows_private_addresses() -> None:
    assert check_webhook_url("http://127.0.0.1:9/hook", allow_private=True)


def test_unresolvable_hosts_are_refused() -> None:
    with pytest.raises(UnsafeWebhookUrl, match="does not resolve"):
        check_webhook_url("http://no-such-host.invalid/hook", allow_private=False)


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A resolver for `rebind.example` that answers a public address the first time and the
    loopback address after (a DNS rebinding attack); returns the log of its lookups."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        address = PUBLIC if not lookups else "127.0.0.1"
        lookups.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_the_transport_connects_to_the_address_it_checked(rebinding: list[str]) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    transport = PinnedTransport(httpx.MockTransport(answer), allow_private=False)
    with httpx.Client(transport=transport) as client:
        assert client.post("https://rebind.example:8443/hook", content=b"{}").status_code == 204
    assert rebinding == [PUBLIC]
    (request,) = seen
    assert request.url == httpx.URL(f"https://{PUBLIC}:8443/hook")
    assert request.headers["host"] == "rebind.example:8443"
    assert request.extensions["sni_hostname"] == "rebind.example"


@pytest.fixture
def local_receiver() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that logs each request's path: the internal target."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


def test_a_rebinding_name_never_reaches_the_internal_address(
    rebinding: list[str], local_receiver: tuple[int, list[str]]
) -> None:
    """The check sees the public answer; the connection must not ask again and get loopback."""
    port, hits = local_receiver
    # Whether the public address answers here does not matter, only where the request went.
    with webhook_client(timeout=2, allow_private=False) as client, suppress(httpx.HTTPError):
        client.post(f"http://rebind.example:{port}/hook", content=b"{}")
    assert rebinding == [PUBLIC]
    assert hits == []


def test_the_transport_refuses_before_connecting(rebinding: list[str]) -> None:
    rebinding.append("first lookup already answered")  # the name now resolves to loopback
    with (
        webhook_client(timeout=2, allow_private=False) as client,
        pytest.raises(UnsafeWebhookUrl),
    ):
        client.post("http://rebind.example/hook", content=b"{}")
