"""Webhook URLs may only reach the public internet, so the service cannot be used to probe hosts
inside the network it runs in (SSRF). Every address the host resolves to is checked, at
subscription and again before each delivery, since DNS answers can change in between.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


class UnsafeWebhookUrl(ValueError):
    """The URL is not one we will send to; the message says why in plain words."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
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
        return url
    default_port = 443 if parts.scheme == "https" else 80
    addresses = _resolve(parts.hostname, port or default_port)
    blocked = sorted({str(a) for a in addresses if not _is_public(a)})
    if blocked:
        raise UnsafeWebhookUrl(
            f"The host {parts.hostname!r} resolves to a loopback, private, link-local, multicast "
            f"or reserved address ({', '.join(blocked)}); webhooks go to public addresses only."
        )
    return url
