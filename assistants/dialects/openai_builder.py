"""Shared builder of the two OpenAI-shaped dialects (Assistants v2 and v1 servers).

The flavours differ only in data (`OpenAIFlavour`); the mapping rules live here once.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from assistants.contract import introspect
from assistants.contract.errors import FieldError, field_error
from assistants.contract.json_schemas import strict_problems
from assistants.contract.models import AssistantConfig
from assistants.dialects.base import JSON_CONTENT, ParsedAssistant, Unsupported, UpstreamRequest
from assistants.dialects.changes import (
    NO_CLEAR,
    assistant_path,
    with_clears,
    without_body,
    without_marker,
)
from assistants.dialects.from_openai import KNOWN_KEYS, from_openai
from assistants.dialects.openai_models import validate_openai_body

PATH = "/v1/assistants"
COPIED = ("name", "description", "instructions", "metadata")
ENABLED_MODES = ("on", "auto")  # "auto" still makes the tool available; the model decides


@dataclass(frozen=True)
class OpenAIFlavour:
    label: str
    version: Literal["v2", "v1"]
    extra_headers: dict[str, str]
    file_search_type: str  # "file_search" (v2) or "retrieval" (v1)
    sampling: bool  # temperature and top_p
    vector_stores: bool  # tool_resources.file_search.vector_store_ids
    response_format: bool
    reasoning_efforts: dict[str, str]  # Aitronos effort → OpenAI effort; empty: not supported
    lossy_efforts: frozenset[str]
    function_strict: bool
    reasons: dict[str, str]  # why a configuration path is not sent, where it needs saying


@dataclass
class _Draft:
    flavour: OpenAIFlavour
    body: dict[str, Any] = field(default_factory=dict)
    # body path → configuration path, to blame the right field for a limit violation.
    origins: dict[str, str] = field(default_factory=dict)
    unsupported: list[Unsupported] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    handled: set[str] = field(default_factory=set)  # top-level keys dealt with

    def put(self, body_key: str, value: Any, config_path: str) -> None:
        self.body[body_key] = value
        self.origins[body_key] = config_path

    def skip(self, path: str, reason: str | None = None) -> None:
        default = f"{self.flavour.label} has no equivalent setting, so it is not sent."
        self.unsupported.append(
            Unsupported(path, reason or self.flavour.reasons.get(path, default))
        )


def _model(doc: dict[str, Any], draft: _Draft) -> None:
    draft.handled.add("default_model_key")
    if doc.get("default_model_key"):
        draft.put("model", doc["default_model_key"], "default_model_key")
        return
    message = f"{draft.flavour.label} needs a model to be chosen."
    draft.errors.append(field_error(AssistantConfig, ("default_model_key",), message, "missing"))


def _builtin_entry(kind: str, draft: _Draft) -> dict[str, Any]:
    return {"type": draft.flavour.file_search_type if kind == "file_search" else kind}


def _check_strict(schema: Any, path: str, what: str, draft: _Draft) -> None:
    """OpenAI refuses a strict schema outside its Structured Outputs subset: say so now."""
    problems = strict_problems(schema, what=what)
    if problems:
        message = f"{draft.flavour.label}: " + " ".join(problems)
        loc = introspect.parse_path(path)
        draft.errors.append(field_error(AssistantConfig, loc, message, "strict_schema"))


def _tool_entry(tool: dict[str, Any], path: str, draft: _Draft) -> dict[str, Any] | None:
    kind = tool["type"]
    if kind in ("code_interpreter", "file_search"):
        return _builtin_entry(kind, draft)
    if kind == "function":
        function = dict(tool["function"])
        if "strict" in function and not draft.flavour.function_strict:
            del function["strict"]
            draft.skip(f"{path}.function.strict")
        elif function.get("strict"):
            _check_strict(
                function.get("parameters") or {},
                f"{path}.function.parameters",
                "The function's parameters",
                draft,
            )
        return {"type": "function", "function": function}
    draft.skip(path, draft.flavour.reasons.get(f"tools.{kind}"))
    return None


# Built-in tools OpenAI also has, with the Aitronos display option it lacks.
_SHARED_SYSTEM_TOOLS = {"code_interpreter": "outputs", "file_search": "results"}


def _system_tools(doc: dict[str, Any], draft: _Draft) -> list[tuple[dict[str, Any], str]]:
    system = (doc.get("tool_configurations") or {}).get("system_tools") or {}
    found: list[tuple[dict[str, Any], str]] = []
    for name, settings in system.items():
        path = f"tool_configurations.system_tools.{name}"
        option = _SHARED_SYSTEM_TOOLS.get(name)
        if option is None:
            if settings["mode"] != "off":  # a tool that is off needs no equivalent
                draft.skip(path)
            continue
        if option in settings:
            draft.skip(f"{path}.{option}")
        if settings["mode"] in ENABLED_MODES:
            found.append((_builtin_entry(name, draft), path))
    return found


def _tools(doc: dict[str, Any], draft: _Draft) -> None:
    draft.handled.update({"tools", "tool_configurations"})
    entries: list[tuple[dict[str, Any], str]] = []
    for index, tool in enumerate(doc.get("tools") or []):
        entry = _tool_entry(tool, f"tools[{index}]", draft)
        if entry is not None:
            entries.append((entry, f"tools[{index}]"))
    # A built-in tool also listed in `tools` is sent once.
    listed = {entry["type"] for entry, _ in entries}
    entries += [(e, p) for e, p in _system_tools(doc, draft) if e["type"] not in listed]
    configurations = doc.get("tool_configurations") or {}
    for index, _server in enumerate(configurations.get("mcp_tools") or []):
        draft.skip(f"tool_configurations.mcp_tools[{index}]", draft.flavour.reasons.get("mcp"))
    if "streamline_tools" in configurations:
        draft.skip("tool_configurations.streamline_tools")
    if entries:
        draft.put("tools", [entry for entry, _ in entries], "tools")
        draft.origins.update({f"tools[{i}]": path for i, (_, path) in enumerate(entries)})


def _sampling(doc: dict[str, Any], draft: _Draft) -> None:
    if not draft.flavour.sampling:
        return
    for key in ("temperature", "top_p"):
        draft.handled.add(key)
        if key in doc:
            draft.put(key, doc[key], key)


def _vector_stores(doc: dict[str, Any], draft: _Draft) -> None:
    if draft.flavour.vector_stores and "vector_store_ids" in doc:
        draft.handled.add("vector_store_ids")
        resources = {"file_search": {"vector_store_ids": doc["vector_store_ids"]}}
        draft.put("tool_resources", resources, "vector_store_ids")
        draft.origins["tool_resources.file_search.vector_store_ids"] = "vector_store_ids"


def _reasoning(doc: dict[str, Any], draft: _Draft) -> None:
    efforts = draft.flavour.reasoning_efforts
    if not efforts or "reasoning" not in doc:
        return
    draft.handled.add("reasoning")
    reasoning = doc["reasoning"]
    if "effort" in reasoning:
        effort = reasoning["effort"]
        draft.put("reasoning_effort", efforts[effort], "reasoning.effort")
        if effort in draft.flavour.lossy_efforts:
            reason = f"{draft.flavour.label} has no “{effort}” effort; sent as “{efforts[effort]}”."
            draft.skip("reasoning.effort", reason)
    if "summary" in reasoning:
        draft.skip("reasoning.summary")


def _json_schema_format(text_config: dict[str, Any], draft: _Draft) -> dict[str, Any]:
    source = text_config["json_schema"]
    spec: dict[str, Any] = {}
    name_key = "name" if "name" in source else "id"
    if name_key in source:
        spec["name"] = source[name_key]
        draft.origins["response_format.json_schema.name"] = f"text_config.json_schema.{name_key}"
    if name_key == "name" and "id" in source:
        draft.skip("text_config.json_schema.id", "The schema's name is sent; its ID is not.")
    spec |= {key: source[key] for key in ("description", "schema", "strict") if key in source}
    if source.get("strict"):
        _check_strict(
            source["schema"], "text_config.json_schema.schema", "The answer format", draft
        )
    return {"type": "json_schema", "json_schema": spec}


def _response_format(doc: dict[str, Any], draft: _Draft) -> None:
    keys = ("text_config", "output_mode", "response_format")
    if not draft.flavour.response_format:
        return
    draft.handled.update(keys)
    present = [key for key in keys if key in doc]
    if not present:
        return
    chosen, *overridden = present  # the most specific setting wins
    for key in overridden:
        draft.skip(key, f"{chosen} already decides {draft.flavour.label}'s response format.")
    if chosen == "text_config":
        mode = doc["text_config"]["output_mode"]
        value = (
            _json_schema_format(doc["text_config"], draft)
            if mode == "json_schema"
            else {"type": mode}
        )
    elif chosen == "output_mode":
        value = {"type": "json_object" if doc["output_mode"] == "json" else "text"}
    else:
        value = doc["response_format"]
    draft.put("response_format", value, chosen)


def _copied(doc: dict[str, Any], draft: _Draft) -> None:
    for key in COPIED:
        draft.handled.add(key)
        if key in doc:
            draft.put(key, doc[key], key)


def _rest(doc: dict[str, Any], draft: _Draft) -> None:
    for key in AssistantConfig.model_fields:  # field order keeps the report stable
        if key in doc and key not in draft.handled:
            draft.skip(key)


def _blame(body_path: str, origins: dict[str, str]) -> str:
    """The configuration path behind a body path, via the longest recorded prefix."""
    for prefix in sorted(origins, key=len, reverse=True):
        if body_path == prefix or body_path.startswith((f"{prefix}.", f"{prefix}[")):
            return origins[prefix] + body_path[len(prefix) :]
    return body_path


def _limit_errors(draft: _Draft) -> list[FieldError]:
    """The flavour's documented limits, checked on the body, blamed on the configuration."""
    known = {error.path for error in draft.errors}
    errors = []
    for error in validate_openai_body(draft.body, draft.flavour.version):
        path = _blame(error.path, draft.origins)
        if path in known or ("model" not in draft.body and error.path == "model"):
            continue  # already explained: no model chosen
        message = f"{draft.flavour.label}: {error.message}"
        errors.append(
            field_error(AssistantConfig, introspect.parse_path(path), message, error.code)
        )
    return errors


def build(
    flavour: OpenAIFlavour, document: dict[str, Any], *, organization_id: str, api_key: str
) -> UpstreamRequest:
    """The flavour's POST /v1/assistants request; organization_id has no place in it."""
    draft = _Draft(flavour)
    for step in (_model, _copied, _tools, _sampling, _vector_stores, _reasoning, _response_format):
        step(document, draft)
    _rest(document, draft)
    draft.errors += _limit_errors(draft)
    headers = {"Authorization": f"Bearer {api_key}", **JSON_CONTENT, **flavour.extra_headers}
    return UpstreamRequest("POST", PATH, headers, draft.body, draft.unsupported, draft.errors)


# --- Retrieve, update, delete, shared by both flavours ---------------------------------------


def retrieve(flavour: OpenAIFlavour, assistant_id: str, *, api_key: str) -> UpstreamRequest:
    return UpstreamRequest(
        "GET", assistant_path(PATH, assistant_id), _bodyless(flavour, api_key), {}
    )


def delete(flavour: OpenAIFlavour, assistant_id: str, *, api_key: str) -> UpstreamRequest:
    path = assistant_path(PATH, assistant_id)
    return UpstreamRequest("DELETE", path, _bodyless(flavour, api_key), {})


def _bodyless(flavour: OpenAIFlavour, api_key: str) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {api_key}", **JSON_CONTENT, **flavour.extra_headers}
    return without_body(headers)


def update(
    flavour: OpenAIFlavour,
    document: dict[str, Any],
    *,
    assistant_id: str,
    previous: dict[str, Any] | None,
    clears: dict[str, Any],
    organization_id: str,
    api_key: str,
) -> UpstreamRequest:
    """The flavour's modify request (POST /v1/assistants/{id}): the create body of `document`
    (same mapping, same report of what it cannot express), plus `clears` for the body keys
    the create body of `previous` had and this one has not."""
    built = build(flavour, document, organization_id=organization_id, api_key=api_key)
    built.method, built.path = "POST", assistant_path(PATH, assistant_id)
    previous_body = (
        build(flavour, previous, organization_id=organization_id, api_key=api_key).body
        if previous is not None
        else None
    )
    origins = {"model": "default_model_key", "tool_resources": "vector_store_ids"}
    return with_clears(
        built,
        previous_body,
        lambda key: clears.get(key, NO_CLEAR),
        label=flavour.label,
        origin=lambda key: origins.get(key, key),
    )


def _prune(value: Any) -> Any:
    """Nested empty lists and objects removed: `tool_resources: {file_search: {ids: []}}`
    means no vector stores, just as `{}` does."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in ({}, [], None)}
    return value


def parse(
    flavour: OpenAIFlavour, obj: dict[str, Any], *, defaults: dict[str, Any]
) -> ParsedAssistant:
    """An assistant object of the flavour back in the stored (Aitronos) shape.

    Read-only keys (`id`, `object`, `created_at`) are dropped; nulls and the values the
    upstream answers when nothing was set (`defaults`) mean "not set"; keys the import does
    not know are reported, not guessed at.
    """
    unsupported: list[Unsupported] = []
    known: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "metadata":
            value = without_marker(value)
        if key in READ_ONLY_KEYS or value is None:
            continue
        if key == "tool_resources":
            value = _prune(value)
        if key in defaults and value == defaults[key]:
            continue
        if value in ({}, []):
            continue
        if key not in KNOWN_KEYS:
            unsupported.append(
                Unsupported(
                    key,
                    f"{flavour.label} reports “{key}”, which Assistant Builder does not "
                    "manage; it stays as it is upstream.",
                )
            )
            continue
        known[key] = value
    result = from_openai(known)
    unsupported += [
        Unsupported(path, "Aitronos assistants have no list of files, so it is not kept.")
        for path in result.ignored
    ]
    return ParsedAssistant(result.data, unsupported, result.notes)


READ_ONLY_KEYS = frozenset({"id", "object", "created_at"})


@dataclass(frozen=True)
class LifeVerbs:
    """A flavour's retrieve, update, delete and parse with the dialect modules' signatures:
    each flavour module exports these bound methods, so the two flavours cannot drift."""

    flavour: OpenAIFlavour
    clears: dict[str, Any]
    defaults: dict[str, Any]

    def retrieve(self, assistant_id: str, *, organization_id: str, api_key: str) -> UpstreamRequest:
        return retrieve(self.flavour, assistant_id, api_key=api_key)

    def update(
        self,
        document: dict[str, Any],
        *,
        assistant_id: str,
        previous: dict[str, Any] | None,
        organization_id: str,
        api_key: str,
    ) -> UpstreamRequest:
        return update(
            self.flavour,
            document,
            assistant_id=assistant_id,
            previous=previous,
            clears=self.clears,
            organization_id=organization_id,
            api_key=api_key,
        )

    def delete(self, assistant_id: str, *, organization_id: str, api_key: str) -> UpstreamRequest:
        return delete(self.flavour, assistant_id, api_key=api_key)

    def parse(self, obj: dict[str, Any]) -> ParsedAssistant:
        return parse(self.flavour, obj, defaults=self.defaults)
