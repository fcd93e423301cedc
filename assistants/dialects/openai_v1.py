"""OpenAI-compatible v1 servers: the older assistants API with `retrieval` and `file_ids`."""

from typing import Any

from assistants.dialects import openai, openai_builder
from assistants.dialects.base import UpstreamRequest

LABEL = "OpenAI-compatible v1 server"

REASONS = {
    **openai.REASONS,
    "vector_store_ids": "v1 servers attach files (file_ids), not vector stores.",
    "reasoning": "v1 servers have no reasoning settings.",
    "temperature": "v1 servers set the temperature per run, not per assistant.",
    "top_p": "v1 servers set top P per run, not per assistant.",
    "text_config": "v1 servers have no response format setting.",
    "output_mode": "v1 servers have no response format setting.",
    "response_format": "v1 servers have no response format setting.",
}

# file_ids is never produced: no Aitronos field holds files (knowledge lives in vector
# stores, which v1 does not have); see docs/contract.md.
FLAVOUR = openai_builder.OpenAIFlavour(
    label=LABEL,
    version="v1",
    extra_headers={},
    file_search_type="retrieval",
    sampling=False,
    vector_stores=False,
    response_format=False,
    reasoning_efforts={},
    lossy_efforts=frozenset(),
    function_strict=False,
    reasons=REASONS,
)


def build(document: dict[str, Any], *, organization_id: str, api_key: str) -> UpstreamRequest:
    return openai_builder.build(FLAVOUR, document, organization_id=organization_id, api_key=api_key)


# --- Retrieve, update, delete: the rest of an assistant's life -------------------------------
# v1 servers modify with POST /v1/assistants/{id} like v2 (the v1 assistants API had the same
# verbs); only the keys differ. There is no SDK for them: the code is tolerant of what they
# answer (see parse), and docs/contract.md says so.

UPDATE_CLEARS = {
    "name": None,
    "description": None,
    "instructions": None,
    "metadata": {},
    "tools": [],
}
ANSWER_DEFAULTS = {"tools": [], "file_ids": [], "metadata": {}}


_LIFE = openai_builder.LifeVerbs(FLAVOUR, clears=UPDATE_CLEARS, defaults=ANSWER_DEFAULTS)
retrieve, update, delete, parse = _LIFE.retrieve, _LIFE.update, _LIFE.delete, _LIFE.parse
