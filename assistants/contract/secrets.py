"""Masking the values the catalogue marks `secret` (MCP tokens and header values)."""

import functools
from collections.abc import Callable
from typing import Any, get_args

from pydantic import BaseModel

from assistants.contract import introspect
from assistants.contract.models import AssistantConfig
from assistants.contract.spec import is_secret

MASK = "••••"
# Below this length the last four characters would give away too much of the secret.
_SHOW_TAIL_FROM = 9


def mask_secret(value: str) -> str:
    """`••••abcd`: only the last four characters, and none of a short secret."""
    if len(value) < _SHOW_TAIL_FROM:
        return MASK
    return MASK + value[-4:]


def _map_value(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {key: _map_value(item, fn) for key, item in value.items()}
    return value


def _walk(candidates: list[Any], value: Any, fn: Callable[[str], str]) -> Any:
    model = introspect.model_for(candidates, value)
    if model is not None:
        return _walk_model(model, value, fn)
    if isinstance(value, list):
        items = introspect.list_item_types(candidates)
        return [_walk(items, item, fn) for item in value]
    return value


def _walk_model(
    model: type[BaseModel], value: dict[str, Any], fn: Callable[[str], str]
) -> dict[str, Any]:
    mapped: dict[str, Any] = {}
    bearing = _fields_with_secrets(model)
    for key, item in value.items():
        info = model.model_fields.get(key)
        if info is None or key not in bearing:
            # Not a catalogue field (e.g. organization_id), or one whose type holds no
            # secret anywhere: nothing to map, and walking it would only cost time.
            mapped[key] = item
        elif is_secret(info):
            mapped[key] = _map_value(item, fn)
        else:
            mapped[key] = _walk(introspect.members(info.annotation), item, fn)
    return mapped


@functools.cache
def _fields_with_secrets(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` that are secret or can hold a secret somewhere inside."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if is_secret(info) or _can_hold_secret(info.annotation, frozenset({model}))
    )


def _can_hold_secret(tp: Any, seen: frozenset) -> bool:
    for member in introspect.members(tp):
        if introspect.is_model(member):
            if member not in seen and _fields_with_secrets_within(member, seen | {member}):
                return True
        elif any(_can_hold_secret(arg, seen) for arg in get_args(member)):
            return True  # list[...], dict[str, ...] and the like
    return False


def _fields_with_secrets_within(model: type[BaseModel], seen: frozenset) -> bool:
    return any(
        is_secret(info) or _can_hold_secret(info.annotation, seen)
        for info in model.model_fields.values()
    )


def map_secrets(
    data: dict[str, Any], fn: Callable[[str], str], model: type[BaseModel] = AssistantConfig
) -> dict[str, Any]:
    """A copy of `data` with `fn` applied to every secret string (masking, encryption…).

    The parts on the way to a secret are copied; the others are shared with `data`."""
    return _walk_model(model, data, fn)


def redact_secrets(
    data: dict[str, Any], model: type[BaseModel] = AssistantConfig
) -> dict[str, Any]:
    """A copy of a stored configuration (or Aitronos body) with every secret value masked."""
    return map_secrets(data, mask_secret, model)


def destination(server: dict[str, Any]) -> tuple[str, str]:
    """Where an MCP server's secrets are sent: its URL, or the connector standing for one."""
    return (
        str(server.get("server_url") or "").strip(),
        str(server.get("connector_id") or "").strip(),
    )


def _server_secrets(server: dict[str, Any]) -> list[str]:
    found = [server.get("authorization")]
    headers = server.get("headers")
    if isinstance(headers, dict):
        found += list(headers.values())
    return [value for value in found if isinstance(value, str) and value]


def keep_masked_secrets(
    new: dict[str, Any], old: dict[str, Any], notices: list[str] | None = None
) -> dict[str, Any]:
    """`new` with every secret that was sent back masked (as read from the API or a page)
    replaced by the saved value it stands for, matched by MCP server label, when the server
    still sends it to the same place. A masked value that stands for nothing it may keep is
    dropped, never stored as if it were the secret; `notices` gets a sentence for each."""
    saved = {server.get("server_label"): server for server in _servers(old)}
    for server in _servers(new):
        before = saved.get(server.get("server_label")) or {}
        if destination(before) != destination(server):
            before = {}  # a secret is bound to where it is sent (issue 17)
        dropped = []
        if "authorization" in server:
            server["authorization"] = _unmasked(
                server["authorization"], before.get("authorization")
            )
            if server["authorization"] is None:
                del server["authorization"]
                dropped.append("access token")
        old_headers = before.get("headers") or {}
        headers = server.get("headers")
        if isinstance(headers, dict):
            for name, value in list(headers.items()):
                kept = _unmasked(value, old_headers.get(name))
                if kept is None:
                    del headers[name]
                    dropped.append(f"value of the header “{name}”")
                else:
                    headers[name] = kept
        if dropped and notices is not None:
            notices.append(_dropped_notice(server, dropped))
    return new


def _dropped_notice(server: dict[str, Any], dropped: list[str]) -> str:
    label = server.get("server_label") or "an MCP server"
    return (
        f"The {' and the '.join(dropped)} of “{label}” {'were' if len(dropped) > 1 else 'was'} "
        "not kept: a masked value only keeps a saved secret for the same server at the same "
        "address, and a saved secret is only sent where it was saved for. Enter it again."
    )


def _unmasked(value: Any, saved: Any) -> Any:
    """The saved secret when `value` is exactly its mask; None for any other masked value;
    otherwise `value` as sent."""
    if not (isinstance(value, str) and value.startswith(MASK)):
        return value
    return saved if isinstance(saved, str) and mask_secret(saved) == value else None


def unbind_moved_secrets(new: dict[str, Any], old: dict[str, Any]) -> list[str]:
    """Drop, from `new` in place, every secret value that `old` held only for other
    destinations: a saved token or header value is sent only where it was saved for, so
    changing a server's URL or connector (or copying it to another server) does not carry it
    along unless it is entered again. Returns what was dropped, in words for the editor.

    Matched by value, not by label or position, so renaming or reordering servers does not
    get around it. A person who types the very same secret again for a new address in the
    same save is told to enter it once more (one more save, never a leak)."""
    bound: dict[str, set[tuple[str, str]]] = {}
    for server in _servers(old):
        for secret in _server_secrets(server):
            bound.setdefault(secret, set()).add(destination(server))

    def moved(value: Any, where: tuple[str, str]) -> bool:
        return isinstance(value, str) and value in bound and where not in bound[value]

    notices = []
    for server in _servers(new):
        where = destination(server)
        dropped = []
        if moved(server.get("authorization"), where):
            del server["authorization"]
            dropped.append("access token")
        headers = server.get("headers")
        if isinstance(headers, dict):
            for name, value in list(headers.items()):
                if moved(value, where):
                    del headers[name]
                    dropped.append(f"value of the header “{name}”")
            if not headers:
                server.pop("headers")
        if dropped:
            label = server.get("server_label") or "an MCP server"
            notices.append(
                f"The saved {' and the '.join(dropped)} of “{label}” "
                f"{'were' if len(dropped) > 1 else 'was'} removed because the server's address "
                "or connector changed: a saved secret is only sent where it was saved for. "
                "Enter it again to send it to the new address."
            )
    return notices


def _servers(config: dict[str, Any]) -> list[dict[str, Any]]:
    servers = (config.get("tool_configurations") or {}).get("mcp_tools") or []
    return [server for server in servers if isinstance(server, dict)]
