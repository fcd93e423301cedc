"""Import of OpenAI-shaped bodies (Assistants v2, or a v1 server's) into the stored shape."""

from typing import Any, Literal

from assistants.contract.errors import FieldError
from assistants.contract.normalize import NormalizeResult

COPIED = ("name", "description", "instructions", "metadata", "temperature", "top_p")
# The inverse of the export mapping; xhigh is the only OpenAI level Aitronos spells otherwise.
EFFORT_FROM_OPENAI = {"xhigh": "maximum"}
KNOWN_KEYS = {
    *COPIED,
    "model",
    "tools",
    "tool_resources",
    "response_format",
    "reasoning_effort",
    "file_ids",
}
# Keys only OpenAI bodies have, and keys only Aitronos bodies have.
OPENAI_ONLY = {"model", "tool_resources", "reasoning_effort", "file_ids"}
AITRONOS_ONLY = {"default_model_key", "organization_id", "tool_configurations"}


def detect_shape(body: dict[str, Any]) -> Literal["aitronos", "openai"]:
    """Which import to use: an Aitronos key wins over an OpenAI one when both appear."""
    keys = set(body)
    return "openai" if keys & OPENAI_ONLY and not keys & AITRONOS_ONLY else "aitronos"


def _tools(tools: list[Any], notes: list[str]) -> list[Any]:
    imported = []
    for tool in tools:
        if isinstance(tool, dict) and tool.get("type") == "retrieval":
            notes.append("Imported the v1 “retrieval” tool as “file_search”.")
            tool = {**tool, "type": "file_search"}
        imported.append(tool)
    return imported


def _text_config(response_format: Any, notes: list[str]) -> dict[str, Any] | None:
    if response_format == "auto":
        notes.append("Left out response_format “auto”: it is the default.")
        return None
    if not isinstance(response_format, dict):
        return {"output_mode": response_format}  # validation names the bad value
    kind = response_format.get("type")
    if kind != "json_schema":
        return {"output_mode": kind}
    schema = response_format.get("json_schema") or {}
    keys = ("name", "description", "schema", "strict")
    return {
        "output_mode": "json_schema",
        "json_schema": {k: schema[k] for k in keys if k in schema},
    }


def _files(body: dict[str, Any], notes: list[str], ignored: list[str]) -> None:
    places = {
        "file_ids": body.get("file_ids"),
        "tool_resources.code_interpreter.file_ids": (
            (body.get("tool_resources") or {}).get("code_interpreter") or {}
        ).get("file_ids"),
    }
    for path, value in places.items():
        if value:
            ignored.append(path)
            notes.append(f"Did not import {path}: Aitronos assistants have no list of files.")


def from_openai(body: dict[str, Any]) -> NormalizeResult:
    """Map an OpenAI create-assistant body onto the Aitronos stored shape."""
    notes: list[str] = []
    ignored: list[str] = []
    errors = [
        FieldError(
            key, f"“{key}” is not a setting of OpenAI assistants.", "extra_forbidden", None, key
        )
        for key in body
        if key not in KNOWN_KEYS
    ]
    data: dict[str, Any] = {key: body[key] for key in COPIED if body.get(key) is not None}
    if "model" in body:
        data["default_model_key"] = body["model"]
    if body.get("tools"):
        data["tools"] = _tools(body["tools"], notes)
    stores = ((body.get("tool_resources") or {}).get("file_search") or {}).get("vector_store_ids")
    if stores is not None:
        data["vector_store_ids"] = stores
    _files(body, notes, ignored)
    if body.get("reasoning_effort") is not None:
        effort = body["reasoning_effort"]
        data["reasoning"] = {"effort": EFFORT_FROM_OPENAI.get(effort, effort)}
    if body.get("response_format") is not None:
        text_config = _text_config(body["response_format"], notes)
        if text_config is not None:
            data["text_config"] = text_config
    return NormalizeResult(data, notes, errors, ignored)
