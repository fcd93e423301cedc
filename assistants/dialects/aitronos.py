"""The Aitronos (Freddy) API: the stored configuration is already its request body."""

import copy
from typing import Any

from pydantic_core import PydanticUndefined

from assistants.contract.errors import FieldError
from assistants.contract.models import AssistantConfig
from assistants.contract.validation import validate_config
from assistants.dialects.base import JSON_CONTENT, ParsedAssistant, Unsupported, UpstreamRequest
from assistants.dialects.changes import (
    NO_CLEAR,
    assistant_path,
    with_clears,
    without_body,
    without_marker,
)

PATH = "/v1/assistants"


def _organization_errors(organization_id: Any) -> list[FieldError]:
    if isinstance(organization_id, str) and organization_id.strip():
        return []
    message = "The organisation's Aitronos ID is missing; set it in the organisation settings."
    return [FieldError("organization_id", message, "missing", None, "organization_id")]


def build(document: dict[str, Any], *, organization_id: str, api_key: str) -> UpstreamRequest:
    """POST /v1/assistants with the document plus organization_id; nothing is unsupported."""
    headers = {"X-API-Key": api_key, **JSON_CONTENT}
    body = {**document, "organization_id": organization_id}
    return UpstreamRequest("POST", PATH, headers, body, [], _organization_errors(organization_id))


# --- Retrieve, update, delete: the rest of an assistant's life -------------------------------
# The official SDK (aitronos-sdk 5.0.0, assistants/raw_client.py) is the reference: GET, PUT
# and DELETE /v1/assistants/{assistant_id}; PUT takes the create body's fields, all optional,
# except that labels are called `assistant_metadata` there. docs/contract.md records the rules.

UPDATE_RENAMES = {"metadata": "assistant_metadata"}
_RENAMED_BACK = {body_key: key for key, body_key in UPDATE_RENAMES.items()}
# Keys of AssistantResponse that describe the assistant rather than configure it.
READ_ONLY_KEYS = frozenset(
    {
        "id",
        "object",
        "organization_id",
        "created_by",
        "created_at",
        "updated_at",
        "deleted_at",
        "icon_url",
        "user_access_level",
        "tool_capabilities",
        "workflow_id",
        "workflow_version",
        "workflow_based",
    }
)


def _headers(api_key: str) -> dict[str, str]:
    return {"X-API-Key": api_key, **JSON_CONTENT}


def retrieve(assistant_id: str, *, organization_id: str, api_key: str) -> UpstreamRequest:
    """GET /v1/assistants/{id}: the assistant as it is upstream now."""
    path = assistant_path(PATH, assistant_id)
    return UpstreamRequest("GET", path, without_body(_headers(api_key)), {})


def _update_body(document: dict[str, Any]) -> dict[str, Any]:
    return {UPDATE_RENAMES.get(key, key): value for key, value in document.items()}


def clear_value(body_key: str) -> Any:
    """What PUT sends for a key the draft no longer sets: the documented default where there
    is one (`is_active` true, `temperature` 0.7, ...), otherwise null. PUT leaves a key that
    is not sent as it was, so leaving it out would keep the old value."""
    info = AssistantConfig.model_fields.get(_RENAMED_BACK.get(body_key, body_key))
    if info is None or info.default is PydanticUndefined:
        return NO_CLEAR  # `name` is required: never cleared
    return copy.deepcopy(info.default)


def update(
    document: dict[str, Any],
    *,
    assistant_id: str,
    previous: dict[str, Any] | None,
    organization_id: str,
    api_key: str,
) -> UpstreamRequest:
    """PUT /v1/assistants/{id} with the whole document, and clears for what `previous` (the
    configuration last sent) set and `document` does not. No organization_id: the SDK's
    update has none (the assistant's id names it)."""
    request = UpstreamRequest(
        "PUT", assistant_path(PATH, assistant_id), _headers(api_key), _update_body(document)
    )
    previous_body = _update_body(previous) if previous is not None else None
    return with_clears(
        request,
        previous_body,
        clear_value,
        label="The Aitronos API",
        origin=lambda key: _RENAMED_BACK.get(key, key),
    )


def delete(assistant_id: str, *, organization_id: str, api_key: str) -> UpstreamRequest:
    """DELETE /v1/assistants/{id} (the SDK expects no body back)."""
    path = assistant_path(PATH, assistant_id)
    return UpstreamRequest("DELETE", path, without_body(_headers(api_key)), {})


def parse(obj: dict[str, Any]) -> ParsedAssistant:
    """An AssistantResponse back in the stored shape.

    Null means "not set", and a value equal to the documented default is left out too: the
    API fills its defaults in, and a draft that never set them must not look changed.
    """
    config: dict[str, Any] = {}
    unsupported: list[Unsupported] = []
    for key, value in obj.items():
        name = _RENAMED_BACK.get(key, key)
        if name == "metadata":
            value = without_marker(value)
        if key in READ_ONLY_KEYS or value is None:
            continue
        info = AssistantConfig.model_fields.get(name)
        if info is None:
            unsupported.append(
                Unsupported(
                    key,
                    f"The Aitronos API reports “{key}”, which Assistant Builder does not "
                    "manage; it stays as it is upstream.",
                )
            )
        elif info.default is PydanticUndefined or value != info.default:
            config[name] = value
    return ParsedAssistant(config, unsupported)


def validate_aitronos_body(body: dict[str, Any]) -> list[FieldError]:
    """Errors in a full Aitronos request body (what the sandbox server receives)."""
    if not isinstance(body, dict):
        return [FieldError("", "The request body must be a JSON object.", "dict_type", None, "")]
    rest = {key: value for key, value in body.items() if key != "organization_id"}
    return [*_organization_errors(body.get("organization_id")), *validate_config(rest).errors]
