"""Talking to MCP servers with the official SDK: connect, say which protocol, list the tools.

Used by "Test connection" and "Connect and list tools" in the editor's MCP section (through
`services/mcp_discovery.py`). It knows nothing of drafts: a URL, a token and headers in, a
`Discovery` out, whose `message` is written for the person who typed the URL.

Both transports: streamable HTTP (the current one) and the older HTTP+SSE. With
`transport="auto"` a URL ending in /sse is tried as SSE first; otherwise streamable HTTP,
then SSE when the server refused the POST the way an SSE-only server does.

Every request, redirects included, passes `assistants.outbound`'s check first, and the
connection dials only an address `outbound.dial_addresses` checked at that moment (a
pinned httpcore2 backend, as outbound's own transports do for httpx); the SDK follows a
redirect only within the server's origin, and a redirect it does not follow is reported.
Tokens and header values never appear in a message or a log line.
"""

import logging
import ssl
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
import httpcore2
import httpx2
from django.conf import settings
from mcp.client.session import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import PaginatedRequestParams

from assistants.outbound import OutboundRefused, dial_addresses, outbound_url_problem

logger = logging.getLogger(__name__)

Transport = Literal["auto", "streamable_http", "sse"]
TRANSPORT_LABELS = {"streamable_http": "streamable HTTP", "sse": "HTTP with SSE (older)"}
MAX_TOOL_PAGES = 20  # a server that keeps paging is cut off rather than waited for


@dataclass(frozen=True)
class McpTool:
    name: str
    title: str = ""
    description: str = ""
    # The annotations' hints, None when the server does not say.
    read_only: bool | None = None
    destructive: bool | None = None
    idempotent: bool | None = None
    open_world: bool | None = None

    @property
    def changes_data(self) -> bool:
        """MCP's defaults: a tool that does not say it only reads may change things."""
        return self.read_only is not True

    @property
    def may_destroy(self) -> bool:
        """MCP's defaults: a tool that changes data may destroy it unless it says otherwise."""
        return self.changes_data and self.destructive is not False


@dataclass(frozen=True)
class Discovery:
    ok: bool
    # Plain words for the person: what happened, and what to do about it.
    message: str
    # A short code tests and the page can branch on: "ok", "bad_url", "refused_address",
    # "dns", "tls", "timeout", "connection", "unauthorized", "forbidden", "redirect",
    # "not_mcp", "error".
    problem: str = "ok"
    transport: str = ""
    protocol_version: str = ""
    server_name: str = ""
    server_version: str = ""
    # The server's own machine name (serverInfo.name, e.g. "demo-helpdesk"): the suggestion
    # for an empty "Server name" box.
    server_id: str = ""
    tools: list[McpTool] = field(default_factory=list)

    @property
    def transport_label(self) -> str:
        return TRANSPORT_LABELS.get(self.transport, self.transport)


class _Refused(Exception):
    """The outbound rules refuse a request (the first one, or a redirect)."""


@dataclass
class _Seen:
    """The last HTTP answer, to tell "wrong token" from "not an MCP server" afterwards."""

    status: int | None = None
    content_type: str = ""
    location: str = ""
    host: str = ""


def _hooks(seen: _Seen) -> dict[str, list[Callable[[Any], Awaitable[None]]]]:
    async def check(request: httpx2.Request) -> None:
        problem = outbound_url_problem(str(request.url))
        if problem:
            raise _Refused(problem)

    async def remember(response: httpx2.Response) -> None:
        seen.status = response.status_code
        seen.content_type = response.headers.get("content-type", "").split(";")[0].strip()
        seen.location = response.headers.get("location", "")
        seen.host = response.request.url.host

    return {"request": [check], "response": [remember]}


class _PinnedBackend(httpcore2.AnyIOBackend):
    """Dials only addresses `assistants.outbound` checked at connect time, never a second
    resolution of the name (DNS rebinding), like outbound's own transports for httpx."""

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = await anyio.to_thread.run_sync(dial_addresses, host, port)
        except OutboundRefused as refused:
            raise _Refused(str(refused)) from refused
        last: Exception | None = None
        for address in addresses:
            try:
                return await super().connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore2.ConnectError as error:  # try the next checked address
                last = error
        raise last or httpcore2.ConnectError(f"Could not connect to {host}.")


def _pinned_transport() -> httpx2.AsyncHTTPTransport:
    built = httpx2.AsyncHTTPTransport()
    # httpx2 builds its httpcore2 pool without a backend argument; the pool keeps it here.
    built._pool._network_backend = _PinnedBackend()
    return built


def _client_factory(seen: _Seen, connect: float, read: float):
    def factory(headers=None, timeout=None, auth=None) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(
            headers=headers,
            timeout=httpx2.Timeout(read, connect=connect),
            auth=auth,
            event_hooks=_hooks(seen),
            transport=_pinned_transport(),
        )

    return factory


def _leaves(error: BaseException) -> list[BaseException]:
    """The exceptions inside (nested) exception groups and their causes, outermost first."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    found = [error]
    if error.__cause__ is not None:
        found.extend(_leaves(error.__cause__))
    elif error.__context__ is not None and not error.__suppress_context__:
        found.extend(_leaves(error.__context__))
    return found


async def _talk(
    url: str, transport: str, headers: dict[str, str], seen: _Seen, *, list_tools: bool
) -> Discovery:
    connect, read = settings.MCP_CONNECT_TIMEOUT, settings.MCP_DISCOVERY_TIMEOUT
    factory = _client_factory(seen, connect, read)
    if transport == "sse":
        opened = sse_client(
            url,
            headers=headers,
            timeout=connect,
            sse_read_timeout=read,
            httpx_client_factory=factory,
        )
    else:
        opened = streamable_http_client(url, http_client=factory(headers=headers))
    tools: list[McpTool] = []
    async with opened as streams:
        read_stream, write_stream = streams[0], streams[1]
        async with ClientSession(read_stream, write_stream, read_timeout_seconds=read) as session:
            result = await session.initialize()
            if list_tools:
                cursor = None
                for _ in range(MAX_TOOL_PAGES):
                    params = PaginatedRequestParams(cursor=cursor) if cursor else None
                    page = await session.list_tools(params=params)
                    tools.extend(_tool(tool) for tool in page.tools)
                    cursor = page.next_cursor
                    if not cursor:
                        break
    info = result.server_info
    version = result.protocol_version
    listed = f" and offers {len(tools)} tool{'s' if len(tools) != 1 else ''}" if list_tools else ""
    return Discovery(
        ok=True,
        message=f"Connected: this MCP server speaks protocol version {version} over "
        f"{TRANSPORT_LABELS[transport]}{listed}.",
        transport=transport,
        protocol_version=version,
        server_name=(info.title or info.name) if info else "",
        server_version=info.version if info else "",
        server_id=info.name if info else "",
        tools=tools,
    )


def _tool(tool: Any) -> McpTool:
    hints = tool.annotations
    return McpTool(
        name=tool.name,
        title=tool.title or (hints.title if hints and hints.title else "") or "",
        description=tool.description or "",
        read_only=hints.read_only_hint if hints else None,
        destructive=hints.destructive_hint if hints else None,
        idempotent=hints.idempotent_hint if hints else None,
        open_world=hints.open_world_hint if hints else None,
    )


def _failure(error: BaseException, seen: _Seen, host: str, transport: str) -> Discovery:
    """Plain words for what went wrong, from the exceptions and the last HTTP answer seen."""
    leaves = _leaves(error)

    def failed(problem: str, message: str) -> Discovery:
        return Discovery(ok=False, problem=problem, message=message, transport=transport)

    for leaf in leaves:
        if isinstance(leaf, _Refused):
            unknown = "could not be found" in str(leaf)
            return failed("dns" if unknown else "refused_address", str(leaf))
    if any(
        isinstance(leaf, TimeoutError | httpx2.TimeoutException)
        or "timed out" in str(leaf).lower()  # the session's own wait for an answer
        for leaf in leaves
    ):
        return failed(
            "timeout",
            f"{host} did not answer in time. Check the address, or try again later if the "
            "server is busy.",
        )
    if any(isinstance(leaf, ssl.SSLError) for leaf in leaves) or any(
        "CERTIFICATE" in str(leaf).upper() or "SSL" in str(leaf).upper()
        for leaf in leaves
        if isinstance(leaf, httpx2.ConnectError)
    ):
        return failed(
            "tls",
            f"The secure connection to {host} failed: its certificate is not valid or not "
            "trusted. Check the address (https://…) or ask the server's owner.",
        )
    for leaf in leaves:
        if isinstance(leaf, httpx2.ConnectError):
            text = str(leaf).lower()
            if (
                "name or service not known" in text
                or "nodename nor servname" in text
                or ("temporary failure in name resolution" in text)
            ):
                return failed("dns", f"“{host}” could not be found. Check the address.")
            return failed(
                "connection",
                f"Nothing answered at {host}: the server may be down, or the address or port "
                "may be wrong.",
            )
    if seen.status in (401, 403):
        if seen.status == 401:
            return failed(
                "unauthorized",
                "The server refused the access token (401): type the right token, or check "
                "the extra headers it expects.",
            )
        return failed(
            "forbidden",
            "The server understood who you are but does not allow access (403): ask its "
            "owner for a token with access.",
        )
    if seen.status is not None and 300 <= seen.status < 400:
        return failed(
            "redirect",
            f"The server sends requests elsewhere ({seen.location or 'another address'}), which "
            "is not followed for safety. Use the address it redirects to, if you trust it.",
        )
    if seen.status is not None and (
        seen.status >= 400 or seen.content_type not in ("application/json", "text/event-stream")
    ):
        return failed(
            "not_mcp",
            f"{host} answered, but it is not an MCP server (HTTP {seen.status}"
            f"{', ' + seen.content_type if seen.content_type else ''}). Check the address: MCP "
            "servers usually end in /mcp or /sse.",
        )
    # The exception types only: their messages may quote what the server sent back.
    kinds = ", ".join(type(leaf).__name__ for leaf in leaves)
    logger.warning("MCP discovery at %s failed: %s", host, kinds)
    return failed(
        "not_mcp" if seen.status else "error",
        f"{host} did not answer as an MCP server. Check the address: MCP servers usually end "
        "in /mcp or /sse.",
    )


def _sse_worth_trying(result: Discovery, seen: _Seen) -> bool:
    """An SSE-only server refuses the streamable HTTP POST with 404, 405 or 400."""
    return result.problem == "not_mcp" and seen.status in (400, 404, 405)


def discover(
    url: str,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    transport: Transport = "auto",
    list_tools: bool = True,
) -> Discovery:
    """Connect to the MCP server at `url`, and list its tools unless `list_tools` is False."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Discovery(
            ok=False,
            problem="bad_url",
            message="This is not a web address: it must start with http:// or https://, "
            "e.g. https://mcp.example.com/mcp.",
        )
    host = parts.hostname
    sent = {name: value for name, value in (headers or {}).items() if name}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if transport == "auto":
        order = (
            ["sse", "streamable_http"]
            if parts.path.rstrip("/").endswith("/sse")
            else [
                "streamable_http",
                "sse",
            ]
        )
    else:
        order = [transport]
    result = Discovery(ok=False, message="", problem="error")
    for attempt in order:
        seen = _Seen()
        try:
            result = _in_own_thread(_within_deadline, url, attempt, sent, seen, list_tools)
        except Exception as error:
            result = _failure(error, seen, host, attempt)
        if result.ok or not (transport == "auto" and _sse_worth_trying(result, seen)):
            return result
    return result


def _in_own_thread(fn: Callable[..., Awaitable[Discovery]], *args: Any) -> Discovery:
    """Run the conversation in an event loop of its own, on a thread of its own: the caller
    may already be inside a running loop (an ASGI server, Playwright in tests)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mcp-discovery") as pool:
        return pool.submit(anyio.run, fn, *args).result()


async def _within_deadline(
    url: str, transport: str, headers: dict[str, str], seen: _Seen, list_tools: bool
) -> Discovery:
    # One deadline for the whole conversation: a server that accepts the connection and
    # then says nothing must not keep a person (and a web worker) waiting.
    with anyio.fail_after(settings.MCP_CONNECT_TIMEOUT + settings.MCP_DISCOVERY_TIMEOUT):
        return await _talk(url, transport, headers, seen, list_tools=list_tools)
