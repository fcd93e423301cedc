"""The assistant objects each upstream returns, built from a validated request body."""

import json
from typing import Any, Literal

from assistants.contract import AssistantConfig, validate_config

# What OpenAI fills in when the request leaves a setting out.
OPENAI_DEFAULTS = {"top_p": 1.0, "temperature": 1.0, "response_format": "auto"}


def aitronos_object(
    *,
    assistant_id: str,
    body: dict[str, Any],
    created_by: str,
    created_at: int,
    updated_at: int | None = None,
) -> dict[str, Any]:
    """The documented Assistant object: every configuration field, documented defaults applied.

    The catalogue knows the defaults (ftg-3.0-speed, private, 0.7, ...), so the body is run
    through it rather than repeating them here; fields without a default come back null.
    `response_format` is answered as a string (see `answered_response_format`).
    """
    settings = {
        key: value
        for key, value in body.items()
        if key not in ("organization_id", "response_format")
    }
    config = validate_config(settings).config
    if config is None:
        raise ValueError("aitronos_object() needs a body that passed validation")
    fields = config.model_dump(mode="json")
    fields["response_format"] = answered_response_format(body.get("response_format"))
    return {
        "id": assistant_id,
        "name": fields.pop("name"),
        "description": fields.pop("description"),
        "organization_id": body["organization_id"],
        "created_by": created_by,
        **fields,
        "created_at": created_at,
        "updated_at": created_at if updated_at is None else updated_at,
        "deleted_at": None,
    }


def answered_response_format(value: Any) -> str | None:
    """Aitronos `response_format` as the sandbox answers it: always a string.

    The documentation (our contract for the create body) makes it an object; the official
    SDK, generated from the API's own definition, sends and parses a string, and cannot
    parse an assistant whose response_format is an object. So a string is echoed and an
    object is answered as its compact JSON text (docs/contract.md, "response_format").
    """
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# `fields=summary|standard` in the Aitronos list: the SDK's AssistantSummaryResponse and
# AssistantStandardResponse, in their order. Booleans and strings those types require are
# never null there (a stored null reads as false / the documented default).
SUMMARY_KEYS = (
    "id",
    "name",
    "description",
    "icon_id",
    "icon_url",
    "icon_type",
    "icon_data",
    "is_default",
    "created_at",
    "updated_at",
    "access_mode",
    "api_enabled",
    "is_active",
    "temperature",
    "user_access_level",
    "workflow_id",
    "workflow_version",
    "workflow_based",
)
STANDARD_KEYS = (*SUMMARY_KEYS, "default_model_key", "allowed_model_providers", "context_strategy")
REQUIRED_IN_LISTS = {
    "is_default": False,
    "api_enabled": False,
    "is_active": True,
    "access_mode": "private",
    "temperature": 0.7,
    "default_model_key": "ftg-3.0-speed",
    "context_strategy": "auto",
}
ListDetail = Literal["summary", "standard", "full"]


def aitronos_list_item(stored: dict[str, Any], detail: ListDetail) -> dict[str, Any]:
    """One item of the Aitronos list at the detail `fields` asks for."""
    if detail == "full":
        return stored
    keys = SUMMARY_KEYS if detail == "summary" else STANDARD_KEYS
    item = {}
    for key in keys:
        value = stored.get(key)
        if value is None and key in REQUIRED_IN_LISTS:
            value = REQUIRED_IN_LISTS[key]
        if key in stored or key in REQUIRED_IN_LISTS:
            item[key] = value
    return item


def openai_object(
    *, assistant_id: str, body: dict[str, Any], created_at: int, version: str
) -> dict[str, Any]:
    """An OpenAI `assistant` object (v2), or the older shape with `file_ids` (v1)."""
    head = {
        "id": assistant_id,
        "object": "assistant",
        "created_at": created_at,
        "name": body.get("name"),
        "description": body.get("description"),
        "model": body["model"],
        "instructions": body.get("instructions"),
        "tools": body.get("tools") or [],
    }
    if version == "v1":
        return {
            **head,
            "file_ids": body.get("file_ids") or [],
            "metadata": body.get("metadata") or {},
        }
    v2 = {
        **head,
        "tool_resources": body.get("tool_resources") or {},
        "metadata": body.get("metadata") or {},
        **{key: _given(body, key, default) for key, default in OPENAI_DEFAULTS.items()},
    }
    if body.get("reasoning_effort") is not None:
        v2["reasoning_effort"] = body["reasoning_effort"]
    return v2


AITRONOS_KEYS = [
    "id",
    "name",
    "description",
    "organization_id",
    "created_by",
    *AssistantConfig.model_fields,
    "created_at",
    "updated_at",
    "deleted_at",
]
OPENAI_KEYS = [
    "id",
    "object",
    "created_at",
    "name",
    "description",
    "model",
    "instructions",
    "tools",
    "tool_resources",
    "file_ids",
    "metadata",
    *OPENAI_DEFAULTS,
    "reasoning_effort",
]


def in_documented_order(dialect: str, stored: dict[str, Any]) -> dict[str, Any]:
    """The object with its top-level keys back in the order it was first returned.

    PostgreSQL's jsonb keeps keys in an order of its own; JSON does not care, people do.
    """
    keys = AITRONOS_KEYS if dialect == "aitronos" else OPENAI_KEYS
    rank: dict[str, int] = {}
    for key in keys:  # name and description come twice: the first place wins
        rank.setdefault(key, len(rank))
    return dict(sorted(stored.items(), key=lambda item: rank.get(item[0], len(rank))))


def _given(body: dict[str, Any], key: str, default: Any) -> Any:
    value = body.get(key)
    return default if value is None else value
