"""OpenAI Assistants v2 compatible servers (`POST /v1/assistants`, `OpenAI-Beta: assistants=v2`)."""

from typing import Any

from assistants.dialects import openai_builder
from assistants.dialects.base import UpstreamRequest

# OpenAI retired its own hosted Assistants API on 2026-08-26: this shape is spoken by
# compatible servers (docs/contract.md), so nothing points at api.openai.com.
LABEL = "OpenAI Assistants v2 (compatible servers)"

# Aitronos has more effort levels than OpenAI; the extra ones go to the nearest OpenAI level
# and are reported as lossy. "off" and "none" both mean no reasoning.
REASONING_EFFORTS = {
    "off": "none",
    "none": "none",
    "minimal": "minimal",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "standard": "medium",
    "extended": "high",
    "maximum": "xhigh",
}
LOSSY_EFFORTS = frozenset({"standard", "extended", "maximum"})

REASONS = {
    "mcp": "OpenAI assistants cannot connect to MCP servers.",
    "system_message": "OpenAI assistants take one instructions text and no starting messages; "
    "copy them into the instructions if they matter.",
    "tool_configurations.streamline_tools": "Streamline automations exist only in Aitronos.",
    "tool_configurations.system_tools.web_search": "OpenAI assistants have no web search tool.",
    "tools.web_search": "OpenAI assistants have no web search tool.",
    "max_completion_tokens": "OpenAI sets the answer length per run, not per assistant.",
    "parallel_tool_calls": "OpenAI sets parallel tool calls per run, not per assistant.",
    "truncation": "OpenAI sets truncation per run, not per assistant.",
}

FLAVOUR = openai_builder.OpenAIFlavour(
    label=LABEL,
    version="v2",
    extra_headers={"OpenAI-Beta": "assistants=v2"},
    file_search_type="file_search",
    sampling=True,
    vector_stores=True,
    response_format=True,
    reasoning_efforts=REASONING_EFFORTS,
    lossy_efforts=LOSSY_EFFORTS,
    function_strict=True,
    reasons=REASONS,
)


def build(document: dict[str, Any], *, organization_id: str, api_key: str) -> UpstreamRequest:
    return openai_builder.build(FLAVOUR, document, organization_id=organization_id, api_key=api_key)


# --- Retrieve, update, delete: the rest of an assistant's life -------------------------------
# The `openai` SDK is the reference: beta.assistants.retrieve / update (POST
# /v1/assistants/{id}, "modify") / delete. docs/contract.md records the rules.

# How modify clears a key the draft no longer sets. AssistantUpdateParams types every key but
# `tools` as nullable: null means "not set" (the documented default applies); `tools` takes
# an empty list. Labels and vector stores are emptied explicitly: {} and [] say "none"
# whatever a server does with null there.
UPDATE_CLEARS = {
    "name": None,
    "description": None,
    "instructions": None,
    "metadata": {},
    "tools": [],
    "tool_resources": {"file_search": {"vector_store_ids": []}},
    "temperature": None,
    "top_p": None,
    "reasoning_effort": None,
    "response_format": "auto",
}
# What an assistant object holds when the key was never set (OpenAI's documented defaults).
ANSWER_DEFAULTS = {
    "tools": [],
    "tool_resources": {},
    "metadata": {},
    "temperature": 1.0,
    "top_p": 1.0,
    "response_format": "auto",
}


_LIFE = openai_builder.LifeVerbs(FLAVOUR, clears=UPDATE_CLEARS, defaults=ANSWER_DEFAULTS)
retrieve, update, delete, parse = _LIFE.retrieve, _LIFE.update, _LIFE.delete, _LIFE.parse
