"""Sections "Tools" and "MCP servers": what the assistant can do besides writing text."""

from typing import Any, Literal

from assistants.contract.models.mcp import McpServer
from assistants.contract.models.system_tools import SystemTools
from assistants.contract.models.tool_entries import Tool
from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec

MAX_TOOL_CALLS_LIMIT = 250


class ToolConfigurations(ContractModel):
    system_tools: SystemTools | None = spec(
        None,
        section=Section.TOOLS,
        label="Built-in tools",
        help="Switch the Aitronos tools on or off, or let the assistant decide when to use them.",
        kind="system_tools",
    )
    mcp_tools: list[McpServer] | None = spec(
        None,
        section=Section.MCP,
        label="MCP servers",
        help="Connect outside services (for example Google Drive) whose tools the assistant "
        "may use.",
        kind="mcp_servers",
    )
    streamline_tools: list[str] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Automations",
        help="Streamline automations the assistant may start.",
        picker=Picker.STREAMLINE_FLOWS,
    )


class ToolsFields(ContractModel):
    tool_configurations: ToolConfigurations | None = spec(
        None,
        section=Section.TOOLS,
        label="Tool settings",
        help="Built-in tools, MCP servers and automations.",
        flatten=True,
    )
    tools: list[Tool] | None = spec(
        None,
        section=Section.TOOLS,
        label="Tools (OpenAI style)",
        help="Tools in the format the API examples use: web search, code interpreter, file "
        "search, and functions your own systems provide.",
        kind="tools",
    )
    vector_store_ids: list[str] | None = spec(
        None,
        section=Section.TOOLS,
        label="Knowledge stores",
        help="The document collections file search looks in.",
        picker=Picker.VECTOR_STORES,
    )
    slice_ids: list[str] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Knowledge slices",
        help="Parts of your knowledge base the assistant may use.",
        picker=Picker.SLICES,
    )
    knowledge_access_mode: Literal["user_scoped", "fixed"] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Whose knowledge",
        help="Use the knowledge each person already has access to, or only the stores and "
        "slices chosen here.",
        choice_labels={
            "user_scoped": "What each person can access",
            "fixed": "Only the ones chosen here",
        },
    )
    skill_ids: list[str] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Skills",
        help="Extra skills the assistant may use.",
        picker=Picker.SKILLS,
    )
    max_tool_calls: int = spec(
        50,
        section=Section.TOOLS,
        level="advanced",
        label="Tool uses per answer",
        help=f"The most times the assistant may use a built-in tool for one answer, 1 to "
        f"{MAX_TOOL_CALLS_LIMIT}. The API uses 50 if you leave it empty.",
        ge=1,
        le=MAX_TOOL_CALLS_LIMIT,
    )
    parallel_tool_calls: bool = spec(
        False,
        section=Section.TOOLS,
        level="advanced",
        label="Use tools in parallel",
        help="Let the assistant use several tools at the same time. Off if you leave it empty.",
    )
    tool_approval_mode: str | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Tool approval",
        help="When people must approve what a tool is about to do.",
    )
    prefer_deep_search: bool | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Prefer deep search",
        help="Read whole web pages rather than short snippets when searching the web.",
    )
    deep_search_config: dict[str, Any] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Deep search settings",
        help="Advanced settings for reading whole web pages found by web search (JSON).",
        widget="json",
    )
    image_operations: Literal["auto", "manual", "off"] | None = spec(
        None,
        section=Section.TOOLS,
        level="advanced",
        label="Image editing",
        help="Whether the assistant edits images by itself, only when asked, or never.",
        choice_labels={"auto": "Automatic", "manual": "Only when asked", "off": "Off"},
    )
