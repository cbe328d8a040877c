"""Webhook URLs may only reach the public internet, so the service cannot be used to probe hosts
inside the network it runs in (SSRF). Every address the host resolves to is checked, at
subscription and again at each delivery, since DNS answers can change in between.

At delivery the check and the connection must concern the same address: a name resolved once for
the check and again by the HTTP client when it connects can answer a public address the first
time and an internal one the second (DNS rebinding). `PinnedTransport` therefore resolves and
checks the host itself and connects to the very address it checked, keeping the host name for
the `Host` header and for TLS (SNI and certificate verification).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

ALLOWED_SCHEMES = ("http", "https")


class UnsafeWebhookUrl(ValueError):
    """The URL is not one we will send to; the message says why in plain words."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it: NAT64's well-known
# (RFC 6052) and local-use (RFC 8215) prefixes. Such an address is as public as the IPv4 one.
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: IPv4-mapped (::ffff:a.b.c.d), 6to4 (2002::/16)
    or NAT64; None for any other."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return _is_public(embedded)
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeWebhookUrl(f"The host {host!r} does not resolve.") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_webhook_url(url: str, *, allow_private: bool) -> str:
    """Returns `url` if it is http(s) to public addresses only, else raises UnsafeWebhookUrl."""
    checked_addresses(url, allow_private=allow_private)
    return url


def checked_addresses(url: str, *, allow_private: bool) -> list[IPAddress]:
    """The addresses `url`'s host resolves to, all public (none looked up when private ones are
    allowed); UnsafeWebhookUrl if the URL is not http(s) or any address is not public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeWebhookUrl("The URL is not valid.") from exc
    if parts.scheme not in ALLOWED_SCHEMES:
        raise UnsafeWebhookUrl("The URL must start with http:// or https://.")
    if not parts.hostname:
        raise UnsafeWebhookUrl("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("The URL must not carry a user name or password.")
    if allow_private:
        return []
    default_port = 443 if parts.scheme == "https" else 80
    addresses = _resolve(parts.hostname, port or default_port)
    blocked = sorted({str(a) for a in addresses if not _is_public(a)})
    if blocked:
        raise UnsafeWebhookUrl(
            f"The host {parts.hostname!r} resolves to a loopback, private, link-local, multicast "
            f"or reserved address ({', '.join(blocked)}); webhooks go to public addresses only."
        )
    return addresses


class PinnedTransport(httpx.BaseTransport):
    """Checks each request's host and connects to the address it checked (see the module's
    docstring); refuses with UnsafeWebhookUrl, before any connection, a host that is not public."""

    def __init__(self, inner: httpx.BaseTransport, *, allow_private: bool) -> None:
        self.inner = inner
        self.allow_private = allow_private

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        addresses = checked_addresses(str(request.url), allow_private=self.allow_private)
        if addresses:
            host = request.url.host
            # httpx wrote the Host header from the URL when it built the request; it stays.
            request.url = request.url.copy_with(host=str(addresses[0]))
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def webhook_client(*, timeout: float, allow_private: bool) -> httpx.Client:
    """The HTTP client webhooks are sent with: pinned to checked addresses, no redirects (one
    could lead past the guard), no proxies from the environment (they would connect for us)."""
    return httpx.Client(
        transport=PinnedTransport(httpx.HTTPTransport(), allow_private=allow_private),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
