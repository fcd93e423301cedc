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


def keep_masked_secrets(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """`new` with every secret that was sent back masked (as read from the API or a page)
    replaced by the saved value it stands for, matched by MCP server label."""
    saved = {server.get("server_label"): server for server in _servers(old)}
    for server in _servers(new):
        before = saved.get(server.get("server_label")) or {}
        if "authorization" in server:
            server["authorization"] = _unmasked(
                server["authorization"], before.get("authorization")
            )
        old_headers = before.get("headers") or {}
        for name, value in (server.get("headers") or {}).items():
            server["headers"][name] = _unmasked(value, old_headers.get(name))
    return new


def _unmasked(value: Any, saved: Any) -> Any:
    """The saved secret when `value` is exactly its mask; otherwise `value` as sent."""
    masked_saved = isinstance(saved, str) and mask_secret(saved) == value
    return saved if isinstance(value, str) and value.startswith(MASK) and masked_saved else value


def _servers(config: dict[str, Any]) -> list[dict[str, Any]]:
    servers = (config.get("tool_configurations") or {}).get("mcp_tools") or []
    return [server for server in servers if isinstance(server, dict)]
