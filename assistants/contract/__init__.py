"""The assistant contract: the Aitronos create-assistant body as one typed catalogue.

Pure Python (pydantic only, no Django), so the editor, the API, the payload builders and
the sandbox server all code against the same definitions.
"""

from assistants.contract.catalogue import FieldSpec, field_specs, specs_by_section
from assistants.contract.errors import FieldError
from assistants.contract.examples import EXAMPLES, load_example
from assistants.contract.models import (
    AssistantConfig,
    CodeInterpreterSystemTool,
    CodeInterpreterTool,
    DepartmentGrant,
    FileRetrievalSystemTool,
    FileSearchSystemTool,
    FileSearchTool,
    FunctionDefinition,
    FunctionTool,
    ImageGenerationSystemTool,
    JsonSchemaFormat,
    McpApprovalFilter,
    McpServer,
    McpToolFilter,
    Reasoning,
    SystemMessage,
    SystemTools,
    TextConfig,
    Tool,
    ToolConfigurations,
    WebSearchSystemTool,
    WebSearchTool,
)
from assistants.contract.normalize import (
    NormalizeResult,
    example_document,
    import_config,
    normalize_import,
)
from assistants.contract.schema import config_json_schema
from assistants.contract.secrets import mask_secret, redact_secrets
from assistants.contract.sections import SECTIONS, Section
from assistants.contract.spec import Picker
from assistants.contract.validation import ValidationResult, config_to_document, validate_config

__all__ = [
    "EXAMPLES",
    "SECTIONS",
    "AssistantConfig",
    "CodeInterpreterSystemTool",
    "CodeInterpreterTool",
    "DepartmentGrant",
    "FieldError",
    "FieldSpec",
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
    "NormalizeResult",
    "Picker",
    "Reasoning",
    "Section",
    "SystemMessage",
    "SystemTools",
    "TextConfig",
    "Tool",
    "ToolConfigurations",
    "ValidationResult",
    "WebSearchSystemTool",
    "WebSearchTool",
    "config_json_schema",
    "config_to_document",
    "example_document",
    "field_specs",
    "import_config",
    "load_example",
    "mask_secret",
    "normalize_import",
    "redact_secrets",
    "specs_by_section",
    "validate_config",
]
