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
