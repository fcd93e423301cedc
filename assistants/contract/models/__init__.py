"""The typed catalogue of the Aitronos create-assistant request body, one module per section."""

from assistants.contract.models.access import AccessFields, DepartmentGrant
from assistants.contract.models.advanced import AdvancedFields
from assistants.contract.models.basics import BasicsFields
from assistants.contract.models.generation import GenerationFields, Reasoning
from assistants.contract.models.instructions import InstructionsFields, SystemMessage
from assistants.contract.models.mcp import McpApprovalFilter, McpServer, McpToolFilter
from assistants.contract.models.model import ModelFields
from assistants.contract.models.output import JsonSchemaFormat, OutputFields, TextConfig
from assistants.contract.models.system_tools import (
    CodeInterpreterSystemTool,
    FileRetrievalSystemTool,
    FileSearchSystemTool,
    ImageGenerationSystemTool,
    SystemTools,
    WebSearchSystemTool,
)
from assistants.contract.models.tool_entries import (
    CodeInterpreterTool,
    FileSearchTool,
    FunctionDefinition,
    FunctionTool,
    Tool,
    WebSearchTool,
)
from assistants.contract.models.tools import ToolConfigurations, ToolsFields


# pydantic collects fields from the bases in reverse order, so the last base comes first:
# listing the sections backwards gives the form's order (Basics first).
class AssistantConfig(
    AdvancedFields,
    OutputFields,
    GenerationFields,
    ToolsFields,
    AccessFields,
    InstructionsFields,
    ModelFields,
    BasicsFields,
):
    """A stored draft: the create-assistant body without organization_id.

    organization_id is left out on purpose: it comes from the organisation at send time,
    so a draft can be copied between organisations.
    """


__all__ = [
    "AssistantConfig",
    "CodeInterpreterSystemTool",
    "CodeInterpreterTool",
    "DepartmentGrant",
    "FileRetrievalSystemTool",
    "FileSearchSystemTool",
    "FileSearchTool",
    "FunctionDefinition",
    "FunctionTool",
    "ImageGenerationSystemTool",
    "JsonSchemaFormat",
    "McpApprovalFilter",
    "McpServer",
    "McpToolFilter",
    "Reasoning",
    "SystemMessage",
    "SystemTools",
    "TextConfig",
    "Tool",
    "ToolConfigurations",
    "WebSearchSystemTool",
    "WebSearchTool",
]
