"""An upstream's complaints about fields, mapped back to the draft's sections and fields.

Aitronos names configuration paths already (the body is the stored configuration); the
OpenAI shapes name their own body paths, which map back to the configuration key that
produced them (the same rules as the dialect builders, docs/contract.md).
"""

from dataclasses import asdict
from typing import Any

from assistants.contract import FieldError
from assistants.contract.errors import field_error
from assistants.contract.introspect import parse_path
from assistants.contract.models import AssistantConfig
from assistants.upstream import UpstreamFieldError

# OpenAI body key → configuration path. `response_format` comes from whichever of these the
# draft sets (the builder's order of precedence).
OPENAI_KEYS = {
    "model": "default_model_key",
    "tool_resources": "vector_store_ids",
    "reasoning_effort": "reasoning.effort",
}
RESPONSE_FORMAT_SOURCES = ("text_config", "output_mode", "response_format")


def _openai_config_path(path: str, config: dict[str, Any]) -> str:
    head, _, _rest = path.partition(".")
    key = head.split("[", 1)[0]
    if key in OPENAI_KEYS:
        return OPENAI_KEYS[key]
    if key == "response_format":
        return next((k for k in RESPONSE_FORMAT_SOURCES if k in config), "response_format")
    if key == "tools" and not config.get("tools"):
        # Only built-in tools were switched on: they come from the Tools section's settings.
        return "tool_configurations.system_tools"
    if key == "tools" and path != "tools":
        # The body's tools list adds built-in tools after the draft's own, so an index past
        # the draft's list blames the list as a whole.
        index = path[len("tools[") :].split("]", 1)[0]
        if index.isascii() and index.isdigit() and int(index) >= len(config["tools"]):
            return "tools"
    if key == "file_ids":
        return "tools"
    return path


def _located(path: str, message: str, code: str) -> FieldError:
    error = field_error(AssistantConfig, parse_path(path), message, code) if path else None
    if error is None or not error.path:
        # Not a field of the draft (e.g. the body as a whole): keep the upstream's words.
        return FieldError(path, message, code, None, path.split(".", 1)[0].split("[", 1)[0])
    return error


def draft_field_errors(
    *, dialect: str, config: dict[str, Any], errors: list[UpstreamFieldError]
) -> list[FieldError]:
    mapped: list[FieldError] = []
    for error in errors:
        path = error.path
        if dialect != "aitronos":
            path = _openai_config_path(path, config)
        if path == "organization_id":
            message = (
                f"{error.message} The organisation's upstream ID is sent as organization_id; "
                "an admin can check it."
            )
            mapped.append(FieldError(path, message, error.code, None, "organization_id"))
            continue
        mapped.append(_located(path, error.message, error.code))
    return mapped


def field_errors_as_json(errors: list[FieldError]) -> list[dict[str, Any]]:
    return [asdict(e) for e in errors]
