"""Configurations that break a documented limit or enum, and the path that must be blamed.

Shared by the contract tests and the sandbox tests, so the builder and the fake server are
proven to reject the same things. Each patch is merged at the top level into VALID_BASE.
"""

from typing import Any, NamedTuple

VALID_BASE: dict[str, Any] = {"name": "Limit check"}


class Case(NamedTuple):
    description: str
    config_patch: dict[str, Any]
    expected_path: str


def build(patch: dict[str, Any]) -> dict[str, Any]:
    return {**VALID_BASE, **patch}


def _mcp(**server: Any) -> dict[str, Any]:
    entry = {"server_label": "drive", "type": "mcp", "connector_id": "connector_googledrive"}
    return {"tool_configurations": {"mcp_tools": [{**entry, **server}]}}


def _system_tool(name: str, **settings: Any) -> dict[str, Any]:
    return {"tool_configurations": {"system_tools": {name: {"mode": "on", **settings}}}}


_MCP0 = "tool_configurations.mcp_tools[0]"
_SYSTEM = "tool_configurations.system_tools"

VIOLATIONS: list[Case] = [
    Case("name null", {"name": None}, "name"),
    Case("name empty", {"name": ""}, "name"),
    Case("name longer than 256", {"name": "n" * 257}, "name"),
    Case("unknown top-level key", {"colour": "blue"}, "colour"),
    Case("temperature below 0", {"temperature": -0.1}, "temperature"),
    Case("temperature above 2", {"temperature": 2.01}, "temperature"),
    Case("top_p below 0", {"top_p": -0.01}, "top_p"),
    Case("top_p above 1", {"top_p": 1.01}, "top_p"),
    Case("frequency_penalty below -2", {"frequency_penalty": -2.1}, "frequency_penalty"),
    Case("frequency_penalty above 2", {"frequency_penalty": 2.1}, "frequency_penalty"),
    Case("presence_penalty below -2", {"presence_penalty": -2.1}, "presence_penalty"),
    Case("presence_penalty above 2", {"presence_penalty": 2.1}, "presence_penalty"),
    Case("top_logprobs below 0", {"top_logprobs": -1}, "top_logprobs"),
    Case("top_logprobs above 20", {"top_logprobs": 21}, "top_logprobs"),
    Case("max_tool_calls below 1", {"max_tool_calls": 0}, "max_tool_calls"),
    Case("max_tool_calls above 250", {"max_tool_calls": 251}, "max_tool_calls"),
    Case("max_completion_tokens below 1", {"max_completion_tokens": 0}, "max_completion_tokens"),
    Case("context_window below 1", {"context_window": 0}, "context_window"),
    Case("logit_bias value above 100", {"logit_bias": {"50256": 101}}, "logit_bias.50256"),
    Case("logit_bias value below -100", {"logit_bias": {"50256": -101}}, "logit_bias.50256"),
    Case("logit_bias key not a token id", {"logit_bias": {"hello": 1}}, "logit_bias.hello"),
    Case("access_mode unknown", {"access_mode": "everyone"}, "access_mode"),
    Case("icon_type unknown", {"icon_type": "emoji"}, "icon_type"),
    Case("output_mode unknown", {"output_mode": "xml"}, "output_mode"),
    Case("reasoning effort unknown", {"reasoning": {"effort": "ultra"}}, "reasoning.effort"),
    Case("reasoning summary unknown", {"reasoning": {"summary": "verbose"}}, "reasoning.summary"),
    Case("service_tier unknown", {"service_tier": "turbo"}, "service_tier"),
    Case("image_operations unknown", {"image_operations": "sometimes"}, "image_operations"),
    Case(
        "knowledge_access_mode unknown",
        {"knowledge_access_mode": "shared"},
        "knowledge_access_mode",
    ),
    Case("context_strategy unknown", {"context_strategy": "everything"}, "context_strategy"),
    Case(
        "text_config output_mode unknown",
        {"text_config": {"output_mode": "yaml"}},
        "text_config.output_mode",
    ),
    Case(
        "text_config json_schema mode without a schema",
        {"text_config": {"output_mode": "json_schema"}},
        "text_config.json_schema",
    ),
    Case(
        "image_generation provider unknown",
        _system_tool("image_generation", provider="midjourney"),
        f"{_SYSTEM}.image_generation.provider",
    ),
    Case(
        "system tool mode unknown",
        _system_tool("web_search", mode="sometimes"),
        f"{_SYSTEM}.web_search.mode",
    ),
    Case(
        "computer_use_preview (removed in the newest edition)",
        _system_tool("computer_use_preview"),
        f"{_SYSTEM}.computer_use_preview",
    ),
    Case(
        "mcp require_approval unknown",
        _mcp(require_approval="sometimes"),
        f"{_MCP0}.require_approval",
    ),
    Case("mcp type not mcp", _mcp(type="http"), f"{_MCP0}.type"),
    Case("mcp server_label missing", _mcp(server_label=None), f"{_MCP0}.server_label"),
    Case(
        "mcp server_url and connector_id both given",
        _mcp(server_url="https://mcp.example.com"),
        f"{_MCP0}.server_url",
    ),
    Case("mcp neither server_url nor connector_id", _mcp(connector_id=None), f"{_MCP0}.server_url"),
    Case(
        "mcp server_url not http(s)",
        _mcp(connector_id=None, server_url="ftp://mcp.example.com"),
        f"{_MCP0}.server_url",
    ),
    Case("mcp header value not text", _mcp(headers={"X-Team": 7}), f"{_MCP0}.headers.X-Team"),
    Case(
        "system_message role unknown",
        {"system_message": [{"role": "tool", "content": "hi"}]},
        "system_message[0].role",
    ),
    Case(
        "system_message extra key",
        {"system_message": [{"role": "user", "content": "hi", "name": "x"}]},
        "system_message[0].name",
    ),
    Case(
        "system_message content longer than 50,000",
        {"system_message": [{"role": "user", "content": "x" * 50_001}]},
        "system_message[0].content",
    ),
    Case(
        "tools search_context_size unknown",
        {"tools": [{"type": "web_search", "search_context_size": "huge"}]},
        "tools[0].search_context_size",
    ),
    Case("tools type unknown", {"tools": [{"type": "browser"}]}, "tools[0].type"),
    Case(
        "tools function name with a space",
        {"tools": [{"type": "function", "function": {"name": "get weather"}}]},
        "tools[0].function.name",
    ),
    Case(
        "grant_department_access empty access level",
        {"grant_department_access": [{"department_id": "dep_1", "access_level": ""}]},
        "grant_department_access[0].access_level",
    ),
    Case("metadata value not text", {"metadata": {"version": 2}}, "metadata.version"),
    Case("temperature given as text", {"temperature": "0.5"}, "temperature"),
]

# Values on the edge of each limit, which must be accepted.
BOUNDARIES: list[tuple[str, dict[str, Any]]] = [
    ("temperature 0", {"temperature": 0}),
    ("temperature 2", {"temperature": 2}),
    ("top_p 0", {"top_p": 0}),
    ("top_p 1", {"top_p": 1}),
    ("frequency_penalty -2", {"frequency_penalty": -2}),
    ("frequency_penalty 2", {"frequency_penalty": 2}),
    ("presence_penalty -2", {"presence_penalty": -2}),
    ("presence_penalty 2", {"presence_penalty": 2}),
    ("top_logprobs 0", {"top_logprobs": 0}),
    ("top_logprobs 20", {"top_logprobs": 20}),
    ("max_tool_calls 1", {"max_tool_calls": 1}),
    ("max_tool_calls 250", {"max_tool_calls": 250}),
    ("max_completion_tokens 1", {"max_completion_tokens": 1}),
    ("context_window 1", {"context_window": 1}),
    ("logit_bias -100 and 100", {"logit_bias": {"1": -100, "2": 100}}),
    ("name of 256 characters", {"name": "n" * 256}),
    (
        "system_message of 50,000 characters",
        {"system_message": [{"role": "system", "content": "x" * 50_000}]},
    ),
    ("mcp server_url only", _mcp(connector_id=None, server_url="http://localhost:8080/mcp")),
    ("mcp require_approval never", _mcp(require_approval="never")),
    ("mcp allowed_tools as a filter", _mcp(allowed_tools={"read_only": True})),
    ("reasoning effort none", {"reasoning": {"effort": "none"}}),
    ("reasoning effort extended", {"reasoning": {"effort": "extended"}}),
    ("reasoning summary off", {"reasoning": {"summary": "off"}}),
    (
        "search_context_size high",
        {"tools": [{"type": "web_search", "search_context_size": "high"}]},
    ),
    (
        "custom department access level",
        {"grant_department_access": [{"department_id": "d", "access_level": "reviewer"}]},
    ),
    ("allowed_models with null", {"allowed_models": {"openai": ["ftg-3.0"], "anthropic": None}}),
]
