"""Masking the values the catalogue marks `secret` (MCP tokens and header values)."""

from typing import Any

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


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_secret(value)
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    return value


def _walk(candidates: list[Any], value: Any) -> Any:
    model = introspect.model_for(candidates, value)
    if model is not None:
        return _walk_model(model, value)
    if isinstance(value, list):
        items = introspect.list_item_types(candidates)
        return [_walk(items, item) for item in value]
    return value


def _walk_model(model: type[BaseModel], value: dict[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for key, item in value.items():
        info = model.model_fields.get(key)
        if info is None:
            masked[key] = item  # not a catalogue field (e.g. organization_id): nothing secret
        elif is_secret(info):
            masked[key] = _mask_value(item)
        else:
            masked[key] = _walk(introspect.members(info.annotation), item)
    return masked


def redact_secrets(
    data: dict[str, Any], model: type[BaseModel] = AssistantConfig
) -> dict[str, Any]:
    """A copy of a stored configuration (or Aitronos body) with every secret value masked."""
    return _walk_model(model, data)
