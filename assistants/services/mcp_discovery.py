"""Discovery for one MCP server row of a draft: test it, list its tools, suggest choices.

The row is what the person has on the page now (URL, token and headers just typed, or left
empty to use the saved ones). A saved secret is only used for the URL it was saved with: a
token never follows a server to a new address.
"""

from dataclasses import dataclass, field
from typing import Any

from assistants.contract.secrets import MASK
from assistants.mcp import Discovery, McpTool, discover
from assistants.models import Draft


@dataclass(frozen=True)
class McpRow:
    """One row of the MCP section as posted (see forms/mcp_server.py for the fields)."""

    label: str = ""
    url: str = ""
    connector: str = ""
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    original: int | None = None  # which saved server the row was, if any
    allowed_mode: str = "all"
    allowed_read_only: str = ""
    allowed_names: list[str] = field(default_factory=list)
    approval: str = "always"
    always_names: list[str] = field(default_factory=list)
    never_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ToolChoice:
    tool: McpTool
    allowed: bool
    ask: bool


@dataclass(frozen=True)
class RowDiscovery:
    result: Discovery
    choices: list[ToolChoice] = field(default_factory=list)
    # Names the row's settings mention that the server does not offer.
    unknown: list[str] = field(default_factory=list)
    used_saved_secrets: bool = False


def _saved_server(draft: Draft, row: McpRow) -> dict[str, Any]:
    servers = (draft.config.get("tool_configurations") or {}).get("mcp_tools") or []
    if row.original is None or not 0 <= row.original < len(servers):
        return {}
    saved = servers[row.original]
    # Bound to its destination: a saved secret is for the URL it was saved with.
    return saved if isinstance(saved, dict) and saved.get("server_url") == row.url else {}


def _secrets(draft: Draft, row: McpRow) -> tuple[str, dict[str, str], bool]:
    saved = _saved_server(draft, row)
    token, used_saved = row.token, False
    if not token and saved.get("authorization"):
        token, used_saved = saved["authorization"], True
    headers = {}
    for name, value in row.headers.items():
        if not value or value.startswith(MASK):
            value = (saved.get("headers") or {}).get(name, "")
            used_saved = used_saved or bool(value)
        if value:
            headers[name] = value
    return token, headers, used_saved


def _choices(row: McpRow, tools: list[McpTool]) -> list[ToolChoice]:
    """What each tool's boxes start as: the row's current settings where they name it,
    otherwise MCP's annotations (read-only: run without asking; anything that may change or
    destroy data: ask first)."""
    choices = []
    for tool in tools:
        if row.allowed_mode == "names":
            allowed = tool.name in row.allowed_names
        elif row.allowed_mode == "rule":
            by_name = not row.allowed_names or tool.name in row.allowed_names
            wanted = {"yes": True, "no": False}.get(row.allowed_read_only)
            allowed = by_name and (wanted is None or (tool.read_only is True) == wanted)
        else:
            allowed = True
        if row.approval == "rules" and tool.name in row.always_names:
            ask = True
        elif row.approval == "rules" and tool.name in row.never_names:
            ask = False
        else:
            ask = tool.changes_data
        choices.append(ToolChoice(tool=tool, allowed=allowed, ask=ask))
    return choices


def mcp_row_discover(*, draft: Draft, row: McpRow, list_tools: bool) -> RowDiscovery:
    """Connect to the row's server (and list its tools), with its secrets."""
    if not row.url:
        message = (
            "Connectors are run by the platform, so they cannot be tested from here."
            if row.connector
            else "Type the server's URL first."
        )
        return RowDiscovery(Discovery(ok=False, problem="bad_url", message=message))
    token, headers, used_saved = _secrets(draft, row)
    result = discover(row.url, token=token, headers=headers, list_tools=list_tools)
    if not result.ok or not list_tools:
        return RowDiscovery(result, used_saved_secrets=used_saved)
    offered = {tool.name for tool in result.tools}
    mentioned = [*row.allowed_names, *row.always_names, *row.never_names]
    unknown = sorted({name for name in mentioned if name not in offered})
    return RowDiscovery(result, _choices(row, result.tools), unknown, used_saved)
