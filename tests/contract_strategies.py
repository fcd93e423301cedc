"""Hypothesis strategies for stored configurations, derived from the contract's models.

Each model becomes a dictionary of its fields (required ones always, the others sometimes:
a draft stores only what was set); each field's strategy is read off its annotation and
constraints (Literal → one of the values, bounds → ranges, min/max length → sizes). Where
the contract checks something a type cannot say (a function name's alphabet, token ids,
"exactly one of server URL and connector"), a strategy is registered for that validator or
model; every example is then passed through `validate_config`, so only valid
configurations reach a test.
"""

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from assistants.contract import introspect, validate_config
from assistants.contract.models import AssistantConfig, McpServer, generation, tool_entries

# Text as people (and imports) write it: any characters PostgreSQL can store, including
# spaces at either end and line breaks, which a form must give back unchanged.
TEXT_CHARACTERS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
SMALL = 3  # items per list or map: enough to reorder and lose, small enough to be quick


def text(min_size: int = 0, max_size: int | None = 40) -> st.SearchStrategy[str]:
    return st.text(TEXT_CHARACTERS, min_size=min_size, max_size=max_size)


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False, width=64)
    | text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=SMALL) | st.dictionaries(text(max_size=8), inner, max_size=SMALL)
    ),
    max_leaves=6,
)
JSON_OBJECTS = st.dictionaries(text(max_size=8), JSON_VALUES, max_size=SMALL)

# Map keys are names (labels, header names): a person types them on one line, without
# spaces around them. Values may be any text.
KEYS = text(1, 12).filter(lambda key: key == key.strip() and "\n" not in key and "\r" not in key)

URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.example{path}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    st.sampled_from(["", "/", "/mcp", "/sse", "/v1/mcp?team=7"]),
)

# Validators whose rule a type cannot express, by the function the contract attaches.
VALIDATED: dict[Any, st.SearchStrategy] = {
    tool_entries._check_function_name: st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
    tool_entries._check_parameters: st.builds(
        lambda extra, typed: {**extra, **({"type": "object"} if typed else {})},
        JSON_OBJECTS.map(lambda d: {k: v for k, v in d.items() if k != "type"}),
        st.booleans(),
    ),
    generation._token_id: st.from_regex(r"[0-9]{1,6}", fullmatch=True),
}


def _validator_strategy(tp: Any) -> st.SearchStrategy | None:
    if get_origin(tp) is not Annotated:
        return None
    for item in get_args(tp)[1:]:
        func = getattr(item, "func", None)
        if func in VALIDATED:
            return VALIDATED[func]
    return _validator_strategy(get_args(tp)[0])


def for_type(tp: Any, constraints: list[Any] = ()) -> st.SearchStrategy:
    """A strategy for values of the annotation `tp` (None excluded: absent means unset)."""
    registered = _validator_strategy(tp)
    if registered is not None:
        return registered
    constraints = [*constraints, *introspect.annotated_metadata(tp)]
    if get_origin(tp) is Annotated:
        return for_type(get_args(tp)[0], constraints)
    if get_origin(tp) in (Union, types.UnionType):
        options = [arg for arg in get_args(tp) if arg is not type(None)]
        return st.one_of(*(for_type(arg, constraints) for arg in options))
    if get_origin(tp) is Literal:
        return st.sampled_from(get_args(tp))
    if introspect.is_model(tp):
        return for_model(tp)
    low, high = introspect.bounds(constraints)
    shortest, longest = introspect.min_length(constraints), introspect.max_length(constraints)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(
            min_value=low if low is not None else -(2**40),
            max_value=high if high is not None else 2**40,
        )
    if tp is float:
        return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    if tp is str:
        return text(shortest or 0, min(longest or 40, 40))
    if tp is Any:
        return JSON_VALUES
    origin, args = get_origin(tp), get_args(tp)
    if origin is list:
        return st.lists(for_type(args[0]), max_size=SMALL)
    if origin is dict:
        keys = _validator_strategy(args[0])
        keys = KEYS if keys is None else keys
        return st.dictionaries(keys, for_type(args[1]), max_size=SMALL)
    raise NotImplementedError(f"no strategy for {tp!r}")


def for_field(info: FieldInfo) -> st.SearchStrategy:
    return for_type(info.annotation, list(info.metadata))


def _mcp_server() -> st.SearchStrategy[dict]:
    """MCP servers name exactly one target: a URL or a connector (the contract's rule)."""
    others = {
        name: for_field(info)
        for name, info in McpServer.model_fields.items()
        if name not in ("server_url", "connector_id", "server_label", "type")
    }
    base = st.fixed_dictionaries(
        {"server_label": text(1, 20), "type": st.just("mcp")}, optional=others
    )
    target = st.one_of(
        st.fixed_dictionaries({"server_url": URLS}, optional={"connector_id": st.just("")}),
        st.fixed_dictionaries({"connector_id": text(1, 30)}, optional={"server_url": st.just("")}),
    )
    return st.builds(lambda a, b: {**a, **b}, base, target)


MODELS: dict[type[BaseModel], st.SearchStrategy] = {}


def for_model(model: type[BaseModel]) -> st.SearchStrategy[dict]:
    if model is McpServer:
        return _mcp_server()
    if model not in MODELS:
        required, optional = {}, {}
        for name, info in model.model_fields.items():
            # Deferred, so nested and recursive models are built only when drawn.
            strategy = st.deferred(lambda info=info: for_field(info))
            (required if info.is_required() else optional)[name] = strategy
        MODELS[model] = st.fixed_dictionaries(required, optional=optional)
    return MODELS[model]


def _valid(config: dict) -> bool:
    return validate_config(config).ok


# A configuration as a draft stores it. The name is plain (drafts strip it and keep it
# unique); everything else is whatever the contract allows.
configurations = st.builds(
    lambda config, name: {**config, "name": name},
    for_model(AssistantConfig),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,30}[A-Za-z0-9]", fullmatch=True),
).filter(_valid)
