"""The Aitronos (Freddy) API: the stored configuration is already its request body."""

from typing import Any

from assistants.contract.errors import FieldError
from assistants.contract.validation import validate_config
from assistants.dialects.base import JSON_CONTENT, UpstreamRequest

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


def validate_aitronos_body(body: dict[str, Any]) -> list[FieldError]:
    """Errors in a full Aitronos request body (what the sandbox server receives)."""
    if not isinstance(body, dict):
        return [FieldError("", "The request body must be a JSON object.", "dict_type", None, "")]
    rest = {key: value for key, value in body.items() if key != "organization_id"}
    return [*_organization_errors(body.get("organization_id")), *validate_config(rest).errors]
