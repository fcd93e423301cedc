"""Dialects: turn a stored configuration into the exact request a target API expects.

Each dialect lists every configured field it cannot express (`unsupported`) rather than
dropping it silently, and reports the target's limits as `errors` on configuration paths.
"""

from collections.abc import Callable
from typing import Any

from assistants.contract.validation import config_to_document, validate_config
from assistants.dialects import aitronos, openai, openai_v1
from assistants.dialects.aitronos import validate_aitronos_body
from assistants.dialects.base import ParsedAssistant, Unsupported, UpstreamRequest
from assistants.dialects.from_openai import detect_shape, from_openai
from assistants.dialects.masking import mask_request
from assistants.dialects.openai_models import (
    OpenAICreateAssistant,
    OpenAIV1CreateAssistant,
    validate_openai_body,
)

DIALECTS: list[tuple[str, str]] = [
    ("aitronos", "Aitronos (Freddy) API"),
    ("openai", openai.LABEL),
    ("openai_v1", openai_v1.LABEL),
]

Builder = Callable[..., UpstreamRequest]
_BUILDERS: dict[str, Builder] = {
    "aitronos": aitronos.build,
    "openai": openai.build,
    "openai_v1": openai_v1.build,
}


def build_request(
    dialect: str, config: dict[str, Any], *, organization_id: str, api_key: str
) -> UpstreamRequest:
    """The request for `dialect` from a stored configuration.

    An invalid configuration gives no body, only its errors: a half-built request must
    never be sent.
    """
    if dialect not in _BUILDERS:
        raise ValueError(f"Unknown dialect {dialect!r}; choose one of {', '.join(_BUILDERS)}.")
    builder = _BUILDERS[dialect]
    result = validate_config(config)
    if result.config is None:
        empty = builder({}, organization_id=organization_id, api_key=api_key)
        return UpstreamRequest(empty.method, empty.path, empty.headers, {}, [], result.errors)
    document = config_to_document(result.config)
    return builder(document, organization_id=organization_id, api_key=api_key)


# --- Retrieve, update, delete ----------------------------------------------------------------

_MODULES = {"aitronos": aitronos, "openai": openai, "openai_v1": openai_v1}


def _module(dialect: str):
    if dialect not in _MODULES:
        raise ValueError(f"Unknown dialect {dialect!r}; choose one of {', '.join(_MODULES)}.")
    return _MODULES[dialect]


def _document(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored configuration as the builders take it; an old one the contract no longer
    accepts is used as stored (it only decides what to clear)."""
    if config is None:
        return None
    result = validate_config(config)
    return config_to_document(result.config) if result.config is not None else dict(config)


def update_request(
    dialect: str,
    config: dict[str, Any],
    *,
    previous: dict[str, Any] | None,
    assistant_id: str,
    organization_id: str,
    api_key: str,
) -> UpstreamRequest:
    """The request that makes the live assistant `assistant_id` match `config`.

    `previous` is the configuration last sent (or imported): what it set and `config` does
    not is cleared upstream. Like build_request, an invalid configuration gives no body.
    """
    module = _module(dialect)
    arguments = {
        "assistant_id": assistant_id,
        "organization_id": organization_id,
        "api_key": api_key,
    }
    result = validate_config(config)
    if result.config is None:
        empty = module.update({}, previous=None, **arguments)
        return UpstreamRequest(empty.method, empty.path, empty.headers, {}, [], result.errors)
    document = config_to_document(result.config)
    return module.update(document, previous=_document(previous), **arguments)


def retrieve_request(
    dialect: str, assistant_id: str, *, organization_id: str, api_key: str
) -> UpstreamRequest:
    return _module(dialect).retrieve(assistant_id, organization_id=organization_id, api_key=api_key)


def delete_request(
    dialect: str, assistant_id: str, *, organization_id: str, api_key: str
) -> UpstreamRequest:
    return _module(dialect).delete(assistant_id, organization_id=organization_id, api_key=api_key)


def parse_assistant(dialect: str, obj: dict[str, Any]) -> ParsedAssistant:
    """An assistant object as `dialect`'s upstream answers it, in the stored shape."""
    return _module(dialect).parse(obj)


__all__ = [
    "DIALECTS",
    "OpenAICreateAssistant",
    "OpenAIV1CreateAssistant",
    "ParsedAssistant",
    "Unsupported",
    "UpstreamRequest",
    "build_request",
    "delete_request",
    "detect_shape",
    "from_openai",
    "mask_request",
    "parse_assistant",
    "retrieve_request",
    "update_request",
    "validate_aitronos_body",
    "validate_openai_body",
]
