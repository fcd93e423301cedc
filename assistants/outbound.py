"""Where the product may send requests: connection base URLs and MCP server URLs.

Always http(s). In production (OUTBOUND_ALLOW_PRIVATE off, the default when DEBUG is off)
also never a private, loopback or link-local address, so a draft cannot make the upstream,
or us, call into the internal network, unless OUTBOUND_ALLOWLIST names the host.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


def _blocked(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def outbound_url_problem(url: str) -> str | None:
    """Why `url` may not be called, in words for the person who typed it; None if it may."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use a web address that starts with http:// or https://."
    host = parts.hostname.lower()
    if settings.OUTBOUND_ALLOW_PRIVATE or host in settings.OUTBOUND_ALLOWLIST:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return f"“{host}” could not be found. Check the address."
    if any(_blocked(address) for address in addresses):
        return (
            f"“{host}” is an internal network address, which this installation does not "
            "call. Ask your administrator to allow it if it is meant to be reachable."
        )
    return None
