"""Which secrets a copy (a template, a clone) does not carry, in words for a message."""

from typing import Any


def _servers(config: dict[str, Any]) -> list[dict[str, Any]]:
    servers = (config.get("tool_configurations") or {}).get("mcp_tools") or []
    return [server for server in servers if isinstance(server, dict)]


def secrets_left_out(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The MCP tokens and header values `before` holds that `after` does not (servers matched
    by name), e.g. ["the access token of “drive”", "header X-Team of “drive”"]."""
    copied = {server.get("server_label"): server for server in _servers(after)}
    missing: list[str] = []
    for server in _servers(before):
        label = server.get("server_label")
        other = copied.get(label) or {}
        if server.get("authorization") and other.get("authorization") != server["authorization"]:
            missing.append(f"the access token of “{label}”")
        other_headers = other.get("headers") or {}
        for name, value in (server.get("headers") or {}).items():
            if value and other_headers.get(name) != value:
                missing.append(f"header {name} of “{label}”")
    return missing


def left_out_message(missing: list[str], *, who: str) -> str:
    """One sentence naming what was left out and who must type it again; "" when nothing."""
    if not missing:
        return ""
    return (
        f"Not copied, because secrets stay where they were typed: {'; '.join(missing)}. "
        f"{who} must type {'it' if len(missing) == 1 else 'them'} again in MCP servers."
    )
