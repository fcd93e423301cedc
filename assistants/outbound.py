"""Where the product may send requests: connection base URLs and MCP server URLs.

Always http(s), and never with a user name or password inside the address. In production
(OUTBOUND_ALLOW_PRIVATE off, the default when DEBUG is off) also never an internal address
(private, loopback, link-local, shared address space, or one of those wrapped in an IPv6
form), so a draft cannot make the upstream, or us, call into the internal network, unless
OUTBOUND_ALLOWLIST names the host.

Checking a name when it is saved is not enough: the name can resolve elsewhere by the time a
worker connects (DNS rebinding). So the HTTP clients connect through `transport()` /
`async_transport()`, whose network backend resolves the host once at connect time, checks
every address it got, and dials the checked address itself. TLS still verifies the
certificate against the host name: httpcore passes the origin's name to `start_tls`, not the
address dialled.
"""

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings

# Ranges Python's `is_private` does not cover but that lead inside a network.
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, RFC 6598
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the low 32 bits are an IPv4 address
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215


class OutboundRefused(Exception):
    """The destination may not be called; the message says why, for the person who set it."""


def _ipv4_blocked(ip: ipaddress.IPv4Address) -> bool:
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or ip in _SHARED_ADDRESS_SPACE
    )


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64): a packet to it
    can end up at that IPv4 address."""
    embedded = []
    if ip.ipv4_mapped:
        embedded.append(ip.ipv4_mapped)
    if ip.sixtofour:
        embedded.append(ip.sixtofour)
    if ip.teredo:
        embedded += list(ip.teredo)  # (server, client)
    if ip in _NAT64:
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return embedded


def blocked(address: str) -> bool:
    """Whether an address is internal (or wraps an internal IPv4 address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv4Address):
        return _ipv4_blocked(ip)
    if ip.teredo or ip in _NAT64_LOCAL:
        # Teredo tunnels through a relay to an arbitrary client; NAT64 local-use prefixes
        # translate into the site's own network. Neither is a legitimate API address.
        return True
    if any(_ipv4_blocked(inner) for inner in _embedded_ipv4(ip)):
        return True
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_site_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


@dataclass(frozen=True)
class CheckedAddress:
    """A destination after the check: `addresses` are the ones it may be dialled at
    (empty when the host is trusted as is: allowed private or allowlisted)."""

    host: str
    port: int
    addresses: tuple[str, ...]


def _url_shape_problem(url: str) -> str | None:
    if not isinstance(url, str):
        return "Use a web address that starts with http:// or https://."
    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        return "This web address is not valid. Check it for typing mistakes."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use a web address that starts with http:// or https://."
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return (
            "Leave the user name and password out of the web address (the part before @): "
            "they would be shown to everyone who can see the assistant. Put keys and "
            "tokens in their own fields."
        )
    return None


def _trusted(host: str) -> bool:
    return bool(settings.OUTBOUND_ALLOW_PRIVATE) or host.lower() in settings.OUTBOUND_ALLOWLIST


def resolve_checked(host: str, port: int) -> tuple[str, ...]:
    """Resolve `host` once and return its addresses, refusing if ANY of them is internal (a
    name answering with a public and an internal address is not safe to dial either)."""
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundRefused(f"“{host}” could not be found. Check the address.") from error
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses or any(blocked(address) for address in addresses):
        raise OutboundRefused(
            f"“{host}” is an internal network address, which this installation does not "
            "call. Ask your administrator to allow it if it is meant to be reachable."
        )
    return addresses


def checked_address(url: str) -> CheckedAddress:
    """The destination of `url` once checked (shape, then every resolved address).

    Raises OutboundRefused with a message for the person who typed the URL. Callers that
    connect should still go through `transport()`, which checks again at connect time."""
    problem = _url_shape_problem(url)
    if problem:
        raise OutboundRefused(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if _trusted(host):
        return CheckedAddress(host, port, ())
    return CheckedAddress(host, port, resolve_checked(host, port))


def outbound_url_problem(url: str) -> str | None:
    """Why `url` may not be called, in words for the person who typed it; None if it may."""
    try:
        checked_address(url)
    except OutboundRefused as refused:
        return str(refused)
    return None


def dial_addresses(host: str, port: int) -> list[str]:
    """The addresses to dial for `host`: the host itself when trusted, else the checked ones.
    Raises OutboundRefused. For network backends of other HTTP stacks (the MCP SDK's httpx2,
    assistants/mcp.py) that must dial only what was checked."""
    if _trusted(host):
        return [host]
    return list(resolve_checked(host, port))


def _dial_list(host: str, port: int) -> list[str]:
    try:
        return dial_addresses(host, port)
    except OutboundRefused as refused:
        raise httpcore.ConnectError(str(refused)) from refused


class _PinnedBackend(httpcore.SyncBackend):
    """Dials the address the check approved, never a second resolution of the name."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in _dial_list(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:  # try the next checked address
                last = error
        raise last or httpcore.ConnectError(f"Could not connect to {host}.")


class _PinnedAsyncBackend(httpcore.AnyIOBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        import anyio.to_thread

        addresses = await anyio.to_thread.run_sync(_dial_list, host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return await super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:
                last = error
        raise last or httpcore.ConnectError(f"Could not connect to {host}.")


def transport(**kwargs: Any) -> httpx.HTTPTransport:
    """An httpx transport (same arguments as httpx.HTTPTransport) that only ever connects to
    checked addresses. Every outbound HTTP client of the product is built on it."""
    built = httpx.HTTPTransport(**kwargs)
    # httpx builds its httpcore pool without a backend argument; the pool keeps the backend
    # in this attribute and hands it to every connection it opens.
    built._pool._network_backend = _PinnedBackend()
    return built


def async_transport(**kwargs: Any) -> httpx.AsyncHTTPTransport:
    """The asyncio twin of `transport()` (for the MCP SDK's httpx.AsyncClient)."""
    built = httpx.AsyncHTTPTransport(**kwargs)
    built._pool._network_backend = _PinnedAsyncBackend()
    return built
