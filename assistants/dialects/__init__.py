"""Dialects: turn a stored configuration into the exact request a target API expects.

Each dialect lists every configured field it cannot express (`unsupported`) rather than
dropping it silently, and reports the target's limits as `errors` on configuration paths.
"""

from collections.abc import Callable
from typing import Any

from assistants.contract.validation import config_to_document, validate_config
from assistants.dialects import aitronos, openai, openai_v1
from assistants.dialects.aitronos import validate_aitronos_body
from assistants.dialects.base import Unsupported, UpstreamRequest
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


__all__ = [
    "DIALECTS",
    "OpenAICreateAssistant",
    "OpenAIV1CreateAssistant",
    "Unsupported",
    "UpstreamRequest",
    "build_request",
    "detect_shape",
    "from_openai",
    "mask_request",
    "validate_aitronos_body",
    "validate_openai_body",
]
